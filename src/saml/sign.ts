import { createHash, createPrivateKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import { certificateBase64 } from './certificates';
import { ALG, NS } from '../domain/saml/constants';
import { assertionElement, responseElement, statusResponseElement, type AssertionInput } from '../domain/saml/response';
import { canonical, el, serialize, type XmlElement } from '../domain/saml/xml-tree';
import type { SigningKey } from '../domain/saml/keys';

/**
 * Signs the assertion, then the response around it: enveloped signatures, exclusive c14n, RSA-SHA256,
 * SHA-256 digests, each Signature right after its element's Issuer, the certificate in KeyInfo (XML-DSig core
 * §3.1: digest the referenced element's canonical form without its Signature, canonicalise SignedInfo, sign it).
 * Exclusive c14n makes the assertion's signature independent of the Response it is placed in.
 *
 * The document is built here (../domain/saml/xml-tree.ts), so its canonical form is known without parsing it
 * back: no XML library on this path (xml-crypto parsed, searched and re-serialised the document twice per
 * response, about three quarters of a sign-in's own work). test/unit/saml-sign.test.ts checks the result byte
 * for byte against xml-crypto's, and test/integration/saml-idp.test.ts has node-saml and xmlsec1 verify it.
 */

/** The key parsed once and the certificate's base64 taken once per signing key (a PEM parse per signature is slow). */
// eslint-disable-next-line no-restricted-syntax -- keyed by the SigningKey object, which only its installation's KvsIdpKeys holds
const prepared = new WeakMap<SigningKey, { privateKey: KeyObject; certificate: string }>();
function prepare(key: SigningKey): { privateKey: KeyObject; certificate: string } {
  let p = prepared.get(key);
  if (!p) {
    p = { privateKey: createPrivateKey(key.privateKeyPem), certificate: certificateBase64(key.certificatePem) };
    prepared.set(key, p);
  }
  return p;
}

const DSIG = new Map([['ds', NS.dsig]]);

/** `element` with its enveloped Signature inserted after its Issuer (the first child). */
function signed(element: XmlElement, key: SigningKey): XmlElement {
  const { privateKey, certificate } = prepare(key);
  const id = element.attrs.find(([name]) => name === 'ID')?.[1];
  if (!id) throw new Error(`${element.name} has no ID`);
  const digest = createHash('sha256').update(canonical(element), 'utf8').digest('base64');
  const signedInfo = el(
    'ds:SignedInfo',
    [],
    el('ds:CanonicalizationMethod', [['Algorithm', ALG.excC14n]]),
    el('ds:SignatureMethod', [['Algorithm', ALG.rsaSha256]]),
    el(
      'ds:Reference',
      [['URI', `#${id}`]],
      el('ds:Transforms', [], el('ds:Transform', [['Algorithm', ALG.enveloped]]), el('ds:Transform', [['Algorithm', ALG.excC14n]])),
      el('ds:DigestMethod', [['Algorithm', ALG.sha256]]),
      el('ds:DigestValue', [], digest),
    ),
  );
  const value = rsaSign('sha256', Buffer.from(canonical(signedInfo, DSIG), 'utf8'), privateKey).toString('base64');
  const signature = el(
    'ds:Signature',
    [['xmlns:ds', NS.dsig]],
    signedInfo,
    el('ds:SignatureValue', [], value),
    el('ds:KeyInfo', [], el('ds:X509Data', [], el('ds:X509Certificate', [], certificate))),
  );
  const [issuer, ...rest] = element.children;
  return { ...element, children: [issuer, signature, ...rest] };
}

export function signedResponse(input: AssertionInput, key: SigningKey): string {
  return serialize(signed(responseElement(input, signed(assertionElement(input), key)), key));
}

/** A signed Response that carries only a status (no assertion): the IdP's signed "no" (e.g. NoPassive). */
export function signedStatusResponse(input: Parameters<typeof statusResponseElement>[0], status: { code: string; subCode: string }, key: SigningKey): string {
  return serialize(signed(statusResponseElement(input, status), key));
}
