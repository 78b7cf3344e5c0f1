import { hit, type RateRule, type RateWindow } from '../rate-limit';
import { checkOneTimeCode, newOneTimeCode, type OneTimeCode, type RandomBytes } from './one-time-code';

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
export { generatePin, hashPin, PIN_DIGITS, type RandomBytes } from './one-time-code';
export const PIN_TTL_SEC = 10 * 60;
/** Wrong PINs that void an attempt (the caller then starts again from the password). */
export const PIN_MAX_FAILURES = 5;
export const SENDS_PER_ACCOUNT: RateRule = { limit: 5, windowSec: 3600 };
const DAY_SEC = 86_400;

/** What is stored for the PIN of one attempt (one-time-code.ts, bound to `attempt`): never the PIN itself. */
export interface SmsPinRecord extends OneTimeCode {
  attempt: string;
  /** Wrong PINs typed in this attempt, across every PIN sent for it. */
  failures: number;
  /** PINs sent in this attempt. */
  sends: number;
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
  const { code: pin, stored } = newOneTimeCode(attempt, nowSec, PIN_TTL_SEC, randomBytes, failures);
  return { ok: true, pin, record: { attempt, ...stored, sends: (carried?.sends ?? 0) + 1 } };
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
  return checkOneTimeCode(record, attempt, pin, nowSec, PIN_MAX_FAILURES);
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
