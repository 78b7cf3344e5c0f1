import { kvs, Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { Customer } from '../domain/customer';
import { inGroups } from '../in-groups';
import { ENTITY } from './kvs-keys';
import { fromStoredCustomer } from './stored-customer';

/**
 * The customer directory's queries on Forge KVS (entity `customer` and its indexes): one entry by an index, the
 * admin page's listing and scans, and the bulk lookups of an import. The writes are in directory.ts.
 */
const CUSTOMER = ENTITY.customer;

/** The entry whose `index` value is `value` (the first, should there be several). */
export async function queryOne(index: string, value: string): Promise<Customer | undefined> {
  const hit = await kvs.entity<Customer>(CUSTOMER).query().index(index).where(WhereConditions.equalTo(value)).getOne();
  return hit && fromStoredCustomer(hit.value);
}

/** Forge entity queries return at most 100 items a page. */
const PAGE = 100;

export interface CustomerQuery {
  /** Prefix search on one of the lookup indexes (already normalised for lookup). */
  search?: { by: 'email' | 'username'; prefix: string };
  /** Stored status: with a search a filter, otherwise the by-status partition (newest change first). */
  status?: Customer['status'];
  /** Further conditions on top-level attributes (e.g. lockedUntil), applied by KVS before the limit. */
  where?: { attribute: 'lockedUntil' | 'linkHash' | 'invitedAt' | 'deliveryIssue'; condition: 'equalTo' | 'greaterThan' | 'lessThanEqualTo' | 'notEqualTo' | 'exists'; value?: number | string }[];
  limit: number;
  cursor?: string;
}

/** One page of the directory: by email or username prefix, by status, or everyone by email. */
export async function queryCustomers(q: CustomerQuery): Promise<{ customers: Customer[]; cursor?: string }> {
  const entity = kvs.entity<Customer>(CUSTOMER).query();
  const conditions = (q.where ?? []).map((w) => ({ attribute: w.attribute, condition: (FilterConditions[w.condition] as (v: unknown) => never)(w.value) }));
  let query;
  if (q.search) {
    query = entity.index(q.search.by === 'email' ? 'by-email' : 'by-username').where(WhereConditions.beginsWith(q.search.prefix));
    if (q.status) conditions.push({ attribute: 'status' as never, condition: FilterConditions.equalTo(q.status) as never });
  } else if (q.status) {
    query = entity.index('by-status', { partition: [q.status] }).sort(Sort.DESC);
  } else {
    query = entity.index('by-email');
  }
  if (conditions.length > 0) {
    const [first, ...rest] = conditions;
    let filter = new Filter<Customer>().and(first.attribute, first.condition);
    for (const c of rest) filter = filter.and(c.attribute, c.condition);
    query = query.filters(filter);
  }
  query = query.limit(q.limit);
  if (q.cursor) query = query.cursor(q.cursor);
  const page = await query.getMany();
  return { customers: page.results.map((r) => fromStoredCustomer(r.value)), cursor: page.nextCursor };
}

/**
 * Where a scan of the directory stands: the store's cursor of the index page it is in (undefined: the
 * first page), how many entries of that page are behind it, and the id of the last of them (so a resumed
 * scan finds its place again even when an entry before it left the page meanwhile).
 */
export interface ScanPosition {
  page?: string;
  passed: number;
  lastId?: string;
}

/** Index entries one scan read asks for: the most a Forge entity query answers. */
export const SCAN_PAGE = PAGE;

/**
 * Up to `want` customers that `keep` accepts, walking the query's index from `from` in pages of 100, and
 * the position right after the last entry looked at, or undefined when the index has no further match.
 * Reads at most `maxReads` index pages (one KVS query each): it stops early once it has `want` matches and
 * has seen one more (so "more" is known, not guessed), or at the end of the index. When the cap stops it
 * first, the position is where it stopped (a short page with a position: the caller may go on).
 */
export async function scanCustomers(
  q: Omit<CustomerQuery, 'limit' | 'cursor'>,
  keep: (c: Customer) => boolean,
  want: number,
  from: ScanPosition | undefined,
  maxReads: number,
): Promise<{ customers: Customer[]; next?: ScanPosition; reads: number }> {
  const customers: Customer[] = [];
  let pageCursor = from?.page;
  let resume = from && from.passed > 0 ? from : undefined;
  let after: ScanPosition = from ?? { passed: 0 };
  let reads = 0;
  while (reads < maxReads) {
    const page = await queryCustomers({ ...q, limit: SCAN_PAGE, cursor: pageCursor });
    reads += 1;
    let start = 0;
    if (resume) {
      const at = resume.lastId ? page.customers.findIndex((c) => c.id === resume?.lastId) : -1;
      start = at >= 0 ? at + 1 : Math.min(resume.passed, page.customers.length);
      resume = undefined;
    }
    for (let i = start; i < page.customers.length; i++) {
      const c = page.customers[i];
      if (keep(c)) {
        if (customers.length === want) return { customers, next: after, reads };
        customers.push(c);
      }
      after = i + 1 < page.customers.length ? { page: pageCursor, passed: i + 1, lastId: c.id } : { page: page.cursor, passed: 0 };
    }
    if (!page.cursor) return { customers, reads };
    pageCursor = page.cursor;
    after = { page: pageCursor, passed: 0 };
  }
  return { customers, next: after, reads };
}

/**
 * The stored entries for many email keys. The keys are sorted, so one range scan of the by-email index
 * (100 a page) finds them all when the directory is dense there (a first import, a re-run); when the
 * range holds many other customers, the scan stops after a few pages and the rest are looked up one by one.
 */
export async function findManyByEmail(emailKeys: readonly string[]): Promise<Map<string, Customer>> {
  const wanted = [...new Set(emailKeys)].sort();
  const found = new Map<string, Customer>();
  if (wanted.length === 0) return found;
  const want = new Set(wanted);
  const budget = Math.ceil(wanted.length / PAGE) * 2 + 1;
  let cursor: string | undefined;
  let scannedTo = '';
  for (let pages = 0; pages < budget; pages++) {
    let query = kvs
      .entity<Customer>(CUSTOMER)
      .query()
      .index('by-email')
      .where(WhereConditions.between(wanted[0], wanted[wanted.length - 1]))
      .limit(PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    for (const { value } of page.results) {
      if (want.has(value.emailKey)) found.set(value.emailKey, fromStoredCustomer(value));
      scannedTo = value.emailKey;
    }
    if (!page.nextCursor) return found;
    cursor = page.nextCursor;
  }
  await inGroups(
    wanted.filter((k) => k > scannedTo),
    10,
    async (key) => {
      const hit = await queryOne('by-email', key);
      if (hit) found.set(key, hit);
    },
  );
  return found;
}

/** Which of these username keys are taken (one indexed lookup each, ten at a time). */
export async function takenUsernames(usernameKeys: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  await inGroups([...new Set(usernameKeys)], 10, async (key) => {
    if (await queryOne('by-username', key)) taken.add(key);
  });
  return taken;
}

/** The username keys stored between two keys (inclusive), by range scans of the by-username index. */
export async function usernamesBetween(from: string, to: string): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor: string | undefined;
  do {
    let query = kvs.entity<Customer>(CUSTOMER).query().index('by-username').where(WhereConditions.between(from, to)).limit(PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    for (const { value } of page.results) keys.add(value.usernameKey);
    cursor = page.nextCursor;
  } while (cursor);
  return keys;
}
