/** Section "Overview" (issue 14): the registration funnel, the last 30 days and what needs attention. */
import { SERIES, type AttentionCounts, type FunnelCounts, type Series } from '../../domain/overview/counts';
import type { AdminResult } from './common';
import type { CustomerFilter } from './directory';

export { SERIES as OVERVIEW_SERIES };
export type { AttentionCounts, FunnelCounts, Series as OverviewSeries };

export interface OverviewBackfill {
  /** `customers`, then `events` while the history from before the counters is being counted; then `done`. */
  phase: 'customers' | 'events' | 'done';
  /** Directory entries and audit events counted by the backfill so far. */
  customers: number;
  events: number;
}

export interface OverviewData {
  /** The IANA time zone the days are cut in (the admin's Jira time zone; UTC when Jira does not say). */
  zone: string;
  /** The last 30 days, oldest first (YYYY-MM-DD in `zone`); every series has one count per day. */
  days: string[];
  series: Record<Series, number[]>;
  funnel: FunnelCounts;
  attention: AttentionCounts;
  backfill: OverviewBackfill;
}

/**
 * The Customers-list filter each figure links to (`#customers?status=<filter>`): the list shows exactly the
 * entries the figure counts (the funnel's "registered" is every stored `active` entry, locked and "reset link
 * sent" included, hence the group `registered`, not the status `active`).
 */
export const OVERVIEW_LINKS: { funnel: Record<keyof FunnelCounts, CustomerFilter>; attention: Record<keyof AttentionCounts, CustomerFilter> } = {
  funnel: { notInvited: 'not-invited', invited: 'invited', active: 'registered', inviteExpired: 'invite-expired', disabled: 'disabled' },
  attention: { expiringSoon: 'invite-expiring', locked: 'locked', deliveryProblems: 'delivery-problem' },
};

export type OverviewAnswer = { 'admin/overview': AdminResult<OverviewData> };
export type OverviewPayload = { 'admin/overview': Record<string, never> };
export const OVERVIEW_KEYS = ['admin/overview'] as const;
