import { CODE_ATTEMPTS_PER_SIGN_IN, recoveryCodesLeft, type TwoStepState } from '../../domain/two-step';
import { type Customer } from '../../domain/customer';
import { checkTotp, newTotpSecret, normaliseCode } from '../../domain/factors/totp';
import { refusalOf } from '../../domain/sign-in-failures';
import { hashRecoveryCode, matchRecoveryCode, newRecoveryCodes } from '../../domain/factors/recovery-codes';
import type { PendingSignIn, SecondStage } from '../../domain/saml/pending';
import { channelOf, signedIn, type SignInChannel } from '../login';
import { auditEvent, nowSec, type Deps } from '../deps';
import { queueRecoveryUsedNotice, queueTwoStepOnNotice } from '../two-step-notice';
import { checkPin } from '../../domain/factors/sms-pin';
import { recoveryUsedEvent, wrongCode, type CodeOutcome, type EnrolOutcome } from './code-outcomes';
import { checkSignInPin, confirmSmsEnrolment, sendSignInPin } from './sms-step';

/**
 * The second step of a sign-in, after the right password: a code from the authenticator app (or a recovery
 * code), or, where verification is required and none is set up, enrolment that cannot be skipped (the key,
 * one code to confirm it, then 10 recovery codes shown once). No scrypt here. 5 wrong codes void the
 * attempt (back to the password); 10 in a row lock the account like failed passwords. SMS PINs: ./sms-step.ts;
 * what a code leads to (outcomes, wrong codes counted): ./code-outcomes.ts.
 */
const ref = (deps: Deps) => deps.randomBytes(9).toString('base64url');

/**
 * Starts the second step on the pending sign-in (written back). For enrolment, a new key is kept secret.
 * `entry`: the directory entry as the password step stored it, kept on the stage so the code step need not
 * read it again (its write is conditioned on that revision).
 */
export async function beginSecondStep(deps: Deps, reference: string, pending: PendingSignIn, customer: Pick<Customer, 'id' | 'twoStep'>, step: 'verify' | 'enrol', entry?: Customer): Promise<void> {
  const settings = await deps.settings.load();
  // The authenticator app where the customer has it (verify) or it is allowed (enrol); else SMS.
  const method = step === 'verify' ? (customer.twoStep?.totp ? 'totp' : 'sms') : settings.twoStep.methods.totp ? 'totp' : 'sms';
  const stage: SecondStage = { customerId: customer.id, step, failures: 0, attempt: ref(deps), method, ...(step === 'verify' && entry?.id === customer.id ? { entry } : {}) };
  if (step === 'enrol' && method === 'totp') await deps.factors.putEnrolment(stage.attempt, newTotpSecret());
  await deps.pendingSignIns.put(reference, { ...pending, stage });
  if (step === 'verify' && method === 'sms') await sendSignInPin(deps, reference, { ...pending, stage });
}

/** The key being enrolled in this sign-in (for the QR code and the text key). */
export async function enrolmentKey(deps: Deps, stage: SecondStage): Promise<string | undefined> {
  return deps.factors.getEnrolment(stage.attempt);
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

/**
 * The code step: a TOTP code (each accepted once) or, with `recovery`, one of the recovery codes, or the SMS PIN.
 * On success the entry (conditioned on its revision) and the pending sign-in marked used are one transaction.
 * It starts from the entry the password step stored (on the stage): pending get, secret get, transaction —
 * three KVS operations. Whenever that copy could be out of date (a conflict, a refusal, a wrong code), nothing
 * is decided on it: the pending sign-in and the entry are read again and the step runs on them.
 */
export async function verifyCode(deps: Deps, reference: string, pending: PendingSignIn, input: { code: string; recovery: boolean }): Promise<CodeOutcome> {
  const copy = pending.stage!.entry?.id === pending.stage!.customerId ? pending.stage!.entry : undefined;
  if (copy) {
    const outcome = await verifyAgainst(deps, reference, pending, copy, input, true);
    if (outcome !== 'stale') return outcome;
    const fresh = await deps.pendingSignIns.get(reference);
    if (!fresh?.stage || fresh.used || fresh.stage.step !== 'verify' || fresh.stage.customerId !== pending.stage!.customerId) return { state: 'voided' };
    // From here on the stage carries no copy (whatever is written back), so later codes read the entry.
    pending = { ...fresh, stage: { ...fresh.stage, entry: undefined } };
  }
  const outcome = await verifyAgainst(deps, reference, pending, await deps.directory.get(pending.stage!.customerId), input, false);
  return outcome === 'stale' ? { state: 'voided' } : outcome;
}

async function verifyAgainst(deps: Deps, reference: string, pending: PendingSignIn, customer: Customer | undefined, input: { code: string; recovery: boolean }, fromCopy: boolean): Promise<CodeOutcome | 'stale'> {
  const stage = pending.stage!;
  const now = nowSec(deps);
  if (!customer || !customer.twoStep || refusalOf(customer, now)) {
    if (fromCopy) return 'stale';
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: customer && refusalOf(customer, now) === 'locked' ? 'locked' : 'voided' };
  }
  let next: TwoStepState;
  let pin = stage.pin;
  if (stage.method === 'sms' && !input.recovery) {
    const checked = fromCopy ? checkPin(stage.pin, stage.attempt, input.code.slice(0, 32), now) : undefined;
    if (checked && !checked.ok) return checked.reason === 'malformed' ? { state: 'wrong', left: CODE_ATTEMPTS_PER_SIGN_IN - stage.failures } : 'stale';
    if (checked?.ok) pin = checked.record;
    else {
      const result = await checkSignInPin(deps, reference, pending, customer, input.code);
      if (!('ok' in result)) return result;
      pin = result.record;
    }
    next = { ...customer.twoStep, failures: 0 };
  } else {
    const check = await checkSecondFactor(deps, customer, input);
    if (!check.ok) return fromCopy ? 'stale' : wrongCode(deps, reference, pending, customer, check.replayed);
    next = check.next;
  }
  // The second factor completes the sign-in: recorded here, in the same write (src/flows/login.ts).
  const done = signedIn(deps, customer, now, channelOf(pending), input.recovery ? 'recovery' : stage.method === 'sms' ? 'sms' : 'totp');
  const updated: Customer = { ...customer, ...done.changes, twoStep: next, rev: customer.rev + 1, updatedAt: now };
  const events = input.recovery ? [done.event, recoveryUsedEvent(deps, customer.id, next)] : [done.event];
  const consumed: PendingSignIn = { ...pending, used: true, stage: { ...stage, entry: undefined, ...(pin ? { pin } : {}) } };
  // Conditioned on the revision: of two submissions of one code, one wins; the other is a replay.
  if (!(await deps.directory.update(updated, { rev: customer.rev }, events, [deps.pendingSignIns.asWrite(reference, consumed)]))) {
    if (fromCopy) return 'stale';
    return wrongCode(deps, reference, pending, (await deps.directory.get(customer.id)) ?? customer, true);
  }
  // The customer is told by email (queued): a recovery code was used, and how many are left.
  if (input.recovery) await queueRecoveryUsedNotice(deps, customer.id, recoveryCodesLeft(updated));
  return { state: 'ok', customer: updated, via: input.recovery ? 'recovery' : 'totp' };
}

/** Confirms the key being enrolled with one code; then it counts, with 10 new recovery codes (shown once). */
export async function confirmEnrolment(deps: Deps, reference: string, pending: PendingSignIn, code: string): Promise<EnrolOutcome> {
  const stage = pending.stage!;
  if (stage.method === 'sms') return confirmSmsEnrolment(deps, reference, pending, code);
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
  const codes = await storeTotpMethod(deps, customer, secret, check.step, 'sign-in', channelOf(pending));
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
export async function storeTotpMethod(deps: Deps, customer: Customer, secret: string, step: number, via: 'sign-in' | 'profile', signInVia?: SignInChannel): Promise<string[] | undefined> {
  const now = nowSec(deps);
  const codes = newRecoveryCodes(deps.randomBytes);
  const totpRef = ref(deps);
  const recoveryRef = ref(deps);
  await deps.factors.putTotp(customer.id, totpRef, secret);
  await deps.factors.putRecovery(customer.id, recoveryRef, codes.map(hashRecoveryCode));
  // Enrolled during a sign-in: the confirmed code completes that sign-in too.
  const done = signInVia ? signedIn(deps, customer, now, signInVia, 'enrolled') : undefined;
  const updated: Customer = {
    ...customer,
    ...done?.changes,
    twoStep: { totp: { ref: totpRef, since: now, lastStep: step }, recovery: { ref: recoveryRef, since: now, total: codes.length, used: [] }, failures: 0 },
    rev: customer.rev + 1,
    updatedAt: now,
  };
  const detail: Record<string, string> = via === 'profile' ? { method: 'totp', via } : { method: 'totp' };
  if (!(await deps.directory.update(updated, { rev: customer.rev }, [auditEvent(deps, customer.id, 'twostep.enrolled', 'customer', detail), ...(done ? [done.event] : [])]))) {
    await deps.factors.remove(customer.id, { totp: totpRef, recovery: recoveryRef });
    return undefined;
  }
  // "Two-step verification was turned on", queued (sign-in and profile alike: wherever `twostep.enrolled` is).
  await queueTwoStepOnNotice(deps, customer.id, 'totp');
  return codes;
}
