import { createHash, createPrivateKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import { certificateBase64 } from './certificates';
import { ALG, NS } from '../domain/saml/constants';
import { assertionElement, responseElement, statusResponseElement, type AssertionInput } from '../domain/saml/response';
import { apexForm, canonical, el, serialize, type XmlElement } from '../domain/saml/xml-tree';
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

/** The key parsed once, and the KeyInfo with its certificate built once, per signing key (a PEM parse per signature is slow). */
// eslint-disable-next-line no-restricted-syntax -- keyed by the SigningKey object, which only its installation's KvsIdpKeys holds
const prepared = new WeakMap<SigningKey, { privateKey: KeyObject; keyInfo: XmlElement }>();
function prepare(key: SigningKey): { privateKey: KeyObject; keyInfo: XmlElement } {
  let p = prepared.get(key);
  if (!p) {
    const certificate = certificateBase64(key.certificatePem);
    p = { privateKey: createPrivateKey(key.privateKeyPem), keyInfo: el('ds:KeyInfo', [], el('ds:X509Data', [], el('ds:X509Certificate', [], certificate))) };
    prepared.set(key, p);
  }
  return p;
}

const DSIG = new Map([['ds', NS.dsig]]);
// The parts of every SignedInfo that never change, built once (constants of the profile, no installation's data).
const C14N_METHOD = el('ds:CanonicalizationMethod', [['Algorithm', ALG.excC14n]]);
const SIGNATURE_METHOD = el('ds:SignatureMethod', [['Algorithm', ALG.rsaSha256]]);
const TRANSFORMS = el('ds:Transforms', [], el('ds:Transform', [['Algorithm', ALG.enveloped]]), el('ds:Transform', [['Algorithm', ALG.excC14n]]));
const DIGEST_METHOD = el('ds:DigestMethod', [['Algorithm', ALG.sha256]]);

/** The enveloped Signature of the element with `id`, whose canonical form (without this Signature) is `form`. */
function signatureOf(id: string, form: string, key: SigningKey): XmlElement {
  const { privateKey, keyInfo } = prepare(key);
  const digest = createHash('sha256').update(form, 'utf8').digest('base64');
  const signedInfo = el('ds:SignedInfo', [], C14N_METHOD, SIGNATURE_METHOD, el('ds:Reference', [['URI', `#${id}`]], TRANSFORMS, DIGEST_METHOD, el('ds:DigestValue', [], digest)));
  const value = rsaSign('sha256', Buffer.from(canonical(signedInfo, DSIG), 'utf8'), privateKey).toString('base64');
  return el('ds:Signature', [['xmlns:ds', NS.dsig]], signedInfo, el('ds:SignatureValue', [], value), keyInfo);
}

function idOf(element: XmlElement): string {
  const id = element.attrs.find(([name]) => name === 'ID')?.[1];
  if (!id) throw new Error(`${element.name} has no ID`);
  return id;
}

/** `element` with its Signature inserted after its Issuer (the first child). */
function withSignature(element: XmlElement, signature: XmlElement): XmlElement {
  const [issuer, ...rest] = element.children;
  return { ...element, children: [issuer, signature, ...rest] };
}

/**
 * Assertion first, then the Response around it. The Response's digest covers the signed Assertion; its
 * canonical form there is the one written for the Assertion's own digest plus its Signature (the Response
 * renders only `samlp`, the Assertion declares `saml` and its Signature `ds`), so it is not written twice.
 */
export function signedResponse(input: AssertionInput, key: SigningKey): string {
  const assertion = assertionElement(input);
  const apex = apexForm(assertion);
  const assertionSignature = signatureOf(idOf(assertion), apex.text, key);
  const signedAssertion = withSignature(assertion, assertionSignature);
  const response = responseElement(input, signedAssertion);
  const form = canonical(response, undefined, undefined, new Map([[signedAssertion, apex.withSecond(assertionSignature)]]));
  return serialize(withSignature(response, signatureOf(idOf(response), form, key)));
}

/** A signed Response that carries only a status (no assertion): the IdP's signed "no" (e.g. NoPassive). */
export function signedStatusResponse(input: Parameters<typeof statusResponseElement>[0], status: { code: string; subCode: string }, key: SigningKey): string {
  const response = statusResponseElement(input, status);
  return serialize(withSignature(response, signatureOf(idOf(response), canonical(response), key)));
}
