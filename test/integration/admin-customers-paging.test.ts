import { kvs } from '@forge/kvs';
import type { Customer } from '../../src/domain/customer';
import { adminStatus } from '../../src/domain/customer-admin';
import { nowSec } from '../../src/flows/deps';
import { LIST_MAX_READS } from '../../src/surfaces/admin/directory';
import type { AdminResult, CustomerFilter, CustomerPage, CustomerStatus, ImportRowInput, ImportRunResult } from '../../src/surfaces/admin-api';
import { invokeResolver, startTestHost, type TestHost } from '../support/local-host';

/**
 * Issue 13, item 4: the Customers list filtered by a derived status, page by page, on 500 customers in
 * mixed states. Every page but the last is full (25), no customer is listed twice or missed, the last page
 * has no cursor, and no call reads more than LIST_MAX_READS index pages. The same for the groups behind the
 * Overview's figures (issue 14): registered, invitation expiring within 48 hours, delivery problem.
 */
let host: TestHost;
const N = 500;
const PAGE = 25;

function invoke<T>(functionKey: string, payload: unknown): Promise<AdminResult<T>> {
  return invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload, persona: 'admin' });
}
async function ok<T>(functionKey: string, payload: unknown): Promise<T> {
  const result = await invoke<T>(functionKey, payload);
  if (!result.ok) throw new Error(`${functionKey}: ${JSON.stringify(result)}`);
  return result.data;
}

/** A fixed shuffle (so the states interleave in every index) without Math.random. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 13;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const rowsFor = (emails: string[]): ImportRowInput[] =>
  emails.map((email, i) => ({ line: i + 2, email, name: `Paging ${email.split('@')[0]}`, username: '', locale: i % 3 === 0 ? 'de' : 'en' }));

async function importRows(emails: string[], invite: boolean): Promise<void> {
  const chunk = invite ? 50 : 500;
  for (let i = 0; i < emails.length; i += chunk) {
    const result = await ok<ImportRunResult>('admin/customers/import-run', { rows: rowsFor(emails.slice(i, i + chunk)), invite });
    expect(result.failed).toEqual([]);
  }
}

/** Every directory entry, read straight from KVS (the oracle the paged list is compared with). */
async function everyone(): Promise<Customer[]> {
  const all: Customer[] = [];
  let cursor: string | undefined;
  do {
    let q = kvs.entity<Customer>('customer').query().index('by-email').limit(100);
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany();
    all.push(...page.results.map((r) => r.value));
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Changes entries through the real directory adapter (a conditional write on the revision). */
async function change(emails: string[], patch: (c: Customer, now: number) => Partial<Customer>): Promise<void> {
  for (const email of emails) {
    const c = (await host.deps.directory.findByEmail(email))!;
    const now = nowSec(host.deps);
    expect(await host.deps.directory.update({ ...c, ...patch(c, now), rev: c.rev + 1, updatedAt: now }, { rev: c.rev }, [])).toBe(true);
    host.clock.advance(1); // distinct and equal updatedAt values both occur in the by-status index
  }
}

beforeAll(async () => {
  host = await startTestHost();
  const emails = shuffled(Array.from({ length: N }, (_, i) => `pg${String(i).padStart(3, '0')}@paging.example`));
  const [expiredSoon, invitedNow, rest] = [emails.slice(0, 120), emails.slice(120, 220), emails.slice(220)];
  // Invitations sent now, then the host clock moves past their lifetime (7 days): invitation expired.
  await importRows(expiredSoon, true);
  await host.idle();
  host.clock.advance(8 * 86_400);
  // Fresh invitations: invited. The rest are imported without invitations: not invited yet.
  await importRows(invitedNow, true);
  await importRows(rest, false);
  await host.idle();
  // Of those, some registered (active), some with a live reset link, some locked, some disabled.
  const [active, resetPending, locked, disabled] = [rest.slice(0, 90), rest.slice(90, 150), rest.slice(150, 190), rest.slice(190, 220)];
  const registered = (c: Customer, now: number): Partial<Customer> => ({ status: 'active', passwordRef: `ref-${c.id}`, activatedAt: now, passwordChangedAt: now, link: null, linkHash: '' });
  await change([...active, ...resetPending, ...locked], registered);
  await change(resetPending, (_c, now) => ({ link: { purpose: 'reset', hash: `h-${now}`, issuedAt: now, expiresAt: now + 3600 }, linkHash: `h-${now}` }));
  await change(locked, (_c, now) => ({ lockedUntil: now + 86_400, failedLogins: 5 }));
  for (const email of disabled) {
    const c = (await host.deps.directory.findByEmail(email))!;
    await ok('admin/customers/action', { id: c.id, action: 'disable' });
  }
  // An expired reset link and an expired lock are plain "active" again: derived, not stored.
  await change(active.slice(0, 10), (_c, now) => ({ link: { purpose: 'reset', hash: `old-${now}`, issuedAt: now - 3600, expiresAt: now - 60 }, linkHash: `old-${now}` }));
  await change(active.slice(10, 20), (_c, now) => ({ lockedUntil: now - 60 }));
  // Invitations about to expire (within 48 hours), and addresses with a delivery problem in every state.
  await change(invitedNow.slice(0, 40), (c, now) => ({ link: { ...c.link!, expiresAt: now + 86_400 } }));
  const problems = [...invitedNow.slice(30, 45), ...expiredSoon.slice(0, 10), ...rest.slice(0, 5), ...resetPending.slice(0, 5), ...locked.slice(0, 5), ...disabled.slice(0, 5), ...rest.slice(100, 105)];
  await change(problems, (_c, now) => ({ deliveryIssue: { kind: 'bounced', reason: 'mailbox not found', at: now } }));
  await host.idle();
}, 120_000);
afterAll(async () => host.close());

const STATUSES: (CustomerStatus | 'all')[] = ['not-invited', 'invited', 'invite-expired', 'active', 'reset-pending', 'locked', 'disabled', 'all'];
/** The groups, each with its definition written out here (the oracle), not taken from the code under test. */
const GROUPS: Record<Exclude<CustomerFilter, CustomerStatus>, (c: Customer, now: number) => boolean> = {
  registered: (c) => c.status === 'active',
  'invite-expiring': (c, now) => c.status === 'invited' && c.invitedAt > 0 && c.link?.purpose === 'invite' && c.link.expiresAt > now && c.link.expiresAt <= now + 48 * 3600,
  'delivery-problem': (c) => c.deliveryIssue !== null && c.deliveryIssue !== undefined,
};
const FILTERS = [...STATUSES, ...(Object.keys(GROUPS) as (keyof typeof GROUPS)[])];
const isStatus = (f: CustomerFilter | 'all'): f is CustomerStatus | 'all' => (STATUSES as string[]).includes(f);

/** Walks one filter page by page, counting the KVS entity queries each call makes. */
async function walk(payload: { status: CustomerFilter | 'all'; search?: string; searchBy?: 'email' | 'username' }) {
  const pages: { ids: string[]; cursor: string | null; reads: number }[] = [];
  let cursor: string | null = null;
  const original = host.kvs.handle.bind(host.kvs);
  let reads = 0;
  const spy = jest.spyOn(host.kvs, 'handle').mockImplementation((path: string, request: unknown) => {
    if (path === '/api/v1/entity/query') reads += 1;
    return original(path, request);
  });
  try {
    do {
      reads = 0;
      const page: CustomerPage = await ok<CustomerPage>('admin/customers/list', { ...payload, ...(cursor ? { cursor } : {}) });
      pages.push({ ids: page.customers.map((c) => c.id), cursor: page.cursor, reads });
      for (const row of page.customers) if (payload.status !== 'all' && isStatus(payload.status)) expect(row.status).toBe(payload.status);
      cursor = page.cursor;
      expect(pages.length).toBeLessThan(100);
    } while (cursor);
  } finally {
    spy.mockRestore();
  }
  return pages;
}

describe('Customers list paging by derived status (500 customers in mixed states)', () => {
  let expected: Map<CustomerFilter | 'all', Set<string>>;
  beforeAll(async () => {
    const now = nowSec(host.deps);
    const all = await everyone();
    const wanted = (f: CustomerFilter | 'all') => (c: Customer) => (isStatus(f) ? f === 'all' || adminStatus(c, now) === f : GROUPS[f](c, now));
    expected = new Map(FILTERS.map((f) => [f, new Set(all.filter(wanted(f)).map((c) => c.id))]));
  });

  it('has every state, several pages of most', () => {
    expect(expected.get('all')!.size).toBeGreaterThanOrEqual(N);
    for (const s of FILTERS) expect(expected.get(s)!.size).toBeGreaterThan(PAGE);
    // Registered is more than plain active: locked and "reset link sent" are in it.
    expect(expected.get('registered')!.size).toBe(expected.get('active')!.size + expected.get('reset-pending')!.size + expected.get('locked')!.size);
    expect(expected.get('invite-expired')!.size).toBeGreaterThanOrEqual(120);
    expect(expected.get('not-invited')!.size).toBeGreaterThanOrEqual(60);
  });

  it.each(FILTERS)('filter %s: full pages, no duplicates, nobody missed, no cursor after the last, bounded reads', async (status) => {
    const pages = await walk({ status });
    const want = expected.get(status)!;
    const seen = pages.flatMap((p) => p.ids);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(want);
    expect(pages).toHaveLength(Math.max(1, Math.ceil(want.size / PAGE)));
    pages.slice(0, -1).forEach((p) => expect(p.ids).toHaveLength(PAGE));
    expect(pages[pages.length - 1].ids.length).toBeGreaterThan(0);
    expect(pages[pages.length - 1].cursor).toBeNull();
    for (const p of pages) expect(p.reads).toBeLessThanOrEqual(LIST_MAX_READS);
  });

  it('a search with a status pages the same way', async () => {
    const now = nowSec(host.deps);
    const want = new Set((await everyone()).filter((c) => c.emailKey.startsWith('pg') && adminStatus(c, now) === 'invited').map((c) => c.id));
    const pages = await walk({ status: 'invited', search: 'pg' });
    const seen = pages.flatMap((p) => p.ids);
    expect(new Set(seen)).toEqual(want);
    expect(seen).toHaveLength(want.size);
    pages.slice(0, -1).forEach((p) => expect(p.ids).toHaveLength(PAGE));
    expect(pages[pages.length - 1].cursor).toBeNull();
  });

  it('a cursor of one filter is refused with another', async () => {
    const first = await ok<CustomerPage>('admin/customers/list', { status: 'invited' });
    expect(first.cursor).not.toBeNull();
    expect(await invoke('admin/customers/list', { status: 'active', cursor: first.cursor })).toEqual({ ok: false, error: 'invalid-input', field: 'cursor' });
    expect(await invoke('admin/customers/list', { status: 'invited', cursor: 'bm90IG91cnM' })).toEqual({ ok: false, error: 'invalid-input', field: 'cursor' });
  });

  it('a customer who leaves the page before the cursor does not shift the next page', async () => {
    const first = await ok<CustomerPage>('admin/customers/list', { status: 'not-invited' });
    const expectedNext = await ok<CustomerPage>('admin/customers/list', { status: 'not-invited', cursor: first.cursor });
    // Invite the third customer of the first page: it leaves the not-invited filter (and moves in the index).
    await ok('admin/customers/action', { id: first.customers[2].id, action: 'resend-invite' });
    await host.idle();
    const next = await ok<CustomerPage>('admin/customers/list', { status: 'not-invited', cursor: first.cursor });
    expect(next.customers.map((c) => c.id)).toEqual(expectedNext.customers.map((c) => c.id));
  });
});
