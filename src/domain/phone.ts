import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';

/**
 * Mobile numbers for SMS (issue 11): parsed and validated with libphonenumber-js (the "max" metadata, the
 * only one that can tell a number's type), stored and sent in E.164, shown masked. A number without a
 * leading `+` (or `00`) is read as German (DE). Refused: anything that is not a valid number, and numbers
 * the library knows cannot take an SMS or would cost the site money to text (landlines, toll-free,
 * premium-rate, shared-cost…). Where the library cannot tell (e.g. US numbers are "fixed line or mobile"),
 * the number is accepted.
 */
export const DEFAULT_REGION = 'DE';

/** What a person may type: digits, spaces and the usual separators; no letters (no vanity numbers). */
const TYPED = /^\+?[0-9 ()./-]{3,40}$/;
const ACCEPTED_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER', 'VOIP', undefined]);

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: 'invalid' | 'not-mobile' };

export function parseMobile(input: unknown): PhoneResult {
  if (typeof input !== 'string') return { ok: false, reason: 'invalid' };
  const typed = input.trim().replace(/^00(?=[1-9])/, '+');
  if (!TYPED.test(typed)) return { ok: false, reason: 'invalid' };
  const parsed = parsePhoneNumberFromString(typed, DEFAULT_REGION);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  if (!ACCEPTED_TYPES.has(parsed.getType())) return { ok: false, reason: 'not-mobile' };
  return { ok: true, e164: parsed.number };
}

/** True for a string already in E.164 form (`+` and 8 to 15 digits) that parses as a valid mobile number. */
export function isE164Mobile(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\+[1-9]\d{7,14}$/.test(value)) return false;
  const result = parseMobile(value);
  return result.ok && result.e164 === value;
}

/**
 * For display: the country code and the last two digits only, in one fixed shape (`+49 ••• •••• 67`), so the
 * mask does not give away the number's length either. Something that is not E.164 shows as dots alone.
 */
export function maskPhone(e164: string): string {
  const parsed = /^\+[1-9]\d{7,14}$/.test(e164) ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed) return '••• •••• ••';
  return `+${parsed.countryCallingCode} ••• •••• ${e164.slice(-2)}`;
}
