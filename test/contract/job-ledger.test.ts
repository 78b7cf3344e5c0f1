import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kvsFetch } from '../../local/kvs/forge-fetch';
import { SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { kvs } from '@forge/kvs';
import { CLAIM_STALE_SEC, JOB_LEDGER_TTL_SEC, KvsJobLedger } from '../../src/forge/job-ledger';
import type { SentRecord } from '../../src/ports/jobs';
import { MAIL_JOB_TAG_SEC } from '../../src/domain/customer';

/**
 * The job ledger (issue 20) on the KVS emulator, in both readings of a failed `FAIL_IF_EXISTS` write: the
 * documented conflict code and strict mode's generic 400 (the ledger reads the key back either way).
 */
const record: SentRecord = { channel: 'sms', smsId: 'a1b2', events: [] };

describe.each([false, true])('generic conflicts: %s', (genericConflicts) => {
  let emulator: SqliteKvs;
  beforeAll(() => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'job-ledger-')), 'kvs.sqlite');
    emulator = new SqliteKvs({ file, entities: [], now: () => Date.now(), genericConflicts });
    (globalThis as unknown as { __forge_fetch__: unknown }).__forge_fetch__ = (_meta: unknown, p: string, init?: { body?: string }) => kvsFetch(emulator)(p, init);
  });
  afterAll(() => emulator.close());

  const ledger = new KvsJobLedger();
  const first = { eventId: 'ev-1', retry: false };

  it('claims once; the same event\'s retry takes a claim over, another delivery finds it busy until it is stale', async () => {
    const key = `k${genericConflicts ? 1 : 0}a`;
    expect(await ledger.claim(key, first, 1000)).toEqual({ kind: 'run' });
    expect(await ledger.claim(key, { eventId: 'ev-2', retry: false }, 1001)).toEqual({ kind: 'busy' });
    expect(await ledger.claim(key, { eventId: 'ev-2', retry: true }, 1001)).toEqual({ kind: 'busy' });
    expect(await ledger.claim(key, { eventId: 'ev-1', retry: true }, 1030)).toEqual({ kind: 'run' });
    expect(await ledger.claim(key, { eventId: 'ev-3', retry: false }, 1030 + CLAIM_STALE_SEC)).toEqual({ kind: 'run' });
  });

  it('once sent, every delivery gets what is left to store; once done, nothing', async () => {
    const key = `k${genericConflicts ? 1 : 0}b`;
    expect(await ledger.claim(key, first, 1000)).toEqual({ kind: 'run' });
    await ledger.sent(key, record, 1001);
    expect(await ledger.claim(key, { eventId: 'ev-1', retry: true }, 1031)).toEqual({ kind: 'sent', record });
    expect(await ledger.claim(key, { eventId: 'ev-9', retry: false }, 9999)).toEqual({ kind: 'sent', record });
    await ledger.done(key, 1032);
    expect(await ledger.claim(key, { eventId: 'ev-1', retry: true }, 1062)).toEqual({ kind: 'done' });
  });

  it('the done mark written in a flow\'s own transaction (issue 25) reads as done, and expires with the ledger', async () => {
    const key = `k${genericConflicts ? 1 : 0}c`;
    expect(await ledger.claim(key, first, 1000)).toEqual({ kind: 'run' });
    const mark = ledger.doneMark(key, 1001);
    expect(mark.ttlSec).toBe(JOB_LEDGER_TTL_SEC);
    await kvs.transact().set(mark.key, mark.value, undefined, { ttl: { value: mark.ttlSec!, unit: 'SECONDS' } }).execute();
    expect(await ledger.claim(key, { eventId: 'ev-1', retry: true }, 1031)).toEqual({ kind: 'done' });
    expect(await ledger.claim(key, { eventId: 'ev-5', retry: false }, 1031)).toEqual({ kind: 'done' });
  });

  it('the claim written in a flow\'s own transaction (issue 25) reads as a claim of that delivery, kept as long as an entry keeps the job\'s tag', async () => {
    const key = `k${genericConflicts ? 1 : 0}d`;
    const mark = ledger.claimMark(key, first, 1000);
    expect(mark.ttlSec).toBe(JOB_LEDGER_TTL_SEC);
    expect(MAIL_JOB_TAG_SEC).toBe(JOB_LEDGER_TTL_SEC);
    await kvs.transact().set(mark.key, mark.value, undefined, { ttl: { value: mark.ttlSec!, unit: 'SECONDS' } }).execute();
    expect(await ledger.claim(key, { eventId: 'ev-2', retry: false }, 1001)).toEqual({ kind: 'busy' });
    expect(await ledger.claim(key, { eventId: 'ev-1', retry: true }, 1030)).toEqual({ kind: 'run' });
  });
});
