import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kvs, WhereConditions, Filter, FilterConditions, Sort, ForgeKvsAPIError } from '@forge/kvs';
import { entitiesFromManifest } from '../../local/kvs/entities';
import { KVS_ERROR } from '../../local/kvs/sqlite-kvs';
import { customer, kv, newEmulator, START, rejection, useKvsEmulator, type Audit, type Customer } from '../support/kvs-emulator';

/** The local KVS emulator against @forge/kvs: plain keys, secrets, entities, transactions, durability (the request shapes and what Forge refuses: kvs-emulator-requests.test.ts). */
useKvsEmulator();

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
    kv.clock += 5000;
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
    kv.clock += 9_999;
    await expect(kvs.get('lease')).resolves.toBe('me');
    kv.clock += 1;
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
    kv.emulator.close();
    kv.emulator = newEmulator(
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
      kv.emulator.close();
      kv.emulator = newEmulator(file);
      await kvs.set('k1', 'v');
      await kvs.setSecret('s1', 'x');
      await kvs.entity<Customer>('customer').set('c1', customer(1));
      kv.emulator.close();
      kv.emulator = newEmulator(file);
      await expect(kvs.get('k1')).resolves.toBe('v');
      await expect(kvs.getSecret('s1')).resolves.toBe('x');
      const page = await kvs.entity<Customer>('customer').query().index('by-email').where(WhereConditions.equalTo('user1@example.com')).getMany();
      expect(page.results.map((r) => r.key)).toEqual(['c1']);
    } finally {
      kv.emulator.close();
      kv.emulator = newEmulator();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts operations per path', async () => {
    await kvs.set('a1', 1);
    await kvs.get('a1');
    await kvs.get('b1');
    expect(kv.emulator.stats).toEqual({ '/api/v1/set': 1, '/api/v1/get': 2 });
    kv.emulator.resetStats();
    expect(kv.emulator.stats).toEqual({});
  });
});

