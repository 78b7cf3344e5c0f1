import { randomBytes } from 'node:crypto';
import { kvs, Sort, WhereConditions } from '@forge/kvs';
import { addSeries, addState, isEmptyDelta, packSeries, pruneState, unpackSeries, type CounterDelta, type StateCounts } from '../domain/overview/counts';
import { READ_UTC_DAYS, foldCutoff, type BaseItem, type DayItem } from '../domain/overview/items';
import { addDays, utcDate } from '../domain/overview/days';
import { ENTITY, OVERVIEW_BASE_KEY, overviewDayKey, overviewShardKey } from './kvs-keys';
import { executeIfUnchanged, revIs, type Transaction } from './transactions';
import { PerInstallation } from './installation';
import { consoleLogger } from './logger';

/**
 * The overview counters on Forge KVS (issue 14). KVS has no atomic increment, so a counter is a
 * read-modify-write conditioned on its revision, folded into the transaction that writes the event it
 * counts: the event and its count land together or not at all, and a retried write that did not land
 * counts nothing (no double counting). Two events racing for one counter: one transaction wins, the other
 * re-reads the counter and tries again (the event's own conditions are re-checked by the store each time).
 *
 * Items (entity `overview-day`): everything counted by writes on that UTC day: series by absolute UTC
 * hour, and state deltas (see domain/overview/counts.ts). Each instance (a Forge invocation's warm
 * container; on the local host the main thread and the jobs worker) writes only its **own shard** of a day,
 * key `d-<UTC date>-<shard>`, so the copy it keeps of its last write is never stale: counting costs no read
 * and no refused transaction, whatever other instances count meanwhile. Two invocations of one instance
 * racing (the local host serves requests concurrently) still meet the revision condition and retry.
 * Readers sum a day's items (one query over the `by-day` index); `compactOverviewDays` merges the items of a
 * closed day into one (`d-<UTC date>`, also where the backfill writes), so a read of the last 32 days stays
 * one or two query pages. One small item per shard and day keeps the extra cost of a counted event at one
 * write unit. State deltas older than the window are folded into `base` (entity `overview-meta`) by
 * `foldOverview`.
 */
export const OVERVIEW_DAY = ENTITY.overviewDay;
export const OVERVIEW_META = ENTITY.overviewMeta;
const BASE_KEY = OVERVIEW_BASE_KEY;

/** A closed day's merged item (compaction, backfill). */
export const dayKey = overviewDayKey;
/**
 * Per installation this instance serves: its shard id (random per process/worker and installation: a new
 * container is a new shard) and the last counter item it wrote there (its own shard: nobody else writes it).
 */
const instance = new PerInstallation(() => ({ shard: randomBytes(6).toString('base64url'), cached: undefined as DayItem | undefined, turn: Promise.resolve() }));

/**
 * Runs `work` once this instance's earlier counted writes have settled: invocations of one instance take turns
 * at its shard instead of racing for it. On Forge a container serves one invocation at a time, so nothing waits
 * there; the local host serves requests concurrently in one instance, where 40 events at once used to collide
 * in lock-step and, on a loaded machine, run out of attempts (a lost count). The revision condition stays: a
 * compaction may still take the shard.
 */
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const mine = instance.current();
  const run = mine.turn.then(work, work);
  mine.turn = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}
/** The item this instance counts a day's events into. */
export const shardKey = (date: string): string => overviewShardKey(date, instance.current().shard);


/**
 * Attempts at a contended counter before the event is written without its count (logged), with a random
 * wait between attempts that grows with each refusal (so a burst of writers spreads out instead of
 * colliding again in lock-step): at most about 3 s in all.
 */
const ATTEMPTS = 24;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

async function readDay(key: string): Promise<DayItem | undefined> {
  return kvs.entity<DayItem>(OVERVIEW_DAY).get(key);
}

/** A day item's counts as a delta (series unpacked), to be summed with others. */
const countsOf = (item: DayItem, date: string): CounterDelta => ({ s: unpackSeries(item.s, date), f: item.f });

/** The sum of one UTC day's counts (items as `countsOf`, deltas), in stored form: what counting and compaction write. */
function summed(date: string, parts: readonly CounterDelta[]): Pick<DayItem, 's' | 'f'> {
  return {
    s: packSeries(parts.reduce((s, p) => addSeries(s, p.s), {} as Record<string, number>), date),
    f: parts.reduce((f, p) => addState(f, p.f), {} as StateCounts),
  };
}

function applied(item: DayItem | undefined, date: string, delta: CounterDelta, firstId: string | undefined): DayItem {
  return {
    day: date,
    rev: (item?.rev ?? 0) + 1,
    ...summed(date, item ? [countsOf(item, date), delta] : [delta]),
    ...(item?.first ?? firstId ? { first: item?.first ?? firstId } : {}),
  };
}

/**
 * Runs the transaction `build` makes, with the counter change added when there is one. True when it
 * landed; false when one of the caller's own conditions did not hold (nothing written, nothing counted).
 * `build` is called for each attempt (transaction builders are single use).
 */
export async function executeCounted(build: () => Transaction, delta: CounterDelta, atSec: number, firstId?: string): Promise<boolean> {
  if (isEmptyDelta(delta)) return executeIfUnchanged(build());
  return inTurn(() => countedInShard(build, delta, atSec, firstId));
}

async function countedInShard(build: () => Transaction, delta: CounterDelta, atSec: number, firstId?: string): Promise<boolean> {
  const date = utcDate(atSec);
  const key = shardKey(date);
  // Only this instance writes its shard: its last write is the item as stored, and a day it has not written
  // yet has no item (a refusal below corrects either assumption with one read).
  const mine = instance.current();
  let item = mine.cached?.day === date ? mine.cached : undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const next = applied(item, date, delta, firstId);
    const tx = build().set(key, next, { entityName: OVERVIEW_DAY, conditions: revIs<DayItem>(item?.rev) });
    const conditioned = item;
    const landed = await executeIfUnchanged(tx).catch(async (error: unknown) => {
      // The conflict code is not documented (docs/platform-assumptions.md): whatever the code, a counter that
      // moved since it was read means this write lost the race for it.
      if (((await readDay(key))?.rev ?? 0) !== (conditioned?.rev ?? 0)) return false;
      throw error;
    });
    if (landed) {
      mine.cached = next;
      return true;
    }
    const fresh = await readDay(key);
    // The counter did not move: the refusal was the caller's own condition (e.g. the customer changed).
    if ((fresh?.rev ?? 0) === (item?.rev ?? 0)) return false;
    // Another invocation of this instance counted meanwhile (or a compaction took a past day's shard):
    // a lost race, so wait a little (more after each refusal) before the next attempt.
    if (attempt > 0) await backoff(attempt);
    mine.cached = fresh;
    item = fresh;
  }
  consoleLogger.warn('overview counter contended: written without its count', { attempts: ATTEMPTS });
  return executeIfUnchanged(build());
}

/** One page (at most 100) of the counter items of the UTC days `from`…`to` (inclusive), oldest first. */
export function dayItemsPage(from: string, to: string, cursor?: string) {
  const query = kvs.entity<DayItem>(OVERVIEW_DAY).query().index('by-day').where(WhereConditions.between(from, to)).sort(Sort.ASC).limit(100);
  return (cursor ? query.cursor(cursor) : query).getMany();
}

/** Every counter item of the UTC days `from`…`to` (inclusive), oldest first: one query per 100 items. */
export async function readDayItems(from: string, to: string): Promise<{ items: { key: string; value: DayItem }[] }> {
  const items: { key: string; value: DayItem }[] = [];
  let cursor: string | undefined;
  do {
    const page = await dayItemsPage(from, to, cursor);
    items.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return { items };
}

/** The stored base, `through` '' when nothing is folded yet (stored without it). */
const baseOf = (stored: BaseItem | undefined): BaseItem => (stored ? { ...stored, through: stored.through ?? '' } : { rev: 0, through: '', f: {} });

/** The folded base and the day items a read needs: the base and the first query page of the window in parallel. */
export async function readCounters(nowSec: number): Promise<{ base: BaseItem; days: DayItem[] }> {
  const today = utcDate(nowSec);
  const [stored, window] = await Promise.all([kvs.entity<BaseItem>(OVERVIEW_META).get(BASE_KEY), readDayItems(addDays(today, -(READ_UTC_DAYS - 1)), today)]);
  return { base: baseOf(stored), days: window.items.map((hit) => hit.value) };
}

/** Items merged per transaction: one write of the merged item plus a delete per merged shard. */
const MERGE_PER_TX = 20;

/**
 * Merges each given closed day's items into its one item `d-<date>` (sums of series and state, the earliest
 * `first`), deleting the shards in the same transaction, every write conditioned on the revision read: a
 * shard written meanwhile (an event dated in the past) refuses the merge, which is tried again next time.
 * Answers how many items were merged away.
 */
export async function compactOverviewDays(dates: readonly string[]): Promise<number> {
  let merged = 0;
  for (const date of dates) {
    const { items } = await readDayItems(date, date);
    const target = items.find((hit) => hit.key === dayKey(date));
    const others = items.filter((hit) => hit.key !== dayKey(date)).slice(0, MERGE_PER_TX);
    if (others.length === 0 || (!target && others.length < 2)) continue;
    const all = [...(target ? [target.value] : []), ...others.map((hit) => hit.value)];
    const firsts = all.map((d) => d.first).filter((x): x is string => !!x).sort();
    const next: DayItem = {
      day: date,
      rev: (target?.value.rev ?? 0) + 1,
      ...summed(date, all.map((d) => countsOf(d, date))),
      ...(firsts[0] ? { first: firsts[0] } : {}),
    };
    const tx = kvs.transact().set(dayKey(date), next, { entityName: OVERVIEW_DAY, conditions: revIs<DayItem>(target?.value.rev) });
    for (const hit of others) tx.delete(hit.key, { entityName: OVERVIEW_DAY, conditions: revIs<DayItem>(hit.value.rev) });
    if (await executeIfUnchanged(tx)) merged += others.length;
  }
  return merged;
}

/**
 * Folds the state deltas of day items up to the cutoff into the base, a page of 100 days at a time
 * (conditioned on the base's revision: of two folds racing, one lands and the other finds nothing left).
 * Day items keep their series (the page reads series only inside the window, so folded days are never
 * read again). Answers the base as it is afterwards.
 */
export async function foldOverview(nowSec: number): Promise<BaseItem> {
  const cutoff = foldCutoff(nowSec);
  const base = baseOf(await kvs.entity<BaseItem>(OVERVIEW_META).get(BASE_KEY));
  if (base.through >= cutoff) return base;
  const page = await dayItemsPage(base.through === '' ? '0000-00-00' : addDays(base.through, 1), cutoff, base.cursor);
  let f = base.f;
  for (const { value } of page.results) f = addState(f, value.f);
  // A page can end inside a day (a day has one item per shard): the next fold goes on from the cursor, and
  // `through` moves only once the whole range up to the cutoff is folded.
  const next: BaseItem = page.nextCursor
    ? { rev: base.rev + 1, through: base.through, cursor: page.nextCursor, f }
    : { rev: base.rev + 1, through: cutoff, f: pruneState(f, nowSec) };
  // '' (nothing folded yet) is no stored value: the store refuses an empty string attribute (docs/storage.md).
  const record = (next.through === '' ? (({ through: _none, ...rest }) => rest)(next) : next) as BaseItem;
  const conditions = revIs<BaseItem>(base.rev === 0 ? undefined : base.rev);
  const landed = await executeIfUnchanged(kvs.transact().set(BASE_KEY, record, { entityName: OVERVIEW_META, conditions }));
  return landed ? next : baseOf((await kvs.entity<BaseItem>(OVERVIEW_META).get(BASE_KEY)) ?? base);
}

/** For tests and the bench: act as a new instance (a cold container: a new shard, nothing cached). */
export function forgetCounterCache(): void {
  instance.clear();
}
