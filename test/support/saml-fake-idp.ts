import { webcrypto } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
// @peculiar/x509 needs the Reflect polyfill loaded first (before, @simplewebauthn/server loaded it when the host did;
// it is loaded on first use now).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

/**
 * A throwaway SAML IdP for tests of the help center's SP (local/saml-sp.ts): a fresh RSA key and self-signed
 * certificate (node:crypto + @peculiar/x509), metadata publishing chosen certificates, and Responses built
 * and signed here (xml-crypto: exclusive c14n, RSA-SHA256), each field overridable to make hostile ones.
 */
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface TestKey {
  privateKeyPem: string;
  certPem: string;
  /** Base64 DER, as metadata carries it. */
  certBase64: string;
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export async function throwawayKey(commonName = 'Throwaway IdP'): Promise<TestKey> {
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${commonName}`,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
    signingAlgorithm: RSA,
    keys,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`,
    certPem: cert.toString('pem'),
    certBase64: cert.toString('base64'),
  };
}

export const FAKE_IDP_ENTITY = 'urn:test:throwaway-idp';

export function idpMetadataXml(opts: { entityId?: string; ssoUrl: string; certs: TestKey[] }): string {
  const keys = opts.certs
    .map((k) => `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${k.certBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${opts.entityId ?? FAKE_IDP_ENTITY}">
<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}
<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${opts.ssoUrl}"/>
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${opts.ssoUrl}"/>
</md:IDPSSODescriptor></md:EntityDescriptor>`;
}

export interface ResponseOptions {
  key: TestKey;
  /** The host clock's now (ms): the IdP's times. */
  nowMs: number;
  inResponseTo: string;
  destination: string;
  recipient: string;
  audience: string;
  issuer?: string;
  nameId?: string;
  givenName?: string;
  surname?: string;
  status?: string;
  /** SubjectConfirmationData/@InResponseTo (default: inResponseTo). */
  subjectInResponseTo?: string;
  /** Lifetime of the assertion (Conditions and SubjectConfirmationData), seconds. */
  lifetimeSec?: number;
  /** Leave the assertion out (an error response). */
  withoutAssertion?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const id = () => `_${Buffer.from(webcrypto.getRandomValues(new Uint8Array(20))).toString('hex')}`;
const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';

function sign(xml: string, key: TestKey, referenceXpath: string, issuerXpath: string): string {
  const sig = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: referenceXpath,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: issuerXpath, action: 'after' } });
  return sig.getSignedXml();
}

/** A Response with one Assertion, both signed with `key`: base64, ready for the ACS form. */
export function samlResponse(o: ResponseOptions): string {
  const issuer = esc(o.issuer ?? FAKE_IDP_ENTITY);
  const now = o.nowMs;
  const until = now + (o.lifetimeSec ?? 300) * 1000;
  const nameId = o.nameId ?? 'jane.doe@example.com';
  const attr = (name: string, value: string) => `<saml:Attribute Name="${CLAIMS}${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>${esc(value)}</saml:AttributeValue></saml:Attribute>`;
  const given = o.givenName ?? 'Jane';
  const sur = o.surname ?? 'Doe';
  const assertion = o.withoutAssertion
    ? ''
    : `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${issuer}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(nameId)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${esc(o.subjectInResponseTo ?? o.inResponseTo)}" NotOnOrAfter="${iso(until)}" Recipient="${esc(o.recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(now - 5000)}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${id()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>${attr('givenname', given)}${attr('surname', sur)}${attr('name', `${given} ${sur}`)}${attr('emailaddress', nameId)}</saml:AttributeStatement></saml:Assertion>`;
  let xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${esc(o.destination)}" InResponseTo="${esc(o.inResponseTo)}">` +
    `<saml:Issuer>${issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${esc(o.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success')}"/></samlp:Status>${assertion}</samlp:Response>`;
  if (!o.withoutAssertion) xml = sign(xml, o.key, "/*[local-name(.)='Response']/*[local-name(.)='Assertion']", "/*[local-name(.)='Response']/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']");
  xml = sign(xml, o.key, "/*[local-name(.)='Response']", "/*[local-name(.)='Response']/*[local-name(.)='Issuer']");
  return Buffer.from(xml, 'utf8').toString('base64');
}

/** The AuthnRequest in an HTTP-Redirect URL: its ID, Issuer, ACS URL, Destination, and the RelayState. */
export function authnRequestOf(redirectUrl: string): { id: string; issuer: string; acsUrl: string; destination: string; relayState: string | null; xml: string } {
  const url = new URL(redirectUrl);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement!;
  const issuer = root.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]?.textContent ?? '';
  return {
    id: root.getAttribute('ID') ?? '',
    issuer,
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') ?? '',
    destination: root.getAttribute('Destination') ?? '',
    relayState: url.searchParams.get('RelayState'),
    xml,
  };
}
