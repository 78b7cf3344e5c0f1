import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kvs, WhereConditions, Filter, FilterConditions, Sort, ForgeKvsAPIError } from '@forge/kvs';
import { entitiesFromManifest } from '../../local/kvs/entities';
import { kvsFetch } from '../../local/kvs/forge-fetch';
import { KVS_ERROR, SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { MANIFEST } from './kvs-manifest';


interface Customer {
  emailKey: string;
  usernameKey: string;
  accountId: string;
  status: string;
  linkHash: string;
  rev: number;
  updatedAt: number;
}
interface Audit {
  customerId: string;
  at: number;
  kind: string;
}

const START = Date.UTC(2025, 0, 1);
let clock = START;
let emulator: SqliteKvs;
let recorded: { path: string; body: unknown }[] | undefined;

const newEmulator = (file = ':memory:', manifest = MANIFEST) =>
  new SqliteKvs({ file, entities: entitiesFromManifest(manifest), now: () => clock });

const customer = (n: number, over: Partial<Customer> = {}): Customer => ({
  emailKey: `user${n}@example.com`,
  usernameKey: `user${n}`,
  accountId: `acc-${n}`,
  status: 'active',
  linkHash: `h${n}`,
  rev: 1,
  updatedAt: n,
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<ForgeKvsAPIError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ForgeKvsAPIError);
  return e as ForgeKvsAPIError;
}

beforeAll(() => {
  (globalThis as unknown as { __forge_fetch__: unknown }).__forge_fetch__ = (_meta: unknown, p: string, init?: { body?: string }) => {
    recorded?.push({ path: p, body: init?.body ? JSON.parse(init.body) : undefined });
    return kvsFetch(emulator)(p, init);
  };
});

beforeEach(() => {
  clock = START;
  recorded = undefined;
  emulator = newEmulator();
});

afterEach(() => emulator.close());

describe('manifest parsing', () => {
  it('reads named indexes and expands bare-name indexes', () => {
    const defs = entitiesFromManifest(`
app:
  storage:
    entities:
      - name: thing
        attributes: { color: { type: string } }
        indexes: [color, { name: by-x, partition: [color], range: [color] }]
`);
    expect(defs).toEqual([
      {
        name: 'thing',
        attributes: { color: { type: 'string' } },
        indexes: [
          { name: 'color', range: ['color'] },
          { name: 'by-x', partition: ['color'], range: ['color'] },
        ],
      },
    ]);
  });
});

describe('plain keys and secrets', () => {
  it('returns undefined for a missing key', async () => {
    await expect(kvs.get('nope')).resolves.toBeUndefined();
    await expect(kvs.delete('nope')).resolves.toBeUndefined();
  });

  it('round-trips JSON values with metadata', async () => {
    await kvs.set('k1', { a: [1, 'two', true], b: null });
    await expect(kvs.get('k1')).resolves.toEqual({ a: [1, 'two', true], b: null });
    clock += 5000;
    await kvs.set('k1', 'v2');
    await expect(kvs.get('k1', { metadataFields: ['CREATED_AT', 'UPDATED_AT'] as never })).resolves.toEqual({
      key: 'k1',
      value: 'v2',
      createdAt: START / 1000,
      updatedAt: START / 1000 + 5,
    });
    await kvs.delete('k1');
    await expect(kvs.get('k1')).resolves.toBeUndefined();
  });

  it('expires items after their ttl', async () => {
    await kvs.set('lease', 'me', { ttl: { value: 10, unit: 'SECONDS' } });
    await expect(kvs.get('lease', { metadataFields: ['EXPIRE_TIME'] as never })).resolves.toEqual({
      key: 'lease',
      value: 'me',
      expireTime: new Date(START + 10_000).toISOString(),
    });
    clock += 9_999;
    await expect(kvs.get('lease')).resolves.toBe('me');
    clock += 1;
    await expect(kvs.get('lease')).resolves.toBeUndefined();
    // An expired key no longer blocks FAIL_IF_EXISTS.
    await kvs.set('lease', 'you', { keyPolicy: 'FAIL_IF_EXISTS' });
    await expect(kvs.get('lease')).resolves.toBe('you');
  });

  it('FAIL_IF_EXISTS rejects when the key exists and keeps the old value', async () => {
    await kvs.set('lock', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    const err = await rejection(kvs.set('lock', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(err.code).toBe(KVS_ERROR.KEY_CONFLICT);
    expect(err.responseDetails.status).toBe(409);
    await expect(kvs.get('lock')).resolves.toBe('first');
  });

  it('OVERRIDE with returnValue PREVIOUS / LATEST', async () => {
    const opts = { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' } as const;
    await expect(kvs.set('counter', 1, opts)).resolves.toBeUndefined();
    await expect(kvs.set('counter', 2, opts)).resolves.toEqual({ key: 'counter', value: 1 });
    await expect(kvs.set('counter', 3, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' })).resolves.toEqual({ key: 'counter', value: 3 });
  });

  it('keeps secrets, plain keys and entities in separate namespaces', async () => {
    await kvs.setSecret('shared', 'secret');
    await expect(kvs.get('shared')).resolves.toBeUndefined();
    await kvs.set('shared', 'plain');
    await kvs.entity<Customer>('customer').set('shared', customer(1));
    await expect(kvs.getSecret('shared')).resolves.toBe('secret');
    await expect(kvs.get('shared')).resolves.toBe('plain');
    await kvs.deleteSecret('shared');
    await expect(kvs.getSecret('shared')).resolves.toBeUndefined();
    await expect(kvs.get('shared')).resolves.toBe('plain');
    await expect(kvs.entity('customer').get('shared')).resolves.toEqual(customer(1));
  });

  it('queries keys by prefix with cursor pagination', async () => {
    for (let i = 0; i < 25; i++) await kvs.set(`job:${String(i).padStart(2, '0')}`, i);
    await kvs.set('other', 0);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      let q = kvs.query().where('key', WhereConditions.beginsWith('job:')).limit(10);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany();
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `job:${String(i).padStart(2, '0')}`));
  });
});

describe('custom entities', () => {
  const customers = () => kvs.entity<Customer>('customer');

  it('sets, gets and deletes entities', async () => {
    await customers().set('c1', customer(1));
    await expect(customers().get('c1')).resolves.toEqual(customer(1));
    await expect(kvs.get('c1')).resolves.toBeUndefined();
    await customers().delete('c1');
    await expect(customers().get('c1')).resolves.toBeUndefined();
  });

  it('rejects values that do not match declared attribute types', async () => {
    const err = await rejection(customers().set('c1', { ...customer(1), rev: '1' as unknown as number }));
    expect(err.code).toBe(KVS_ERROR.BAD_REQUEST);
  });

  it('finds an entity by equalTo on a range-only index', async () => {
    for (let i = 1; i <= 5; i++) await customers().set(`c${i}`, customer(i));
    const page = await customers().query().index('by-email').where(WhereConditions.equalTo('user3@example.com')).getMany();
    expect(page.results).toEqual([{ key: 'c3', value: customer(3) }]);
    expect(page.nextCursor).toBeUndefined();
    await expect(customers().query().index('by-account').where(WhereConditions.equalTo('acc-9')).getOne()).resolves.toBeUndefined();
  });

  it('queries a bare-name index', async () => {
    emulator.close();
    emulator = newEmulator(
      ':memory:',
      `
app:
  storage:
    entities:
      - name: thing
        attributes: { color: { type: string } }
        indexes: [color]
`,
    );
    await kvs.entity('thing').set('t1', { color: 'red' });
    await kvs.entity('thing').set('t2', { color: 'blue' });
    const page = await kvs.entity('thing').query().index('color').where(WhereConditions.equalTo('blue')).getMany();
    expect(page.results).toEqual([{ key: 't2', value: { color: 'blue' } }]);
  });

  it('pages a partition+range index with between, DESC, limit and cursor', async () => {
    for (let i = 1; i <= 30; i++) await customers().set(`c${String(i).padStart(2, '0')}`, customer(i, { status: i % 3 === 0 ? 'locked' : 'active' }));
    const keys: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      let q = customers().query().index('by-status', { partition: ['active'] }).where(WhereConditions.between(5, 20)).sort(Sort.DESC).limit(4);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany();
      expect(page.results.length).toBeLessThanOrEqual(4);
      keys.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const expected = Array.from({ length: 16 }, (_, i) => 20 - i)
      .filter((n) => n % 3 !== 0)
      .map((n) => `c${String(n).padStart(2, '0')}`);
    expect(keys).toEqual(expected);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pages).toBe(Math.ceil(expected.length / 4));
  });

  it('orders equal range values by key', async () => {
    for (const k of ['b', 'a', 'c']) await customers().set(k, customer(1, { emailKey: `${k}@x` }));
    const page = await customers().query().index('by-status', { partition: ['active'] }).getMany();
    expect(page.results.map((r) => r.key)).toEqual(['a', 'b', 'c']);
  });

  it('applies and/or filters', async () => {
    for (let i = 1; i <= 10; i++) await customers().set(`c${String(i).padStart(2, '0')}`, customer(i, { rev: i, linkHash: i % 2 ? 'odd' : 'even' }));
    const and = await customers()
      .query()
      .index('by-status', { partition: ['active'] })
      .filters(new Filter<Customer>().and('rev', FilterConditions.greaterThan(3)).and('linkHash', FilterConditions.equalTo('even')))
      .limit(2)
      .getMany();
    expect(and.results.map((r) => r.value.rev)).toEqual([4, 6]);
    expect(and.nextCursor).toBeDefined();
    const or = await customers()
      .query()
      .index('by-status', { partition: ['active'] })
      .filters(new Filter<Customer>().or('rev', FilterConditions.lessThan(2)).or('usernameKey', FilterConditions.beginsWith('user10')))
      .getMany();
    expect(or.results.map((r) => r.key)).toEqual(['c01', 'c10']);
  });
});

describe('transactions', () => {
  const customers = () => kvs.entity<Customer>('customer');
  const audits = () => kvs.entity<Audit>('audit');

  it('sets two entities atomically', async () => {
    await kvs
      .transact()
      .set('c1', customer(1), { entityName: 'customer' })
      .set('a1', { customerId: 'c1', at: 1, kind: 'created' }, { entityName: 'audit' })
      .execute();
    await expect(customers().get('c1')).resolves.toEqual(customer(1));
    const history = await audits().query().index('by-customer', { partition: ['c1'] }).getMany();
    expect(history.results).toEqual([{ key: 'a1', value: { customerId: 'c1', at: 1, kind: 'created' } }]);
  });

  it('changes nothing and rejects when a condition fails', async () => {
    await customers().set('c1', customer(1));
    const err = await rejection(
      kvs
        .transact()
        .set('c1', customer(1, { rev: 2 }), { entityName: 'customer', conditions: new Filter<Customer>().and('rev', FilterConditions.equalTo(99)) })
        .set('a1', { customerId: 'c1', at: 2, kind: 'updated' }, { entityName: 'audit' })
        .execute(),
    );
    expect(err.code).toBe(KVS_ERROR.CONDITION_CHECK_FAILED);
    expect(err.responseDetails.status).toBe(409);
    await expect(customers().get('c1')).resolves.toEqual(customer(1));
    await expect(audits().get('a1')).resolves.toBeUndefined();
  });

  it('treats a missing item as satisfying only NOT_EXISTS', async () => {
    const create = () =>
      kvs
        .transact()
        .set('c1', customer(1), { entityName: 'customer', conditions: new Filter<Customer>().and('rev', FilterConditions.notExists()) })
        .execute();
    await create();
    expect((await rejection(create())).code).toBe(KVS_ERROR.CONDITION_CHECK_FAILED);
    const check = kvs.transact().check('c2', { entityName: 'customer', conditions: new Filter<Customer>().and('rev', FilterConditions.exists()) });
    expect((await rejection(check.execute())).code).toBe(KVS_ERROR.CONDITION_CHECK_FAILED);
  });

  it('lets exactly one of two concurrent conditional updates win', async () => {
    await customers().set('c1', customer(1, { rev: 1 }));
    const update = (linkHash: string) =>
      kvs
        .transact()
        .set('c1', customer(1, { rev: 2, linkHash }), { entityName: 'customer', conditions: new Filter<Customer>().and('rev', FilterConditions.equalTo(1)) })
        .execute();
    const results = await Promise.allSettled([update('A'), update('B')]);
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [['A', 'B'][i]] : []));
    expect(winners).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as ForgeKvsAPIError).code).toBe(KVS_ERROR.CONDITION_CHECK_FAILED);
    await expect(customers().get('c1')).resolves.toEqual(customer(1, { rev: 2, linkHash: winners[0] }));
  });
});

describe('durability and accounting', () => {
  it('keeps data across close and reopen of the same file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-emulator-'));
    try {
      const file = path.join(dir, 'kvs.sqlite');
      emulator.close();
      emulator = newEmulator(file);
      await kvs.set('k1', 'v');
      await kvs.setSecret('s1', 'x');
      await kvs.entity<Customer>('customer').set('c1', customer(1));
      emulator.close();
      emulator = newEmulator(file);
      await expect(kvs.get('k1')).resolves.toBe('v');
      await expect(kvs.getSecret('s1')).resolves.toBe('x');
      const page = await kvs.entity<Customer>('customer').query().index('by-email').where(WhereConditions.equalTo('user1@example.com')).getMany();
      expect(page.results.map((r) => r.key)).toEqual(['c1']);
    } finally {
      emulator.close();
      emulator = newEmulator();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts operations per path', async () => {
    await kvs.set('a1', 1);
    await kvs.get('a1');
    await kvs.get('b1');
    expect(emulator.stats).toEqual({ '/api/v1/set': 1, '/api/v1/get': 2 });
    emulator.resetStats();
    expect(emulator.stats).toEqual({});
  });
});

describe('request shapes sent by @forge/kvs', () => {
  it('matches the pinned JSON for an entity query and a transaction', async () => {
    recorded = [];
    await kvs
      .entity<Customer>('customer')
      .query()
      .index('by-status', { partition: ['active'] })
      .where(WhereConditions.between(1, 9))
      .filters(new Filter<Customer>().and('rev', FilterConditions.greaterThanEqualTo(2)))
      .sort(Sort.DESC)
      .limit(5)
      .getMany();
    await kvs
      .transact()
      .set('c1', customer(1), { entityName: 'customer', conditions: new Filter<Customer>().and('rev', FilterConditions.notExists()) })
      .delete('a1', { entityName: 'audit' })
      .check('c2', { entityName: 'customer', conditions: new Filter<Customer>().or('status', FilterConditions.notExists()).or('rev', FilterConditions.lessThan(3)) })
      .execute();
    expect(recorded).toEqual([
      {
        path: '/api/v1/entity/query',
        body: {
          entityName: 'customer',
          indexName: 'by-status',
          partition: ['active'],
          range: { condition: 'BETWEEN', values: [1, 9] },
          sort: 'DESC',
          limit: 5,
          filters: { and: [{ property: 'rev', condition: 'GREATER_THAN_EQUAL_TO', values: [2] }] },
        },
      },
      {
        path: '/api/v1/transaction',
        body: {
          set: [
            {
              key: 'c1',
              value: customer(1),
              entityName: 'customer',
              conditions: { and: [{ property: 'rev', condition: 'NOT_EXISTS', values: [true] }] },
            },
          ],
          delete: [{ key: 'a1', entityName: 'audit' }],
          check: [
            {
              key: 'c2',
              entityName: 'customer',
              conditions: {
                or: [
                  { property: 'status', condition: 'NOT_EXISTS', values: [true] },
                  { property: 'rev', condition: 'LESS_THAN', values: [3] },
                ],
              },
            },
          ],
        },
      },
    ]);
  });
});

/**
 * What Forge's hosted storage refuses (local/kvs/rules.ts; docs/storage.md "What the store refuses"), always on.
 * The pages: "Error handling for the Key-Value Store" / "… for the Custom Entity Store" (codes and the key
 * pattern), "KVS and Custom Entity Store limits", "Custom Entity Store" (type requirements), "Executing KVS
 * transactions", "Executing batch operations".
 */
describe('what Forge storage refuses', () => {
  const RULES_MANIFEST = `
app:
  storage:
    entities:
      - name: thing
        attributes:
          s: { type: string }
          i: { type: integer }
          f: { type: float }
          b: { type: boolean }
          a: { type: any }
          p: { type: string }
        indexes:
          - name: by-s
            range: [s]
          - name: by-p
            partition: [p]
            range: [i]
`;
  type Thing = { s?: unknown; i?: unknown; f?: unknown; b?: unknown; a?: unknown; p?: unknown; extra?: unknown };
  const things = () => kvs.entity<Thing>('thing');
  const codeOf = async (p: Promise<unknown>) => (await rejection(p)).code;
  const nested = (levels: number): unknown => (levels === 0 ? 1 : { n: nested(levels - 1) });

  beforeEach(() => {
    emulator.close();
    emulator = newEmulator(':memory:', RULES_MANIFEST);
  });

  it('KVS and secret keys: 2 to 500 characters of the documented pattern, on reads too', async () => {
    await expect(codeOf(kvs.set('', 1))).resolves.toBe('KEY_TOO_SHORT');
    await expect(codeOf(kvs.set('x', 1))).resolves.toBe('KEY_TOO_SHORT');
    await expect(codeOf(kvs.set('k'.repeat(501), 1))).resolves.toBe('KEY_TOO_LONG');
    await expect(codeOf(kvs.set('ada@example.com', 1))).resolves.toBe('INVALID_KEY');
    await expect(codeOf(kvs.set('   ', 1))).resolves.toBe('INVALID_KEY');
    await expect(codeOf(kvs.get('a/b'))).resolves.toBe('INVALID_KEY');
    await expect(codeOf(kvs.setSecret('pw+1', 'x'))).resolves.toBe('INVALID_KEY');
    await expect(codeOf(kvs.getSecret('é-key'))).resolves.toBe('INVALID_KEY');
    await kvs.set('k'.repeat(500), 1);
    await kvs.set('Az09:._ -#', 2);
    await kvs.setSecret('pw-c1-r1', 'x');
    await expect(kvs.get('Az09:._ -#')).resolves.toBe(2);
  });

  it('entity keys: not empty, at most 500 characters, the documented pattern', async () => {
    await expect(codeOf(things().set('', { s: 'x' }))).resolves.toBe('EMPTY_KEY');
    await expect(codeOf(things().set('t'.repeat(501), { s: 'x' }))).resolves.toBe('KEY_TOO_LONG');
    await expect(codeOf(things().set('a=b', { s: 'x' }))).resolves.toBe('INVALID_KEY');
    await expect(codeOf(kvs.transact().set('a|b', { s: 'x' }, { entityName: 'thing' }).execute())).resolves.toBe('INVALID_KEY');
    await things().set('t', { s: 'x' });
    await expect(things().get('t')).resolves.toEqual({ s: 'x' });
  });

  it('values: at most 240 KiB and 31 levels deep', async () => {
    const limit = 240 * 1024;
    await kvs.set('big', 'v'.repeat(limit - 2)); // the JSON string with its quotes: exactly the limit
    await expect(codeOf(kvs.set('big', 'v'.repeat(limit - 1)))).resolves.toBe('MAX_SIZE');
    await expect(codeOf(kvs.setSecret('big', 'v'.repeat(limit)))).resolves.toBe('MAX_SIZE');
    await expect(codeOf(things().set('t1', { a: 'v'.repeat(limit) }))).resolves.toBe('MAX_SIZE');
    await kvs.set('deep', nested(31));
    await expect(codeOf(kvs.set('deep', nested(32)))).resolves.toBe('MAX_DEPTH');
    await expect(codeOf(things().set('t1', { a: nested(31) }))).resolves.toBe('MAX_DEPTH');
    await expect(kvs.get('big')).resolves.toHaveLength(limit - 2);
  });

  it('string attributes: not empty, with a non-whitespace character', async () => {
    for (const s of ['', ' ', '\t\n']) await expect(codeOf(things().set('t1', { s }))).resolves.toBe('BAD_REQUEST');
    await expect(codeOf(things().set('t1', { s: 1 }))).resolves.toBe('BAD_REQUEST');
    await expect(codeOf(things().set('t1', { s: null }))).resolves.toBe('BAD_REQUEST');
    await things().set('t1', { s: ' x ' });
    await things().set('t2', {}); // an absent attribute is no value at all
    await things().set('t3', { a: '', extra: '' }); // `any` and undeclared attributes take anything
    await expect(things().get('t3')).resolves.toEqual({ a: '', extra: '' });
  });

  it('integer attributes: 32-bit signed; float: 0 or within range; boolean: a boolean', async () => {
    await things().set('t1', { i: 2_147_483_647 });
    await things().set('t2', { i: -2_147_483_648 });
    for (const i of [2_147_483_648, -2_147_483_649, 1.5, '1']) await expect(codeOf(things().set('t3', { i }))).resolves.toBe('BAD_REQUEST');
    for (const f of [0, 1.5, -2e-100, 1e125]) await things().set('t4', { f });
    for (const f of [1e-131, -1e127, '0.5']) await expect(codeOf(things().set('t5', { f }))).resolves.toBe('BAD_REQUEST');
    await things().set('t6', { b: false });
    for (const b of ['true', 0]) await expect(codeOf(things().set('t7', { b }))).resolves.toBe('BAD_REQUEST');
  });

  it('index values: a range value up to 900 bytes, a partition value up to 1,700 bytes', async () => {
    await things().set('t1', { s: 'r'.repeat(900) });
    await expect(codeOf(things().set('t2', { s: 'ä'.repeat(451) }))).resolves.toBe('MAX_SIZE'); // 902 bytes
    await things().set('t3', { p: 'p'.repeat(1700), i: 1 });
    await expect(codeOf(things().set('t4', { p: 'p'.repeat(1701), i: 1 }))).resolves.toBe('MAX_SIZE');
    await things().set('t5', { a: 'r'.repeat(5000) }); // not indexed: only the value size counts
  });

  it('transactions: at most 25 operations, each key once, 4 MB; nothing lands when one is refused', async () => {
    const tx = (n: number, from = 0) => {
      const t = kvs.transact();
      for (let i = from; i < from + n; i++) t.set(`k-${i}`, i);
      return t;
    };
    await tx(25).execute();
    await expect(codeOf(tx(26, 100).execute())).resolves.toBe('BAD_REQUEST');
    await expect(kvs.get('k-100')).resolves.toBeUndefined();
    await expect(codeOf(kvs.transact().set('dup', 1).set('dup', 2).execute())).resolves.toBe('BAD_REQUEST');
    const chunk = 'c'.repeat(200 * 1024);
    const big = kvs.transact();
    for (let i = 0; i < 21; i++) big.set(`big-${i}`, chunk); // 21 × 200 KiB: each value fits, the request does not
    await expect(codeOf(big.execute())).resolves.toBe('MAX_SIZE');
    await expect(kvs.get('big-0')).resolves.toBeUndefined();
    await expect(codeOf(kvs.transact().set('ok-1', 1).set('t1', { s: '' }, { entityName: 'thing' }).execute())).resolves.toBe('BAD_REQUEST');
    await expect(kvs.get('ok-1')).resolves.toBeUndefined();
  });

  it('batches: a 4 MB request is refused whole; a refused item fails alone', async () => {
    const chunk = 'c'.repeat(200 * 1024);
    const items = Array.from({ length: 21 }, (_, i) => ({ key: `big-${i}`, value: chunk }));
    await expect(codeOf(kvs.batchSet(items))).resolves.toBe('MAX_SIZE');
    const result = await kvs.batchSet<unknown>([
      { key: 'fine', value: 1 },
      { key: 'not@fine', value: 2 },
      { key: 't1', value: { s: ' ' }, entityName: 'thing' },
    ]);
    expect(result.successfulKeys.map((k) => k.key)).toEqual(['fine']);
    expect(result.failedKeys.map((k) => [k.key, k.error.code])).toEqual([
      ['not@fine', 'INVALID_KEY'],
      ['t1', 'BAD_REQUEST'],
    ]);
  });
});
