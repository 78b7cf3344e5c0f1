import { kvs } from '@forge/kvs';
import { PENDING_REQUEST_SEC } from '../domain/saml/constants';
import type { PendingSignIn } from '../domain/saml/pending';
import type { PendingSignIns, PlainWrite } from '../ports';
import { pendingSignInKey as key } from './kvs-keys';

/**
 * Pending help-center sign-ins as plain KVS values under the SHA-256 of their reference, expiring with KVS
 * TTL (a little after the request itself). Consuming is one atomic write that returns the previous value:
 * of two submissions exactly one sees it unused.
 */
const TTL = { value: PENDING_REQUEST_SEC + 300, unit: 'SECONDS' as const };

export class KvsPendingSignIns implements PendingSignIns {
  async put(reference: string, pending: PendingSignIn): Promise<void> {
    await kvs.set(key(reference), pending, { ttl: TTL });
  }
  get(reference: string): Promise<PendingSignIn | undefined> {
    return kvs.get<PendingSignIn>(key(reference));
  }
  async consume(reference: string, pending: PendingSignIn): Promise<boolean> {
    const previous = await kvs.set<PendingSignIn>(key(reference), { ...pending, used: true }, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', ttl: TTL });
    return previous !== undefined && previous.value.used === false;
  }
  asWrite(reference: string, pending: PendingSignIn): PlainWrite {
    return { key: key(reference), value: pending, ttlSec: TTL.value };
  }
}
