import { isIP } from 'node:net';
import type { Customer } from './customer';

/**
 * Passkeys (WebAuthn, issue 22): what is kept of each, and the rules around them as pure functions. A passkey is
 * kept on its customer's entry (the `passkeys` attribute): a passkey sign-in reads one entry, found by the user
 * handle the authenticator returns (the customer's id), and writes it back once with the new counter.
 */
export interface StoredPasskey {
  /** The credential id (base64url), as the authenticator made it. */
  id: string;
  /** The COSE public key (base64url). Not a secret: it only verifies signatures. */
  publicKey: string;
  /** The signature counter last seen (0 for authenticators that do not count, as synced passkeys). */
  counter: number;
  transports: string[];
  /** Where it lives (from the AAGUID where known, else "Passkey"); the customer may rename it. */
  name: string;
  createdAt: number;
  /** 0 = never used to sign in. */
  lastUsedAt: number;
}

/** What a page or panel shows of a passkey (never the key). */
export type PasskeyView = Pick<StoredPasskey, 'id' | 'name' | 'createdAt' | 'lastUsedAt'>;

export const MAX_PASSKEYS = 10;
/** "Not now" on the offer after a sign-in: not offered again for 30 days. */
export const OFFER_SNOOZE_SEC = 30 * 24 * 60 * 60;
/** Adding a passkey needs a sign-in at most 5 minutes old. */
export const FRESH_SIGN_IN_SEC = 5 * 60;
/** A challenge is good for 5 minutes (the browser's own timeout is the same: WebAuthn §5.4 `timeout`). */
export const CHALLENGE_SEC = 5 * 60;
export const PASSKEY_NAME_MAX = 64;

export const passkeysOf = (customer: Pick<Customer, 'passkeys'>): StoredPasskey[] => customer.passkeys ?? [];
export const viewOf = (p: StoredPasskey): PasskeyView => ({ id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt });

/**
 * WebAuthn Level 3 §7.2 step 21: where either the stored or the received signature counter is non-zero, the
 * received one must be greater; otherwise the authenticator may have been cloned, and the assertion is refused.
 */
export function counterAccepted(stored: number, received: number): boolean {
  return stored === 0 && received === 0 ? true : received > stored;
}

/** The signature counter an assertion's authenticator data carries (bytes 33–36, big-endian: WebAuthn §6.1). */
export function signCountOf(authenticatorData: Buffer): number | undefined {
  return authenticatorData.length >= 37 ? authenticatorData.readUInt32BE(33) : undefined;
}

export const canAddPasskey = (customer: Pick<Customer, 'passkeys'>): boolean => passkeysOf(customer).length < MAX_PASSKEYS;

/** A sign-in completed at `signedInAt` still allows adding a passkey at `now`. */
export const freshSignIn = (signedInAt: number, now: number): boolean => now >= signedInAt && now - signedInAt <= FRESH_SIGN_IN_SEC;

/**
 * "Sign in faster next time" after a sign-in: where passkeys are allowed and possible on this host, the sign-in
 * was not already a passkey, the customer may hold another, and has not said "Not now" in the last 30 days.
 */
export function passkeyOffered(customer: Pick<Customer, 'passkeys' | 'passkeyOfferSnoozedAt'>, c: { allowed: boolean; viaPasskey: boolean; nowSec: number }): boolean {
  if (!c.allowed || c.viaPasskey || !canAddPasskey(customer)) return false;
  const snoozed = customer.passkeyOfferSnoozedAt ?? 0;
  return snoozed === 0 || c.nowSec - snoozed >= OFFER_SNOOZE_SEC;
}

/**
 * The relying party of the customer pages: the web trigger's host (its origin is what the browser reports).
 * Browsers refuse an IP address as an RP ID (WebAuthn §5.1.4.1 via the "valid domain" rule), so a base on an IP
 * literal has no passkeys (locally: use localhost or <site>.localhost).
 */
export function relyingParty(base: string): { id: string; origin: string } | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return undefined;
  return { id: host, origin: url.origin };
}

/**
 * Names of the passkey providers customers meet most, by AAGUID (the community list
 * github.com/passkeydeveloper/passkey-authenticator-aaguids); others are "Passkey" until renamed.
 */
const AAGUID_NAMES: Readonly<Record<string, string>> = {
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4': 'Google Password Manager',
  'adce0002-35bc-c60a-648b-0b25f1f05503': 'Chrome on Mac',
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd': 'iCloud Keychain',
  'dd4ec289-e01d-41c9-bb89-70fa845d4bf2': 'iCloud Keychain',
  '08987058-cadc-4b81-b6e1-30de50dcbe96': 'Windows Hello',
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9': 'Windows Hello',
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2': 'Windows Hello',
  'bada5566-a7aa-401f-bd96-45619a55120d': '1Password',
  'd548826e-79b4-db40-a3d8-11116f7e8349': 'Bitwarden',
  '531126d6-e717-415c-9320-3d9aa6981239': 'Dashlane',
  '53414d53-554e-4700-0000-000000000000': 'Samsung Pass',
};

export const passkeyNameFor = (aaguid: string): string => AAGUID_NAMES[aaguid.toLowerCase()] ?? 'Passkey';

/** A name the customer typed: trimmed, one line, 1–64 characters; undefined when it is not one. */
export function cleanPasskeyName(name: string): string | undefined {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean.length === 0 || Array.from(clean).length > PASSKEY_NAME_MAX || /[\p{Cc}<>]/u.test(clean)) return undefined;
  return clean;
}

/** The passkeys after a sign-in with one of them: its counter and last use. */
export const usedPasskey = (list: StoredPasskey[], id: string, counter: number, now: number): StoredPasskey[] =>
  list.map((p) => (p.id === id ? { ...p, counter, lastUsedAt: now } : p));
