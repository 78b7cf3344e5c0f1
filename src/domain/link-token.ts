import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Links in emails carry `<customerId>.<secret>`: the id finds the record with one read, the secret is
 * 256 random bits of which only the SHA-256 is stored. One live link per customer: issuing a new one
 * replaces the stored hash, so every older link dies at once.
 */
export type LinkPurpose = 'reset' | 'invite';

export interface StoredLink {
  hash: string;
  purpose: LinkPurpose;
  issuedAt: number; // seconds
  expiresAt: number; // seconds
}

const ID = /^[A-Za-z0-9_-]{16,64}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function issueLink(
  customerId: string,
  purpose: LinkPurpose,
  nowSec: number,
  lifetimeSec: number,
  randomBytes: (n: number) => Buffer,
): { token: string; link: StoredLink } {
  const secret = randomBytes(32).toString('base64url');
  return {
    token: `${customerId}.${secret}`,
    link: { hash: hashSecret(secret), purpose, issuedAt: nowSec, expiresAt: nowSec + lifetimeSec },
  };
}

export function parseLinkToken(token: string): { customerId: string; secret: string } | undefined {
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const customerId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return ID.test(customerId) && SECRET.test(secret) ? { customerId, secret } : undefined;
}

export type LinkCheck = 'valid' | 'expired' | 'invalid';

export function checkLink(
  stored: StoredLink | undefined,
  secret: string,
  purpose: LinkPurpose,
  nowSec: number,
): LinkCheck {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(stored?.hash ?? '0'.repeat(64), 'hex');
  const matches = timingSafeEqual(presented, expected) && stored !== undefined && stored.purpose === purpose;
  if (!matches) return 'invalid';
  return nowSec < stored.expiresAt ? 'valid' : 'expired';
}

export function newId(randomBytes: (n: number) => Buffer): string {
  return randomBytes(16).toString('base64url');
}
