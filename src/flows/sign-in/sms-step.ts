import type { Customer } from '../../domain/customer';
import { hashRecoveryCode, newRecoveryCodes } from '../../domain/factors/recovery-codes';
import { checkPin, issuePin } from '../../domain/factors/sms-pin';
import { refusalOf } from '../../domain/sign-in-failures';
import { maskPhone, parseMobile } from '../../domain/phone';
import type { PendingSignIn, SecondStage } from '../../domain/saml/pending';
import type { TwoStepState } from '../../domain/two-step';
import { auditEvent, nowSec, type Deps } from '../deps';
import { channelOf, signedIn, type SignInChannel } from '../login';
import { queueSms } from '../sms';
import { queueTwoStepOnNotice } from '../two-step-notice';
import { wrongCodeCounted, type EnrolOutcome } from './code-outcomes';
import { completed } from '../../domain/sign-in-flow';
import { triesLeft } from '../../domain/code-attempts';
import { claimEnrolmentCode } from '../account-claims';

const ref = (deps: Deps) => deps.randomBytes(9).toString('base64url');

/*
 * SMS as the second factor at sign-in: a 6-digit PIN (src/domain/factors/sms-pin.ts) sent to the customer's
 * mobile number through the queued SMS path (src/flows/sms.ts: per-account and per-site limits), bound to this
 * attempt, stored only as a hash on the pending sign-in. "Send a new code" never resets the failure count.
 */
export type SmsSendOutcome = { state: 'sent'; masked: string } | { state: 'limit' } | { state: 'voided' } | { state: 'invalid-phone' };

const PIN_TEXT = {
  en: (portal: string, pin: string) => `${portal}: your sign-in code is ${pin}. It is valid for 10 minutes. Never share it.`,
  de: (portal: string, pin: string) => `${portal}: Ihr Anmeldecode lautet ${pin}. Er gilt 10 Minuten. Geben Sie ihn nie weiter.`,
};

const smsEnrolAttempt = (stage: SecondStage) => `${stage.attempt}-sms`;

async function sendPin(deps: Deps, reference: string, pending: PendingSignIn, stage: SecondStage, to: string, customer: Customer): Promise<SmsSendOutcome> {
  const now = nowSec(deps);
  const issued = issuePin(stage.pin, stage.attempt, now, deps.randomBytes);
  if (!issued.ok) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  const settings = await deps.settings.load();
  const text = PIN_TEXT[customer.locale === 'de' ? 'de' : 'en'](settings.branding.portalName, issued.pin);
  const queued = await queueSms(deps, { to, text, customerId: customer.id });
  if (!queued.ok) return queued.error === 'limit' ? { state: 'limit' } : { state: 'invalid-phone' };
  const masked = maskPhone(queued.to);
  await deps.pendingSignIns.put(reference, { ...pending, stage: { ...stage, method: 'sms', pin: issued.record, masked } });
  return { state: 'sent', masked };
}

/** Verify by SMS (the customer's number): sends a PIN (also "Send a new code"). */
export async function sendSignInPin(deps: Deps, reference: string, pending: PendingSignIn): Promise<SmsSendOutcome> {
  const stage = pending.stage!;
  const customer = await deps.directory.get(stage.customerId);
  if (!customer) return { state: 'voided' };
  if (stage.step === 'verify') {
    const sms = customer.twoStep?.sms;
    const to = sms ? await deps.factors.getSms(customer.id, sms.ref) : undefined;
    if (!to) return { state: 'voided' };
    return sendPin(deps, reference, pending, stage, to, customer);
  }
  const to = await deps.factors.getEnrolment(smsEnrolAttempt(stage));
  if (!to) return { state: 'invalid-phone' };
  return sendPin(deps, reference, pending, stage, to, customer);
}

/** Enrolment by SMS: the number typed (validated, kept as a secret for this attempt), then a PIN to it. */
export async function startSmsEnrolment(deps: Deps, reference: string, pending: PendingSignIn, phone: string): Promise<SmsSendOutcome> {
  const stage = pending.stage!;
  const number = parseMobile(phone.slice(0, 40));
  if (!number.ok) return { state: 'invalid-phone' };
  await deps.factors.putEnrolment(smsEnrolAttempt(stage), number.e164);
  const customer = await deps.directory.get(stage.customerId);
  if (!customer) return { state: 'voided' };
  return sendPin(deps, reference, pending, { ...stage, method: 'sms', masked: undefined }, number.e164, customer);
}

/** Switches the step to SMS (enrolment: the number form comes next; verification: a PIN goes out). */
export async function chooseSms(deps: Deps, reference: string, pending: PendingSignIn): Promise<SmsSendOutcome | { state: 'phone' }> {
  const stage = pending.stage!;
  if (stage.step === 'enrol') {
    await deps.pendingSignIns.put(reference, { ...pending, stage: { ...stage, method: 'sms', masked: undefined, pin: undefined } });
    return { state: 'phone' };
  }
  return sendSignInPin(deps, reference, { ...pending, stage: { ...stage, method: 'sms' } });
}

/** A confirmed number becomes the customer's SMS method, with 10 new recovery codes unless they have some. */
export async function storeSmsMethod(deps: Deps, customer: Customer, e164: string, via: 'sign-in' | 'profile' = 'sign-in', signInVia?: SignInChannel): Promise<string[] | undefined> {
  const now = nowSec(deps);
  const smsRef = ref(deps);
  await deps.factors.putSms(customer.id, smsRef, e164);
  const newCodes = customer.twoStep?.recovery ? [] : newRecoveryCodes(deps.randomBytes);
  const recoveryRef = newCodes.length ? ref(deps) : undefined;
  if (recoveryRef) await deps.factors.putRecovery(customer.id, recoveryRef, newCodes.map(hashRecoveryCode));
  const twoStep: TwoStepState = {
    ...(customer.twoStep ?? { failures: 0 }),
    sms: { ref: smsRef, since: now, masked: maskPhone(e164) },
    ...(recoveryRef ? { recovery: { ref: recoveryRef, since: now, total: newCodes.length, used: [] } } : {}),
    failures: 0,
  };
  // Enrolled during a sign-in: the confirmed PIN completes that sign-in too (src/flows/login.ts).
  const done = signInVia ? signedIn(deps, customer, now, signInVia, 'enrolled') : undefined;
  const updated: Customer = { ...customer, ...done?.changes, twoStep, rev: customer.rev + 1, updatedAt: now };
  const enrolled = auditEvent(deps, customer.id, 'twostep.enrolled', 'customer', via === 'profile' ? { method: 'sms', via } : { method: 'sms' });
  if (!(await deps.directory.update(updated, { rev: customer.rev }, [enrolled, ...(done ? [done.event] : [])]))) {
    await deps.factors.remove(customer.id, { sms: smsRef, recovery: recoveryRef });
    return undefined;
  }
  await queueTwoStepOnNotice(deps, customer.id, 'sms');
  return newCodes;
}

export async function confirmSmsEnrolment(deps: Deps, reference: string, pending: PendingSignIn, code: string): Promise<EnrolOutcome> {
  const stage = pending.stage!;
  const customer = await deps.directory.get(stage.customerId);
  const to = await deps.factors.getEnrolment(smsEnrolAttempt(stage));
  const typed = code.slice(0, 32);
  if (customer && to && !refusalOf(customer, nowSec(deps))) {
    const malformed = checkPin(undefined, '', typed, nowSec(deps));
    if (!malformed.ok && malformed.reason === 'malformed') return { state: 'wrong', left: triesLeft(stage.failures), then: { pending } };
  }
  // Claimed on the entry before the check (issue 23 item 1): a burst of wrong PINs checks at most 5.
  const claimed = customer && to ? await claimEnrolmentCode(deps, customer, stage.attempt, stage.failures, nowSec(deps)) : undefined;
  if (claimed?.state !== 'claimed') {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  const result = checkPin(stage.pin, stage.attempt, typed, nowSec(deps));
  if (!result.ok) {
    const counted: PendingSignIn = { ...pending, stage: { ...stage, failures: claimed.inAttempt, pin: result.record ?? stage.pin } };
    return wrongCodeCounted(deps, reference, counted, claimed.inAttempt, { voids: result.reason === 'void' });
  }
  const codes = await storeSmsMethod(deps, claimed.entry, to!, 'sign-in', channelOf(pending));
  if (!codes) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  await deps.factors.removeEnrolment(smsEnrolAttempt(stage));
  // The confirmed number completed the second factor; the recovery codes are shown once before the sign-in ends.
  await deps.pendingSignIns.put(reference, completed({ ...pending, stage: { ...stage, step: 'codes', pin: result.record } }, 'sms'));
  return { state: 'enrolled', codes };
}
