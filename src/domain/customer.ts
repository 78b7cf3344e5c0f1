import type { StoredLink } from './link-token';
import type { RateRule, RateWindow } from './rate-limit';
import type { MailLocale } from '../i18n/locale';
import type { TwoStepState } from './two-step';
import type { EmailCodeState } from './factors/email-code';

/**
 * A portal customer as stored. Only `invited`, `active` and `disabled` are stored; "invite expired",
 * "reset pending" and "locked" are derived from times, so they can never go stale.
 */
export type StoredStatus = 'invited' | 'active' | 'disabled';

/** A reported problem with a customer's address, shown to agents until a later mail is delivered. */
export interface DeliveryIssue {
  kind: 'bounced' | 'complained';
  reason: string;
  at: number;
}

export interface Customer {
  id: string;
  email: string;
  emailKey: string;
  username: string;
  usernameKey: string;
  displayName: string;
  /** The customer's email language: en, de or an added one (settings.mailLocales); '' = not known. */
  locale: MailLocale;
  accountId: string;
  status: StoredStatus;
  rev: number;
  createdAt: number;
  updatedAt: number;
  invitedAt: number;
  activatedAt: number;
  passwordChangedAt: number;
  /** Which secret holds the password hash ('' = no password yet). A new reference per change, so two
   * racing changes never write the same secret. */
  passwordRef: string;
  link: StoredLink | null;
  /** Mirror of link.hash as a top-level attribute so a transaction can condition on it ('' = none). */
  linkHash: string;
  resetWindow: RateWindow | null;
  /** Invitations sent in the current day-long window (per-account limit). */
  inviteWindow: RateWindow | null;
  /** When the last invitation reminder was sent (seconds; absent or 0 = never). At or after `invitedAt`:
   * the current invitation was reminded of. */
  inviteRemindedAt?: number;
  failedLogins: number;
  lockedUntil: number;
  /** The last successful sign-in (seconds; absent or 0 = never). */
  lastSignInAt?: number;
  /** Marked by an admin as one of the customer's portal administrators (two-step policy "admins"). */
  portalAdmin?: boolean;
  /** Two-step verification methods the customer enrolled; absent = none. */
  twoStep?: TwoStepState;
  /** Wrong codes of the method being enrolled (its attempt), claimed before each check: 5 end it (issue 23 item 1). */
  enrolCodes?: { attempt: string; failures: number };
  /** "Email me a sign-in code" (issue 22): the per-account send window and the newest code (only its hash). */
  emailCode?: EmailCodeState;
  /** The last bounce or spam complaint for this address, until a later mail is delivered. */
  deliveryIssue: DeliveryIssue | null;
  /** The customer's id in the system that provisions them (shop, ERP; issue 12); absent = none. Unique. */
  externalId?: string;
  /** The name of the API key whose system created (or adopted) this entry (issue 23); absent = made by an admin,
   * the import, a request, Automation or before owners were recorded. Another key must adopt it to change it. */
  provisionedBy?: string;
  /** When an invitation send was claimed (seconds; absent or 0 = none in flight): concurrent "ensure
   * access" calls see it and do not send a second one (src/domain/provisioning/access.ts). */
  inviteClaimAt?: number;
  /** Set while the entry is being erased (issue 24): the opaque reference its audit events move to, so an
   * erasure that stopped midway goes on under the same one. */
  erasingAs?: string;
  /** Issue 22: the customer's passkeys (at most 10; src/domain/passkeys.ts). */
  passkeys?: import('./passkeys').StoredPasskey[];
  /** When the customer last said "Not now" to adding a passkey after a sign-in (not offered for 30 days). */
  passkeyOfferSnoozedAt?: number;
  /** Issue 25: the queued jobs that claimed a mail window of this account (tag → when, kept MAIL_JOB_TAG_SEC). */
  mailJobs?: Record<string, number>;
}

/**
 * How long a job's tag stays on the entry: as long as the job ledger keeps a job (src/forge/job-ledger.ts,
 * JOB_LEDGER_TTL_SEC), longer than the 24 hours in which Forge delivers an event again.
 */
export const MAIL_JOB_TAG_SEC = 25 * 3600;
/** At most this many tags on an entry (about 1 KB), whatever limits an admin sets. */
export const MAIL_JOB_TAGS_MAX = 50;

/**
 * The tags with `tag` added at `nowSec`, those older than MAIL_JOB_TAG_SEC left out; when MAIL_JOB_TAGS_MAX are still
 * younger, the oldest goes (`evicted`: the caller must then have claimed the job in the ledger itself).
 */
export function withMailJob(tags: Record<string, number> | undefined, tag: string, nowSec: number): { tags: Record<string, number>; evicted: boolean } {
  const kept = Object.entries(tags ?? {})
    .filter(([, at]) => at > nowSec - MAIL_JOB_TAG_SEC)
    .sort((a, b) => a[1] - b[1]);
  const evicted = kept.length >= MAIL_JOB_TAGS_MAX;
  return { tags: Object.fromEntries([...kept.slice(kept.length - MAIL_JOB_TAGS_MAX + 1), [tag, nowSec]]), evicted };
}

/** The language to write to a customer in: theirs, or English while it is not known. */
export function mailLocaleOf(customer: Pick<Customer, 'locale'>): MailLocale {
  return customer.locale || 'en';
}

export type DerivedStatus = 'invited' | 'invite-expired' | 'active' | 'reset-pending' | 'locked' | 'disabled';

export function derivedStatus(c: Customer, nowSec: number): DerivedStatus {
  if (c.status === 'disabled') return 'disabled';
  if (c.status === 'invited') {
    return c.link?.purpose === 'invite' && c.link.expiresAt > nowSec ? 'invited' : 'invite-expired';
  }
  if (c.lockedUntil > nowSec) return 'locked';
  if (c.link?.purpose === 'reset' && c.link.expiresAt > nowSec) return 'reset-pending';
  return 'active';
}

/** May this account receive a password-reset link? Locked accounts may: a reset is their way out. */
export function canReceiveReset(c: Customer): boolean {
  return c.status === 'active';
}

/** Invitations go to accounts that never completed registration (whether or not the last one expired). */
export function canReceiveInvite(c: Customer): boolean {
  return c.status === 'invited';
}

/** Invitations (and reminders) the account may still get in the current window of its per-account limit; no entry yet: the whole limit. */
export function invitesLeft(c: Pick<Customer, 'inviteWindow'> | undefined, rule: RateRule, nowSec: number): number {
  const window = c?.inviteWindow;
  const used = window && nowSec < window.start + rule.windowSec ? window.count : 0;
  return Math.max(0, rule.limit - used);
}

/** A new directory entry: invited, no password, no link yet (the invitation flow issues it). */
export function newCustomer(
  fields: Pick<Customer, 'id' | 'email' | 'emailKey' | 'username' | 'usernameKey' | 'displayName' | 'locale'> & { accountId?: string; nowSec: number },
): Customer {
  const { nowSec, accountId, ...identity } = fields;
  return {
    ...identity,
    accountId: accountId ?? '',
    status: 'invited',
    rev: 1,
    createdAt: nowSec,
    updatedAt: nowSec,
    invitedAt: 0,
    activatedAt: 0,
    passwordChangedAt: 0,
    passwordRef: '',
    link: null,
    linkHash: '',
    resetWindow: null,
    inviteWindow: null,
    failedLogins: 0,
    lockedUntil: 0,
    deliveryIssue: null,
  };
}

/**
 * What an agent may do for a reporter in each state (the panel's buttons; the flows enforce the same).
 * `unidentified` (Jira hides the reporter's email and no entry is linked to their account) may be invited
 * with an address the agent enters; the new entry is then linked to the reporter's account.
 */
export function agentActions(status: DerivedStatus | 'not-invited' | 'unidentified'): { invite: boolean; resendInvite: boolean; sendReset: boolean } {
  return {
    invite: status === 'not-invited' || status === 'unidentified',
    resendInvite: status === 'invited' || status === 'invite-expired',
    sendReset: status === 'active' || status === 'reset-pending' || status === 'locked',
  };
}
