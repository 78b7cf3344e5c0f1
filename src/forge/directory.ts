import { kvs, Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { Customer } from '../domain/customer';
import type { AuditEvent } from '../domain/audit';
import { SignInFinished, type Directory, type PlainWrite, type UpdatedRange } from '../ports/directory';
import { finishedAlready, withFinishMark } from './pending-sign-ins';
import { claimKey, ENTITY, SIGN_IN_DECOY_KEY } from './kvs-keys';
import type { Transaction } from './transactions';
import { addState, contribution, seriesDelta, stateDelta, type CounterDelta } from '../domain/overview/counts';
import { executeCounted } from './counters';
import { fromStoredCustomer, toStoredCustomer } from './stored-customer';
import { queryOne } from './directory-queries';

/**
 * The customer directory on Forge KVS custom entities (declared in manifest.yml `app.storage.entities`).
 * Every write that must land together (a customer change and its audit events) is one transaction,
 * conditioned on the revision the caller read (optimistic concurrency).
 */
const CUSTOMER = ENTITY.customer;
const AUDIT = ENTITY.audit;

export class KvsDirectory implements Directory {
  findByEmail(emailKey: string) {
    return queryOne('by-email', emailKey);
  }

  findByUsername(usernameKey: string) {
    return queryOne('by-username', usernameKey);
  }

  findByAccount(accountId: string) {
    return queryOne('by-account', accountId);
  }

  findByExternalId(externalId: string) {
    return queryOne('by-external', externalId);
  }

  get(id: string) {
    return kvs
      .entity<Customer>(CUSTOMER)
      .get(id)
      .then((c) => c && fromStoredCustomer(c));
  }

  async listByStatus(status: Customer['status'], limit: number, cursor?: string, updated?: UpdatedRange) {
    let query = kvs.entity<Customer>(CUSTOMER).query().index('by-status', { partition: [status] }).sort(Sort.ASC).limit(limit);
    const { from, to } = updated ?? {};
    if (from !== undefined && to !== undefined) query = query.where(WhereConditions.between(from, to));
    else if (from !== undefined) query = query.where(WhereConditions.greaterThanEqualTo(from));
    else if (to !== undefined) query = query.where(WhereConditions.lessThanEqualTo(to));
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    return { customers: page.results.map((r) => fromStoredCustomer(r.value)), cursor: page.nextCursor };
  }

  async update(next: Customer, expected: { rev: number; linkHash?: string }, events: AuditEvent[], alongside: PlainWrite[] = []): Promise<boolean> {
    let conditions = new Filter<Customer>().and('rev', FilterConditions.equalTo(expected.rev));
    // No link ('' in the domain) is no stored attribute: the revision alone pins that version (every change bumps it).
    if (expected.linkHash) conditions = conditions.and('linkHash', FilterConditions.equalTo(expected.linkHash));
    const { record, delta } = counted(next, events);
    const build = () => {
      const tx = kvs.transact().set(next.id, toStoredCustomer(record), { entityName: CUSTOMER, conditions });
      for (const event of events) tx.set(event.id, event, { entityName: AUDIT });
      // Plain values that must land with this change or not at all (e.g. a pending sign-in marked used).
      return withPlain(tx, alongside);
    };
    const landed = await executeCounted(build, delta, next.updatedAt, events[0]?.id);
    if (landed) (next as CountedCustomer).ovc = record.ovc;
    // Refused: where it was to finish a pending sign-in that another step finished first, that is the answer.
    else if (await finishedAlready(alongside)) throw new SignInFinished();
    return landed;
  }

  async updateKeys(next: Customer, previous: Customer, events: AuditEvent[]): Promise<boolean> {
    const { record, delta } = counted(next, events);
    const landed = await executeCounted(() => this.keysTransaction(record, previous, events), delta, next.updatedAt, events[0]?.id);
    if (landed) (next as CountedCustomer).ovc = record.ovc;
    return landed;
  }

  private keysTransaction(next: Customer, previous: Customer, events: AuditEvent[]): Transaction {
    const tx = kvs.transact().set(next.id, toStoredCustomer(next), { entityName: CUSTOMER, conditions: new Filter<Customer>().and('rev', FilterConditions.equalTo(previous.rev)) });
    const keys: [ClaimKind, string | undefined, string | undefined][] = [
      ['email', previous.emailKey, next.emailKey],
      ['username', previous.usernameKey, next.usernameKey],
      ['external', previous.externalId, next.externalId],
    ];
    for (const [kind, before, after] of keys) {
      if (before === after) continue;
      if (after) tx.set(claimKey(kind, after), { customerId: next.id }, { entityName: CLAIM, conditions: unclaimed() });
      // The old claim is this entry's own (claims are unique); entries older than the claims have none.
      if (before) tx.delete(claimKey(kind, before), { entityName: CLAIM });
    }
    for (const event of events) tx.set(event.id, event, { entityName: AUDIT });
    return tx;
  }

  create(customer: Customer, events: AuditEvent[]): Promise<boolean> {
    return createOne(customer, events);
  }

  async appendAudit(events: AuditEvent[], alongside: PlainWrite[] = []): Promise<void> {
    const delta: CounterDelta = { s: seriesDelta(events), f: {} };
    const build = () => {
      const tx = kvs.transact();
      for (const event of events) tx.set(event.id, event, { entityName: AUDIT });
      return withPlain(tx, alongside);
    };
    if (Object.keys(delta.s).length > 0) await executeCounted(build, delta, events[events.length - 1].at, events[0].id);
    else if (events.length === 1 && alongside.length === 0) await kvs.entity<AuditEvent>(AUDIT).set(events[0].id, events[0]);
    else if (events.length + alongside.length > 0) await build().execute();
  }

  async decoy(kind: 'transaction' | 'set' = 'transaction', alongside: PlainWrite[] = []): Promise<void> {
    if (kind === 'set' && alongside.length === 0) await kvs.entity<{ rev: number }>(ENTITY.revision).set(SIGN_IN_DECOY_KEY, { rev: 1 });
    else await withPlain(kvs.transact().set(SIGN_IN_DECOY_KEY, { rev: 1 }, { entityName: ENTITY.revision }), alongside).execute();
  }

  async listAudit(customerId: string, limit: number, cursor?: string) {
    let query = kvs.entity<AuditEvent>(AUDIT).query().index('by-customer', { partition: [customerId] }).sort(Sort.DESC).limit(limit);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    return { events: page.results.map((r) => r.value), cursor: page.nextCursor };
  }
}

/** `tx` with plain values that must land with it (a pending sign-in marked used, a job's done mark). */
function withPlain(tx: Transaction, writes: PlainWrite[]): Transaction {
  for (const w of writes) {
    tx.set(w.key, w.value, undefined, w.ttlSec ? { ttl: { value: w.ttlSec, unit: 'SECONDS' } } : undefined);
    if (w.finishes) withFinishMark(tx, w.key, w.ttlSec);
  }
  return tx;
}

/**
 * Email addresses and usernames are unique: creating an entry also claims both (entity `claim`, keyed by a
 * hash of the lookup key) in the same transaction, conditioned on neither claim existing yet. Of two
 * creations racing for one address (two imports, an import and an invite), exactly one lands.
 */
const CLAIM = ENTITY.claim;
type ClaimKind = Parameters<typeof claimKey>[0];
const unclaimed = () => new Filter<{ customerId: string }>().and('customerId', FilterConditions.notExists());

/** One new entry with its claims and events; false when the entry, its address or its username exists. */
async function createOne(customer: Customer, events: readonly AuditEvent[]): Promise<boolean> {
  const build = () => {
    const tx = withCreate(kvs.transact(), customer);
    for (const event of events) tx.set(event.id, event, { entityName: AUDIT });
    return tx;
  };
  const landed = await executeCounted(build, counted(customer, events).delta, customer.updatedAt, events[0]?.id);
  if (landed) (customer as CountedCustomer).ovc = contribution(customer);
  return landed;
}

/**
 * The overview's counting of a customer write (issue 14, see domain/overview/counts.ts): the record as
 * stored, carrying `ovc` (what it is counted as), and the counter change: the events' series plus the state
 * delta from what the replaced version was counted as. `next` spreads the version it replaces (the write is
 * conditioned on that version's revision), so its `ovc` is that version's; absent = never counted (an entry
 * from before the counters: the backfill counts it once and marks it). After a write lands, the caller's
 * object gets the new `ovc`, so a flow that writes the same customer again counts from the right place.
 */
export type CountedCustomer = Customer & { ovc?: string };

export function counted(next: Customer, events: readonly AuditEvent[]): { record: CountedCustomer; delta: CounterDelta } {
  const after = contribution(next);
  return { record: { ...next, ovc: after }, delta: { s: seriesDelta(events), f: stateDelta((next as CountedCustomer).ovc, after) } };
}

function withCreate(tx: Transaction, customer: Customer): Transaction {
  const created = tx
    .set(customer.id, toStoredCustomer({ ...customer, ovc: contribution(customer) }), { entityName: CUSTOMER, conditions: new Filter<Customer>().and('rev', FilterConditions.notExists()) })
    .set(claimKey('email', customer.emailKey), { customerId: customer.id }, { entityName: CLAIM, conditions: unclaimed() })
    .set(claimKey('username', customer.usernameKey), { customerId: customer.id }, { entityName: CLAIM, conditions: unclaimed() });
  // A provisioning system's id is unique too (issue 12): two systems racing with one id create one entry.
  return customer.externalId ? created.set(claimKey('external', customer.externalId), { customerId: customer.id }, { entityName: CLAIM, conditions: unclaimed() }) : created;
}

// --- Admin directory: batched writes (the admin page's import); its queries are in directory-queries.ts ----

/** Batch writes take at most 25 keys. */
const BATCH = 25;

/**
 * New entries with their email and username claims in transactions of eight, then the audit events of those
 * that landed in batched writes (25 keys a call). The ids of entries that did not land (their address or
 * username was claimed meanwhile, e.g. by a concurrent import or invitation) are returned and get no event;
 * a re-run of the file finds them as existing.
 */
export async function createMany(customers: readonly Customer[], events: readonly AuditEvent[]): Promise<Set<string>> {
  const failed = new Set<string>();
  // Eight entries (24 writes: entry + two claims each) per transaction; a group refused because one of them
  // is already claimed is written entry by entry, so only that one fails.
  for (let i = 0; i < customers.length; i += CREATE_GROUP) {
    const group = customers.slice(i, i + CREATE_GROUP);
    // The group's writes plus one for the overview counter (its state delta: the new entries).
    const delta: CounterDelta = { s: {}, f: group.reduce((f, c) => addState(f, counted(c, []).delta.f), {}) };
    if (await executeCounted(() => group.reduce((tx, c) => withCreate(tx, c), kvs.transact()), delta, group[0].updatedAt)) {
      for (const c of group) (c as CountedCustomer).ovc = contribution(c);
      continue;
    }
    for (const c of group) if (!(await createOne(c, []))) failed.add(c.id);
  }
  await batchSetAll(events.filter((e) => !failed.has(e.customerId)).map((e) => ({ key: e.id, value: e, entityName: AUDIT })));
  return failed;
}

const CREATE_GROUP = 8;

/** Writes items in batches of 25, retrying failed keys once; answers the keys that still failed. */
async function batchSetAll(all: { key: string; value: unknown; entityName: string }[]): Promise<Set<string>> {
  let items = all;
  for (let attempt = 0; attempt < 2 && items.length > 0; attempt++) {
    const retry: typeof items = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      const result = await kvs.batchSet(batch);
      const failedKeys = new Set(result.failedKeys.map((f) => f.key));
      retry.push(...batch.filter((item) => failedKeys.has(item.key)));
    }
    items = retry;
  }
  return new Set(items.map((item) => item.key));
}
