import type { MailLocale } from '../i18n/locale';
import { canReceiveInvite, canReceiveReset, type Customer } from './customer';
import { reminderLinkLifetimeSec } from './invite-reminder';
import type { LinkPurpose } from './link-token';
import type { Settings } from './settings';

/**
 * Mail delivery as data: which mails exist (kinds), the outbox record a mail gets when its first attempt
 * failed temporarily, and the retry schedule. Pure: no I/O, no clock.
 */
export { MAIL_KINDS, TWO_STEP_NOTICE_KINDS, type MailKind, type TwoStepNoticeKind } from './mail-kinds';
import type { MailKind } from './mail-kinds';

/** What a notice reports, fixed when it is queued (a retry says the same): when, which method, codes left. */
export interface NoticeFacts {
  /** When it happened, seconds since the epoch. */
  at: number;
  method?: 'totp' | 'sms';
  /** Recovery codes left (recovery-used) or newly created (codes); passkeys left (passkey-removed). */
  left?: number;
  /** Issue 22: the passkey's name (passkey-added, passkey-removed; absent: several were removed). */
  name?: string;
}

/** First attempt plus five retries: 30 s, 1, 2, 4, 8 min (a provider's Retry-After can stretch a wait), ~15 min in all. */
export const MAX_ATTEMPTS = 6;
const BASE_DELAY_SEC = 30;
/** Forge async events can be delayed by at most 15 minutes. */
export const MAX_DELAY_SEC = 900;

export function retryDelaySec(failedAttempts: number, retryAfterSec?: number): number {
  const backoff = BASE_DELAY_SEC * 2 ** Math.max(0, failedAttempts - 1);
  return Math.min(MAX_DELAY_SEC, Math.max(backoff, Math.ceil(retryAfterSec ?? 0)));
}

export type OutboxStatus = 'retrying' | 'sending' | 'sent' | 'failed';

export interface OutboxActor {
  kind: 'customer' | 'anonymous' | 'system' | 'agent' | 'admin';
  accountId?: string;
  name?: string;
}

export interface OutboxRecord {
  /** Our message id: the idempotency key sent to the provider with every attempt. */
  id: string;
  customerId: string;
  kind: MailKind;
  locale: MailLocale;
  actor: OutboxActor;
  attempts: number;
  status: OutboxStatus;
  lastReason: string;
  createdAt: number;
  updatedAt: number;
  rev: number;
  /** A two-step notice's facts (kept for its retries). */
  notice?: NoticeFacts;
}

/** The link a mail carries: reset mails a reset link, invitations and their reminders an invitation link; notices none. */
export function linkPurposeOf(kind: MailKind): LinkPurpose | undefined {
  if (kind === 'reset') return 'reset';
  return kind === 'invite' || kind === 'invite-reminder' ? 'invite' : undefined;
}

/** Seconds a mail's link lives: a reminder's keeps the invitation's expiry; other links live their configured lifetime. */
export function linkLifetimeSec(kind: MailKind, customer: Customer, lifetimes: Pick<Settings, 'inviteLinkDays' | 'resetLinkMinutes'>, nowSec: number): number {
  if (kind === 'invite-reminder') return reminderLinkLifetimeSec(customer, nowSec);
  return kind === 'invite' ? lifetimes.inviteLinkDays * 86_400 : lifetimes.resetLinkMinutes * 60;
}

/**
 * Whether a mail being retried still applies to the account as it is now: a reset link only to an active
 * account, an invitation (or its reminder) only to one still invited, anything else to any account not disabled.
 */
export function retryStillApplies(kind: MailKind, customer: Customer): boolean {
  if (kind === 'reset') return canReceiveReset(customer);
  if (kind === 'invite' || kind === 'invite-reminder') return canReceiveInvite(customer);
  return customer.status !== 'disabled';
}
