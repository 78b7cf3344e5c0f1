import { SignedXml } from 'xml-crypto';
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

function sign(xml: string, elementName: 'Assertion' | 'Response', key: SigningKey): string {
  const sig = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: ALG.rsaSha256,
    canonicalizationAlgorithm: ALG.excC14n,
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
