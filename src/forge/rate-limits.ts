import { kvs } from '@forge/kvs';
import type { RateWindow } from '../domain/rate-limit';
import type { RateLimitStore, WindowClaim } from '../ports/limits';
import type { PlainWrite } from '../ports/directory';
import { claim } from './claim';
import { ENTITY } from './kvs-keys';
import { executeIfUnchanged, revIs } from './transactions';

interface Revision {
  rev: number;
}

/**
 * Rate windows as plain KVS keys that expire with their window (KVS TTL). A window that guards an account (SMS
 * per account and per site) is claimed (`claim`): plain keys take no conditions, so the window's key in entity
 * `revision` carries the revision the write is conditioned on, set in the same transaction (as the settings
 * are). Its revision item outlives the window (one small item per account that ever got an SMS, and one per site).
 */
export class KvsRateLimitStore implements RateLimitStore {
  get(key: string) {
    return kvs.get<RateWindow>(key);
  }
  async put(key: string, window: RateWindow, ttlSec: number) {
    await kvs.set(key, window, { ttl: ttl(ttlSec) });
  }
  asWrite(key: string, window: RateWindow, ttlSec: number): PlainWrite {
    return { key, value: window, ttlSec };
  }
  async claim(key: string, decide: WindowClaim): Promise<boolean> {
    const read = async () => {
      const [window, revision] = await Promise.all([kvs.get<RateWindow>(key), kvs.entity<Revision>(ENTITY.revision).get(key)]);
      return { window, rev: revision?.rev };
    };
    return claim<{ window: RateWindow | undefined; rev: number | undefined }, boolean>(
      await read(),
      read,
      (current) => {
        const next = decide(current.window);
        if (!next) return { answer: false };
        const write = async () => {
          const tx = kvs
            .transact()
            .set<Revision>(key, { rev: (current.rev ?? 0) + 1 }, { entityName: ENTITY.revision, conditions: revIs<Revision>(current.rev) })
            .set(key, next.window, undefined, { ttl: ttl(next.ttlSec) });
          // The conflict code is not documented (docs/platform-assumptions.md): a revision that moved means a lost race.
          return executeIfUnchanged(tx).catch(async (error: unknown) => {
            if ((await kvs.entity<Revision>(ENTITY.revision).get(key))?.rev !== current.rev) return false;
            throw error;
          });
        };
        return { write, won: true };
      },
      false,
    );
  }
}

const ttl = (sec: number) => ({ value: Math.max(1, Math.ceil(sec)), unit: 'SECONDS' as const });
