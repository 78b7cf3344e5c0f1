import type { Customer } from '../domain/customer';
import { checkPin, type SmsPinRecord } from '../domain/factors/sms-pin';
import { maskPhone, parseMobile } from '../domain/phone';
import type { ProfileEnrolment } from '../ports/sign-in';
import { nowSec, type Deps } from './deps';
import { admit, enrolRefusal, proveIdentity, replaceEnrolment, twoStepView, type TwoStepRefusal } from './profile-two-step';
import { claimEnrolmentCode } from './account-claims';
import { enrolmentSecretKey, storeSmsMethod } from './factors/methods';
import { isMalformedPin, sendPinTo, type PinTexts } from './factors/pin';
import { afterWrongCode, triesLeft } from '../domain/code-attempts';
import { CODE_ATTEMPTS_PER_SIGN_IN } from '../domain/two-step';

/**
 * SMS as a two-step method from the profile panel (issue 11, item 5):
 * - add: the mobile number (validated to E.164; afterwards only its mask is shown), confirmed with a PIN sent
 *   to it. Where another method is on, the current password and a current code come first (code first: no
 *   scrypt for a wrong code). The first method brings 10 recovery codes.
 * - remove: the current password and a current code (the app's, a recovery code, or a PIN sent to the number
 *   with "Send a code"); refused for the last method while the policy requires verification.
 * PINs follow the sign-in's rules (src/domain/factors/sms-pin.ts): 10 minutes, single use, bound to this setup
 * (its attempt), hashed; "Send a new code" keeps the failure count; 5 wrong PINs end the setup; every wrong code
 * counts toward the lock. Sends go through queueSms (5 per account and hour, the site's daily cap).
 */
export type SmsStartOutcome = { state: 'sent'; masked: string } | { state: 'invalid-phone' } | { state: 'sms-limit' } | TwoStepRefusal;
export type SmsCodesOutcome = { state: 'done'; codes: string[] } | TwoStepRefusal;

const ENROLMENT_SEC = 3600;
const numberKey = (attempt: string) => enrolmentSecretKey({ attempt, method: 'sms' });
const ref = (deps: Deps) => deps.randomBytes(9).toString('base64url');

const PIN_TEXT: PinTexts = {
  en: (portal: string, pin: string) => `${portal}: your verification code is ${pin}. It is valid for 10 minutes. Never share it.`,
  de: (portal: string, pin: string) => `${portal}: Ihr Bestätigungscode lautet ${pin}. Er gilt 10 Minuten. Geben Sie ihn nie weiter.`,
};

/** Issues a PIN for `attempt` (carrying the failure count of the one it replaces) and queues it to `to`. */
async function sendPin(deps: Deps, customer: Customer, attempt: string, previous: SmsPinRecord | undefined, to: string): Promise<{ ok: true; record: SmsPinRecord } | { ok: false; state: 'expired' | 'sms-limit' | 'invalid-phone' }> {
  const sent = await sendPinTo(deps, customer, { attempt, previous, to, texts: PIN_TEXT });
  if (sent.ok) return { ok: true, record: sent.record };
  return { ok: false, state: sent.reason === 'void' ? 'expired' : sent.reason === 'limit' ? 'sms-limit' : 'invalid-phone' };
}

/** "Send a code": a PIN to the customer's own number, to prove it for a change (SMS is their only method). */
export async function sendCheckPin(deps: Deps, customer: Customer): Promise<SmsStartOutcome> {
  const settings = await deps.settings.load();
  const sms = customer.twoStep?.sms;
  if (!sms) return { state: 'not-allowed' };
  const refused = await admit(deps, customer, settings);
  if (refused) return refused;
  const to = await deps.factors.getSms(customer.id, sms.ref);
  if (!to) return { state: 'not-allowed' };
  const record = (await deps.factors.getProfileEnrolment(customer.id)) ?? { attempt: ref(deps), at: nowSec(deps), failures: 0 };
  const attempt = record.check?.attempt ?? ref(deps);
  const sent = await sendPin(deps, customer, attempt, record.check, to);
  if (!sent.ok) return { state: sent.state };
  await deps.factors.putProfileEnrolment(customer.id, { ...record, check: sent.record });
  return { state: 'sent', masked: sms.masked };
}

/**
 * Starts adding SMS: proof first where another method is on (code, then password), then the number, then a
 * PIN to it. A setup already in progress is replaced (a new attempt: its PINs no longer work).
 */
export async function startSmsSetup(
  deps: Deps,
  customer: Customer,
  input: { phone: string; password?: string; code?: string; recovery: boolean },
): Promise<SmsStartOutcome> {
  const settings = await deps.settings.load();
  if (!twoStepView(settings, customer).canAddSms) return { state: 'not-allowed' };
  const refused = await admit(deps, customer, settings);
  if (refused) return refused;
  const number = parseMobile(input.phone.slice(0, 40));
  if (!number.ok) return { state: 'invalid-phone' };
  if (customer.twoStep?.totp) {
    // The code is used up now (a replay of it fails), whether or not the number is confirmed later.
    const proven = await proveIdentity(deps, customer, settings, input);
    if (proven) return proven;
  }
  const attempt = await replaceEnrolment(deps, customer.id);
  await deps.factors.putEnrolment(numberKey(attempt), number.e164);
  const sent = await sendPin(deps, customer, attempt, undefined, number.e164);
  if (!sent.ok) {
    await deps.factors.removeEnrolment(numberKey(attempt));
    return { state: sent.state };
  }
  const masked = maskPhone(number.e164);
  const enrolment: ProfileEnrolment = { attempt, at: nowSec(deps), failures: 0, method: 'sms', pin: sent.record, masked };
  await deps.factors.putProfileEnrolment(customer.id, enrolment);
  return { state: 'sent', masked };
}

async function smsSetup(deps: Deps, customer: Customer): Promise<{ enrolment: ProfileEnrolment; to: string } | undefined> {
  const enrolment = await deps.factors.getProfileEnrolment(customer.id);
  if (!enrolment || enrolment.method !== 'sms' || nowSec(deps) - enrolment.at >= ENROLMENT_SEC) return undefined;
  const to = await deps.factors.getEnrolment(numberKey(enrolment.attempt));
  return to ? { enrolment, to } : undefined;
}

/** "Send a new code" for the setup in progress: a new PIN, the same failure count. */
export async function resendSmsSetupPin(deps: Deps, customer: Customer): Promise<SmsStartOutcome> {
  const settings = await deps.settings.load();
  const refused = await admit(deps, customer, settings);
  if (refused) return refused;
  const setup = await smsSetup(deps, customer);
  if (!setup) return { state: 'expired' };
  const sent = await sendPin(deps, customer, setup.enrolment.attempt, setup.enrolment.pin, setup.to);
  if (!sent.ok) return { state: sent.state };
  await deps.factors.putProfileEnrolment(customer.id, { ...setup.enrolment, pin: sent.record });
  return { state: 'sent', masked: setup.enrolment.masked ?? maskPhone(setup.to) };
}

/** Confirms the number with its PIN: the SMS method is on (with 10 recovery codes when it is the first method). */
export async function confirmSmsSetup(deps: Deps, customer: Customer, input: { code: string }): Promise<SmsCodesOutcome> {
  const settings = await deps.settings.load();
  if (!twoStepView(settings, customer).canAddSms) return { state: 'not-allowed' };
  const refused = await admit(deps, customer, settings);
  if (refused) return refused;
  const setup = await smsSetup(deps, customer);
  if (!setup) return { state: 'expired' };
  const { enrolment, to } = setup;
  const typed = input.code.slice(0, 32);
  if (isMalformedPin(typed, nowSec(deps))) return { state: 'wrong-code', left: triesLeft(enrolment.pin?.failures ?? 0) };
  // Claimed on the entry before the check (issue 23 item 1): a burst of wrong PINs checks at most 5.
  const claimed = await claimEnrolmentCode(deps, customer, enrolment.attempt, enrolment.pin?.failures ?? 0, nowSec(deps));
  if (claimed.state !== 'claimed' && claimed.reason !== 'void') return enrolRefusal(claimed);
  const result: ReturnType<typeof checkPin> = claimed.state === 'claimed' ? checkPin(enrolment.pin, enrolment.attempt, typed, nowSec(deps)) : { ok: false, reason: 'void' };
  if (!result.ok) {
    const pin = result.record ?? enrolment.pin;
    const failures = Math.max(pin?.failures ?? CODE_ATTEMPTS_PER_SIGN_IN, claimed.state === 'claimed' ? claimed.inAttempt : CODE_ATTEMPTS_PER_SIGN_IN);
    const verdict = afterWrongCode(failures, { voids: result.reason === 'void' });
    if (verdict.state === 'void') {
      await deps.factors.removeEnrolment(numberKey(enrolment.attempt));
      await deps.factors.removeProfileEnrolment(customer.id);
      return { state: 'expired' };
    }
    await deps.factors.putProfileEnrolment(customer.id, { ...enrolment, pin });
    return { state: 'wrong-code', left: verdict.left };
  }
  // The PIN is used up before the method is stored: a second submission of it finds it used.
  await deps.factors.putProfileEnrolment(customer.id, { ...enrolment, pin: result.record });
  // From the entry as the claim stored it (the store's write is conditioned on its revision).
  const codes = await storeSmsMethod(deps, claimed.state === 'claimed' ? claimed.entry : customer, to, 'profile');
  if (!codes) return { state: 'conflict' };
  await deps.factors.removeEnrolment(numberKey(enrolment.attempt));
  await deps.factors.removeProfileEnrolment(customer.id);
  return { state: 'done', codes };
}
