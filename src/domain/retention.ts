import type { Customer } from './customer';
import type { Settings } from './settings';

/**
 * Storage limitation (issue 24, GDPR Art. 5(1)(e)): how far back the app keeps activity. Audit events (the
 * trail and the sign-in history) for `retention.auditDays`; email and SMS activity (their audit events and
 * the outbox records) for `retention.activityDays`. The Overview's counters are aggregates without people
 * and stay. Customers invited but never registered go `retention.inviteesDays` after their invitation (0 = never),
 * erased as an admin's deletion erases them. Pure: the clock is passed in.
 */
export const ACTIVITY_KIND_PREFIXES = ['email.', 'sms.'] as const;

export interface RetentionCutoffs {
  /** Audit ids sort by time (milliseconds, 14 digits, first): an id below this is older than the retention. */
  auditBeforeId: string;
  activityBeforeId: string;
  /** Seconds: outbox records last changed before this go. */
  activityBeforeSec: number;
  /** Seconds: customers invited before this and never registered (nor changed since) are removed; undefined = off. */
  inviteesBeforeSec?: number;
}

const DAY_MS = 86_400_000;
const idAt = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(14, '0');

export function retentionCutoffs(retention: Settings['retention'], nowMs: number): RetentionCutoffs {
  const activityMs = nowMs - retention.activityDays * DAY_MS;
  return {
    auditBeforeId: idAt(nowMs - retention.auditDays * DAY_MS),
    activityBeforeId: idAt(activityMs),
    activityBeforeSec: Math.floor(activityMs / 1000),
    ...(retention.inviteesDays > 0 ? { inviteesBeforeSec: Math.floor((nowMs - retention.inviteesDays * DAY_MS) / 1000) } : {}),
  };
}

/** Invited (an invitation was sent) before `beforeSec` and never registered: no password, never activated. */
export function neverRegistered(customer: Customer, beforeSec: number): boolean {
  return customer.status === 'invited' && !customer.erasingAs && customer.invitedAt > 0 && customer.invitedAt < beforeSec && !customer.activatedAt && !customer.passwordRef;
}
