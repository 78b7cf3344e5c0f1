import { recoveryCodesLeft, type TwoStepState } from '../../domain/two-step';
import { type Customer } from '../../domain/customer';
import { checkTotp, newTotpSecret, normaliseCode } from '../../domain/factors/totp';
import type { PendingSignIn, SecondStage } from '../../domain/saml/pending';
import { channelOf, signedIn } from '../login';
import { nowSec, type Deps } from '../deps';
import { queueRecoveryUsedNotice } from '../two-step-notice';
import { checkPin } from '../../domain/factors/sms-pin';
import { checkSecondFactor, type SecretReads } from '../factors/second-factor';
import { recoveryUsedEvent, storeTotpMethod } from '../factors/methods';
import { isMalformedPin } from '../factors/pin';
import { codeFailed, wrongCodeCounted, type CodeOutcome, type EnrolOutcome } from './code-outcomes';
import { completed, secondFactorOf } from '../../domain/sign-in-flow';
import { triesLeft } from '../../domain/code-attempts';
import { confirmSmsEnrolment, sendSignInPin } from './sms-step';
import { claimEnrolmentCode, decideSignInCode, type SignInCodeCheck, type SignInCodeDecision } from '../account-claims';
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

/** The secrets a code step reads, each once however often its decision is made again (a lost race re-reads only the entry). */
function readOnce(deps: Deps): SecretReads {
  const reads = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!reads.has(key)) reads.set(key, read());
    return reads.get(key) as Promise<T>;
  };
  return {
    getTotp: (id, r) => once(`totp:${id}:${r}`, () => deps.factors.getTotp(id, r)),
    getRecovery: (id, r) => once(`recovery:${id}:${r}`, () => deps.factors.getRecovery(id, r)),
  };
}

/**
 * The code step: a TOTP code (each accepted once) or, with `recovery`, one of the recovery codes, or the SMS PIN.
 * The code is checked on the entry as read and the outcome's write is the claim (issue 25, `decideSignInCode`:
 * 30 parallel wrong codes count 30; the fifth voids the sign-in, the tenth locks the account), starting from the
 * entry the password step stored (on the stage) and read again only when that copy was out of date. A right code:
 * pending get, secret get, one transaction (the entry and the pending sign-in marked used). A wrong code: the same
 * with the audit and the pending sign-in's count after it; a locked or disabled account the same again, with decoys
 * (issue 23 item 6, see below).
 */
export async function verifyCode(deps: Deps, reference: string, pending: PendingSignIn, input: { code: string; recovery: boolean }): Promise<CodeOutcome> {
  const stage = pending.stage!;
  const now = nowSec(deps);
  const sms = stage.method === 'sms' && !input.recovery;
  // Something that is not a PIN at all is refused without counting (the page says so).
  if (sms && isMalformedPin(input.code.slice(0, 32), now)) return { state: 'wrong', left: triesLeft(stage.failures), then: { pending } };
  const settings = await deps.settings.load();
  const first = (stage.entry?.id === stage.customerId ? stage.entry : undefined) ?? (await deps.directory.get(stage.customerId));
  // The app's key or the recovery codes, read before the decision for the copy's reference (a decoy reference where
  // there is none, so every account makes the same calls); the SMS PIN is on the pending sign-in.
  const secrets = readOnce(deps);
  const held = first?.twoStep?.[input.recovery ? 'recovery' : 'totp'];
  if (!sms && first && held) await (input.recovery ? secrets.getRecovery(first.id, held.ref) : secrets.getTotp(first.id, held.ref));
  else if (!sms) await deps.factors.getTotp(DECOY_PASSWORD.customerId, DECOY_PASSWORD.ref);
  let pin = stage.pin;
  const check = async (current: Customer): Promise<SignInCodeCheck> => {
    if (!sms) return checkSecondFactor(deps, current, input, secrets);
    const result = checkPin(stage.pin, stage.attempt, input.code.slice(0, 32), now);
    pin = result.record ?? stage.pin;
    return result.ok ? { ok: true, next: current.twoStep! } : { ok: false, replayed: result.reason === 'used', voids: result.reason === 'void' };
  };
  // The second factor completes the sign-in: recorded here, in the same write (src/flows/login.ts), with the pending
  // sign-in marked used alongside.
  const factor = secondFactorOf(stage, input.recovery);
  let consumed: PendingSignIn = pending;
  const right = (current: Customer, twoStep: TwoStepState) => {
    const done = signedIn(deps, current, now, channelOf(pending), factor === 'recovery' || factor === 'sms' ? factor : 'totp');
    const next: Customer = { ...current, ...done.changes, twoStep, rev: current.rev + 1, updatedAt: now };
    consumed = completed({ ...pending, used: true, stage: { ...stage, entry: undefined, ...(pin ? { pin } : {}) } }, factor);
    const events = input.recovery ? [done.event, recoveryUsedEvent(deps, current.id, twoStep)] : [done.event];
    return { next, events, alongside: [deps.pendingSignIns.finishWrite(reference, consumed)] };
  };
  const decided: SignInCodeDecision = first
    ? await decideSignInCode(deps, first, settings.lockout, now, { attempt: stage.attempt, floor: stage.failures }, check, right)
    : { state: 'refused', reason: 'not-registered' };
  if (decided.state === 'right') {
    // The customer is told by email (queued): a recovery code was used, and how many are left.
    if (input.recovery) await queueRecoveryUsedNotice(deps, decided.entry.id, recoveryCodesLeft(decided.entry));
    return { state: 'ok', customer: decided.entry, via: input.recovery ? 'recovery' : 'totp', flow: consumed };
  }
  if (decided.state === 'wrong') return codeFailed(deps, reference, sms ? { ...pending, stage: { ...stage, pin } } : pending, decided.claimed, decided.replayed, decided.voids);
  // Another submission of this sign-in's code was accepted first (it marked the pending sign-in used): nothing to write.
  if (decided.reason === 'used') return { state: 'voided' };
  // The calls a wrong code makes (issue 23 item 6): its write and the audit event as decoys, the pending sign-in's
  // write. A locked or disabled account has always changed since the password step's copy, so its write lost once
  // and read the entry again: exactly what a wrong code costs whenever the entry changed meanwhile.
  await deps.directory.decoy();
  await deps.directory.decoy('set');
  await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
  return { state: decided.reason === 'locked' ? 'locked' : 'voided' };
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
  if (!check.ok) return wrongCodeCounted(deps, reference, { ...pending, stage: { ...stage, failures: claimed.inAttempt } }, claimed.inAttempt);
  const codes = await storeTotpMethod(deps, claimed.entry, secret!, check.step, 'sign-in', channelOf(pending));
  if (!codes) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  await deps.factors.removeEnrolment(stage.attempt);
  // The confirmed key completed the second factor; the recovery codes are shown once before the sign-in ends.
  await deps.pendingSignIns.put(reference, completed({ ...pending, stage: { ...stage, step: 'codes' } }, 'totp'));
  return { state: 'enrolled', codes };
}

