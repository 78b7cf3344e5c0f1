import { kvs, Filter, FilterConditions, Sort } from '@forge/kvs';
import type { Customer } from '../domain/customer';
import type { AuditEvent } from '../domain/audit';
import { ENTITY } from './kvs-keys';
import { fromStoredCustomer } from './stored-customer';

/**
 * The audit log across customers, newest first, filtered by customer, actor and kind (manifest.yml entity
 * `audit`; ids sort by time). The most selective filter picks the index: a customer → `by-customer`, else an
 * actor → `by-actor`, else `by-time`; the remaining filters are KVS query filters.
 *
 * Forge does not say whether a query's limit counts the items before or after its filters (the local
 * emulator fills pages after filtering; a store that filters after the limit answers short or empty pages
 * with a cursor). This works with either: it asks for exactly the entries still wanted, follows each
 * answer's cursor, and stops after `maxQueries` queries, answering what it found and the cursor to go on
 * from. A short page with a cursor is therefore normal for rare matches.
 */
export interface AuditQuery {
  customerId?: string;
  actor?: string;
  /** A kind, or a category prefix ending in '.'. */
  kind?: string;
}

export interface AuditScan {
  events: AuditEvent[];
  cursor?: string;
  queries: number;
}

const AUDIT = ENTITY.audit;
/** Entity queries answer at most 100 items (local emulator; Forge documents no other maximum). */
const QUERY_MAX = 100;

function kindCondition(kind: string) {
  return kind.endsWith('.') ? FilterConditions.beginsWith(kind) : FilterConditions.equalTo(kind);
}

/** A new query each time: the @forge/kvs builders are mutable. */
function buildQuery(q: AuditQuery, limit: number, cursor: string | undefined) {
  const entity = kvs.entity<AuditEvent>(AUDIT).query();
  const conditions: [keyof AuditEvent, ReturnType<typeof kindCondition>][] = [];
  let query;
  if (q.customerId) {
    query = entity.index('by-customer', { partition: [q.customerId] });
    if (q.actor) conditions.push(['actor', FilterConditions.equalTo(q.actor)]);
  } else if (q.actor) {
    query = entity.index('by-actor', { partition: [q.actor] });
  } else {
    query = entity.index('by-time');
  }
  if (q.kind) conditions.push(['kind', kindCondition(q.kind)]);
  if (conditions.length > 0) {
    const [first, ...rest] = conditions;
    const filter = new Filter<AuditEvent>().and(...first);
    for (const c of rest) filter.and(...c);
    query = query.filters(filter);
  }
  query = query.sort(Sort.DESC).limit(limit);
  return cursor ? query.cursor(cursor) : query;
}

export async function scanAudit(q: AuditQuery, want: number, cursor?: string, maxQueries = 8): Promise<AuditScan> {
  const events: AuditEvent[] = [];
  let next = cursor;
  let queries = 0;
  while (events.length < want && queries < maxQueries) {
    const page = await buildQuery(q, Math.min(QUERY_MAX, want - events.length), next).getMany();
    queries += 1;
    events.push(...page.results.map((r) => r.value));
    next = page.nextCursor;
    if (!next) break;
  }
  return { events, ...(next ? { cursor: next } : {}), queries };
}

/** "Each batch operation can contain a maximum of 25 keys" (Forge docs, storage-reference/entities-batch). */
const BATCH_MAX = 25;

/** The customers with these ids (missing ones are left out), in batches of 25: one KVS call per batch. */
export async function customersById(ids: readonly string[]): Promise<Map<string, Customer>> {
  const unique = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_MAX) batches.push(unique.slice(i, i + BATCH_MAX));
  const found = new Map<string, Customer>();
  const answers = await Promise.all(batches.map((keys) => kvs.batchGet<Customer>(keys.map((key) => ({ key, entityName: ENTITY.customer })))));
  for (const answer of answers) for (const hit of answer.successfulKeys) found.set(hit.key, fromStoredCustomer(hit.value));
  return found;
}
