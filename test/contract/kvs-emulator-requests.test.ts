import { kvs, WhereConditions, Filter, FilterConditions, Sort } from '@forge/kvs';
import { customer, kv, newEmulator, rejection, useKvsEmulator, type Customer } from '../support/kvs-emulator';

/** The local KVS emulator against @forge/kvs: the requests the client sends, and what Forge storage refuses. */
useKvsEmulator();

describe('request shapes sent by @forge/kvs', () => {
  it('matches the pinned JSON for an entity query and a transaction', async () => {
    kv.recorded = [];
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
    expect(kv.recorded).toEqual([
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
    kv.emulator.close();
    kv.emulator = newEmulator(':memory:', RULES_MANIFEST);
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