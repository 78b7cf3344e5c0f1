import { CODE_ATTEMPTS_PER_SIGN_IN, recoveryCodesLeft, type TwoStepState } from '../../domain/two-step';
import { type Customer } from '../../domain/customer';
import { checkTotp, newTotpSecret, normaliseCode } from '../../domain/factors/totp';
import { hashRecoveryCode, matchRecoveryCode, newRecoveryCodes } from '../../domain/factors/recovery-codes';
import type { PendingSignIn, SecondStage } from '../../domain/saml/pending';
import { channelOf, signedIn, type SignInChannel } from '../login';
import { auditEvent, nowSec, type Deps } from '../deps';
import { queueRecoveryUsedNotice, queueTwoStepOnNotice } from '../two-step-notice';
import { checkPin } from '../../domain/factors/sms-pin';
import { codeFailed, recoveryUsedEvent, type CodeOutcome, type EnrolOutcome } from './code-outcomes';
import { confirmSmsEnrolment, sendSignInPin } from './sms-step';
import { claimCodeAttempt, claimEnrolmentCode, type CodeClaim } from '../account-claims';
import { DECOY_PASSWORD } from '../../forge/kvs-keys';

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
export async function checkSecondFactor(
  deps: Deps,
  customer: Customer,
  input: { code: string; recovery: boolean },
): Promise<{ ok: true; next: TwoStepState } | { ok: false; replayed: boolean }> {
  const state = customer.twoStep;
  if (!state) return { ok: false, replayed: false };
  if (input.recovery && state.recovery) {
    const hashes = (await deps.factors.getRecovery(customer.id, state.recovery.ref)) ?? [];
    const index = matchRecoveryCode(input.code.slice(0, 64), hashes, state.recovery.used);
    return index >= 0
      ? { ok: true, next: { ...state, failures: 0, recovery: { ...state.recovery, used: [...state.recovery.used, index] } } }
      : { ok: false, replayed: false };
  }
  if (!input.recovery && state.totp) {
    const secret = await deps.factors.getTotp(customer.id, state.totp.ref);
    const check = secret
      ? await checkTotp(secret, normaliseCode(input.code.slice(0, 32)), nowSec(deps), state.totp.lastStep)
      : { ok: false as const, replayed: false };
    return check.ok ? { ok: true, next: { ...state, failures: 0, totp: { ...state.totp, lastStep: check.step } } } : check;
  }
  return { ok: false, replayed: false };
}

/**
 * The code step: a TOTP code (each accepted once) or, with `recovery`, one of the recovery codes, or the SMS PIN.
 * The attempt is claimed on the entry before the code is checked (issue 23 item 1: 30 parallel wrong codes check
 * at most 10, then the account is locked): one write conditioned on the revision, starting from the entry the
 * password step stored (on the stage) and read again only when that copy was out of date. On success the entry
 * (failures forgotten, conditioned on the claim's revision) and the pending sign-in marked used are one
 * transaction: pending get, claim, secret get, transaction. A wrong code costs the same calls with the audit and
 * the pending sign-in's count in place of the transaction; a locked or disabled account the same again, with
 * decoys (issue 23 item 6, see below).
 */
const isMalformed = (outcome: ReturnType<typeof checkPin>) => !outcome.ok && outcome.reason === 'malformed';

export async function verifyCode(deps: Deps, reference: string, pending: PendingSignIn, input: { code: string; recovery: boolean }): Promise<CodeOutcome> {
  const stage = pending.stage!;
  const now = nowSec(deps);
  // Something that is not a PIN at all is refused without counting (the page says so).
  if (stage.method === 'sms' && !input.recovery && isMalformed(checkPin(undefined, '', input.code.slice(0, 32), now))) return { state: 'wrong', left: CODE_ATTEMPTS_PER_SIGN_IN - stage.failures };
  const settings = await deps.settings.load();
  const first = (stage.entry?.id === stage.customerId ? stage.entry : undefined) ?? (await deps.directory.get(stage.customerId));
  // The code counts in this sign-in in the same claim (5 void it), so a burst checks at most this sign-in's 5.
  const claimed: CodeClaim = first ? await claimCodeAttempt(deps, first, settings.lockout, now, { attempt: stage.attempt, floor: stage.failures }) : { state: 'refused', reason: 'not-registered' };
  if (claimed.state !== 'claimed') {
    // The calls a wrong code makes (issue 23 item 6): the claim and the audit event as decoys, the secret read
    // of the app's key or the recovery codes (a decoy reference; the SMS PIN needs none), the pending sign-in's
    // write. A locked or disabled account has always changed since the password step's copy, so its claim lost
    // once and read the entry again: exactly what a wrong code costs whenever the entry changed meanwhile.
    await deps.directory.decoy();
    if (stage.method !== 'sms' || input.recovery) await deps.factors.getTotp(DECOY_PASSWORD.customerId, DECOY_PASSWORD.ref);
    await deps.directory.decoy('set');
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: claimed.reason === 'locked' ? 'locked' : 'voided' };
  }
  // The code is checked against the entry as it was before this claim (the claim counted one more failure).
  const customer = claimed.before;
  let next: TwoStepState;
  let pin = stage.pin;
  if (stage.method === 'sms' && !input.recovery) {
    const result = checkPin(stage.pin, stage.attempt, input.code.slice(0, 32), now);
    if (!result.ok) return codeFailed(deps, reference, { ...pending, stage: { ...stage, pin: result.record ?? stage.pin } }, claimed, result.reason === 'used', result.reason === 'void');
    pin = result.record;
    next = { ...customer.twoStep!, failures: 0 };
  } else {
    const check = await checkSecondFactor(deps, customer, input);
    if (!check.ok) return codeFailed(deps, reference, pending, claimed, check.replayed);
    next = check.next;
  }
  // The second factor completes the sign-in: recorded here, in the same write (src/flows/login.ts); a lock this
  // very attempt set (it was the tenth) is lifted again.
  const done = signedIn(deps, customer, now, channelOf(pending), input.recovery ? 'recovery' : stage.method === 'sms' ? 'sms' : 'totp');
  const entry = claimed.entry;
  const updated: Customer = {
    ...entry,
    ...done.changes,
    twoStep: next,
    lockedUntil: claimed.locks ? claimed.before.lockedUntil : entry.lockedUntil,
    rev: entry.rev + 1,
    updatedAt: now,
  };
  const events = input.recovery ? [done.event, recoveryUsedEvent(deps, customer.id, next)] : [done.event];
  const consumed: PendingSignIn = { ...pending, used: true, stage: { ...stage, entry: undefined, ...(pin ? { pin } : {}) } };
  // Conditioned on the claim's revision: of two submissions of one code, one wins; the other is a replay.
  if (!(await deps.directory.update(updated, { rev: entry.rev }, events, [deps.pendingSignIns.asWrite(reference, consumed)]))) {
    return codeFailed(deps, reference, pending, claimed, true);
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
  // Claimed on the entry before the check (issue 23 item 1): a burst of wrong codes checks at most 5.
  const claimed = customer && secret ? await claimEnrolmentCode(deps, customer, stage.attempt, stage.failures, now) : undefined;
  if (claimed?.state !== 'claimed') {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  const check = await checkTotp(secret!, normaliseCode(code.slice(0, 32)), now, 0);
  if (!check.ok) {
    const attempts = claimed.inAttempt;
    if (attempts >= CODE_ATTEMPTS_PER_SIGN_IN) {
      await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
      return { state: 'voided' };
    }
    await deps.pendingSignIns.put(reference, { ...pending, stage: { ...stage, failures: attempts } });
    return { state: 'wrong', left: CODE_ATTEMPTS_PER_SIGN_IN - attempts };
  }
  const codes = await storeTotpMethod(deps, claimed.entry, secret!, check.step, 'sign-in', channelOf(pending));
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
