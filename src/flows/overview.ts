import { SERIES, addState, contribution, hoursOf, readState, seriesDelta, stateDelta, unpackSeries, type CounterDelta, type Series } from '../domain/overview/counts';
import { bucketByDay, lastDays, safeZone, utcDate } from '../domain/overview/days';
import { daysToCompact, foldCutoff, type BackfillItem, type BackfillProgress, type OverviewData } from '../domain/overview/items';
import { PerInstallation } from '../forge/installation';
import type { AuditEvent } from '../domain/audit';
import { nowSec, type Deps } from './deps';

/**
 * The admin overview (issue 14): read from the counters only (`deps.overview`: src/forge/counters.ts), never from the
 * directory or the audit log. A load reads the folded base and the items of the last 32 UTC days (1 read and
 * 1 query page in parallel, a page per further 100 items); only when the base lags (no fold for a day) does
 * it fold first (1 read, 1 query, 1 write). Closed days still in shards are merged by a queued job.
 */

export async function loadOverview(deps: Deps, zone: string | undefined): Promise<OverviewData> {
  const now = nowSec(deps);
  const tz = safeZone(zone);
  let { base, days } = await deps.overview.read(now);
  // Lags only when no load folded for more than a day (each fold call takes up to 100 day items).
  for (let folds = 0; base.through < foldCutoff(now) && folds < 5; folds++) base = await deps.overview.fold(now);
  const live = days.filter((d) => d.day > base.through);
  const state = live.reduce((f, d) => addState(f, d.f), base.f);
  const hours = hoursOf(days.map((d) => unpackSeries(d.s, d.day)));
  const window = lastDays(now, tz);
  const series = Object.fromEntries(SERIES.map((s) => [s, bucketByDay(hours.get(s) ?? new Map(), window)])) as Record<Series, number[]>;
  await queueCompaction(deps, daysToCompact(days, now));
  const backfill = await ensureBackfill(deps);
  return { zone: tz, days: window.map((d) => d.date), series, ...readState(state, now), backfill };
}

/** The days this instance last queued for compaction, per installation: a page loaded again before the job ran queues nothing new. */
const queuedCompaction = new PerInstallation(() => ({ days: '' }));

async function queueCompaction(deps: Deps, days: string[]): Promise<void> {
  const key = days.join(',');
  const queued = queuedCompaction.current();
  if (days.length === 0 || key === queued.days) return;
  queued.days = key;
  await deps.queue.push({ type: 'overview-compact', days });
}

/** The job `overview-compact`: merges the shards of the given closed days (a day written meanwhile is left for next time). */
export async function processOverviewCompact(deps: Deps, days: readonly string[]): Promise<void> {
  const merged = await deps.overview.compact(days);
  deps.log.info('overview days compacted', { days: days.length, merged });
}

// --- Backfill on upgrade ---------------------------------------------------------------------------------

/**
 * Sites that had the app before the counters see their history: the job `overview-backfill` counts, in
 * steps, (1) every directory entry not counted yet (no `ovc`: written before the counters existed), each
 * marked in the same transaction as its count, so a step repeated after a crash skips what it counted and a
 * customer changed meanwhile is counted by that change instead; (2) the audit events of the last 32 days
 * written before counting began (ids below `before`, the first id the counters saw), their series
 * written together with the step's cursor in one transaction, so a repeated step counts nothing twice.
 * Progress (entity `overview-meta`, key `backfill`) shows in the section.
 */
const CUSTOMERS_PER_TX = 24;
const STEPS_PER_JOB = 10;
const EVENTS_PER_STEP = 100;

/** Started once, by the first overview load after the upgrade (also a no-op read on every later load). */
async function ensureBackfill(deps: Deps): Promise<BackfillProgress> {
  const item = await deps.overview.backfill();
  if (item) return { phase: item.progress.phase, customers: item.progress.customers, events: item.progress.events };
  const nowMs = deps.clock.nowMs();
  // Counting began with the first counted event: the smallest `first` among the day items (created since the upgrade).
  const firsts = (await deps.overview.firstCounted()).sort();
  const before = firsts[0] ?? String(Math.floor(nowMs)).padStart(14, '0');
  const from = String(Math.floor(nowMs - 33 * 86_400_000)).padStart(14, '0');
  const created: BackfillItem = { rev: 1, progress: { phase: 'customers', customers: 0, events: 0, before, from } };
  if (await deps.overview.startBackfill(created)) {
    await deps.queue.push({ type: 'overview-backfill' });
  }
  return { phase: 'customers', customers: 0, events: 0 };
}

/** One job run: up to ten steps, then it queues itself again until done. */
export async function processOverviewBackfill(deps: Deps): Promise<void> {
  for (let step = 0; step < STEPS_PER_JOB; step++) {
    const item = await deps.overview.backfill();
    if (!item || item.progress.phase === 'done') return;
    if (item.progress.phase === 'customers') await customersStep(deps, item);
    else await eventsStep(deps, item);
  }
  await deps.queue.push({ type: 'overview-backfill' });
}

async function customersStep(deps: Deps, item: BackfillItem): Promise<void> {
  const page = await deps.overview.customersPage(CUSTOMERS_PER_TX, item.progress.cursor);
  const uncounted = page.customers.filter((c) => c.ovc === undefined);
  if (uncounted.length > 0) {
    const delta: CounterDelta = { s: {}, f: uncounted.reduce((f, c) => addState(f, stateDelta(undefined, contribution(c))), {}) };
    // Refused: one of them changed meanwhile (and that change counted it); the step runs again.
    if (!(await deps.overview.countCustomers(uncounted, delta, nowSec(deps), (c) => ({ ...c, ovc: contribution(c) })))) return;
  }
  const done = !page.cursor;
  const { cursor: _cursor, ...rest } = item.progress;
  await deps.overview.saveBackfill(item, { ...rest, customers: rest.customers + uncounted.length, phase: done ? 'events' : 'customers', ...(done ? {} : { cursor: page.cursor }) });
}

async function eventsStep(deps: Deps, item: BackfillItem): Promise<void> {
  const { before, from } = item.progress;
  const page = await deps.overview.auditPage(from, before, EVENTS_PER_STEP, item.progress.cursor);
  const events = page.events.filter((e) => e.id < before);
  const byDay = new Map<string, AuditEvent[]>();
  for (const e of events) byDay.set(utcDate(e.at), [...(byDay.get(utcDate(e.at)) ?? []), e]);
  const deltas = [...byDay].map(([day, list]) => ({ day, s: seriesDelta(list) })).filter((d) => Object.keys(d.s).length > 0);
  const done = !page.cursor;
  const { cursor: _cursor, ...rest } = item.progress;
  const progress = { ...rest, events: rest.events + events.length, phase: done ? ('done' as const) : ('events' as const), ...(done ? {} : { cursor: page.cursor }) };
  // Refused: a live write moved one of the day items; the step runs again from the same cursor.
  await deps.overview.countEvents(item, progress, deltas);
}
