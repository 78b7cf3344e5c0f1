import type { Customer } from '../domain/customer';
import { hashRecoveryCode, newRecoveryCodes } from '../domain/factors/recovery-codes';
import { refusalOf } from '../domain/sign-in-failures';
import { checkTotp, newTotpSecret, normaliseCode, otpauthUri } from '../domain/factors/totp';
import type { Settings } from '../domain/settings';
import { checkPin } from '../domain/factors/sms-pin';
import { isRequired, recoveryCodesLeft, type TwoStepState, type TwoStepView } from '../domain/two-step';
import { allowClient } from './client-limit';
import { checkPasswordCounted, claimCodeAttempt, claimEnrolmentCode, type EnrolCodeClaim } from './account-claims';
import { auditEvent, nowSec, type Deps } from './deps';
import { checkSecondFactor } from './factors/second-factor';
import { enrolmentSecretKey, recoveryUsedEvent, storeTotpMethod } from './factors/methods';
import { isMalformedPin } from './factors/pin';
import { afterWrongCode } from '../domain/code-attempts';
import { queueRecoveryCodesNotice, queueTwoStepOffNotice } from './two-step-notice';

/**
 * Two-step verification from the customer's profile panel (issue 11, item 5), for a caller already matched
 * to `customer` from the platform's account id:
 * - add the authenticator app (policy optional or required, the method allowed, none yet): a new key kept as
 *   an enrolment secret; which attempt it is stays server-side, keyed by the customer (one hour), so the page
 *   never names one; one right code stores the method and 10 new recovery codes (shown once);
 * - remove a method (`removeMethod`: the app or SMS): the current password (one scrypt) and a current code (the
 *   app's, a recovery code, or a PIN sent to the number); the last method is refused while the policy requires
 *   verification for this customer, and takes the recovery codes along;
 * - create new recovery codes: a current code; the old set dies.
 * Each change is told by email (queued after it is stored: turned on, turned off, new recovery codes).
 * Every code is claimed toward the lock before it is checked, as at sign-in (issue 23 item 1: checkCurrentCode);
 * a locked or disabled account is refused
 * before anything is checked; at most `loginPerClient` attempts per account and window (no hash before it).
 */
export type TwoStepRefusal =
  | { state: 'locked'; until: number }
  | { state: 'disabled' }
  | { state: 'wrong-state' }
  | { state: 'too-many' }
  /** Off by policy, the method not allowed, already set up (add) or nothing set up (remove, new codes). */
  | { state: 'not-allowed' }
  /** Removal refused: verification is required for this customer. */
  | { state: 'required' }
  /** No setup in progress: never started, an hour passed, or 5 wrong codes voided it. */
  | { state: 'expired' }
  | { state: 'wrong-code'; left?: number }
  | { state: 'wrong-password' }
  /** Somebody else changed the entry meanwhile (nothing of ours was kept). */
  | { state: 'conflict' };

export type StartOutcome = { state: 'started'; secret: string; uri: string; account: string; issuer: string } | TwoStepRefusal;
export type CodesOutcome = { state: 'done'; codes: string[] } | TwoStepRefusal;
export type RemoveOutcome = { state: 'done' } | TwoStepRefusal;

/** An enrolment started in the panel lives this long (as its secret's TTL). */
const ENROLMENT_SEC = 3600;
const SCOPE = 'two-step';

export function twoStepView(settings: Settings, customer: Customer): TwoStepView {
  const policy = settings.twoStep.policy;
  const totp = customer.twoStep?.totp;
  const sms = customer.twoStep?.sms;
  const recovery = customer.twoStep?.recovery;
  return {
    policy,
    required: policy !== 'off' && isRequired(settings.twoStep, customer),
    canAdd: policy !== 'off' && settings.twoStep.methods.totp && !totp,
    totpSince: totp?.since ?? 0,
    canAddSms: policy !== 'off' && settings.twoStep.methods.sms && !sms,
    sms: sms ? { masked: sms.masked, since: sms.since } : null,
    recovery: recovery ? { left: recoveryCodesLeft(customer), total: recovery.total } : null,
  };
}

const ref = (deps: Deps) => deps.randomBytes(9).toString('base64url');

/** A new enrolment attempt for the customer, replacing one started and not confirmed (its enrolment secret removed). */
export async function replaceEnrolment(deps: Deps, customerId: string): Promise<string> {
  const previous = await deps.factors.getProfileEnrolment(customerId);
  if (previous) await deps.factors.removeEnrolment(enrolmentSecretKey(previous));
  return ref(deps);
}

/** The same refusals as a sign-in, then the attempt limit: no check, hash or write before them. */
export async function admit(deps: Deps, customer: Customer, settings: Settings): Promise<TwoStepRefusal | undefined> {
  const refused = refusalOf(customer, nowSec(deps));
  if (refused === 'disabled') return { state: 'disabled' };
  if (refused === 'not-registered') return { state: 'wrong-state' };
  if (refused === 'locked') return { state: 'locked', until: customer.lockedUntil };
  if (!(await allowClient(deps, SCOPE, `account:${customer.id}`, settings.limits.loginPerClient))) return { state: 'too-many' };
  return undefined;
}

/** Starts adding the authenticator app: a new key (replacing one not yet confirmed). */
export async function startTotpEnrolment(deps: Deps, customer: Customer, proof: Proof = {}): Promise<StartOutcome> {
  const settings = await deps.settings.load();
  if (!twoStepView(settings, customer).canAdd) return { state: 'not-allowed' };
  const refused = await admit(deps, customer, settings);
  if (refused) return refused;
  // Adding a method where another is on: it is them (the current password and a current code).
  if (customer.twoStep?.sms) {
    const proven = await proveIdentity(deps, customer, settings, proof);
    if (proven) return proven;
  }
  const attempt = await replaceEnrolment(deps, customer.id);
  const secret = newTotpSecret();
  await deps.factors.putEnrolment(attempt, secret);
  await deps.factors.putProfileEnrolment(customer.id, { attempt, at: nowSec(deps), failures: 0 });
  const issuer = settings.branding.portalName;
  return { state: 'started', secret, uri: otpauthUri({ issuer, account: customer.username, secret }), account: customer.username, issuer };
}

/** The current password and a current code, asked before a method is added where another one is on. */
export interface Proof {
  password?: string;
  code?: string;
  recovery?: boolean;
}

/**
 * Checks a proof: the code first (no scrypt for a wrong one; counted toward the lock), then the password (one
 * scrypt, counted like a failed sign-in); the code is used up at once (a replay fails). Undefined when it holds.
 */
export async function proveIdentity(deps: Deps, customer: Customer, settings: Settings, proof: Proof): Promise<TwoStepRefusal | undefined> {
  const recovery = proof.recovery === true;
  const checked = await checkCurrentCode(deps, customer, { code: proof.code ?? '', recovery });
  if (!('ok' in checked)) return checked;
  // Counted before its hash (issue 23 item 1), from the entry as the code's claim left it; the write below
  // starts from the entry as settled, with the code used.
  const password = await checkPasswordCounted(deps, checked.entry, proof.password ?? '', settings.lockout, nowSec(deps));
  if (!password.ok) return password.until ? { state: 'locked', until: password.until } : { state: 'wrong-password' };
  const settled = password.entry;
  const used: Customer = { ...settled, twoStep: checked.next ?? settled.twoStep, rev: settled.rev + 1, updatedAt: nowSec(deps) };
  const events = recovery && used.twoStep ? [recoveryUsedEvent(deps, customer.id, used.twoStep)] : [];
  if (!(await deps.directory.update(used, { rev: settled.rev }, events))) return { state: 'conflict' };
  return undefined;
}

/** Confirms the key being added with one code: the method and 10 new recovery codes (answered once). */
export async function confirmTotpEnrolment(deps: Deps, customer: Customer, input: { code: string }): Promise<CodesOutcome> {
  const settings = await deps.settings.load();
  if (!twoStepView(settings, customer).canAdd) return { state: 'not-allowed' };
  const refused = await admit(deps, customer, settings);
  if (refused) return refused;
  const now = nowSec(deps);
  const enrolment = await deps.factors.getProfileEnrolment(customer.id);
  const secret = enrolment && now - enrolment.at < ENROLMENT_SEC ? await deps.factors.getEnrolment(enrolment.attempt) : undefined;
  if (!enrolment || !secret) return { state: 'expired' };
  // Claimed on the entry before the check (issue 23 item 1): a burst of wrong codes checks at most 5.
  const claimed = await claimEnrolmentCode(deps, customer, enrolment.attempt, enrolment.failures, now);
  const check = claimed.state === 'claimed' ? await checkTotp(secret, normaliseCode(input.code.slice(0, 32)), now, 0) : undefined;
  if (claimed.state !== 'claimed' || !check?.ok) {
    if (claimed.state !== 'claimed' && claimed.reason !== 'void') return enrolRefusal(claimed);
    // The enrolment's attempt was already void, or this wrong code is its fifth (src/domain/code-attempts.ts).
    const failures = claimed.state === 'claimed' ? claimed.inAttempt : 0;
    const verdict = afterWrongCode(failures, { voids: claimed.state !== 'claimed' });
    if (verdict.state === 'void') {
      await deps.factors.removeEnrolment(enrolment.attempt);
      await deps.factors.removeProfileEnrolment(customer.id);
      return { state: 'expired' };
    }
    await deps.factors.putProfileEnrolment(customer.id, { ...enrolment, failures });
    return { state: 'wrong-code', left: verdict.left };
  }
  const codes = await storeTotpMethod(deps, claimed.entry, secret, check.step, 'profile');
  if (!codes) return { state: 'conflict' };
  await deps.factors.removeEnrolment(enrolment.attempt);
  await deps.factors.removeProfileEnrolment(customer.id);
  return { state: 'done', codes };
}

/** Why an enrolment's code claim refused (its enrolment void aside). */
export function enrolRefusal(claimed: Extract<EnrolCodeClaim, { state: 'refused' }>): TwoStepRefusal {
  if (claimed.reason === 'locked') return { state: 'locked', until: claimed.entry?.lockedUntil ?? 0 };
  if (claimed.reason === 'disabled') return { state: 'disabled' };
  return claimed.reason === 'contended' ? { state: 'conflict' } : { state: 'wrong-state' };
}

/** New recovery codes for a current code (or a recovery code); the old set dies. */
export async function renewRecoveryCodes(deps: Deps, customer: Customer, input: { code: string; recovery: boolean }): Promise<CodesOutcome> {
  const settings = await deps.settings.load();
  if (!customer.twoStep?.totp && !customer.twoStep?.sms) return { state: 'not-allowed' };
  const refused = await admit(deps, customer, settings);
  if (refused) return refused;
  const check = await checkCurrentCode(deps, customer, input);
  if (!('ok' in check)) return check;
  const entry = check.entry;
  const state = check.next ?? entry.twoStep ?? customer.twoStep;
  const now = nowSec(deps);
  const codes = newRecoveryCodes(deps.randomBytes);
  const recoveryRef = ref(deps);
  await deps.factors.putRecovery(customer.id, recoveryRef, codes.map(hashRecoveryCode));
  const next: Customer = {
    ...entry,
    twoStep: { ...state, recovery: { ref: recoveryRef, since: now, total: codes.length, used: [] } },
    rev: entry.rev + 1,
    updatedAt: now,
  };
  const event = auditEvent(deps, customer.id, 'twostep.recovery-created', 'customer', { total: codes.length, via: input.recovery ? 'recovery' : customer.twoStep.totp ? 'totp' : 'sms' });
  if (!(await deps.directory.update(next, { rev: entry.rev }, [event]))) {
    await deps.factors.remove(customer.id, { recovery: recoveryRef });
    return { state: 'conflict' };
  }
  const old = customer.twoStep?.recovery?.ref;
  if (old) {
    try {
      await deps.factors.remove(customer.id, { recovery: old });
    } catch (error) {
      deps.log.error('recovery codes: old set not deleted', { code: String((error as { code?: string | number })?.code ?? 'unknown') });
    }
  }
  await queueRecoveryCodesNotice(deps, customer.id, codes.length);
  return { state: 'done', codes };
}

/**
 * The current code for a change: a recovery code, else the app's code where it is on, else a PIN sent with
 * "Send a code" (kept as `check` on the customer's profile record). The attempt is claimed toward the lock before
 * the code is checked (issue 23 item 1: a burst of wrong codes checks at most the lock's 10, the rest are refused
 * as locked). When right: `entry` as the claim stored it, with the failures forgotten (a lock this very attempt
 * set lifted) in memory only, and `next` (the used time step or recovery code), for the caller's write
 * (conditioned on the entry's revision) to store with the change it allows.
 */
export async function checkCurrentCode(
  deps: Deps,
  customer: Customer,
  input: { code: string; recovery: boolean },
): Promise<{ ok: true; entry: Customer; next?: TwoStepState } | TwoStepRefusal> {
  const state = customer.twoStep;
  const byPin = !(input.recovery || state?.totp || !state?.sms);
  const now = nowSec(deps);
  // Something that is not a PIN at all is refused without counting.
  if (byPin && isMalformedPin(input.code.slice(0, 32), now)) return { state: 'wrong-code' };
  const settings = await deps.settings.load();
  const claimed = await claimCodeAttempt(deps, customer, settings.lockout, now);
  if (claimed.state !== 'claimed') {
    if (claimed.reason === 'locked') return { state: 'locked', until: claimed.entry?.lockedUntil ?? 0 };
    if (claimed.reason === 'disabled') return { state: 'disabled' };
    return claimed.reason === 'no-factor' ? { state: 'not-allowed' } : claimed.reason === 'contended' ? { state: 'conflict' } : { state: 'wrong-state' };
  }
  // Checked against the entry as it was before this claim (the claim counted one more failure).
  const before = claimed.before;
  let next: TwoStepState | undefined;
  let wrong: { replayed: boolean; voided: boolean } | undefined;
  if (!byPin) {
    const check = await checkSecondFactor(deps, before, input);
    if (check.ok) next = check.next;
    else wrong = { replayed: check.replayed, voided: false };
  } else {
    const record = await deps.factors.getProfileEnrolment(customer.id);
    const result = checkPin(record?.check, record?.check?.attempt ?? '', input.code.slice(0, 32), now);
    if (record && (result.ok || result.record)) await deps.factors.putProfileEnrolment(customer.id, { ...record, check: result.record });
    if (!result.ok) wrong = { replayed: result.reason === 'used', voided: result.reason === 'void' };
  }
  if (wrong) {
    const events = [auditEvent(deps, customer.id, 'twostep.failed', 'customer', { attempt: claimed.attempt, via: 'profile', ...(wrong.replayed ? { replayed: true } : {}) })];
    if (claimed.locks) events.push(auditEvent(deps, customer.id, 'login.locked', 'system', { until: claimed.entry.lockedUntil }));
    await deps.directory.appendAudit(events);
    if (claimed.locks) return { state: 'locked', until: claimed.entry.lockedUntil };
    return wrong.voided ? { state: 'expired' } : { state: 'wrong-code' };
  }
  const lockedUntil = claimed.locks ? before.lockedUntil : claimed.entry.lockedUntil;
  return { ok: true, next, entry: { ...claimed.entry, twoStep: { ...claimed.entry.twoStep!, failures: 0 }, lockedUntil } };
}

/**
 * Removes a method (`sms` or `totp`): the current password and a current code. Another method stays on with the
 * recovery codes; the last one takes them along, and is refused while verification is required.
 */
export async function removeMethod(deps: Deps, customer: Customer, method: 'sms' | 'totp', input: { password: string; code: string; recovery: boolean }): Promise<RemoveOutcome> {
  const settings = await deps.settings.load();
  const state = customer.twoStep;
  if (!state?.[method]) return { state: 'not-allowed' };
  const other = method === 'sms' ? state.totp : state.sms;
  if (!other && twoStepView(settings, customer).required) return { state: 'required' };
  const refused = await admit(deps, customer, settings);
  if (refused) return refused;
  // The code first: it costs no scrypt, and a wrong one counts toward the lock.
  const proof = await checkCurrentCode(deps, customer, input);
  if (!('ok' in proof)) return proof;
  const now = nowSec(deps);
  // Counted before its hash (issue 23 item 1); the write below starts from the entry as settled.
  const password = await checkPasswordCounted(deps, proof.entry, input.password, settings.lockout, now);
  if (!password.ok) return password.until ? { state: 'locked', until: password.until } : { state: 'wrong-password' };
  const settled = password.entry;
  const current = proof.next ?? settled.twoStep ?? state;
  const { twoStep: _dropped, ...rest } = settled;
  const { [method]: removed, ...kept } = current;
  const next: Customer = other ? { ...settled, twoStep: kept, rev: settled.rev + 1, updatedAt: now } : { ...rest, rev: settled.rev + 1, updatedAt: now };
  const methods = [method, other ? '' : current.recovery ? 'recovery' : ''].filter(Boolean).join(',');
  const events = [auditEvent(deps, customer.id, 'twostep.removed', 'customer', { methods, via: input.recovery ? 'recovery' : current.totp ? 'totp' : 'sms' })];
  if (input.recovery && other) events.push(recoveryUsedEvent(deps, customer.id, current));
  if (!(await deps.directory.update(next, { rev: settled.rev }, events))) return { state: 'conflict' };
  try {
    await deps.factors.remove(customer.id, { [method]: removed?.ref, ...(other ? {} : { recovery: current.recovery?.ref }) });
  } catch (error) {
    deps.log.error('two-step removal: secrets not deleted', { code: String((error as { code?: string | number })?.code ?? 'unknown') });
  }
  await queueTwoStepOffNotice(deps, customer.id, method);
  return { state: 'done' };
}
