/**
 * One way to normalise what customers type, used everywhere (lookup, storage, comparison, uniqueness claims):
 * trim, Unicode NFKC, lower case, NFKC again (lower-casing can leave a sequence that is not normalised; the
 * second pass makes the fold idempotent). Emails and usernames live in separate lookup spaces.
 *
 * NFKC (not NFC): compatibility look-alikes fold to the letters they stand for, the same way every time. With
 * NFC alone, lower-casing folded the Kelvin sign U+212A into `k` while the fullwidth `ｋ` (U+FF4B) or the
 * mathematical `𝐤` (U+1D424) stayed apart: `ｋarl` could register beside `karl`, and which look-alike reached
 * whose account depended on a quirk of lower-casing (issue 23, item 7). Now each of them is `karl`: one account,
 * one claim. Letters that only look alike (Cyrillic `а`, Greek `ο`) are different letters and stay apart.
 */
export type Identifier = { kind: 'email'; key: string } | { kind: 'username'; key: string };

export function normaliseForLookup(raw: string): string {
  return raw.trim().normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Display form of an email address: trimmed and NFC, case kept. */
export function normaliseEmailForDisplay(raw: string): string {
  return raw.trim().normalize('NFC');
}

export function parseIdentifier(raw: string): Identifier {
  const key = normaliseForLookup(raw);
  return key.includes('@') ? { kind: 'email', key } : { kind: 'username', key };
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/u;
const USERNAME = /^[\p{L}\p{N}._-]{2,64}$/u;

export function isPlausibleEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function isPlausibleUsername(value: string): boolean {
  return USERNAME.test(value);
}

/** The local part of an email (for "password must not contain it"), already normalised. */
export function emailLocalPart(emailKey: string): string {
  const at = emailKey.lastIndexOf('@');
  return at > 0 ? emailKey.slice(0, at) : emailKey;
}
