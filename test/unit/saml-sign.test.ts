import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { ALG, ATTR } from '../../src/domain/saml/constants';
import { assertionElement, responseElement, type AssertionInput } from '../../src/domain/saml/response';
import { apexForm, canonical, el, serialize } from '../../src/domain/saml/xml-tree';
import { createKeyPair, certificateBase64, type NewKeyPair } from '../../src/saml/certificates';
import { inspectResponse } from '../../src/saml/inspect';
import type { SigningKey } from '../../src/domain/saml/keys';
import { signedResponse } from '../../src/saml/sign';

/**
 * The signer writes the document and its canonical forms itself (src/domain/saml/xml-tree.ts, src/saml/sign.ts).
 * Oracle: xml-crypto, as the app signed before (parse the unsigned XML, c14n, sign, re-serialise with xmldom).
 * RSA PKCS#1 v1.5 signatures are deterministic, so for the same input both must give the same bytes.
 */
let key: NewKeyPair;
let signing: SigningKey;
beforeAll(async () => {
  key = await createKeyPair({ commonName: 'sign test', nowSec: 1_796_000_000, randomBytes });
  signing = { privateKeyPem: key.privateKeyPem, certificatePem: key.certificatePem };
});

function xmlCryptoSign(xml: string, elementName: 'Assertion' | 'Response'): string {
  const keyInfo = `<ds:X509Data><ds:X509Certificate>${certificateBase64(key.certificatePem)}</ds:X509Certificate></ds:X509Data>`;
  const sig = new SignedXml({ privateKey: key.privateKeyPem, signatureAlgorithm: ALG.rsaSha256, canonicalizationAlgorithm: ALG.excC14n, getKeyInfoContent: () => keyInfo });
  sig.addReference({ xpath: `/*[local-name(.)='${elementName}']`, transforms: [ALG.enveloped, ALG.excC14n], digestAlgorithm: ALG.sha256 });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `/*[local-name(.)='${elementName}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

/** The earlier signer: xml-crypto on the assertion, then on the response around it. */
function oracle(input: AssertionInput): string {
  const assertion = xmlCryptoSign(serialize(assertionElement(input)), 'Assertion');
  const response = serialize(responseElement(input, el('x:slot', []))).replace('<x:slot/>', assertion);
  return xmlCryptoSign(response, 'Response');
}

const base: AssertionInput = {
  idpEntityId: 'urn:portal-access:idp:0123456789abcdef01234567',
  spEntityId: 'https://auth.atlassian.com/saml/1f2e3d4c',
  acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-1f2e3d4c',
  inResponseTo: '_4f0e9a3c2b1d',
  nowSec: 1_796_000_000,
  responseId: '_resp0123456789',
  assertionId: '_asrt0123456789',
  sessionIndex: '_sess0123456789',
  subject: { email: 'erika@example.de', displayName: 'Erika Mustermann' },
};

describe('signed response', () => {
  it.each([
    ['a plain sign-in', {}],
    ['a one-word name (no surname)', { subject: { email: 'cher@example.com', displayName: 'Cher' } }],
    ['the two-step context', { authnContext: 'https://refeds.org/profile/mfa' }],
    ['markup and quotes in the name and address', { subject: { email: `a"b'c&d@example.com`, displayName: `Zoë "Q" O'Brien & Co > <b>ü</b> 𝄞 ` } }],
    ['ampersands, quotes and angle brackets in the URLs and ids', { acsUrl: 'https://sp.example/acs?a=1&b="2"&c=<3>', spEntityId: "https://sp.example/e?x='1'&y=>", idpEntityId: 'urn:x:a&b<c>"d\'', inResponseTo: '_a&b"c' }],
    ['characters XML cannot carry (dropped)', { subject: { email: 'x@example.com', displayName: 'A\u0001B\u001fC\uFFFE D' } }],
  ])('%s: byte for byte what xml-crypto signs', (_what, change) => {
    const input: AssertionInput = { ...base, ...change };
    expect(signedResponse(input, signing)).toBe(oracle(input));
  });

  const whitespace = { ...base, acsUrl: 'https://sp.example/acs?\t\n\r', subject: { email: 'x@example.com', displayName: 'Anna Line\r\nbreak\tand\rreturn' } };
  it('with tabs, line feeds and carriage returns in values: the values arrive unchanged, the response signature verifies', () => {
    const read = inspectResponse(signedResponse(whitespace, signing), [key.certificatePem]);
    expect(read.responseSignature).toBe(true);
    expect(read.attributes[ATTR.name]).toEqual(['Anna Line\r\nbreak\tand\rreturn']);
    expect(read.destination).toBe('https://sp.example/acs?\t\n\r');
  });

  it('a changed value breaks a signature (the check above can fail)', () => {
    const xml = signedResponse(base, signing).replace('Mustermann</saml:AttributeValue>', 'Musterfrau</saml:AttributeValue>');
    const read = inspectResponse(xml, [key.certificatePem]);
    expect(read.assertionSignature).toBe(false);
    expect(read.responseSignature).toBe(false);
  });

  it('read back (admin Test sign-in): both signatures verify with the published certificate, neither with another key', async () => {
    const xml = signedResponse(base, signing);
    expect(inspectResponse(xml, [key.certificatePem])).toMatchObject({ responseSignature: true, assertionSignature: true });
    const other = await createKeyPair({ commonName: 'other', nowSec: 1_796_000_000, randomBytes });
    expect(inspectResponse(xml, [other.certificatePem])).toMatchObject({ responseSignature: false, assertionSignature: false });
    expect(inspectResponse(xml, [other.certificatePem, key.certificatePem])).toMatchObject({ responseSignature: true, assertionSignature: true });
  });

  it.each([
    ['a Reference to another ID', (x: string) => x.replace(/URI="#_resp0123456789"/, 'URI="#_other"')],
    ['another digest method', (x: string) => x.replace(`<ds:DigestMethod Algorithm="${ALG.sha256}"/>`, '<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>')],
    ['a changed signature value', (x: string) => x.replace(/<ds:SignatureValue>(.)/, (_m, first: string) => `<ds:SignatureValue>${first === 'A' ? 'B' : 'A'}`)],
  ])('read back: %s is not a valid response signature', (_what, change) => {
    const xml = change(signedResponse(base, signing));
    expect(xml).not.toBe(signedResponse(base, signing));
    expect(inspectResponse(xml, [key.certificatePem]).responseSignature).toBe(false);
  });

  it.each([
    ['markup and quotes', { ...base, subject: { email: `a"b&c@example.com`, displayName: `Zoë "Q" O'Brien & Co` } }],
    ['tabs, line feeds and carriage returns', whitespace],
  ])('xmlsec1 verifies both signatures (%s)', (_what, input) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sign-test-'));
    try {
      fs.writeFileSync(path.join(dir, 'r.xml'), signedResponse(input, signing));
      fs.writeFileSync(path.join(dir, 'cert.pem'), key.certificatePem);
      const verify = (node: string) =>
        execFileSync('/usr/bin/xmlsec1', ['--verify', '--pubkey-cert-pem', path.join(dir, 'cert.pem'), '--id-attr:ID', node, '--node-xpath', `//*[local-name()='${node}']/*[local-name()='Signature']`, path.join(dir, 'r.xml')], { stdio: 'pipe' }).toString();
      expect(() => verify('Response')).not.toThrow();
      expect(() => verify('Assertion')).not.toThrow();
      // And a changed byte fails it (the check can fail).
      fs.writeFileSync(path.join(dir, 'r.xml'), signedResponse(input, signing).replace('x@example.com</saml:NameID>', 'y@example.com</saml:NameID>').replace('a"b&amp;c@example.com</saml:NameID>', 'y@example.com</saml:NameID>'));
      expect(() => verify('Assertion')).toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exclusive canonical form', () => {
  it('matches xml-crypto on a subtree: own prefix declared once, sorted attributes, no self-closed elements, c14n escaping', () => {
    const tree = el(
      'p:Outer',
      [['xmlns:p', 'urn:p'], ['xmlns:q', 'urn:q'], ['Zeta', 'z'], ['Alpha', 'a&<>"\'\t\n\r']],
      el('q:Inner', [['B', '1'], ['A', '2']], 'text & <tags> "quoted" \'single\' \t\n\r'),
      el('p:Empty', []),
      el('q:Again', [], el('q:Nested', [])),
    );
    const doc = new DOMParser().parseFromString(serialize(tree), 'text/xml');
    const inner = doc.documentElement!.getElementsByTagName('q:Inner')[0];
    const sig = new SignedXml();
    const viaXmlCrypto = (node: unknown) => (sig as unknown as { getCanonXml(t: string[], n: unknown): string }).getCanonXml([ALG.excC14n], node);
    expect(canonical(tree)).toBe(viaXmlCrypto(doc.documentElement));
    expect(canonical(tree.children[0], new Map([['p', 'urn:p'], ['q', 'urn:q']]))).toBe(viaXmlCrypto(inner));
  });
});

describe('a subtree written once (apexForm, issue 25)', () => {
  const inner = () => el('q:Signed', [['xmlns:q', 'urn:q'], ['ID', '_1']], el('q:Issuer', [], 'me'), el('q:Body', [['B', '2'], ['A', '1']], 'x'));
  const sig = el('s:Sig', [['xmlns:s', 'urn:s']], el('s:Value', [], 'v'));

  it('its form with a second child is the canonical form of the element with that child', () => {
    const element = inner();
    const apex = apexForm(element);
    expect(apex.text).toBe(canonical(element));
    const withSig = { ...element, children: [element.children[0], sig, ...element.children.slice(1)] };
    expect(apex.withSecond(sig).text).toBe(canonical(withSig));
    expect([...apex.withSecond(sig).renders].sort()).toEqual(['q', 's']);
  });

  it('is used inside a parent that rendered none of its prefixes, and written anew where the parent rendered one', () => {
    const element = inner();
    const known = new Map([[element, apexForm(element)]]);
    const other = el('p:Outer', [['xmlns:p', 'urn:p']], element);
    expect(canonical(other, undefined, undefined, known)).toBe(canonical(other));
    // The parent renders q itself: the child must not declare it again, so its apex form does not hold there.
    const same = el('q:Outer', [['xmlns:q', 'urn:q']], element);
    expect(canonical(same, undefined, undefined, known)).toBe(canonical(same));
    expect(canonical(same)).not.toContain(known.get(element)!.text);
  });
});

describe('self-signed certificate (DER written by src/saml/certificates.ts)', () => {
  test('reads back as X.509 v3: subject CN, validity, signed by its own key, matching the private key, fingerprint of its DER', () => {
    const cert = new X509Certificate(key.certificatePem);
    expect(cert.subject).toBe('CN=sign test');
    expect(cert.issuer).toBe(cert.subject);
    expect(Date.parse(cert.validFrom) / 1000).toBe(1_796_000_000 - 86_400);
    expect(Date.parse(cert.validTo) / 1000).toBe(key.notAfter);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(key.privateKeyPem))).toBe(true);
    expect(cert.fingerprint256).toBe(key.fingerprint);
    expect((cert.publicKey.asymmetricKeyDetails ?? {}).modulusLength).toBe(2048);
  });

  test('a validity past 2049 is written as GeneralizedTime, and the CN is kept free of name separators', async () => {
    const late = await createKeyPair({ commonName: 'Nordwind, Service=Desk', nowSec: Date.UTC(2049, 0, 1) / 1000, randomBytes });
    const cert = new X509Certificate(late.certificatePem);
    expect(new Date(cert.validTo).getUTCFullYear()).toBe(2054);
    expect(cert.subject).toBe('CN=Nordwind  Service Desk');
    expect(cert.verify(cert.publicKey)).toBe(true);
  });
});
