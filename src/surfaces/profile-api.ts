import type { Criterion, PasswordPolicy } from '../domain/password-policy';

/**
 * The customer profile panel's contract ("Sign-in and security", module `profile-panel`, function
 * `profile`), imported by the backend resolver and by the Custom UI (static/profile). The caller is the
 * signed-in customer as the platform names them; no key takes an account, customer id or email from the
 * page. Nothing here carries a hash, secret reference or link.
 */
export const PROFILE_KEYS = ['profile/get', 'profile/change-password'] as const;
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
  | 'internal';

export type ProfileFailure = { ok: false; error: ProfileErrorCode; field?: string; criteria?: Criterion[]; until?: number };
export type ProfileResult<T> = { ok: true; data: T } | ProfileFailure;

export type ProfileAnswer = {
  'profile/get': ProfileResult<ProfileData>;
  /** On success the fresh profile (new "password changed" time, sign-ins). */
  'profile/change-password': ProfileResult<ProfileData>;
};
