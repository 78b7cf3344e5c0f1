import type { Customer } from '../../domain/customer';
import { checkPin } from '../../domain/factors/sms-pin';
import { refusalOf } from '../../domain/sign-in-failures';
import { maskPhone, parseMobile } from '../../domain/phone';
import type { PendingSignIn, SecondStage } from '../../domain/saml/pending';
import { nowSec, type Deps } from '../deps';
import { channelOf } from '../login';
import { wrongCodeCounted, type EnrolOutcome } from './code-outcomes';
import { storeSmsMethod } from '../factors/methods';
import { isMalformedPin, sendPinTo, type PinTexts } from '../factors/pin';
import { completed } from '../../domain/sign-in-flow';
import { triesLeft } from '../../domain/code-attempts';
import { claimEnrolmentCode } from '../account-claims';

/*
 * SMS as the second factor at sign-in: a 6-digit PIN (src/domain/factors/sms-pin.ts) sent to the customer's
 * mobile number through the queued SMS path (src/flows/sms.ts: per-account and per-site limits), bound to this
 * attempt, stored only as a hash on the pending sign-in. "Send a new code" never resets the failure count.
 */
export type SmsSendOutcome = { state: 'sent'; masked: string } | { state: 'limit' } | { state: 'voided' } | { state: 'invalid-phone' };

const PIN_TEXT: PinTexts = {
  en: (portal: string, pin: string) => `${portal}: your sign-in code is ${pin}. It is valid for 10 minutes. Never share it.`,
  de: (portal: string, pin: string) => `${portal}: Ihr Anmeldecode lautet ${pin}. Er gilt 10 Minuten. Geben Sie ihn nie weiter.`,
};

const smsEnrolAttempt = (stage: SecondStage) => `${stage.attempt}-sms`;

async function sendPin(deps: Deps, reference: string, pending: PendingSignIn, stage: SecondStage, to: string, customer: Customer): Promise<SmsSendOutcome> {
  const sent = await sendPinTo(deps, customer, { attempt: stage.attempt, previous: stage.pin, to, texts: PIN_TEXT });
  if (!sent.ok) {
    if (sent.reason !== 'void') return { state: sent.reason };
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  const masked = maskPhone(sent.to);
  await deps.pendingSignIns.put(reference, { ...pending, stage: { ...stage, method: 'sms', pin: sent.record, masked } });
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

export async function confirmSmsEnrolment(deps: Deps, reference: string, pending: PendingSignIn, code: string): Promise<EnrolOutcome> {
  const stage = pending.stage!;
  const customer = await deps.directory.get(stage.customerId);
  const to = await deps.factors.getEnrolment(smsEnrolAttempt(stage));
  const typed = code.slice(0, 32);
  if (customer && to && !refusalOf(customer, nowSec(deps))) {
    if (isMalformedPin(typed, nowSec(deps))) return { state: 'wrong', left: triesLeft(stage.failures), then: { pending } };
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
