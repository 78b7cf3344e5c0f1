import type { AttentionCounts, FunnelCounts, PackedSeries, Series, StateCounts } from './counts';
import { addDays, utcDate } from './days';

/** The overview's stored items as data (issue 14): the counters (src/forge/counters.ts) and the backfill's state. */

/** A counter item as stored (entity `overview-day`): what writes on one UTC day counted (src/forge/counters.ts). */
export interface DayItem {
  day: string;
  rev: number;
  /** Series counts in their stored form (see packSeries). */
  s: PackedSeries;
  f: StateCounts;
  /** The first audit id counted into this item (the backfill counts what came before counting began). */
  first?: string;
}

export interface BaseItem {
  rev: number;
  /** Every day item up to this UTC date (inclusive) is folded into `f` ('' = none yet). */
  through: string;
  /** A fold in progress past `through`: where its next page starts (the items before it are in `f`). */
  cursor?: string;
  f: StateCounts;
}

/** How far the backfill on upgrade has come (shown in the section). */
export interface BackfillProgress {
  /** `customers`, then `events` while the history from before the counters is being counted; then `done`. */
  phase: 'customers' | 'events' | 'done';
  /** Directory entries and audit events counted by the backfill so far. */
  customers: number;
  events: number;
}

/** What the admin Overview shows (`admin/overview`): the one data contract of the flow and the admin page. */
export interface OverviewData {
  /** The IANA time zone the days are cut in (the admin's Jira time zone; UTC when Jira does not say). */
  zone: string;
  /** The last 30 days, oldest first (YYYY-MM-DD in `zone`); every series has one count per day. */
  days: string[];
  series: Record<Series, number[]>;
  funnel: FunnelCounts;
  attention: AttentionCounts;
  backfill: BackfillProgress;
}

/** The backfill's stored state (entity `overview-meta`, key `backfill`): its progress, cursor and bounds. */
export interface BackfillItem {
  rev: number;
  progress: BackfillProgress & { cursor?: string; before: string; from: string };
}

/** UTC days a read covers: enough for 30 local days in any zone (UTC−12 … UTC+14) up to now. */
export const READ_UTC_DAYS = 32;
/** Fold everything older than what a read covers. */
export const foldCutoff = (nowSec: number): string => addDays(utcDate(nowSec), -READ_UTC_DAYS);

/** Closed UTC days (before `today`) that have more than one item: what `compactOverviewDays` would merge. */
export function daysToCompact(days: readonly DayItem[], nowSec: number): string[] {
  const today = utcDate(nowSec);
  const seen = new Map<string, number>();
  for (const d of days) if (d.day < today) seen.set(d.day, (seen.get(d.day) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([day]) => day);
}
