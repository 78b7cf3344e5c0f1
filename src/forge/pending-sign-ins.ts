import { kvs, type BatchGetResult } from '@forge/kvs';
import { ENTITY } from './kvs-keys';
import { executeIfUnchanged, revIs, type Transaction } from './transactions';
import { PENDING_REQUEST_SEC } from '../domain/saml/constants';
import type { PendingSignIn } from '../domain/saml/pending';
import { flowFromStored, type StoredBeforeFlow } from '../domain/sign-in-flow';
import type { PlainWrite } from '../ports/directory';
import type { PendingSignIns } from '../ports/sign-in';
import { pendingSignInKey as key } from './kvs-keys';

/**
 * Pending help-center sign-ins as plain KVS values under the SHA-256 of their reference, expiring with KVS
 * TTL (a little after the request itself). Finishing one is a conditioned transaction (`withFinishMark`):
 * of parallel finishes, by whatever step, exactly one lands.
 *
 * Reading one also refreshes the instance caches a sign-in step answers from (the settings, the IdP
 * configuration) when they are stale, in the same request (`batchGet`): a step costs the same KVS operations
 * whether it lands on a warm instance or not (the code step: this read, the TOTP secret, one transaction).
 */
const TTL = { value: PENDING_REQUEST_SEC + 300, unit: 'SECONDS' as const };
const NOT_FOUND = new Set(['KEY_NOT_FOUND', 'NOT_FOUND']);

/** A value a warm instance caches: the key to read while its copy is stale, and how to take a value read elsewhere. */
export interface CachedValue {
  /** The KVS key to read, or undefined while this instance's copy is fresh. */
  staleKey(): string | undefined;
  /** The value as stored (undefined when absent), read by another store's batch. */
  prime(stored: unknown): void;
}

type Stored = PendingSignIn | StoredBeforeFlow;

/**
 * Issue 22: a pending sign-in finishes at most once, whichever step finishes it (password, code, email code,
 * passkey), and Forge runs those steps in parallel. Its finish is a claim made before the work: an item of entity
 * `revision` under the pending sign-in's key, written in the finishing transaction on the condition that it does not
 * exist yet (plain keys take no conditions), with the pending sign-in's own lifetime. Of parallel finishes exactly
 * one lands; the others' transactions write nothing. A step that writes the value its request read (guardedSet)
 * cannot undo it: the mark is written by finishes only.
 */
export function withFinishMark(tx: Transaction, pendingKey: string, ttlSec = TTL.value): Transaction {
  return tx.set(pendingKey, { rev: 1 }, { entityName: ENTITY.revision, conditions: revIs<{ rev: number }>(undefined) }, { ttl: { value: ttlSec, unit: 'SECONDS' } });
}

/** After a refused transaction: whether one of its writes was to finish a pending sign-in that is finished already. */
export async function finishedAlready(writes: PlainWrite[]): Promise<boolean> {
  for (const w of writes) if (w.finishes && (await kvs.entity<{ rev: number }>(ENTITY.revision).get(w.key)) !== undefined) return true;
  return false;
}
const asFlow = (stored: Stored | undefined): PendingSignIn | undefined => (stored ? flowFromStored(stored) : undefined);

export class KvsPendingSignIns implements PendingSignIns {
  /** `caches`: refreshed with each read while stale (KvsSettingsStore, KvsIdpKeys). */
  constructor(private readonly caches: CachedValue[] = []) {}

  async put(reference: string, pending: PendingSignIn): Promise<boolean> {
    return (await this.guardedSet(reference, pending)).written;
  }
  /** Values stored in the shape before the flow object (a sign-in under way during a deploy) are converted here. */
  async get(reference: string): Promise<PendingSignIn | undefined> {
    return asFlow(await this.stored(reference));
  }
  private async stored(reference: string): Promise<Stored | undefined> {
    const pendingKey = key(reference);
    const stale = this.caches.flatMap((cache) => {
      const staleKey = cache.staleKey();
      return staleKey === undefined ? [] : [{ cache, key: staleKey }];
    });
    if (stale.length === 0) return kvs.get<Stored>(pendingKey);
    let read: BatchGetResult<unknown>;
    try {
      read = await kvs.batchGet<unknown>([{ key: pendingKey }, ...stale.map((s) => ({ key: s.key }))]);
    } catch {
      // A refused batch (docs/platform-assumptions.md: batch reads) costs the caches' own reads later, nothing more.
      return kvs.get<Stored>(pendingKey);
    }
    const found = new Map(read.successfulKeys.map((item) => [item.key, item.value]));
    // Absent = not found (in failedKeys as KEY_NOT_FOUND, or in neither list); any other failure = not read.
    const unread = new Set(read.failedKeys.filter((f) => !NOT_FOUND.has(f.error.code)).map((f) => f.key));
    for (const s of stale) if (!unread.has(s.key)) s.cache.prime(found.get(s.key));
    return unread.has(pendingKey) ? kvs.get<Stored>(pendingKey) : (found.get(pendingKey) as Stored | undefined);
  }
  async consume(reference: string, pending: PendingSignIn): Promise<boolean> {
    const write = this.finishWrite(reference, pending);
    return executeIfUnchanged(withFinishMark(kvs.transact().set(write.key, write.value, undefined, { ttl: TTL }), write.key, TTL.value));
  }
  finishWrite(reference: string, pending: PendingSignIn): PlainWrite {
    return { ...this.asWrite(reference, { ...pending, used: true }), finishes: true };
  }
  async swap(reference: string, next: PendingSignIn): Promise<PendingSignIn | undefined> {
    return (await this.guardedSet(reference, next)).previous;
  }
  /**
   * A step writes the pending sign-in as its request read it, and Forge runs invocations in parallel: another
   * step may have finished that sign-in meanwhile. Plain keys take no condition, so each write answers what it
   * replaced (one atomic set, returnValue PREVIOUS); where that was used and the write is not, the used value is
   * put back at once (a used value written over anything never un-uses it, so that write needs no check).
   * The one place of the rule "used is never overwritten": `written` is false where the write was undone.
   */
  private async guardedSet(reference: string, next: PendingSignIn): Promise<{ previous: PendingSignIn | undefined; written: boolean }> {
    const replaced = await kvs.set<Stored>(key(reference), next, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', ttl: TTL });
    const previous = asFlow(replaced?.value);
    const unusing = previous?.used === true && !next.used;
    if (unusing) await kvs.set(key(reference), replaced!.value, { ttl: TTL });
    return { previous, written: !unusing };
  }
  asWrite(reference: string, pending: PendingSignIn): PlainWrite {
    return { key: key(reference), value: pending, ttlSec: TTL.value };
  }
}
