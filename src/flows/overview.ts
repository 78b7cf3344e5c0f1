import { kvs, Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { Customer } from '../domain/customer';
import { SERIES, addSeries, addState, contribution, hoursOf, packSeries, readState, seriesDelta, stateDelta, unpackSeries, type AttentionCounts, type CounterDelta, type FunnelCounts, type Series } from '../domain/overview/counts';
import { bucketByDay, lastDays, safeZone, utcDate } from '../domain/overview/days';
import { PerInstallation } from '../forge/installation';
import { OVERVIEW_DAY, OVERVIEW_META, compactOverviewDays, dayItemsPage, dayKey, daysToCompact, executeCounted, foldCutoff, foldOverview, readCounters, type DayItem } from '../forge/counters';
import { ENTITY, OVERVIEW_BACKFILL_KEY } from '../forge/kvs-keys';
import { fromStoredCustomer, toStoredCustomer } from '../forge/stored-customer';
import { executeIfUnchanged, revIs } from '../forge/transactions';
import type { AuditEvent } from '../ports';
import { nowSec, type Deps } from './deps';

/**
 * The admin overview (issue 14): read from the counters only (src/forge/counters.ts), never from the
 * directory or the audit log. A load reads the folded base and the items of the last 32 UTC days (1 read and
 * 1 query page in parallel, a page per further 100 items); only when the base lags (no fold for a day) does
 * it fold first (1 read, 1 query, 1 write). Closed days still in shards are merged by a queued job.
 */
export interface BackfillProgress {
  phase: 'customers' | 'events' | 'done';
  customers: number;
  events: number;
}

export interface OverviewData {
  /** The IANA zone the days are cut in. */
  zone: string;
  /** The last 30 days, oldest first (YYYY-MM-DD in `zone`). */
  days: string[];
  series: Record<Series, number[]>;
  funnel: FunnelCounts;
  attention: AttentionCounts;
  backfill: BackfillProgress;
}

export async function loadOverview(deps: Deps, zone: string | undefined): Promise<OverviewData> {
  const now = nowSec(deps);
  const tz = safeZone(zone);
  let { base, days } = await readCounters(now);
  // Lags only when no load folded for more than a day (each fold call takes up to 100 day items).
  for (let folds = 0; base.through < foldCutoff(now) && folds < 5; folds++) base = await foldOverview(now);
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
  const merged = await compactOverviewDays(days);
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
const BACKFILL_KEY = OVERVIEW_BACKFILL_KEY;
const CUSTOMERS_PER_TX = 24;
const STEPS_PER_JOB = 10;

interface BackfillItem {
  rev: number;
  progress: BackfillProgress & { cursor?: string; before: string; from: string };
}

const metaGet = (key: string) => kvs.entity<BackfillItem>(OVERVIEW_META).get(key);

/** Started once, by the first overview load after the upgrade (also a no-op read on every later load). */
async function ensureBackfill(deps: Deps): Promise<BackfillProgress> {
  const item = await metaGet(BACKFILL_KEY);
  if (item) return { phase: item.progress.phase, customers: item.progress.customers, events: item.progress.events };
  const nowMs = deps.clock.nowMs();
  // Counting began with the first counted event: the smallest `first` among the day items (created since the upgrade).
  const first = await dayItemsPage('0000-00-00', '9999-12-31');
  const firsts = first.results.map((r) => r.value.first).filter((x): x is string => !!x).sort();
  const before = firsts[0] ?? String(Math.floor(nowMs)).padStart(14, '0');
  const from = String(Math.floor(nowMs - 33 * 86_400_000)).padStart(14, '0');
  const created: BackfillItem = { rev: 1, progress: { phase: 'customers', customers: 0, events: 0, before, from } };
  if (await executeIfUnchanged(kvs.transact().set(BACKFILL_KEY, created, { entityName: OVERVIEW_META, conditions: revIs<BackfillItem>(undefined) }))) {
    await deps.queue.push({ type: 'overview-backfill' });
  }
  return { phase: 'customers', customers: 0, events: 0 };
}

/** One job run: up to ten steps, then it queues itself again until done. */
export async function processOverviewBackfill(deps: Deps): Promise<void> {
  for (let step = 0; step < STEPS_PER_JOB; step++) {
    const item = await metaGet(BACKFILL_KEY);
    if (!item || item.progress.phase === 'done') return;
    if (item.progress.phase === 'customers') await customersStep(deps, item);
    else await eventsStep(deps, item);
  }
  await deps.queue.push({ type: 'overview-backfill' });
}

async function saveProgress(item: BackfillItem, progress: BackfillItem['progress']): Promise<boolean> {
  const next: BackfillItem = { rev: item.rev + 1, progress };
  return executeIfUnchanged(kvs.transact().set(BACKFILL_KEY, next, { entityName: OVERVIEW_META, conditions: revIs<BackfillItem>(item.rev) }));
}

async function customersStep(deps: Deps, item: BackfillItem): Promise<void> {
  let query = kvs.entity<Customer & { ovc?: string }>(ENTITY.customer).query().index('by-email').limit(CUSTOMERS_PER_TX);
  if (item.progress.cursor) query = query.cursor(item.progress.cursor);
  const page = await query.getMany();
  const uncounted = page.results.map((r) => fromStoredCustomer(r.value)).filter((c) => c.ovc === undefined);
  if (uncounted.length > 0) {
    const delta: CounterDelta = { s: {}, f: uncounted.reduce((f, c) => addState(f, stateDelta(undefined, contribution(c))), {}) };
    const build = () => {
      const tx = kvs.transact();
      for (const c of uncounted) tx.set(c.id, toStoredCustomer({ ...c, ovc: contribution(c) }), { entityName: ENTITY.customer, conditions: new Filter<Customer>().and('rev', FilterConditions.equalTo(c.rev)) });
      return tx;
    };
    // Refused: one of them changed meanwhile (and that change counted it); the step runs again.
    if (!(await executeCounted(build, delta, nowSec(deps)))) return;
  }
  const done = !page.nextCursor;
  const { cursor: _cursor, ...rest } = item.progress;
  await saveProgress(item, { ...rest, customers: rest.customers + uncounted.length, phase: done ? 'events' : 'customers', ...(done ? {} : { cursor: page.nextCursor }) });
}

async function eventsStep(deps: Deps, item: BackfillItem): Promise<void> {
  const { before, from } = item.progress;
  let query = kvs.entity<AuditEvent>(ENTITY.audit).query().index('by-time').where(WhereConditions.between(from, before)).sort(Sort.DESC).limit(100);
  if (item.progress.cursor) query = query.cursor(item.progress.cursor);
  const page = await query.getMany();
  const events = page.results.map((r) => r.value).filter((e) => e.id < before);
  const byDay = new Map<string, AuditEvent[]>();
  for (const e of events) byDay.set(utcDate(e.at), [...(byDay.get(utcDate(e.at)) ?? []), e]);
  const deltas = [...byDay].map(([day, list]) => ({ day, s: seriesDelta(list) })).filter((d) => Object.keys(d.s).length > 0);
  const stored = deltas.length === 0 ? [] : (await kvs.batchGet<DayItem>(deltas.map((d) => ({ key: dayKey(d.day), entityName: OVERVIEW_DAY })))).successfulKeys;
  const done = !page.nextCursor;
  const { cursor: _cursor, ...rest } = item.progress;
  const progress = { ...rest, events: rest.events + events.length, phase: done ? ('done' as const) : ('events' as const), ...(done ? {} : { cursor: page.nextCursor }) };
  const tx = kvs.transact().set(BACKFILL_KEY, { rev: item.rev + 1, progress }, { entityName: OVERVIEW_META, conditions: revIs<BackfillItem>(item.rev) });
  for (const d of deltas) {
    const current = stored.find((hit) => hit.key === dayKey(d.day))?.value;
    const next: DayItem = { ...(current ?? { day: d.day, rev: 0, s: {}, f: {} }), rev: (current?.rev ?? 0) + 1, s: packSeries(addSeries(unpackSeries(current?.s ?? {}, d.day), d.s), d.day) };
    tx.set(dayKey(d.day), next, { entityName: OVERVIEW_DAY, conditions: revIs<DayItem>(current?.rev) });
  }
  // Refused: a live write moved one of the day items; the step runs again from the same cursor.
  await executeIfUnchanged(tx);
}
