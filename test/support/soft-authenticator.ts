import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software passkey authenticator for tests (WebAuthn Level 3 §6): it answers the options the server gives with
 * real attestation (`none`) and assertion responses, signed with its own P-256 key (ES256), in the JSON shapes a
 * browser posts (what @simplewebauthn/browser produces). Knobs to produce what a broken or hostile client would:
 * another origin or RP ID, no user verification, a counter that goes back, a foreign challenge.
 */
const b64url = (b: Buffer | Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

// A minimal CBOR encoder (RFC 8949) for what attestation objects and COSE keys hold: maps, ints, bytes, text.
function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}
type Cbor = number | string | Buffer | Map<Cbor, Cbor>;
function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value, 'utf8')]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  const parts = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

export interface SoftPasskey {
  id: Buffer;
  key: KeyObject;
  publicJwk: { x: string; y: string };
  rpId: string;
  userHandle: Buffer;
  counter: number;
}

export interface Knobs {
  origin: string;
  /** The RP ID whose hash goes into the authenticator data (default: the options' RP ID). */
  rpId?: string;
  /** User verification done (default true). */
  uv?: boolean;
  /** The counter to report (default: one more than the last one). */
  counter?: number;
  /** Another challenge than the options' one. */
  challenge?: string;
  aaguid?: string;
}

function clientData(type: string, challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
}

const flags = (uv: boolean, attested: boolean) => 0x01 | (uv ? 0x04 : 0) | (attested ? 0x40 : 0);

export class SoftAuthenticator {
  readonly passkeys: SoftPasskey[] = [];

  /** navigator.credentials.create(): a new discoverable P-256 passkey for the options' RP and user. */
  create(options: { challenge: string; rp: { id?: string }; user: { id: string } }, knobs: Knobs) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
    const rpId = knobs.rpId ?? options.rp.id ?? new URL(knobs.origin).hostname;
    const passkey: SoftPasskey = { id: randomBytes(16), key: privateKey, publicJwk: jwk, rpId, userHandle: Buffer.from(options.user.id, 'base64url'), counter: knobs.counter ?? 0 };
    const cose = cbor(new Map<Cbor, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x, 'base64url')], [-3, Buffer.from(jwk.y, 'base64url')]]));
    const aaguid = Buffer.from((knobs.aaguid ?? '00000000-0000-0000-0000-000000000000').replace(/-/g, ''), 'hex');
    const count = Buffer.alloc(4);
    count.writeUInt32BE(passkey.counter);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(passkey.id.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([flags(knobs.uv ?? true, true)]), count, aaguid, idLength, passkey.id, cose]);
    const attestationObject = cbor(new Map<Cbor, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    this.passkeys.push(passkey);
    return {
      id: b64url(passkey.id),
      rawId: b64url(passkey.id),
      type: 'public-key',
      response: { clientDataJSON: b64url(clientData('webauthn.create', knobs.challenge ?? options.challenge, knobs.origin)), attestationObject: b64url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get() with a discoverable passkey (the first for the RP, or `passkey`). */
  get(options: { challenge: string; rpId?: string }, knobs: Knobs, passkey?: SoftPasskey) {
    const rpId = options.rpId ?? new URL(knobs.origin).hostname;
    const chosen = passkey ?? this.passkeys.find((p) => p.rpId === rpId) ?? this.passkeys[0];
    if (!chosen) throw new Error('no passkey');
    chosen.counter = knobs.counter ?? chosen.counter + 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(chosen.counter);
    const authData = Buffer.concat([sha256(knobs.rpId ?? chosen.rpId), Buffer.from([flags(knobs.uv ?? true, false)]), count]);
    const data = clientData('webauthn.get', knobs.challenge ?? options.challenge, knobs.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(data)]), chosen.key);
    return {
      id: b64url(chosen.id),
      rawId: b64url(chosen.id),
      type: 'public-key',
      response: { clientDataJSON: b64url(data), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: b64url(chosen.userHandle) },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
