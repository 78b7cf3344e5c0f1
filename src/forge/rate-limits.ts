import { kvs } from '@forge/kvs';
import type { RateWindow } from '../domain/rate-limit';
import type { RateLimitStore } from '../ports';

/** Rate windows as plain KVS keys that expire with their window (KVS TTL). */
export class KvsRateLimitStore implements RateLimitStore {
  get(key: string) {
    return kvs.get<RateWindow>(key);
  }
  async put(key: string, window: RateWindow, ttlSec: number) {
    await kvs.set(key, window, { ttl: { value: Math.max(1, Math.ceil(ttlSec)), unit: 'SECONDS' } });
  }
}
