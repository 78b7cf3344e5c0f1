/**
 * Two-step verification: the policy (off / optional / required for portal administrators / required for
 * everyone), what a customer has enrolled, and the step a sign-in needs after the password. Pure.
 */
export const TWO_STEP_POLICIES = ['off', 'optional', 'admins', 'everyone'] as const;
export type TwoStepPolicy = (typeof TWO_STEP_POLICIES)[number];

export interface TwoStepSettings {
  policy: TwoStepPolicy;
  methods: { totp: boolean; sms: boolean };
}

export const DEFAULT_TWO_STEP: TwoStepSettings = { policy: 'off', methods: { totp: true, sms: false } };

/** What a customer has enrolled (on the directory entry; secrets live in KVS secret storage under `ref`). */
export interface TwoStepState {
  totp?: { ref: string; since: number; lastStep: number };
  /** A mobile number for SMS PINs: the number itself is a KVS secret under `ref`; `masked` is for display. */
  sms?: { ref: string; since: number; masked: string };
  recovery?: { ref: string; since: number; total: number; used: number[] };
  /** Wrong codes in a row (reset by a right one); at CODE_FAILURES_LOCK the account locks like for passwords. */
  failures: number;
  /**
   * The wrong codes of the latest sign-in's code step (its stage `attempt`), counted in the same claim as
   * `failures` (issue 23 item 1): at CODE_ATTEMPTS_PER_SIGN_IN that sign-in is void, however the codes are timed.
   * `done`: its right code was accepted (issue 25), so no second code of that sign-in completes it (an SMS PIN
   * lives on the pending sign-in, which the right code's write does not condition on).
   */
  signIn?: { attempt: string; failures: number; done?: true };
}

/** What two-step verification reads of a directory entry (domain/customer.ts's `Customer` has both; no import, so no cycle). */
interface Enrolled {
  twoStep?: TwoStepState;
  portalAdmin?: boolean;
}

/** 5 wrong codes void the sign-in attempt (start again from the password). */
export const CODE_ATTEMPTS_PER_SIGN_IN = 5;
/** 10 wrong codes in a row lock the account like failed passwords do. */
export const CODE_FAILURES_LOCK = 10;

export const hasSecondFactor = (c: Pick<Enrolled, 'twoStep'>): boolean => Boolean(c.twoStep?.totp || c.twoStep?.sms);

export function isRequired(settings: TwoStepSettings, c: Pick<Enrolled, 'portalAdmin'>): boolean {
  return settings.policy === 'everyone' || (settings.policy === 'admins' && c.portalAdmin === true);
}

/** After a right password: nothing more, a code, or enrolment that cannot be skipped. */
export function stepAfterPassword(settings: TwoStepSettings, c: Pick<Enrolled, 'twoStep' | 'portalAdmin'>): 'done' | 'verify' | 'enrol' {
  if (settings.policy === 'off') return 'done';
  if (hasSecondFactor(c)) return 'verify';
  return isRequired(settings, c) && (settings.methods.totp || settings.methods.sms) ? 'enrol' : 'done';
}

export const recoveryCodesLeft = (c: Pick<Enrolled, 'twoStep'>): number => {
  const r = c.twoStep?.recovery;
  return r ? r.total - r.used.length : 0;
};

/** Two-step verification as the customer sees it: never a key, a hash or a reference. */
export interface TwoStepView {
  policy: TwoStepPolicy;
  /** Verification is required for this customer (everyone, or portal administrators and they are one): no removal. */
  required: boolean;
  /** The authenticator app may be added now (policy not off, the method allowed, none set up yet). */
  canAdd: boolean;
  /** Seconds since which the authenticator app is on; 0 = off. */
  totpSince: number;
  /** SMS may be added now (policy not off, the method allowed, no number yet). */
  canAddSms: boolean;
  /** The SMS method: the number only masked (`+49 ••• •••• 67`), never the number. */
  sms: { masked: string; since: number } | null;
  /** Recovery codes left of the current set, or null when there is none. */
  recovery: { left: number; total: number } | null;
}
