import { createHash, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { CERTIFICATE_YEARS } from '../domain/saml/keys';

/**
 * A new RSA 2048 signing key with a self-signed X.509 v3 certificate (RSA-SHA256), both from node:crypto: the
 * certificate's DER is written here (RFC 5280 §4.1: TBSCertificate, signature algorithm, signature), since a
 * self-signed certificate with a subject CN and a validity is all an SP needs to check our signatures (issue 25:
 * @peculiar/x509 with its ASN.1 stack was about 350 KiB of the Forge bundle for this one call). The private key
 * comes back as PKCS#8 PEM for KVS secret storage only. test/unit/saml-sign.test.ts reads the certificate back
 * with node's X509Certificate; node-saml and xmlsec1 verify signatures with it (test/integration/saml-idp.test.ts).
 */
export interface NewKeyPair {
  kid: string;
  privateKeyPem: string;
  certificatePem: string;
  notBefore: number;
  notAfter: number;
  fingerprint: string;
}

const newRsaKey = promisify(generateKeyPair);

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** The base64 of the DER inside a PEM certificate (what metadata and KeyInfo carry). */
export const certificateBase64 = (certificatePem: string): string => certificatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

// --- DER (X.690) ------------------------------------------------------------------------------------------
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
/** A non-negative INTEGER from its big-endian bytes (a leading 0 keeps it positive). */
const integer = (bytes: Buffer) => tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
/** sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters. */
const SHA256_WITH_RSA = Buffer.from('300d06092a864886f70d01010b0500', 'hex');
/** Name with one RDN: commonName (2.5.4.3) as UTF8String. */
const commonNameOf = (cn: string) => sequence(tlv(0x31, sequence(Buffer.from('0603550403', 'hex'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(sec: number): Buffer {
  const iso = new Date(sec * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return iso < '2050' ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

function selfSigned(keys: { publicKey: KeyObject; privateKey: KeyObject }, serial: Buffer, commonName: string, notBefore: number, notAfter: number): Buffer {
  const name = commonNameOf(commonName);
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // [0] version v3
    integer(serial),
    SHA256_WITH_RSA,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    keys.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, keys.privateKey);
  return sequence(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

export async function createKeyPair(opts: { commonName: string; nowSec: number; randomBytes: (n: number) => Buffer }): Promise<NewKeyPair> {
  const keys = await newRsaKey('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  // Valid from a day back, so a service provider whose clock is behind never sees a certificate from the future.
  const notBefore = opts.nowSec - 86_400;
  const notAfter = opts.nowSec + Math.round(CERTIFICATE_YEARS * 365.25 * 86_400);
  const serial = Buffer.concat([Buffer.from([1]), opts.randomBytes(15)]);
  const der = selfSigned(keys, serial, opts.commonName.replace(/[,+="\\<>;#]/g, ' '), notBefore, notAfter);
  return {
    kid: opts.randomBytes(8).toString('hex'),
    privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: pem('CERTIFICATE', der),
    notBefore,
    notAfter,
    fingerprint: fingerprintOf(der),
  };
}
