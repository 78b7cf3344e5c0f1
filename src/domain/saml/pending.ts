import { createHash } from 'node:crypto';
import { PENDING_REQUEST_SEC } from './constants';
import type { SmsPinRecord } from '../factors/sms-pin';
import type { Customer } from '../customer';

/**
 * A help-center sign-in waiting for the customer: what the SP asked (its request id and RelayState), kept
 * server-side under the hash of a random reference that only the sign-in form (and a cookie) carries.
 * Single use: the first successful sign-in marks it used. A test sign-in (from the admin page) shows the
 * assertion instead of posting it.
 */
export interface PendingSignIn {
  requestId: string;
  relayState: string;
  createdAt: number;
  expiresAt: number;
  used: boolean;
  /** Set for an admin's test sign-in: the identifier to prefill. */
  test?: { identifier: string };
  /**
   * The browser that started it (help-center sign-ins): SHA-256 (base64url) of the random value of the
   * `pa_browser` cookie set with the start. Where the platform is known to pass cookies, a step whose cookie
   * does not match is refused (src/domain/saml/browser-binding.ts). Absent: not bound (started elsewhere).
   */
  browser?: string;
  /**
   * Not a help-center request: the two-step enrolment right after registration (where it is required). It
   * ends on the registration's done page, never in a SAML response.
   */
  enrolOnly?: boolean;
  /**
   * Not a help-center request: the app's own log-in page (`/login`) with two-step verification on. Its second
   * step is the same as a help-center sign-in's; it ends on that page's "You are logged in", never in a SAML
   * response.
   */
  loginCheck?: boolean;
  /**
   * After a right password, when a second step follows: whose password it was, which step (a code,
   * enrolment that cannot be skipped, or the recovery codes shown once), and the wrong codes so far.
   * `attempt` names the TOTP key being enrolled (a KVS secret) during this sign-in.
   */
  stage?: SecondStage;
  /**
   * "Email me a sign-in code" (issue 22): what was typed (the code's account is looked up off the request path)
   * and the tries in this sign-in (the account's own record counts them too; this count makes an unknown address
   * answer as a known one does). The code itself is only on the account, as a hash bound to this sign-in.
   */
  emailCode?: { identifier: string; tries: number; requestedAt: number };
  /** The first factor was an email code (issue 22): the second step follows as after a password. */
  firstFactor?: 'email-code';
  /**
   * Issue 22: the challenge of the passkey ceremony under way (a sign-in, or adding one): its SHA-256 only, and
   * until when it is good. Single use: the step that checks an answer removes it first (PendingSignIns.swap).
   */
  passkeyChallenge?: { hash: string; expiresAt: number };
  /**
   * Not a help-center request: adding a passkey after a completed sign-in (`signedInAt`, at most 5 minutes
   * before the passkey is added), from the offer after a sign-in or from the profile panel's link.
   */
  passkeyAdd?: { customerId: string; signedInAt: number; from: 'sign-in' | 'profile' };
  /** The app's log-in page reached from the profile panel's "Add a passkey": it ends there (issue 22). */
  addPasskey?: boolean;
}

export interface SecondStage {
  customerId: string;
  step: 'verify' | 'enrol' | 'codes';
  failures: number;
  attempt: string;
  /** Which method this step uses (absent = the authenticator app). */
  method?: 'totp' | 'sms';
  /** SMS: the PIN sent for this attempt (only its hash) and where it went, masked. */
  pin?: SmsPinRecord;
  masked?: string;
  /**
   * The directory entry as the password step stored it: the code step starts from it instead of reading the
   * entry again, and its write is conditioned on this revision, so a stale copy only costs a re-read.
   */
  entry?: Customer;
}

export type PendingState = 'valid' | 'expired' | 'used' | 'unknown';

export function pendingState(pending: PendingSignIn | undefined, nowSec: number): PendingState {
  if (!pending) return 'unknown';
  if (pending.used) return 'used';
  return pending.expiresAt > nowSec ? 'valid' : 'expired';
}

export function newPending(fields: { requestId: string; relayState: string; nowSec: number; test?: { identifier: string }; browser?: string }): PendingSignIn {
  return {
    requestId: fields.requestId,
    relayState: fields.relayState,
    createdAt: fields.nowSec,
    expiresAt: fields.nowSec + PENDING_REQUEST_SEC,
    used: false,
    ...(fields.test ? { test: fields.test } : {}),
    ...(fields.browser ? { browser: browserHash(fields.browser) } : {}),
  };
}

/** What a pending sign-in keeps of its browser cookie's value: its SHA-256 (base64url), never the value. */
export function browserHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/** References are 32 random bytes, base64url (43 characters). */
export const REFERENCE = /^[A-Za-z0-9_-]{43}$/;
