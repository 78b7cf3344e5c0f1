import { createHash } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { IdempotencyClaim as Claim, IdempotencyStore, StoredAnswer } from '../ports/provisioning';
import { idempotencyKey as storageKey, idempotencyOwnerKey } from './kvs-keys';

/**
 * `Idempotency-Key` on the provisioning API's POSTs (issue 12): the first request with a key claims it
 * (a write that fails if the key exists), and its answer is kept 24 hours; the same key again answers that
 * first answer (never a second email). Stored per API key under a hash, with the request's fingerprint so a
 * key reused for a different request is refused. A claim whose request failed is released.
 */
export const IDEMPOTENCY_TTL_SEC = 24 * 3600;

type Entry = { state: 'pending'; fingerprint: string; at?: number } | { state: 'done'; fingerprint: string; answer: StoredAnswer };

/** A claim whose request has not answered within this long died with its invocation: the key may be taken over. */
export const ABANDONED_AFTER_SEC = 120;


export function fingerprint(method: string, route: string, body: string): string {
  return createHash('sha256').update(`${method}\n${route}\n${body}`).digest('hex');
}

const isExists = (error: unknown) => /CONFLICT|EXISTS/i.test((error as { code?: string })?.code ?? '');

export class KvsIdempotency implements IdempotencyStore {
  /** Claims the key, or answers what an earlier request with it left (waiting briefly while it runs). */
  async claim(apiKeyId: string, key: string, print: string, nowSec: number, wait: (ms: number) => Promise<void>): Promise<Claim> {
    const at = storageKey(apiKeyId, key);
    try {
      await kvs.set(at, { state: 'pending', fingerprint: print, at: nowSec } satisfies Entry, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: IDEMPOTENCY_TTL_SEC, unit: 'SECONDS' } });
      return { kind: 'claimed' };
    } catch (error) {
      if (!isExists(error)) throw error;
    }
    for (let i = 0; i < 40; i++) {
      const entry = await kvs.get<Entry>(at);
      if (!entry) return this.claim(apiKeyId, key, print, nowSec, wait);
      if (entry.fingerprint !== print) return { kind: 'mismatch' };
      if (entry.state === 'done') return { kind: 'replay', answer: entry.answer };
      if (i === 0 && nowSec - (entry.at ?? 0) > ABANDONED_AFTER_SEC) {
        // Taken over: the activation it guarded is itself safe to repeat (no second invitation while one is live).
        await kvs.set(at, { state: 'pending', fingerprint: print, at: nowSec } satisfies Entry, { ttl: { value: IDEMPOTENCY_TTL_SEC, unit: 'SECONDS' } });
        return { kind: 'claimed' };
      }
      await wait(100);
    }
    return { kind: 'in-progress' };
  }

  /** `customerId`: whose data the answer carries; a pointer from them lets their erasure find it (issue 24). */
  async complete(apiKeyId: string, key: string, print: string, answer: StoredAnswer, customerId?: string): Promise<void> {
    const at = storageKey(apiKeyId, key);
    const ttl = { ttl: { value: IDEMPOTENCY_TTL_SEC, unit: 'SECONDS' as const } };
    if (customerId) await kvs.set(idempotencyOwnerKey(customerId, at), at, ttl);
    await kvs.set(at, { state: 'done', fingerprint: print, answer } satisfies Entry, ttl);
  }

  release(apiKeyId: string, key: string): Promise<void> {
    return kvs.delete(storageKey(apiKeyId, key));
  }
}
