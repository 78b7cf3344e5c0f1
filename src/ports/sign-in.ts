import type { IdpConfig, RotationStep, SigningKey } from '../domain/saml/keys';
import type { PendingSignIn } from '../domain/saml/pending';
import type { PlainWrite } from './directory';

/**
 * The help-center sign-in (SAML): pending sign-ins, cookies, second-factor secrets, the IdP's keys.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

/** Pending help-center sign-ins (SAML), keyed by a reference only the sign-in form carries. */
/**
 * Whether the platform is known to carry the app's cookies to the customer pages and back (learned from the
 * first sign-in step whose browser cookie matched, never unlearned): decides whether a sign-in step without its
 * browser's cookie is refused (src/domain/saml/browser-binding.ts).
 */
export interface CookieRoundTrip {
  proven(): Promise<boolean>;
  prove(): Promise<void>;
}

export interface PendingSignIns {
  /**
   * Stores `pending`, but never un-uses one (a step writes the value its request read, and another step may have
   * finished the sign-in meanwhile): false when it was used and stays so.
   */
  put(reference: string, pending: PendingSignIn): Promise<boolean>;
  get(reference: string): Promise<PendingSignIn | undefined>;
  /**
   * Finishes it (marked used): true only for the one caller whose finish landed first. The finish is a claim made
   * before the work (the response, the sign-in recorded), in one conditioned write, whichever step makes it.
   */
  consume(reference: string, pending: PendingSignIn): Promise<boolean>;
  /**
   * The finish as part of another transaction (Directory.update's `alongside`): that transaction lands only if no
   * other finish of this pending sign-in landed first (it throws SignInFinished otherwise).
   */
  finishWrite(reference: string, pending: PendingSignIn): PlainWrite;
  /**
   * The write that stores `pending` (e.g. marked used) as part of another transaction (Directory.update's
   * `alongside`): single use then rests on that transaction's own condition (the customer's revision).
   */
  asWrite(reference: string, pending: PendingSignIn): PlainWrite;
  /**
   * Stores `next` and answers what was there before, in one atomic write (a passkey challenge is claimed so);
   * where that was used, it stays used (as `put`): the caller refuses.
   */
  swap(reference: string, next: PendingSignIn): Promise<PendingSignIn | undefined>;
}

/** Second-factor secrets (KVS secret storage): TOTP keys, recovery-code hashes, a key being enrolled. */
export interface FactorSecrets {
  getTotp(customerId: string, ref: string): Promise<string | undefined>;
  putTotp(customerId: string, ref: string, secret: string): Promise<void>;
  getRecovery(customerId: string, ref: string): Promise<string[] | undefined>;
  putRecovery(customerId: string, ref: string, hashes: string[]): Promise<void>;
  getEnrolment(attempt: string): Promise<string | undefined>;
  putEnrolment(attempt: string, secret: string): Promise<void>;
  getSms(customerId: string, ref: string): Promise<string | undefined>;
  putSms(customerId: string, ref: string, e164: string): Promise<void>;
  remove(customerId: string, refs: { totp?: string; recovery?: string; sms?: string }): Promise<void>;
  removeEnrolment(attempt: string): Promise<void>;
  /** The customer's enrolment from the profile panel (at most one, one hour): which attempt's key it is. */
  getProfileEnrolment(customerId: string): Promise<ProfileEnrolment | undefined>;
  putProfileEnrolment(customerId: string, enrolment: ProfileEnrolment): Promise<void>;
  removeProfileEnrolment(customerId: string): Promise<void>;
}

/** Kept server-side, keyed by the customer: the page never names an attempt. `at` in seconds. */
export interface ProfileEnrolment {
  attempt: string;
  at: number;
  /** Wrong codes typed for this key (5 void it). */
  failures: number;
  /** Which method is being added ('totp' when absent); for SMS the number is the enrolment secret `<attempt>-sms`. */
  method?: 'totp' | 'sms';
  /** The PIN sent to the number being added (hash only), and that number masked for the page. */
  pin?: import('../domain/factors/sms-pin').SmsPinRecord;
  masked?: string;
  /** A PIN sent to the customer's own number to prove it for a change ("Send a code"). */
  check?: import('../domain/factors/sms-pin').SmsPinRecord;
}

/** The IdP's entity ID and signing keys (src/forge/idp-keys.ts): created on first use, rotated by an admin. */
export interface IdpKeys {
  config(): Promise<IdpConfig>;
  /** The configuration and the active key (its private key from secret storage, read once per instance and key). */
  signing(): Promise<{ config: IdpConfig; signing: SigningKey }>;
  rotate(step: RotationStep): Promise<{ ok: true; config: IdpConfig } | { ok: false; reason: 'not-allowed' | 'conflict' }>;
  /** Drops this instance's copies (after another instance changed the keys). */
  forget(): void;
}
