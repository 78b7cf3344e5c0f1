import type { Customer } from '../customer';
import { isValidDisplayName } from '../display-name';
import { isPlausibleEmail, isPlausibleUsername, normaliseEmailForDisplay, normaliseForLookup } from '../identifier';

/**
 * "Make sure this customer can get in" (issue 12) as pure rules: what a provisioning input means for the
 * directory entry, and whether an invitation is due. The flow (src/flows/ensure-access.ts) reads and writes.
 */
export interface AccessInput {
  email: string;
  displayName?: string;
  locale?: string;
  username?: string;
  portalAdmin?: boolean;
  externalId?: string;
}

/** The input checked and normalised: lookup keys beside the display forms. */
export interface AccessFields {
  email: string;
  emailKey: string;
  displayName?: string;
  locale?: string;
  username?: string;
  usernameKey?: string;
  portalAdmin?: boolean;
  externalId?: string;
}

export type AccessField = 'email' | 'displayName' | 'locale' | 'username' | 'externalId';

/** An external id as shops and ERPs use them: 1–128 visible ASCII characters without slashes (it is a path segment). */
const EXTERNAL_ID = /^[\x21-\x2e\x30-\x7e]{1,128}$/;

export function isValidExternalId(value: string): boolean {
  return EXTERNAL_ID.test(value);
}

export function checkAccessInput(input: AccessInput, locales: readonly string[]): { ok: true; fields: AccessFields } | { ok: false; field: AccessField } {
  const email = normaliseEmailForDisplay(input.email ?? '');
  if (!isPlausibleEmail(email)) return { ok: false, field: 'email' };
  if (input.displayName !== undefined && !isValidDisplayName(input.displayName)) return { ok: false, field: 'displayName' };
  if (input.locale !== undefined && !locales.includes(input.locale)) return { ok: false, field: 'locale' };
  const username = input.username?.trim();
  if (username !== undefined && !isPlausibleUsername(username)) return { ok: false, field: 'username' };
  if (input.externalId !== undefined && !isValidExternalId(input.externalId)) return { ok: false, field: 'externalId' };
  return {
    ok: true,
    fields: {
      email,
      emailKey: normaliseForLookup(email),
      ...(input.displayName !== undefined ? { displayName: input.displayName.trim() } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(username !== undefined ? { username, usernameKey: normaliseForLookup(username) } : {}),
      ...(input.portalAdmin !== undefined ? { portalAdmin: input.portalAdmin } : {}),
      ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
    },
  };
}

/** The display name for a new entry without one: the address's local part (what the import does too). */
export function defaultDisplayName(email: string): string {
  const local = email.slice(0, email.lastIndexOf('@')) || email;
  // eslint-disable-next-line no-control-regex -- control characters are what this strips
  return local.replace(/[\u0000-\u001f\u007f<>]/g, '').slice(0, 100) || 'Customer';
}

export type AccessChange = 'email' | 'username' | 'displayName' | 'locale' | 'portalAdmin' | 'externalId';

/**
 * The entry after applying the input, or undefined when nothing changes (a repeat writes nothing). A new
 * address kills any live link (an invitation or reset sent to the old address must not work any more) and
 * any invitation in flight, so the next activation invites the new address.
 */
export function planAccessUpdate(
  existing: Customer,
  fields: AccessFields,
  nowSec: number,
): { next: Customer; changed: AccessChange[]; keysChanged: boolean } | undefined {
  const next: Customer = { ...existing };
  const changed: AccessChange[] = [];
  if (fields.emailKey !== existing.emailKey || fields.email !== existing.email) {
    next.email = fields.email;
    next.emailKey = fields.emailKey;
    if (fields.emailKey !== existing.emailKey) {
      next.link = null;
      next.linkHash = '';
      next.inviteClaimAt = 0;
      next.deliveryIssue = null;
    }
    changed.push('email');
  }
  const usernameMoved = fields.usernameKey !== existing.usernameKey || fields.username !== existing.username;
  if (fields.username !== undefined && fields.usernameKey !== undefined && usernameMoved) {
    next.username = fields.username;
    next.usernameKey = fields.usernameKey;
    changed.push('username');
  }
  if (fields.displayName !== undefined && fields.displayName !== existing.displayName) {
    next.displayName = fields.displayName;
    changed.push('displayName');
  }
  if (fields.locale !== undefined && fields.locale !== existing.locale) {
    next.locale = fields.locale;
    changed.push('locale');
  }
  if (fields.portalAdmin !== undefined && fields.portalAdmin !== (existing.portalAdmin === true)) {
    next.portalAdmin = fields.portalAdmin;
    changed.push('portalAdmin');
  }
  if (fields.externalId !== undefined && fields.externalId !== existing.externalId) {
    next.externalId = fields.externalId;
    changed.push('externalId');
  }
  if (changed.length === 0) return undefined;
  const keysChanged = next.emailKey !== existing.emailKey || next.usernameKey !== existing.usernameKey || next.externalId !== existing.externalId;
  return { next: { ...next, rev: existing.rev + 1, updatedAt: nowSec }, changed, keysChanged };
}

/** How long a claimed invitation counts as in flight (its mail being sent or retried) before another may go. */
export const INVITE_CLAIM_SEC = 10 * 60;

export type ActivationDecision = 'invite' | 'already-invited' | 'already-active' | 'disabled';

/**
 * Whether an invitation is due: only for an entry that never registered and has no live invitation (a
 * live invite link, or a send claimed in the last ten minutes), so repeated and concurrent calls send one.
 */
export function activationDecision(c: Customer, nowSec: number): ActivationDecision {
  if (c.status === 'disabled') return 'disabled';
  if (c.status === 'active') return 'already-active';
  if (c.link?.purpose === 'invite' && c.link.expiresAt > nowSec) return 'already-invited';
  if ((c.inviteClaimAt ?? 0) > nowSec - INVITE_CLAIM_SEC) return 'already-invited';
  return 'invite';
}
