import { CODE_ATTEMPTS_PER_SIGN_IN, CODE_FAILURES_LOCK, recoveryCodesLeft, type TwoStepState } from '../../domain/two-step';
import { type Customer } from '../../domain/customer';
import { checkTotp, newTotpSecret, normaliseCode } from '../../domain/factors/totp';
import { hashRecoveryCode, matchRecoveryCode, newRecoveryCodes, RECOVERY_CODES } from '../../domain/factors/recovery-codes';
import type { PendingSignIn, SecondStage } from '../../domain/saml/pending';
import { refusalOf } from '../login';
import { auditEvent, nowSec, type Deps } from '../deps';
import { queueRecoveryUsedNotice, queueTwoStepOnNotice } from '../two-step-notice';

/**
 * The second step of a sign-in, after the right password: a code from the authenticator app (or a recovery
 * code), or, where verification is required and none is set up, enrolment that cannot be skipped (the key,
 * one code to confirm it, then 10 recovery codes shown once). No scrypt here. 5 wrong codes void the
 * attempt (back to the password); 10 in a row lock the account like failed passwords.
 */
export type CodeOutcome =
  | { state: 'ok'; customer: Customer; via: 'totp' | 'recovery' }
  | { state: 'wrong'; left: number }
  | { state: 'voided' }
  | { state: 'locked' };

const ref = (deps: Deps) => deps.randomBytes(9).toString('base64url');

/** Starts the second step on the pending sign-in (written back). For enrolment, a new key is kept secret. */
export async function beginSecondStep(deps: Deps, reference: string, pending: PendingSignIn, customerId: string, step: 'verify' | 'enrol'): Promise<void> {
  const stage: SecondStage = { customerId, step, failures: 0, attempt: ref(deps) };
  if (step === 'enrol') await deps.factors.putEnrolment(stage.attempt, newTotpSecret());
  await deps.pendingSignIns.put(reference, { ...pending, stage });
}

/** The key being enrolled in this sign-in (for the QR code and the text key). */
export async function enrolmentKey(deps: Deps, stage: SecondStage): Promise<string | undefined> {
  return deps.factors.getEnrolment(stage.attempt);
}

/**
 * A wrong (or replayed) code, wherever it was typed (sign-in or a reset link): one more failure in a row on
 * the entry; at CODE_FAILURES_LOCK the account locks for the lockout time. True when it locked.
 */
export async function recordWrongCode(deps: Deps, customer: Customer, replayed: boolean, where: 'sign-in' | 'reset' | 'profile'): Promise<boolean> {
  const now = nowSec(deps);
  const settings = await deps.settings.load();
  const failures = (customer.twoStep?.failures ?? 0) + 1;
  const locks = failures >= CODE_FAILURES_LOCK;
  if (!customer.twoStep) return false;
  const next: Customer = {
    ...customer,
    twoStep: { ...customer.twoStep, failures: locks ? 0 : failures },
    lockedUntil: locks ? now + settings.lockout.minutes * 60 : customer.lockedUntil,
    rev: customer.rev + 1,
    updatedAt: now,
  };
  const actor = where === 'profile' ? 'customer' : 'anonymous';
  const events = [auditEvent(deps, customer.id, 'twostep.failed', actor, { attempt: failures, via: where, ...(replayed ? { replayed: true } : {}) })];
  if (locks) events.push(auditEvent(deps, customer.id, 'login.locked', 'system', { until: next.lockedUntil }));
  await deps.directory.update(next, { rev: customer.rev }, events);
  return locks;
}

/**
 * Checks a code against the customer's methods without writing: the app's code (each time step once) or,
 * with `recovery`, an unused recovery code. `next` is the state to store with the change it allows.
 */
export async function checkSecondFactor(deps: Deps, customer: Customer, input: { code: string; recovery: boolean }): Promise<{ ok: true; next: TwoStepState } | { ok: false; replayed: boolean }> {
  const state = customer.twoStep;
  if (!state) return { ok: false, replayed: false };
  if (input.recovery && state.recovery) {
    const hashes = (await deps.factors.getRecovery(customer.id, state.recovery.ref)) ?? [];
    const index = matchRecoveryCode(input.code.slice(0, 64), hashes, state.recovery.used);
    return index >= 0 ? { ok: true, next: { ...state, failures: 0, recovery: { ...state.recovery, used: [...state.recovery.used, index] } } } : { ok: false, replayed: false };
  }
  if (!input.recovery && state.totp) {
    const secret = await deps.factors.getTotp(customer.id, state.totp.ref);
    const check = secret ? await checkTotp(secret, normaliseCode(input.code.slice(0, 32)), nowSec(deps), state.totp.lastStep) : { ok: false as const, replayed: false };
    return check.ok ? { ok: true, next: { ...state, failures: 0, totp: { ...state.totp, lastStep: check.step } } } : check;
  }
  return { ok: false, replayed: false };
}

async function wrongCode(deps: Deps, reference: string, pending: PendingSignIn, customer: Customer, replayed: boolean): Promise<CodeOutcome> {
  const stage = pending.stage!;
  const locks = await recordWrongCode(deps, customer, replayed, 'sign-in');
  if (locks) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'locked' };
  }
  const attempts = stage.failures + 1;
  if (attempts >= CODE_ATTEMPTS_PER_SIGN_IN) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  await deps.pendingSignIns.put(reference, { ...pending, stage: { ...stage, failures: attempts } });
  return { state: 'wrong', left: CODE_ATTEMPTS_PER_SIGN_IN - attempts };
}

/** The code step: a TOTP code (each accepted once) or, with `recovery`, one of the recovery codes. */
export async function verifyCode(deps: Deps, reference: string, pending: PendingSignIn, input: { code: string; recovery: boolean }): Promise<CodeOutcome> {
  const stage = pending.stage!;
  const customer = await deps.directory.get(stage.customerId);
  const now = nowSec(deps);
  if (!customer || !customer.twoStep || refusalOf(customer, now)) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: customer && refusalOf(customer, now) === 'locked' ? 'locked' : 'voided' };
  }
  const check = await checkSecondFactor(deps, customer, input);
  if (!check.ok) return wrongCode(deps, reference, pending, customer, check.replayed);
  const next = check.next;
  const updated: Customer = { ...customer, twoStep: next, rev: customer.rev + 1, updatedAt: now };
  const events = input.recovery ? [recoveryUsedEvent(deps, customer.id, next)] : [];
  // Conditioned on the revision: of two submissions of one code, one wins; the other is a replay.
  if (!(await deps.directory.update(updated, { rev: customer.rev }, events))) return wrongCode(deps, reference, pending, (await deps.directory.get(customer.id)) ?? customer, true);
  // The customer is told by email (queued): a recovery code was used, and how many are left.
  if (input.recovery) await queueRecoveryUsedNotice(deps, customer.id, recoveryCodesLeft(updated));
  return { state: 'ok', customer: updated, via: input.recovery ? 'recovery' : 'totp' };
}

export type EnrolOutcome = { state: 'enrolled'; codes: string[] } | CodeOutcome;

/** Confirms the key being enrolled with one code; then it counts, with 10 new recovery codes (shown once). */
export async function confirmEnrolment(deps: Deps, reference: string, pending: PendingSignIn, code: string): Promise<EnrolOutcome> {
  const stage = pending.stage!;
  const customer = await deps.directory.get(stage.customerId);
  const now = nowSec(deps);
  const secret = await deps.factors.getEnrolment(stage.attempt);
  if (!customer || !secret || refusalOf(customer, now)) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  const check = await checkTotp(secret, normaliseCode(code.slice(0, 32)), now, 0);
  if (!check.ok) {
    const attempts = stage.failures + 1;
    if (attempts >= CODE_ATTEMPTS_PER_SIGN_IN) {
      await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
      return { state: 'voided' };
    }
    await deps.pendingSignIns.put(reference, { ...pending, stage: { ...stage, failures: attempts } });
    return { state: 'wrong', left: CODE_ATTEMPTS_PER_SIGN_IN - attempts };
  }
  const codes = await storeTotpMethod(deps, customer, secret, check.step, 'sign-in');
  if (!codes) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  await deps.factors.removeEnrolment(stage.attempt);
  await deps.pendingSignIns.put(reference, { ...pending, stage: { ...stage, step: 'codes' } });
  return { state: 'enrolled', codes };
}

/**
 * A confirmed key becomes the customer's authenticator-app method, with 10 new recovery codes (answered once,
 * stored only as hashes), in one write conditioned on the revision, audited `twostep.enrolled`. Undefined when
 * the entry changed meanwhile (the new secrets are deleted again). Shared by sign-in and the profile panel.
 */
export async function storeTotpMethod(deps: Deps, customer: Customer, secret: string, step: number, via: 'sign-in' | 'profile'): Promise<string[] | undefined> {
  const now = nowSec(deps);
  const codes = newRecoveryCodes(deps.randomBytes);
  const totpRef = ref(deps);
  const recoveryRef = ref(deps);
  await deps.factors.putTotp(customer.id, totpRef, secret);
  await deps.factors.putRecovery(customer.id, recoveryRef, codes.map(hashRecoveryCode));
  const updated: Customer = {
    ...customer,
    twoStep: { totp: { ref: totpRef, since: now, lastStep: step }, recovery: { ref: recoveryRef, since: now, total: codes.length, used: [] }, failures: 0 },
    rev: customer.rev + 1,
    updatedAt: now,
  };
  const detail: Record<string, string> = via === 'profile' ? { method: 'totp', via } : { method: 'totp' };
  if (!(await deps.directory.update(updated, { rev: customer.rev }, [auditEvent(deps, customer.id, 'twostep.enrolled', 'customer', detail)]))) {
    await deps.factors.remove(customer.id, { totp: totpRef, recovery: recoveryRef });
    return undefined;
  }
  // "Two-step verification was turned on", queued (sign-in and profile alike: wherever `twostep.enrolled` is).
  await queueTwoStepOnNotice(deps, customer.id, 'totp');
  return codes;
}

export const recoveryUsedEvent = (deps: Deps, customerId: string, state: TwoStepState) =>
  auditEvent(deps, customerId, 'twostep.recovery-used', 'customer', { left: RECOVERY_CODES - (state.recovery?.used.length ?? 0) });
