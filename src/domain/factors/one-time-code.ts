import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What an SMS PIN (sms-pin.ts) and a sign-in code by email (email-code.ts) share, as pure rules: 6 digits from a
 * CSPRNG, stored only as a salted HMAC bound to what it was sent for (the SMS's attempt, the mail's sign-in),
 * valid for a while, used once, void after too many wrong tries. Each keeps its own name for the binding in its
 * stored record (`attempt`, `signIn`), so nothing stored changes; the checks run in one order for both.
 */
export const PIN_DIGITS = 6;
const PIN_SPACE = 10 ** PIN_DIGITS;
/** The largest multiple of 10^6 below 2^32: draws at or above it are thrown away, so every PIN is equally likely. */
const ACCEPT_BELOW = Math.floor(2 ** 32 / PIN_SPACE) * PIN_SPACE;

export type RandomBytes = (n: number) => Buffer;

/** A uniform 6-digit code (leading zeros kept), by rejection sampling: no modulo bias. */
export function generatePin(randomBytes: RandomBytes): string {
  for (;;) {
    const value = randomBytes(4).readUInt32BE(0);
    if (value < ACCEPT_BELOW) return String(value % PIN_SPACE).padStart(PIN_DIGITS, '0');
  }
}

/** base64url HMAC-SHA256(salt, binding ":" code). */
export function hashPin(pin: string, salt: string, binding: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url')).update(`${binding}:${pin}`).digest('base64url');
}

/** The stored part of a one-time code that both kinds share: never the code itself. Times in seconds. */
export interface OneTimeCode {
  /** base64url, 16 random bytes, new for every code. */
  salt: string;
  /** base64url HMAC-SHA256(salt, binding ":" code). */
  hash: string;
  issuedAt: number;
  expiresAt: number;
  used: boolean;
  /** Wrong tries counted against it. */
  failures: number;
}

/** A new code bound to `binding`: the code to send and what to store of it (`failures`: carried over, or 0). */
export function newOneTimeCode(binding: string, nowSec: number, ttlSec: number, randomBytes: RandomBytes, failures = 0): { code: string; stored: OneTimeCode } {
  const code = generatePin(randomBytes);
  const salt = randomBytes(16).toString('base64url');
  return { code, stored: { salt, hash: hashPin(code, salt, binding), issuedAt: nowSec, expiresAt: nowSec + ttlSec, used: false, failures } };
}

export type OneTimeCheck<R extends OneTimeCode> =
  | { ok: true; record: R }
  /** `record`: what to store (a wrong try counted); absent: nothing to store. */
  | { ok: false; reason: 'void' | 'used' | 'expired' | 'wrong'; record?: R };

/**
 * Checks a 6-digit `code` against `record` (already known to be bound to `binding`): void after `maxFailures`, then
 * used, then expired; the right code marks it used, a wrong one counts (the `maxFailures`-th voids it). Compared in
 * constant time.
 */
export function checkOneTimeCode<R extends OneTimeCode>(record: R, binding: string, code: string, nowSec: number, maxFailures: number): OneTimeCheck<R> {
  if (record.failures >= maxFailures) return { ok: false, reason: 'void' };
  if (record.used) return { ok: false, reason: 'used' };
  if (nowSec >= record.expiresAt) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(record.hash, 'base64url');
  const actual = Buffer.from(hashPin(code, record.salt, binding), 'base64url');
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) return { ok: true, record: { ...record, used: true } };
  const failures = record.failures + 1;
  return { ok: false, reason: failures >= maxFailures ? 'void' : 'wrong', record: { ...record, failures } };
}
