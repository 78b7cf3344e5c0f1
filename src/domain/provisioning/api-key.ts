import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Provisioning API keys (issue 12): `pa_live_` and 32 base64url characters (24 random bytes, 192 bits),
 * shown once and stored only as a SHA-256 hash (the stored record is found by that hash, so nothing is
 * compared in code). A slow hash is not needed: the key is random, not a password.
 */
export const API_KEY_PREFIX = 'pa_live_';
const API_KEY = /^pa_live_[A-Za-z0-9_-]{32}$/;

export type ApiAccess = 'read' | 'write';

export function newApiKey(randomBytes: (n: number) => Buffer): string {
  return `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
}

export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The key from `Authorization: Bearer <key>`, or undefined for anything else (all of it answered alike). */
export function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer ([^\s]+)$/i.exec((header ?? '').trim());
  return match && API_KEY.test(match[1]) ? match[1] : undefined;
}

/** What people see of a key once it is stored: its prefix and first characters, enough to recognise it. */
export function keyHint(key: string): string {
  return `${key.slice(0, API_KEY_PREFIX.length + 4)}…`;
}

// --- Request signatures -----------------------------------------------------------------------------------

/** Headers of a signed request: Unix seconds, and `v1=` + hex HMAC-SHA256 over `<timestamp>.<body>`. */
export const SIGNATURE_HEADER = 'x-portal-access-signature';
export const TIMESTAMP_HEADER = 'x-portal-access-timestamp';
/** How far a signed request's timestamp may be from our clock (either way). */
export const SIGNATURE_TOLERANCE_SEC = 5 * 60;

export function signPayload(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureVerdict = 'valid' | 'missing' | 'forged' | 'stale';

/** Checks a request's signature in constant time; stale when the timestamp is more than 5 minutes off. */
export function verifySignature(secret: string, headers: { timestamp?: string; signature?: string }, body: string, nowSec: number): SignatureVerdict {
  if (!headers.timestamp && !headers.signature) return 'missing';
  if (!headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return 'forged';
  const expected = Buffer.from(signPayload(secret, headers.timestamp, body));
  const given = Buffer.from(headers.signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return Math.abs(nowSec - Number(headers.timestamp)) > SIGNATURE_TOLERANCE_SEC ? 'stale' : 'valid';
}
