import fs from 'node:fs';
import path from 'node:path';
import { kvs } from '@forge/kvs';
import { entitiesFromManifest } from '../../local/kvs/entities';
import { kvsFetch } from '../../local/kvs/forge-fetch';
import { SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { foldCutoff } from '../../src/domain/overview/items';
import { foldOverview } from '../../src/forge/counters';
import { KvsOutbox } from '../../src/forge/outbox';
import type { OutboxRecord } from '../../src/domain/delivery';

/**
 * App writes that the journeys reach rarely, against the store's rules (local/kvs/rules.ts) with the app's own
 * manifest: what Forge's store would refuse must never be written.
 */
let emulator: SqliteKvs;
const refusals: string[] = [];

beforeAll(() => {
  emulator = new SqliteKvs({ file: ':memory:', entities: entitiesFromManifest(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')), now: () => Date.now() });
  emulator.onRefusal = (where, code, message) => refusals.push(`${where} ${code} ${message}`);
  (globalThis as unknown as { __forge_fetch__: unknown }).__forge_fetch__ = (_meta: unknown, p: string, init?: { body?: string }) => kvsFetch(emulator)(p, init);
});
afterAll(() => emulator.close());

it('the first overview fold over more than one page of day items stores no empty `through`, and folds each item once', async () => {
  const nowSec = 1_800_000_000;
  const day = foldCutoff(nowSec);
  for (let i = 0; i < 150; i += 25) {
    await kvs.batchSet(Array.from({ length: 25 }, (_, j) => ({ key: `d-${day}-s${i + j}`, value: { day, rev: 1, s: {}, f: { d: 1 } }, entityName: 'overview-day' })));
  }
  const first = await foldOverview(nowSec); // one page of 100, then a cursor: nothing folded "through" yet
  expect(first.cursor).toBeDefined();
  expect(await kvs.entity<Record<string, unknown>>('overview-meta').get('base')).not.toHaveProperty('through');
  const done = await foldOverview(nowSec);
  expect(done.through).toBe(day);
  expect(done.f).toEqual({ d: 150 });
  expect(refusals).toEqual([]);
});

it('an outbox record with an empty failure reason and no language lands, and reads back the same', async () => {
  const outbox = new KvsOutbox();
  const record = { id: 'msg-1', customerId: 'c1', kind: 'reset', locale: '', actor: { kind: 'system' }, attempts: 1, status: 'retrying', lastReason: '', createdAt: 1, updatedAt: 1, rev: 1 } as unknown as OutboxRecord;
  await expect(outbox.put(record, undefined)).resolves.toBe(true);
  await expect(outbox.get('msg-1')).resolves.toEqual(record);
  expect(await kvs.entity<Record<string, unknown>>('outbox').get('msg-1')).not.toHaveProperty('lastReason');
  expect(refusals).toEqual([]);
});
