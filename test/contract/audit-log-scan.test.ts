import fs from 'node:fs';
import path from 'node:path';
import { entitiesFromManifest } from '../../local/kvs/entities';
import { kvsFetch } from '../../local/kvs/forge-fetch';
import { SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { scanAudit, type AuditQuery } from '../../src/forge/audit-log';
import type { AuditEvent } from '../../src/domain/audit';

/**
 * The audit log scan (src/forge/audit-log.ts) against the two ways a store can combine a query's limit with
 * its filters, since Forge does not document which it does: filters first, then the limit (the local
 * emulator), or the limit first, then the filters (short or empty pages with a cursor, as DynamoDB does).
 * The second store is the emulator behind a proxy that strips the filters from the request and applies
 * them to the page it got back. Either way, following the cursors must give the same events, in order.
 */
type Mode = 'filters-then-limit' | 'limit-then-filters';
type Condition = { property: string; condition: string; values: unknown[] };

let emulator: SqliteKvs;
let mode: Mode = 'filters-then-limit';
let queries = 0;

function holds(conditions: Condition[], value: Record<string, unknown>): boolean {
  return conditions.every((c) =>
    c.condition === 'EQUAL_TO' ? value[c.property] === c.values[0] : c.condition === 'BEGINS_WITH' ? String((value[c.property] as string | number | undefined) ?? '').startsWith(String(c.values[0])) : false,
  );
}

beforeAll(() => {
  const manifest = fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');
  emulator = new SqliteKvs({ file: ':memory:', entities: entitiesFromManifest(manifest), now: () => Date.UTC(2026, 0, 1) });
  const direct = kvsFetch(emulator);
  (globalThis as unknown as { __forge_fetch__: unknown }).__forge_fetch__ = async (_meta: unknown, p: string, init?: { body?: string }) => {
    if (p.endsWith('/entity/query')) queries += 1;
    if (mode === 'filters-then-limit' || !p.endsWith('/entity/query') || !init?.body) return direct(p, init);
    const request = JSON.parse(init.body) as { filters?: { and?: Condition[] } };
    const conditions = request.filters?.and ?? [];
    delete request.filters;
    const response = await direct(p, { body: JSON.stringify(request) });
    const body = (await response.json()) as { data: { value: Record<string, unknown> }[]; cursor?: string };
    return new Response(JSON.stringify({ ...body, data: body.data.filter((d) => holds(conditions, d.value)) }), { status: response.status, headers: { 'content-type': 'application/json' } });
  };

  // 300 events: customer c1 fails to log in every 3rd time, an agent resends c2's invitation every 50th.
  const events: AuditEvent[] = [];
  for (let i = 0; i < 300; i++) {
    const id = `${String(1_700_000_000_000 + i).padStart(14, '0')}-${String(i).padStart(6, '0')}-abcd0123`;
    const [customerId, kind, actor] = i % 50 === 0 ? ['c2', 'invite.resent', 'agent-1'] : i % 3 === 0 ? ['c1', 'login.failed', 'customer'] : ['c3', 'email.sent', 'system'];
    events.push({ id, customerId, at: 1_700_000_000 + i, kind: kind as AuditEvent['kind'], actor, detail: {} });
  }
  for (const e of events) emulator.handle('/api/v1/entity/set', { entityName: 'audit', key: e.id, value: e });
});

afterAll(() => emulator.close());

async function everything(q: AuditQuery, want: number, maxQueries: number): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const before = queries;
    const scan = await scanAudit(q, want, cursor, maxQueries);
    expect(scan.queries).toBe(queries - before);
    expect(scan.queries).toBeLessThanOrEqual(maxQueries);
    expect(scan.events.length).toBeLessThanOrEqual(want);
    ids.push(...scan.events.map((e) => e.id));
    pages.push(scan.events.length);
    if (!scan.cursor) return { ids, pages };
    cursor = scan.cursor;
  }
}

describe.each<[string, AuditQuery]>([
  ['kind only (by-time + filter)', { kind: 'login.' }],
  ['customer + kind (by-customer + filter)', { customerId: 'c1', kind: 'login.failed' }],
  ['actor (by-actor, no filter)', { actor: 'agent-1' }],
  ['customer + actor + kind', { customerId: 'c2', actor: 'agent-1', kind: 'invite.' }],
  ['a rare kind', { kind: 'invite.resent' }],
])('%s', (_name, q) => {
  test('the same events, newest first, whichever way the store applies limit and filters', async () => {
    mode = 'filters-then-limit';
    const full = await everything(q, 25, 8);
    mode = 'limit-then-filters';
    const short = await everything(q, 25, 3);
    expect(short.ids).toEqual(full.ids);
    expect(full.ids.length).toBeGreaterThan(0);
    expect([...full.ids].sort().reverse()).toEqual(full.ids);
  });
});

test('a filter the store applies after its limit gives short pages that still continue', async () => {
  mode = 'limit-then-filters';
  const rare = await everything({ kind: 'invite.resent' }, 25, 2);
  expect(rare.ids).toHaveLength(6);
  expect(rare.pages.some((n) => n < 6)).toBe(true);
  mode = 'filters-then-limit';
  expect((await everything({ kind: 'invite.resent' }, 25, 2)).pages).toEqual([6]);
});
