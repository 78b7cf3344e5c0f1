import { kvs, ForgeKvsAPIError, WhereConditions } from '@forge/kvs';
import { entitiesFromManifest } from '../../local/kvs/entities';
import { kvsFetch } from '../../local/kvs/forge-fetch';
import { SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { MANIFEST } from './kvs-manifest';

/**
 * Batch operations and index range scans as the customer import uses them, through the real @forge/kvs
 * client against the emulator. Documented behaviour pinned here (developer.atlassian.com/platform/forge/
 * storage-reference/entities-batch): "each batch operation can contain a maximum of 25 keys"; a batch
 * fails entirely when it has no keys or the same key twice; otherwise every item succeeds or fails on its
 * own and the answer lists `successfulKeys` and `failedKeys`. Batch items may mix entities and plain keys.
 */
let emulator: SqliteKvs;
let paths: string[] = [];

beforeAll(() => {
  (globalThis as unknown as { __forge_fetch__: unknown }).__forge_fetch__ = (_meta: unknown, p: string, init?: { body?: string }) => {
    paths.push(p);
    return kvsFetch(emulator)(p, init);
  };
});
beforeEach(() => {
  paths = [];
  emulator = new SqliteKvs({ file: ':memory:', entities: entitiesFromManifest(MANIFEST), now: () => Date.UTC(2025, 0, 1) });
});
afterEach(() => emulator.close());

const customer = (n: number) => ({ key: `c${n}`, entityName: 'customer', value: { emailKey: `user${String(n).padStart(3, '0')}@example.com`, usernameKey: `user${n}`, rev: 1 } });

it('writes up to 25 keys of mixed entities in one call, each reported', async () => {
  const items = [...Array.from({ length: 20 }, (_, i) => customer(i)), ...Array.from({ length: 5 }, (_, i) => ({ key: `a${i}`, entityName: 'audit', value: { customerId: 'c1', at: i } }))];
  const result = await kvs.batchSet<unknown>(items);
  expect(result.failedKeys).toEqual([]);
  expect(result.successfulKeys).toHaveLength(25);
  expect(result.successfulKeys).toContainEqual({ key: 'a4', entityName: 'audit' });
  expect(paths).toEqual(['/api/v1/batch/set']);
  expect(await kvs.entity('customer').get('c19')).toEqual(customer(19).value);
  expect(await kvs.entity('audit').get('a4')).toEqual({ customerId: 'c1', at: 4 });
});

it('refuses a batch of more than 25 keys, of no keys, or with the same key twice, writing nothing', async () => {
  for (const items of [Array.from({ length: 26 }, (_, i) => customer(i)), [], [customer(1), customer(1)]]) {
    const error = await kvs.batchSet(items).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
  }
  expect(await kvs.entity('customer').get('c1')).toBeUndefined();
});

it('lets one item fail on its own (an attribute of the wrong type) and writes the others', async () => {
  const bad = { key: 'c2', entityName: 'customer', value: { emailKey: 'x@example.com', usernameKey: 'x', rev: 'one' } };
  const result = await kvs.batchSet<unknown>([customer(1), bad, customer(3)]);
  expect(result.successfulKeys.map((k) => k.key).sort()).toEqual(['c1', 'c3']);
  expect(result.failedKeys).toEqual([{ key: 'c2', entityName: 'customer', error: { code: 'BAD_REQUEST', message: expect.any(String) } }]);
  expect(await kvs.entity('customer').get('c2')).toBeUndefined();
});

it('scans an index range (between, inclusive) in pages of up to 100 with a cursor', async () => {
  for (let i = 0; i < 250; i += 25) await kvs.batchSet(Array.from({ length: 25 }, (_, j) => customer(i + j)));
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    let query = kvs.entity<{ emailKey: string }>('customer').query().index('by-email').where(WhereConditions.between('user010@example.com', 'user209@example.com')).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    seen.push(...page.results.map((r) => r.value.emailKey));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  expect(pages).toBe(2);
  expect(seen).toHaveLength(200);
  expect(seen[0]).toBe('user010@example.com');
  expect(seen[199]).toBe('user209@example.com');
  expect([...seen].sort()).toEqual(seen);
});
