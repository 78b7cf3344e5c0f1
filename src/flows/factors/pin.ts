import type { Customer } from '../../domain/customer';
import { checkPin, issuePin, type SmsPinRecord } from '../../domain/factors/sms-pin';
import { nowSec, type Deps } from '../deps';
import { queueSms } from '../sms';

/*
 * SMS PINs as the sign-in's second step and the profile panel's setup and proof send and check them (rules in
 * src/domain/factors/sms-pin.ts: 10 minutes, single use, bound to an attempt, hashed; 5 wrong void the attempt).
 */

/** The text of a PIN in each language: the portal's name and the PIN. */
export type PinTexts = Record<'en' | 'de', (portal: string, pin: string) => string>;

/** Something that is not a PIN at all: refused without counting (the page says so). */
export function isMalformedPin(typed: string, now: number): boolean {
  const outcome = checkPin(undefined, '', typed, now);
  return !outcome.ok && outcome.reason === 'malformed';
}

/** `void`: the attempt had its 5 wrong PINs (no new one); `limit`: the per-account or per-site SMS limit. */
export type PinSent = { ok: true; record: SmsPinRecord; to: string } | { ok: false; reason: 'void' | 'limit' | 'invalid-phone' };

/**
 * Issues a PIN for `attempt` (carrying the failure count of `previous`, the record it replaces) and queues it to `to`
 * in the customer's language (src/flows/sms.ts: per-account and per-site limits). `to` in the answer: the number
 * as queued (E.164).
 */
export async function sendPinTo(
  deps: Deps,
  customer: Customer,
  pin: { attempt: string; previous?: SmsPinRecord; to: string; texts: PinTexts },
): Promise<PinSent> {
  const issued = issuePin(pin.previous, pin.attempt, nowSec(deps), deps.randomBytes);
  if (!issued.ok) return { ok: false, reason: 'void' };
  const settings = await deps.settings.load();
  const text = pin.texts[customer.locale === 'de' ? 'de' : 'en'](settings.branding.portalName, issued.pin);
  const queued = await queueSms(deps, { to: pin.to, text, customerId: customer.id });
  if (!queued.ok) return { ok: false, reason: queued.error === 'limit' ? 'limit' : 'invalid-phone' };
  return { ok: true, record: issued.record, to: queued.to };
}
