import { authnContextFor, type Factor } from './authn-context';
import type { Customer } from './customer';
import type { SmsPinRecord } from './factors/sms-pin';

/**
 * A sign-in under way (ory/kratos's self-service flow, here stored as the pending sign-in of
 * src/domain/saml/pending.ts): what kind it is, the factors it completed so far, and the step under way. What comes
 * next (`nextStep`) and the assurance it earns (`assurance`) are derived from it, never stored.
 */
export type SignInKind =
  /** The help center's SAML AuthnRequest: ends in the signed response to the configured ACS. */
  | { type: 'help-center' }
  /** An admin's test sign-in (`identifier` prefilled): ends in the report of what an SP would check, nothing sent. */
  | { type: 'test'; identifier: string }
  /** Two-step enrolment right after registration, where it is required: ends on the registration's done page. */
  | { type: 'enrolment' }
  /**
   * The app's own log-in page (`/login`): its second step, email code or passkey are the help center's pages and
   * rules; ends on that page's "You are logged in". `addPasskey`: reached from the profile's "Add a passkey".
   */
  | { type: 'login-page'; addPasskey?: true }
  /** Adding a passkey after a completed sign-in (`signedInAt`, at most 5 minutes before), from the offer or the profile. */
  | { type: 'passkey-add'; customerId: string; signedInAt: number; from: 'sign-in' | 'profile' };

export type SignInKindName = SignInKind['type'];

export interface SignInFlow {
  requestId: string;
  relayState: string;
  createdAt: number;
  expiresAt: number;
  used: boolean;
  kind: SignInKind;
  /** The factors completed so far, in order (a password or an email code, then a code; or a passkey). */
  factors: Factor[];
  /**
   * The browser that started it (help-center sign-ins): SHA-256 (base64url) of the random value of the
   * `pa_browser` cookie set with the start. Where the platform is known to pass cookies, a step whose cookie
   * does not match is refused (src/domain/saml/browser-binding.ts). Absent: not bound (started elsewhere).
   */
  browser?: string;
  /**
   * After the first factor, when a second step follows: whose account it is, which step (a code, enrolment that
   * cannot be skipped, or the recovery codes shown once), and the wrong codes so far. `attempt` names the TOTP key
   * being enrolled (a KVS secret) during this sign-in.
   */
  stage?: SecondStage;
  /**
   * "Email me a sign-in code" (issue 22): what was typed (the code's account is looked up off the request path)
   * and the tries in this sign-in (the account's own record counts them too; this count makes an unknown address
   * answer as a known one does). The code itself is only on the account, as a hash bound to this sign-in.
   */
  emailCode?: { identifier: string; tries: number; requestedAt: number };
  /**
   * Issue 22: the challenge of the passkey ceremony under way (a sign-in, or adding one): its SHA-256 only, and
   * until when it is good. Single use: the step that checks an answer removes it first (PendingSignIns.swap).
   */
  passkeyChallenge?: { hash: string; expiresAt: number };
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

/**
 * What the customer does next in a flow that is still valid: add the passkey (its own ceremony), the second step
 * (a code, enrolment, or confirming the recovery codes were saved), the emailed code, or choose a first factor
 * (password, passkey, or "Email me a sign-in code").
 */
export type NextStep =
  | { step: 'add-passkey' }
  | { step: 'second-factor'; stage: SecondStage['step'] }
  | { step: 'email-code'; identifier: string }
  | { step: 'first-factor' };

export function nextStep(flow: Pick<SignInFlow, 'kind' | 'stage' | 'emailCode'>): NextStep {
  if (flow.kind.type === 'passkey-add') return { step: 'add-passkey' };
  if (flow.stage) return { step: 'second-factor', stage: flow.stage.step };
  if (flow.emailCode) return { step: 'email-code', identifier: flow.emailCode.identifier };
  return { step: 'first-factor' };
}

/** Where a completed flow ends: the SAML response, the admin's report, the registration's done page, `/login`'s success. */
export type Ending = 'saml-response' | 'test-report' | 'registration-done' | 'login-page' | 'passkey-added';

export function endingOf(kind: SignInKind): Ending {
  switch (kind.type) {
    case 'help-center':
      return 'saml-response';
    case 'test':
      return 'test-report';
    case 'enrolment':
      return 'registration-done';
    case 'login-page':
      return 'login-page';
    case 'passkey-add':
      return 'passkey-added';
  }
}

/**
 * Only a flow that ends at the service provider is answered with a signed SAML response (the help center's, or the
 * test sign-in's report of one); every other kind ends where `endingOf` says, and a step that would end it otherwise
 * (e.g. the password form posted with the reference of adding a passkey) is refused as an unknown request.
 */
export function endsAtServiceProvider(kind: SignInKind): boolean {
  const ending = endingOf(kind);
  return ending === 'saml-response' || ending === 'test-report';
}

/**
 * Whether a first factor that completes the flow (no second step) finishes it in the same write as the account's
 * (issue 25): where it ends at a configured service provider (the response, the test report) or on the log-in page's
 * success. Every other kind finishes, or is refused, where `finish` says (src/flows/sign-in/respond.ts).
 */
export function finishesWithAccountWrite(kind: SignInKind, serviceProviderConfigured: boolean): boolean {
  return endingOf(kind) === 'login-page' || (endsAtServiceProvider(kind) && serviceProviderConfigured);
}

/** The SAML AuthnContextClassRef the flow has earned: derived from its completed factors (src/domain/authn-context.ts). */
export const assurance = (flow: Pick<SignInFlow, 'factors'>): string => authnContextFor(flow.factors);

/** The flow with one more factor completed (once each). */
export function completed<T extends Pick<SignInFlow, 'factors'>>(flow: T, factor: Factor): T {
  return flow.factors.includes(factor) ? flow : { ...flow, factors: [...flow.factors, factor] };
}

/** The second factor a code step completes: a recovery code, the SMS PIN, or the authenticator app's code. */
export function secondFactorOf(stage: Pick<SecondStage, 'method'>, recovery = false): Factor {
  return recovery ? 'recovery' : stage.method === 'sms' ? 'sms' : 'totp';
}

/** How the audit log names where a sign-in came from (`login.succeeded`'s `via`). */
export type SignInChannel = 'page' | 'sso' | 'test';

export function channelOf(kind: SignInKind): SignInChannel {
  return kind.type === 'test' ? 'test' : kind.type === 'login-page' ? 'page' : 'sso';
}

/** A passkey may sign in to this flow (not while adding one, nor in the enrolment after registration). */
export const acceptsPasskeySignIn = (kind: SignInKind): boolean => kind.type !== 'passkey-add' && kind.type !== 'enrolment';

/** The password step needs the identity provider configured (every kind but the app's own log-in page). */
export const needsIdentityProvider = (kind: SignInKind): boolean => kind.type !== 'login-page';

/**
 * The shape stored before the flow object (until December 2026): flags instead of a kind, the email code as the
 * first factor instead of the factor list. A sign-in under way during a deploy is still in KVS in this shape.
 */
export interface StoredBeforeFlow extends Omit<SignInFlow, 'kind' | 'factors'> {
  test?: { identifier: string };
  enrolOnly?: boolean;
  loginCheck?: boolean;
  firstFactor?: 'email-code';
  passkeyAdd?: { customerId: string; signedInAt: number; from: 'sign-in' | 'profile' };
  addPasskey?: boolean;
}

const isFlow = (stored: SignInFlow | StoredBeforeFlow): stored is SignInFlow => 'kind' in stored && stored.kind !== undefined;

/** A stored pending sign-in in either shape, as the flow object (pure: the older shape is converted on read). */
export function flowFromStored(stored: SignInFlow | StoredBeforeFlow): SignInFlow {
  if (isFlow(stored)) return stored;
  const { test, enrolOnly, loginCheck, firstFactor, passkeyAdd, addPasskey, ...rest } = stored;
  const kind: SignInKind = passkeyAdd
    ? { type: 'passkey-add', ...passkeyAdd }
    : test
      ? { type: 'test', identifier: test.identifier }
      : enrolOnly
        ? { type: 'enrolment' }
        : loginCheck
          ? { type: 'login-page', ...(addPasskey ? { addPasskey: true as const } : {}) }
          : { type: 'help-center' };
  // A second step was begun after the first factor only (the enrolment after registration has none); recovery codes
  // shown once mean the enrolled method was confirmed.
  const first: Factor[] = firstFactor === 'email-code' ? ['emailCode'] : rest.stage && !enrolOnly ? ['password'] : [];
  const factors = rest.stage?.step === 'codes' ? [...first, secondFactorOf(rest.stage)] : first;
  return { ...rest, kind, factors };
}
