import type { Criterion, PasswordPolicy } from '../domain/password-policy';
import type { TwoStepView } from '../domain/two-step';

/**
 * The customer profile panel's contract ("Sign-in and security", module `profile-panel`, function
 * `profile`), imported by the backend resolver and by the Custom UI (static/profile). The caller is the
 * signed-in customer as the platform names them; no key takes an account, customer id or email from the
 * page. Nothing here carries a hash, secret reference or link.
 */
/** Two-step verification as the customer sees it (defined in domain/two-step.ts, where the flow builds it). */
export type { TwoStepView };

export const PROFILE_KEYS = [
  'profile/get',
  'profile/change-password',
  'profile/two-step/start',
  'profile/two-step/confirm',
  'profile/two-step/remove',
  'profile/two-step/recovery-codes',
  'profile/two-step/sms/start',
  'profile/two-step/sms/resend',
  'profile/two-step/sms/confirm',
  'profile/two-step/sms/code',
  'profile/data',
  'profile/passkeys/rename',
  'profile/passkeys/remove',
] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];

export type SignInOutcome = 'succeeded' | 'failed' | 'refused';

export interface SignInEntry {
  id: string;
  /** Seconds since the epoch. */
  at: number;
  outcome: SignInOutcome;
}

/** Everything the page's live criteria list needs to check as the server does. */
export interface PolicyView {
  policy: PasswordPolicy;
  /** Lowercased parts the password must not contain (username, email local part) when the policy blocks them. */
  personal: string[];
  /** The common passwords at least `policy.minLength` long (small: most common ones are shorter), or null when too many to ship. */
  common: string[] | null;
}

export interface ProfileData {
  displayName: string;
  username: string;
  email: string;
  /** The customer's email language (en, de or an added one; '' = not known). */
  locale: string;
  /** Seconds; 0 = never. */
  passwordChangedAt: number;
  /** Up to 10 sign-ins (succeeded, failed, refused), newest first. */
  signIns: SignInEntry[];
  /** False for an entry that never set a password (invited): the form is not offered. */
  canChangePassword: boolean;
  /** Seconds; non-zero while the account is locked after failed sign-ins. */
  lockedUntil: number;
  password: PolicyView;
  twoStep: TwoStepView;
  /** Issue 22: the customer's passkeys (never a key), and where to add one (null: not offered now). */
  passkeys: PasskeysView;
}

export interface PasskeysView {
  list: { id: string; name: string; createdAt: number; lastUsedAt: number }[];
  max: number;
  /**
   * The customer pages' log-in with "Add a passkey" after it (the ceremony runs on their own origin); null when
   * passkeys are off, impossible on this host, or the limit is reached.
   */
  addUrl: string | null;
}
export interface PasskeyRenamePayload {
  id: string;
  name: string;
}
export interface PasskeyRemovePayload {
  id: string;
}

/** The key being added, for the QR code and for typing; answered only while it is not yet confirmed. */
export interface TwoStepEnrolment {
  /** Base32, in groups of four separated by spaces. */
  key: string;
  issuer: string;
  account: string;
  /** The otpauth URI's QR code (error correction M) as modules: `rows[y][x]` true = dark; no quiet zone. */
  qr: { size: number; rows: boolean[][] };
}

/** Recovery codes, answered once (with the fresh profile). */
export interface TwoStepCodes {
  codes: string[];
  profile: ProfileData;
}

export interface TwoStepConfirmPayload {
  code: string;
}
export interface TwoStepRemovePayload {
  password: string;
  code: string;
  /** `code` is a recovery code. */
  recovery?: boolean;
  /** The method to remove (the authenticator app when absent). */
  method?: 'totp' | 'sms';
}
/** Adding SMS: the mobile number; where another method is on, also the current password and a current code. */
export interface SmsStartPayload {
  phone: string;
  password?: string;
  code?: string;
  recovery?: boolean;
}
/** A PIN went out: to this number, masked. */
export interface SmsSent {
  masked: string;
}
export interface TwoStepRecoveryPayload {
  code: string;
  recovery?: boolean;
}

export interface ChangePasswordPayload {
  current: string;
  password: string;
  confirm: string;
}

export type ProfileErrorCode =
  /** No signed-in customer, or the caller is not who the platform says (agents and admins have no entry: not-found). */
  | 'forbidden'
  /** The caller's account has no directory entry (neither linked nor by their email). */
  | 'not-found'
  | 'invalid-input'
  /** The current password is wrong (counted toward the lockout). */
  | 'wrong-password'
  /** The new password fails the policy: `criteria` says which criterion. */
  | 'rejected'
  /** New password and confirmation differ. */
  | 'mismatch'
  /** Locked after failed sign-ins: `until` (seconds). */
  | 'locked'
  | 'disabled'
  /** The entry has no password yet (invited, never registered). */
  | 'wrong-state'
  /** Too many attempts on this account in the window. */
  | 'too-many'
  /** Two-step: the policy is off or does not allow the method, it is already set up (add), or none is (remove, new codes). */
  | 'not-allowed'
  /** Two-step: verification is required for this customer, so the method cannot be removed. */
  | 'required'
  /** Two-step: no setup in progress (never started, an hour passed, or 5 wrong codes ended it): start again. */
  | 'expired'
  /** Two-step: the code (or recovery code) is wrong or was used already; `left` = tries left for this setup. */
  | 'wrong-code'
  /** SMS: the account's 5 SMS per hour or the site's daily SMS cap is reached; nothing was sent. */
  | 'sms-limit'
  | 'internal';

export type ProfileFailure = { ok: false; error: ProfileErrorCode; field?: string; criteria?: Criterion[]; until?: number; left?: number };
export type ProfileResult<T> = { ok: true; data: T } | ProfileFailure;

export type ProfileAnswer = {
  'profile/get': ProfileResult<ProfileData>;
  /** On success the fresh profile (new "password changed" time, sign-ins). */
  'profile/change-password': ProfileResult<ProfileData>;
  /** A new key to add the authenticator app (replaces one not yet confirmed); `{password, code, recovery?}` where SMS is on. */
  'profile/two-step/start': ProfileResult<TwoStepEnrolment>;
  /** `{code}`: the method is on; the 10 new recovery codes, once. */
  'profile/two-step/confirm': ProfileResult<TwoStepCodes>;
  /** `{password, code, recovery?}`: the method and its recovery codes are gone. */
  'profile/two-step/remove': ProfileResult<ProfileData>;
  /** `{code, recovery?}`: a new set of recovery codes, once; the old set no longer works. */
  'profile/two-step/recovery-codes': ProfileResult<TwoStepCodes>;
  /** `{phone, password?, code?, recovery?}`: a PIN to the number (invalid-input with field `phone` for a bad one). */
  'profile/two-step/sms/start': ProfileResult<SmsSent>;
  /** "Send a new code" for the number being added (the failure count stays). */
  'profile/two-step/sms/resend': ProfileResult<SmsSent>;
  /** `{code}`: SMS is on; 10 new recovery codes when it is the first method, else none (`codes` empty). */
  'profile/two-step/sms/confirm': ProfileResult<TwoStepCodes>;
  /** "Send a code" to the customer's own number, as the current code for a change. */
  'profile/two-step/sms/code': ProfileResult<SmsSent>;
  /** "Download my data" (issue 24): everything the app holds about the caller, as JSON (src/flows/customer-data.ts). */
  'profile/data': ProfileResult<import('../flows/customer-data').CustomerData>;
  /** `{id, name}`: the passkey's new name (1–64 characters; invalid-input otherwise); the fresh profile. */
  'profile/passkeys/rename': ProfileResult<ProfileData>;
  /** `{id}`: the passkey is gone (audited, mailed); the fresh profile. */
  'profile/passkeys/remove': ProfileResult<ProfileData>;
};
