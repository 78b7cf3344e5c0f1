import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { certificateBase64 } from './certificates';
import { ALG } from '../domain/saml/constants';
import { buildAssertion, buildResponse, type AssertionInput } from '../domain/saml/response';

/**
 * Signs the assertion, then the response around it: enveloped signatures, exclusive c14n, RSA-SHA256,
 * SHA-256 digests, each Signature right after its element's Issuer, the certificate in KeyInfo.
 * Exclusive c14n makes the assertion's signature independent of the Response it is placed in.
 */
export interface SigningKey {
  privateKeyPem: string;
  /** The certificate as PEM (its base64 goes into KeyInfo). */
  certificatePem: string;
}

/**
 * The key parsed once and the KeyInfo content built once per signing key (parsing a PEM key or certificate on
 * every signature cost about a third of the time per response, measured by the bench).
 */
const prepared = new WeakMap<SigningKey, { privateKey: KeyObject; keyInfo: string }>();
function prepare(key: SigningKey): { privateKey: KeyObject; keyInfo: string } {
  let p = prepared.get(key);
  if (!p) {
    p = { privateKey: createPrivateKey(key.privateKeyPem), keyInfo: `<ds:X509Data><ds:X509Certificate>${certificateBase64(key.certificatePem)}</ds:X509Certificate></ds:X509Data>` };
    prepared.set(key, p);
  }
  return p;
}

function sign(xml: string, elementName: 'Assertion' | 'Response', key: SigningKey): string {
  const { privateKey, keyInfo } = prepare(key);
  const sig = new SignedXml({
    privateKey,
    signatureAlgorithm: ALG.rsaSha256,
    canonicalizationAlgorithm: ALG.excC14n,
    getKeyInfoContent: () => keyInfo,
  });
  sig.addReference({
    xpath: `/*[local-name(.)='${elementName}']`,
    transforms: [ALG.enveloped, ALG.excC14n],
    digestAlgorithm: ALG.sha256,
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `/*[local-name(.)='${elementName}']/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

export function signedResponse(input: AssertionInput, key: SigningKey): string {
  const assertion = sign(buildAssertion(input), 'Assertion', key);
  return sign(buildResponse(input, assertion), 'Response', key);
}
