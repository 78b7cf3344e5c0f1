import { kvs, Sort, WhereConditions } from '@forge/kvs';
import { addSeries, addState, isEmptyDelta, packSeries, pruneState, unpackSeries, type CounterDelta, type PackedSeries, type StateCounts } from '../domain/overview/counts';
import { addDays, utcDate } from '../domain/overview/days';
import { executeIfUnchanged, revIs, type Transaction } from './transactions';

/**
 * The overview counters on Forge KVS (issue 14). KVS has no atomic increment, so a counter is a
 * read-modify-write conditioned on its revision, folded into the transaction that writes the event it
 * counts: the event and its count land together or not at all, and a retried write that did not land
 * counts nothing (no double counting). Two events racing for one counter: one transaction wins, the other
 * re-reads the counter and tries again (the event's own conditions are re-checked by the store each time).
 *
 * Items (entity `overview-day`, key `d-<UTC date>`): everything counted by writes on that UTC day: series
 * by absolute UTC hour, and state deltas (see domain/overview/counts.ts). One small item per day keeps the
 * extra cost of a counted event at one write unit (items stay well under 1 KB on a normal day); the page
 * reads the 32 items that can hold the last 30 local days plus the folded base: 33 items, 2 batch reads.
 * State deltas older than the window are folded into `base` (entity `overview-meta`) by `foldOverview`.
 */
export const OVERVIEW_DAY = 'overview-day';
export const OVERVIEW_META = 'overview-meta';
export const BASE_KEY = 'base';

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
  f: StateCounts;
}

export const dayKey = (date: string): string => `d-${date}`;

/** UTC days a read covers: enough for 30 local days in any zone (UTC−12 … UTC+14) up to now. */
export const READ_UTC_DAYS = 32;
/** Fold everything older than what a read covers. */
export const foldCutoff = (nowSec: number): string => addDays(utcDate(nowSec), -READ_UTC_DAYS);

/**
 * Attempts at a contended counter before the event is written without its count (logged), with a random
 * wait between attempts that grows with each refusal (so a burst of writers spreads out instead of
 * colliding again in lock-step): at most about 3 s in all.
 */
const ATTEMPTS = 24;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/** The last counter item this warm instance wrote: saves the read before the next write to it. */
let cached: DayItem | undefined;

async function readDay(key: string): Promise<DayItem | undefined> {
  return kvs.entity<DayItem>(OVERVIEW_DAY).get(key);
}

function applied(item: DayItem | undefined, date: string, delta: CounterDelta, firstId: string | undefined): DayItem {
  return {
    day: date,
    rev: (item?.rev ?? 0) + 1,
    s: packSeries(addSeries(unpackSeries(item?.s ?? {}, date), delta.s), date),
    f: addState(item?.f ?? {}, delta.f),
    ...(item?.first ?? firstId ? { first: item?.first ?? firstId } : {}),
  };
}

export interface CountedWriteLog {
  warn(message: string, fields?: Record<string, string | number | boolean>): void;
}

let warn: CountedWriteLog['warn'] = () => undefined;
export function setCounterLog(log: CountedWriteLog): void {
  warn = (m, f) => log.warn(m, f);
}

/**
 * Runs the transaction `build` makes, with the counter change added when there is one. True when it
 * landed; false when one of the caller's own conditions did not hold (nothing written, nothing counted).
 * `build` is called for each attempt (transaction builders are single use).
 */
export async function executeCounted(build: () => Transaction, delta: CounterDelta, atSec: number, firstId?: string): Promise<boolean> {
  if (isEmptyDelta(delta)) return executeIfUnchanged(build());
  const date = utcDate(atSec);
  const key = dayKey(date);
  const fromCache = cached?.day === date;
  let item = fromCache ? cached : await readDay(key);
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
      cached = next;
      return true;
    }
    // A copy this instance cached is most often merely stale (another instance counted since): read it again
    // at once; a refusal of a fresh read is contention, so wait a little before the next attempt.
    if (!(attempt === 0 && fromCache)) await backoff(attempt);
    const fresh = await readDay(key);
    cached = fresh;
    // The counter did not move: the refusal was the caller's own condition (e.g. the customer changed).
    if ((fresh?.rev ?? 0) === (item?.rev ?? 0)) return false;
    item = fresh;
  }
  warn('overview counter contended: written without its count', { attempts: ATTEMPTS });
  return executeIfUnchanged(build());
}

/** The folded base and the day items a read needs (33 keys: two batch reads of at most 25). */
export async function readCounters(nowSec: number): Promise<{ base: BaseItem; days: DayItem[]; reads: number }> {
  const today = utcDate(nowSec);
  const keys = [{ key: BASE_KEY, entityName: OVERVIEW_META }];
  for (let i = READ_UTC_DAYS - 1; i >= 0; i--) keys.push({ key: dayKey(addDays(today, -i)), entityName: OVERVIEW_DAY });
  const batches: (typeof keys)[] = [];
  for (let i = 0; i < keys.length; i += 25) batches.push(keys.slice(i, i + 25));
  const answers = await Promise.all(batches.map((b) => kvs.batchGet<unknown>(b)));
  let base: BaseItem = { rev: 0, through: '', f: {} };
  const days: DayItem[] = [];
  for (const answer of answers) {
    for (const hit of answer.successfulKeys) {
      if (hit.key === BASE_KEY) base = hit.value as BaseItem;
      else days.push(hit.value as DayItem);
    }
  }
  return { base, days, reads: batches.length };
}

/**
 * Folds the state deltas of day items up to the cutoff into the base, a page of 100 days at a time
 * (conditioned on the base's revision: of two folds racing, one lands and the other finds nothing left).
 * Day items keep their series (the page reads series only inside the window, so folded days are never
 * read again). Answers the base as it is afterwards.
 */
export async function foldOverview(nowSec: number): Promise<BaseItem> {
  const cutoff = foldCutoff(nowSec);
  const base = (await kvs.entity<BaseItem>(OVERVIEW_META).get(BASE_KEY)) ?? { rev: 0, through: '', f: {} };
  if (base.through >= cutoff) return base;
  const page = await kvs
    .entity<DayItem>(OVERVIEW_DAY)
    .query()
    .index('by-day')
    .where(WhereConditions.between(base.through === '' ? '0000-00-00' : addDays(base.through, 1), cutoff))
    .sort(Sort.ASC)
    .limit(100)
    .getMany();
  let f = base.f;
  for (const { value } of page.results) f = addState(f, value.f);
  const through = page.nextCursor && page.results.length > 0 ? page.results[page.results.length - 1].value.day : cutoff;
  const next: BaseItem = { rev: base.rev + 1, through, f: pruneState(f, nowSec) };
  const landed = await executeIfUnchanged(kvs.transact().set(BASE_KEY, next, { entityName: OVERVIEW_META, conditions: revIs<BaseItem>(base.rev === 0 ? undefined : base.rev) }));
  return landed ? next : ((await kvs.entity<BaseItem>(OVERVIEW_META).get(BASE_KEY)) ?? base);
}

/** For tests: forget the warm-instance cache (another "instance" wrote meanwhile). */
export function forgetCounterCache(): void {
  cached = undefined;
}
