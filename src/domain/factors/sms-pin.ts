import { createHmac, timingSafeEqual } from 'node:crypto';
import { hit, type RateRule, type RateWindow } from '../rate-limit';

/**
 * SMS PINs as a second factor (issue 11), as pure rules: no I/O, the clock and the random source are passed in.
 *
 * - A PIN is 6 digits drawn uniformly from a CSPRNG (rejection sampling, no modulo bias).
 * - It is valid 10 minutes, used once, and bound to one sign-in attempt: the record names the attempt and the
 *   hash covers it, so a PIN sent for one attempt never works for another.
 * - Only an HMAC-SHA256 of it is stored, keyed with a fresh random salt per PIN.
 * - Limits against SMS pumping: at most 5 sends per account and hour, and a daily cap per site (a setting,
 *   200 by default). Sending a new PIN replaces the old one but keeps the attempt's failure count: 5 wrong
 *   PINs void the attempt however many PINs were sent.
 */
export const PIN_DIGITS = 6;
export const PIN_TTL_SEC = 10 * 60;
/** Wrong PINs that void an attempt (the caller then starts again from the password). */
export const PIN_MAX_FAILURES = 5;
export const SENDS_PER_ACCOUNT: RateRule = { limit: 5, windowSec: 3600 };
const DAY_SEC = 86_400;

const PIN_SPACE = 10 ** PIN_DIGITS;
/** The largest multiple of 10^6 below 2^32: draws at or above it are thrown away, so every PIN is equally likely. */
const ACCEPT_BELOW = Math.floor(2 ** 32 / PIN_SPACE) * PIN_SPACE;

export type RandomBytes = (n: number) => Buffer;

/** A uniform 6-digit PIN (leading zeros kept). */
export function generatePin(randomBytes: RandomBytes): string {
  for (;;) {
    const value = randomBytes(4).readUInt32BE(0);
    if (value < ACCEPT_BELOW) return String(value % PIN_SPACE).padStart(PIN_DIGITS, '0');
  }
}

/** What is stored for the PIN of one attempt: never the PIN itself. Times in seconds. */
export interface SmsPinRecord {
  attempt: string;
  /** base64url, 16 random bytes, new for every PIN. */
  salt: string;
  /** base64url HMAC-SHA256(salt, attempt ":" pin). */
  hash: string;
  issuedAt: number;
  expiresAt: number;
  used: boolean;
  /** Wrong PINs typed in this attempt, across every PIN sent for it. */
  failures: number;
  /** PINs sent in this attempt. */
  sends: number;
}

export function hashPin(pin: string, salt: string, attempt: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url')).update(`${attempt}:${pin}`).digest('base64url');
}

export type IssueOutcome = { ok: true; pin: string; record: SmsPinRecord } | { ok: false; reason: 'void' };

/**
 * A new PIN for `attempt`. The record it replaces (same attempt) passes on its failure count and send count;
 * a record of another attempt is ignored. An attempt with 5 failures gets no new PIN.
 */
export function issuePin(previous: SmsPinRecord | undefined, attempt: string, nowSec: number, randomBytes: RandomBytes): IssueOutcome {
  const carried = previous && previous.attempt === attempt ? previous : undefined;
  const failures = carried?.failures ?? 0;
  if (failures >= PIN_MAX_FAILURES) return { ok: false, reason: 'void' };
  const pin = generatePin(randomBytes);
  const salt = randomBytes(16).toString('base64url');
  return {
    ok: true,
    pin,
    record: {
      attempt, salt, hash: hashPin(pin, salt, attempt), issuedAt: nowSec, expiresAt: nowSec + PIN_TTL_SEC, used: false, failures,
      sends: (carried?.sends ?? 0) + 1,
    },
  };
}

export type CheckOutcome =
  | { ok: true; record: SmsPinRecord }
  /** `record` is what to store (failures counted where the typed value was a PIN that did not match). */
  | { ok: false; reason: 'malformed' | 'foreign' | 'expired' | 'used' | 'void' | 'wrong'; record?: SmsPinRecord };

/**
 * Checks a typed PIN against the stored record of `attempt`. Success marks the record used (store it, with a
 * write conditioned on the old one, so two tabs cannot both use it). A wrong PIN counts as a failure; the
 * fifth voids the attempt. Something that is not 6 digits is refused without counting (the page says so).
 */
export function checkPin(record: SmsPinRecord | undefined, attempt: string, typed: unknown, nowSec: number): CheckOutcome {
  if (typeof typed !== 'string') return { ok: false, reason: 'malformed' };
  const pin = typed.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(pin)) return { ok: false, reason: 'malformed' };
  if (!record || record.attempt !== attempt) return { ok: false, reason: 'foreign' };
  if (record.failures >= PIN_MAX_FAILURES) return { ok: false, reason: 'void' };
  if (record.used) return { ok: false, reason: 'used' };
  if (nowSec >= record.expiresAt) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(record.hash, 'base64url');
  const actual = Buffer.from(hashPin(pin, record.salt, attempt), 'base64url');
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) return { ok: true, record: { ...record, used: true } };
  const failures = record.failures + 1;
  return { ok: false, reason: failures >= PIN_MAX_FAILURES ? 'void' : 'wrong', record: { ...record, failures } };
}

/** At most 5 SMS per account and hour (fixed window). */
export function allowAccountSend(window: RateWindow | undefined, nowSec: number): { allowed: boolean; next: RateWindow } {
  return hit(window, nowSec, SENDS_PER_ACCOUNT);
}

/** The site's daily cap: one window per UTC day, so the count starts again at midnight UTC. */
export function allowSiteSend(window: RateWindow | undefined, nowSec: number, dailyCap: number): { allowed: boolean; next: RateWindow } {
  const day = Math.floor(nowSec / DAY_SEC) * DAY_SEC;
  const current = window && window.start === day ? window : { start: day, count: 0 };
  const next = { start: day, count: current.count + 1 };
  return { allowed: next.count <= dailyCap, next };
}

/** Seconds until the site's window for `nowSec` ends (the counter's lifetime in storage). */
export function siteWindowLeftSec(nowSec: number): number {
  return Math.floor(nowSec / DAY_SEC) * DAY_SEC + DAY_SEC - nowSec;
}
