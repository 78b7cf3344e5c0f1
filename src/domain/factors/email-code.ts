import { createHash } from 'node:crypto';
import { hit, type RateRule, type RateWindow } from '../rate-limit';
import { checkOneTimeCode, newOneTimeCode, type OneTimeCode, type RandomBytes } from './one-time-code';

/**
 * "Email me a sign-in code" (issue 22 item 2) as pure rules: no I/O, the clock and the random source are passed in.
 *
 * - A code is 6 digits drawn uniformly from a CSPRNG (the SMS PIN's generator), valid 10 minutes, used once.
 * - It is bound to one pending sign-in: the record names the SHA-256 of that sign-in's reference and the hash
 *   covers it, so a code mailed for one sign-in (or one site) never works for another.
 * - Newest only: the account keeps one record; a new code replaces the one before it (and its tries).
 * - 5 wrong tries void the code. A try is decided and written in one write conditioned on the entry's revision
 *   (src/flows/sign-in/email-code.ts), so a burst of parallel tries counts every one of them.
 * - Only an HMAC-SHA256 of it is stored, keyed with a fresh random salt per code.
 * - Sends per account are limited by a fixed window (the reset's per-account rule, a setting).
 *
 * The code is a first factor with the assurance of a password reset (whoever reads the mailbox could reset the
 * password anyway); it is never a second factor.
 */
export const EMAIL_CODE_TTL_SEC = 10 * 60;
export const EMAIL_CODE_MAX_TRIES = 5;

/** The newest code (one-time-code.ts, bound to `signIn`); `failures`: wrong tries of this code. */
export interface EmailCodeRecord extends OneTimeCode {
  /** SHA-256 (base64url) of the pending sign-in's reference the code was mailed for. */
  signIn: string;
}

/** What a directory entry keeps (`Customer.emailCode`): the per-account send window and the newest code. */
export interface EmailCodeState {
  window: RateWindow | null;
  code: EmailCodeRecord | null;
}

/** The value a pending sign-in's reference is known by in a code record (never the reference itself). */
export function signInBinding(reference: string): string {
  return createHash('sha256').update(reference, 'utf8').digest('base64url');
}

export type IssueOutcome = { ok: true; code: string; state: EmailCodeState } | { ok: false; reason: 'limit' };

/** A new code for the sign-in `signIn`, within the per-account rule; it replaces any earlier code. */
export function issueEmailCode(state: EmailCodeState | undefined, signIn: string, nowSec: number, rule: RateRule, randomBytes: RandomBytes): IssueOutcome {
  const window = hit(state?.window ?? undefined, nowSec, rule);
  if (!window.allowed) return { ok: false, reason: 'limit' };
  const { code, stored } = newOneTimeCode(signIn, nowSec, EMAIL_CODE_TTL_SEC, randomBytes);
  return { ok: true, code, state: { window: window.next, code: { signIn, ...stored } } };
}

/** Something that is not 6 digits (spaces and dashes ignored) is refused without counting. */
export function normaliseEmailCode(typed: unknown): string | undefined {
  if (typeof typed !== 'string') return undefined;
  const code = typed.slice(0, 32).replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}

export type EmailCodeCheck =
  | { ok: true; state: EmailCodeState }
  /** `state`: what to store (a wrong try counted); absent = nothing to store (no code of this sign-in to try). */
  | { ok: false; reason: 'none' | 'expired' | 'used' | 'void' | 'wrong'; state?: EmailCodeState; left: number };

/**
 * Checks a typed code (already normalised) against the account's newest code for the sign-in `signIn`. Success
 * marks it used; a wrong code counts (the fifth voids it). A code of another sign-in, an expired, used or void one
 * is refused without a write.
 */
export function checkEmailCode(state: EmailCodeState | undefined, signIn: string, code: string, nowSec: number): EmailCodeCheck {
  const record = state?.code;
  if (!state || !record || record.signIn !== signIn) return { ok: false, reason: 'none', left: 0 };
  const check = checkOneTimeCode(record, signIn, code, nowSec, EMAIL_CODE_MAX_TRIES);
  if (check.ok) return { ok: true, state: { ...state, code: check.record } };
  if (!check.record) return { ok: false, reason: check.reason, left: 0 };
  return { ok: false, reason: check.reason, state: { ...state, code: check.record }, left: EMAIL_CODE_MAX_TRIES - check.record.failures };
}
