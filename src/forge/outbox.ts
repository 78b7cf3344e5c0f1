import { kvs } from '@forge/kvs';
import type { OutboxRecord } from '../domain/delivery';
import type { Outbox, ReplayGuard } from '../ports/mail';
import { ENTITY, replayKey } from './kvs-keys';
import { withoutBlankStrings } from './stored-customer';
import { executeIfUnchanged, revIs } from './transactions';

/** The outbox as a KVS custom entity; every write is conditioned on the revision the caller read. */
export class KvsOutbox implements Outbox {
  async get(id: string) {
    const stored = await kvs.entity<OutboxRecord>(ENTITY.outbox).get(id);
    // An empty reason or language is left out when written (the store refuses an empty string attribute).
    return stored && { ...stored, lastReason: stored.lastReason ?? '', locale: stored.locale ?? '' };
  }

  async put(record: OutboxRecord, expectedRev: number | undefined): Promise<boolean> {
    const conditions = revIs<OutboxRecord>(expectedRev);
    return executeIfUnchanged(kvs.transact().set(record.id, withoutBlankStrings(record), { entityName: ENTITY.outbox, conditions }));
  }
}

/** Webhook replay keys as plain KVS keys written only if absent, expiring after the retention. */
export class KvsReplayGuard implements ReplayGuard {
  async firstSeen(key: string, retentionSec: number): Promise<boolean> {
    try {
      await kvs.set(replayKey(key), 1, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: retentionSec, unit: 'SECONDS' } });
      return true;
    } catch (error) {
      if (/CONFLICT|EXISTS/i.test((error as { code?: string })?.code ?? '')) return false;
      // The code is not documented: whatever it is, a key that is there now means this one was seen before.
      if ((await kvs.get(replayKey(key))) !== undefined) return false;
      throw error;
    }
  }

  forget(key: string): Promise<void> {
    return kvs.delete(replayKey(key));
  }
}
