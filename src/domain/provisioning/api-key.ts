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

/**
 * Headers of a signed request: Unix seconds, and `v2=` + hex HMAC-SHA256 over the signing string (issue 23: the
 * first version signed only `<timestamp>.<body>`, so a captured call could be sent again to another customer or
 * with another method; `v1=` signatures are refused). The signing string is six lines joined by `\n`:
 *
 *     v2 \n <timestamp> \n <METHOD> \n <path> \n <canonical query> \n <body>
 *
 * `path` is the path below the trigger's URL (`/customers/ERP-1/activation`), each segment percent-encoded as
 * `encodeURIComponent` does; the canonical query is every `name=value` pair encoded the same way, sorted by name
 * then value, joined with `&` (empty without a query). A signature is accepted once (see provisioning.ts).
 */
export const SIGNATURE_HEADER = 'x-portal-access-signature';
export const TIMESTAMP_HEADER = 'x-portal-access-timestamp';
/** How far a signed request's timestamp may be from our clock (either way). */
export const SIGNATURE_TOLERANCE_SEC = 5 * 60;
const SIGNATURE = /^v2=([0-9a-f]{64})$/;

/** What a signature covers besides the timestamp. `query` as the platform hands it over (decoded, per name). */
export interface SignedRequest {
  method: string;
  path: string;
  query?: Record<string, readonly string[] | undefined>;
  body: string;
}

/** Each segment decoded and encoded again, so `%2D` and `-` sign alike; a segment that does not decode is kept. */
export function canonicalPath(path: string): string {
  const segments = path.split('?')[0].replace(/^\/+|\/+$/g, '').split('/');
  return `/${segments
    .map((s) => {
      try {
        return encodeURIComponent(decodeURIComponent(s));
      } catch {
        return s;
      }
    })
    .join('/')}`;
}

export function canonicalQuery(query: SignedRequest['query']): string {
  const pairs: [string, string][] = [];
  for (const [name, values] of Object.entries(query ?? {})) for (const value of values ?? []) pairs.push([encodeURIComponent(name), encodeURIComponent(value)]);
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

export function signingString(timestamp: string, request: SignedRequest): string {
  return ['v2', timestamp, request.method.toUpperCase(), canonicalPath(request.path), canonicalQuery(request.query), request.body].join('\n');
}

export function signRequest(secret: string, timestamp: string, request: SignedRequest): string {
  return `v2=${createHmac('sha256', secret).update(signingString(timestamp, request)).digest('hex')}`;
}

export type SignatureVerdict = 'valid' | 'missing' | 'forged' | 'stale';

/** Checks a request's signature in constant time; stale when the timestamp is more than 5 minutes off. */
export function verifySignature(secret: string, headers: { timestamp?: string; signature?: string }, request: SignedRequest, nowSec: number): SignatureVerdict {
  if (!headers.timestamp && !headers.signature) return 'missing';
  if (!headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return 'forged';
  const expected = Buffer.from(signRequest(secret, headers.timestamp, request));
  const given = Buffer.from(headers.signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return Math.abs(nowSec - Number(headers.timestamp)) > SIGNATURE_TOLERANCE_SEC ? 'stale' : 'valid';
}

/**
 * How long a valid signature must be remembered so that it is refused again: until its timestamp is stale
 * (at most twice the tolerance, when it was signed five minutes ahead of our clock), plus a minute of margin.
 */
export function replayRetentionSec(timestamp: string, nowSec: number): number {
  return Math.max(60, Number(timestamp) + SIGNATURE_TOLERANCE_SEC - nowSec + 60);
}

/** The hex digest of a well-formed signature (what the replay guard remembers), undefined otherwise. */
export function signatureDigest(signature: string): string | undefined {
  return SIGNATURE.exec(signature.trim())?.[1];
}
