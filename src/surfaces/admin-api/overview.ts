/** Section "Overview" (issue 14): the registration funnel, the last 30 days and what needs attention. */
import { SERIES, type AttentionCounts, type FunnelCounts, type Series } from '../../domain/overview/counts';
import type { BackfillProgress, OverviewData } from '../../domain/overview/items';
import { adminCall } from './common';
import type { CustomerFilter } from './directory';

export { SERIES as OVERVIEW_SERIES };
export type { AttentionCounts, FunnelCounts, Series as OverviewSeries };

export type { BackfillProgress as OverviewBackfill, OverviewData };

/**
 * The Customers-list filter each figure links to (`#customers?status=<filter>`): the list shows exactly the
 * entries the figure counts (the funnel's "registered" is every stored `active` entry, locked and "reset link
 * sent" included, hence the group `registered`, not the status `active`).
 */
export const OVERVIEW_LINKS: { funnel: Record<keyof FunnelCounts, CustomerFilter>; attention: Record<keyof AttentionCounts, CustomerFilter> } = {
  funnel: { notInvited: 'not-invited', invited: 'invited', active: 'registered', inviteExpired: 'invite-expired', disabled: 'disabled' },
  attention: { expiringSoon: 'invite-expiring', locked: 'locked', deliveryProblems: 'delivery-problem' },
};

export const OVERVIEW_CALLS = {
  'admin/overview': adminCall<Record<string, never>, OverviewData>(),
};
