/**
 * One way to normalise what customers type, used everywhere (lookup, storage, comparison):
 * trim, Unicode NFC, case-folded. Emails and usernames live in separate lookup spaces.
 */
export type Identifier = { kind: 'email'; key: string } | { kind: 'username'; key: string };

export function normaliseForLookup(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
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
