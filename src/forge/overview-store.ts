import { kvs, Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { Customer } from '../domain/customer';
import { addSeries, packSeries, unpackSeries, type CounterDelta } from '../domain/overview/counts';
import type { BackfillItem, DayItem } from '../domain/overview/items';
import type { AuditEvent } from '../domain/audit';
import type { OverviewStore } from '../ports/admin';
import { OVERVIEW_DAY, OVERVIEW_META, compactOverviewDays, dayItemsPage, dayKey, executeCounted, foldOverview, readCounters } from './counters';
import { ENTITY, OVERVIEW_BACKFILL_KEY } from './kvs-keys';
import { fromStoredCustomer, toStoredCustomer } from './stored-customer';
import { executeIfUnchanged, revIs } from './transactions';

/**
 * The admin Overview's storage (issue 14) for src/flows/overview.ts: the counters (src/forge/counters.ts) and
 * the backfill on upgrade, whose every write is conditioned on the revision it read.
 */
const metaGet = (key: string) => kvs.entity<BackfillItem>(OVERVIEW_META).get(key);
const setBackfill = (next: BackfillItem, rev: number | undefined) =>
  kvs.transact().set(OVERVIEW_BACKFILL_KEY, next, { entityName: OVERVIEW_META, conditions: revIs<BackfillItem>(rev) });

export class KvsOverviewStore implements OverviewStore {
  read = readCounters;
  fold = foldOverview;
  compact = compactOverviewDays;

  async firstCounted(): Promise<string[]> {
    const first = await dayItemsPage('0000-00-00', '9999-12-31');
    return first.results.map((r) => r.value.first).filter((x): x is string => !!x);
  }

  backfill(): Promise<BackfillItem | undefined> {
    return metaGet(OVERVIEW_BACKFILL_KEY);
  }

  startBackfill(item: BackfillItem): Promise<boolean> {
    return executeIfUnchanged(setBackfill(item, undefined));
  }

  saveBackfill(item: BackfillItem, progress: BackfillItem['progress']): Promise<boolean> {
    return executeIfUnchanged(setBackfill({ rev: item.rev + 1, progress }, item.rev));
  }

  async customersPage(limit: number, cursor?: string): Promise<{ customers: (Customer & { ovc?: string })[]; cursor?: string }> {
    let query = kvs.entity<Customer & { ovc?: string }>(ENTITY.customer).query().index('by-email').limit(limit);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    return { customers: page.results.map((r) => fromStoredCustomer(r.value)), cursor: page.nextCursor };
  }

  countCustomers<C extends Customer>(customers: C[], delta: CounterDelta, nowSec: number, counted: (c: C) => C): Promise<boolean> {
    const build = () => {
      const tx = kvs.transact();
      for (const c of customers) {
        const conditions = new Filter<Customer>().and('rev', FilterConditions.equalTo(c.rev));
        tx.set(c.id, toStoredCustomer(counted(c)), { entityName: ENTITY.customer, conditions });
      }
      return tx;
    };
    return executeCounted(build, delta, nowSec);
  }

  async auditPage(from: string, before: string, limit: number, cursor?: string): Promise<{ events: AuditEvent[]; cursor?: string }> {
    let query = kvs.entity<AuditEvent>(ENTITY.audit).query().index('by-time').where(WhereConditions.between(from, before)).sort(Sort.DESC).limit(limit);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    return { events: page.results.map((r) => r.value), cursor: page.nextCursor };
  }

  async countEvents(item: BackfillItem, progress: BackfillItem['progress'], deltas: { day: string; s: Record<string, number> }[]): Promise<boolean> {
    const keys = deltas.map((d) => ({ key: dayKey(d.day), entityName: OVERVIEW_DAY }));
    const stored = deltas.length === 0 ? [] : (await kvs.batchGet<DayItem>(keys)).successfulKeys;
    const tx = setBackfill({ rev: item.rev + 1, progress }, item.rev);
    for (const d of deltas) {
      const current = stored.find((hit) => hit.key === dayKey(d.day))?.value;
      const s = packSeries(addSeries(unpackSeries(current?.s ?? {}, d.day), d.s), d.day);
      const next: DayItem = { ...(current ?? { day: d.day, rev: 0, s: {}, f: {} }), rev: (current?.rev ?? 0) + 1, s };
      tx.set(dayKey(d.day), next, { entityName: OVERVIEW_DAY, conditions: revIs<DayItem>(current?.rev) });
    }
    return executeIfUnchanged(tx);
  }
}
