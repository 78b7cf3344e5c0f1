import 'reflect-metadata';
import { X509CertificateGenerator, cryptoProvider } from '@peculiar/x509';
import { webcrypto, createHash } from 'node:crypto';
import { CERTIFICATE_YEARS } from '../domain/saml/keys';

/**
 * A new RSA 2048 signing key with a self-signed X.509 certificate (RSA-SHA256), created by @peculiar/x509 on
 * Node's WebCrypto. The private key comes back as PKCS#8 PEM for KVS secret storage only.
 */
export interface NewKeyPair {
  kid: string;
  privateKeyPem: string;
  certificatePem: string;
  notBefore: number;
  notAfter: number;
  fingerprint: string;
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

function pem(label: string, der: ArrayBuffer | Uint8Array): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** The base64 of the DER inside a PEM certificate (what metadata and KeyInfo carry). */
export const certificateBase64 = (certificatePem: string): string => certificatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

export async function createKeyPair(opts: { commonName: string; nowSec: number; randomBytes: (n: number) => Buffer }): Promise<NewKeyPair> {
  const crypto = webcrypto as unknown as Crypto;
  cryptoProvider.set(crypto);
  const keys = await crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  // Valid from a day back, so a service provider whose clock is behind never sees a certificate from the future.
  const notBefore = opts.nowSec - 86_400;
  const notAfter = opts.nowSec + Math.round(CERTIFICATE_YEARS * 365.25 * 86_400);
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: `01${opts.randomBytes(15).toString('hex')}`,
      name: `CN=${opts.commonName.replace(/[,+="\\<>;#]/g, ' ')}`,
      notBefore: new Date(notBefore * 1000),
      notAfter: new Date(notAfter * 1000),
      signingAlgorithm: RSA,
      keys,
    },
    crypto,
  );
  const der = Buffer.from(certificate.rawData);
  return {
    kid: opts.randomBytes(8).toString('hex'),
    privateKeyPem: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey)),
    certificatePem: pem('CERTIFICATE', der),
    notBefore,
    notAfter,
    fingerprint: fingerprintOf(der),
  };
}
