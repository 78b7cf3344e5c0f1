import { hit, type RateRule } from '../domain/rate-limit';
import { clientLimitKey } from '../forge/kvs-keys';
import type { Deps } from './deps';
import type { PlainWrite } from '../ports/directory';
import { nowSec } from './deps';

/**
 * Per-client limit (one read, one write). The client key is a hash of the caller's address, so no raw
 * address is stored; the entry expires with its window.
 */
export const UNKNOWN_CLIENT = 'unknown';
/** When the platform gives no client address, everyone shares one bucket: it gets this many times the limit. */
const SHARED_BUCKET_FACTOR = 100;

export async function allowClient(deps: Deps, scope: string, clientAddress: string, perClient: RateRule): Promise<boolean> {
  const { allowed, counted } = await checkClient(deps, scope, clientAddress, perClient);
  await counted;
  return allowed;
}

export interface ClientCheck {
  allowed: boolean;
  counted: Promise<void>;
}

/**
 * The same check, answered once the window is read; `counted` settles when this request is written into it. A
 * caller awaits it beside its next storage call (the password step: beside the attempt's claim, issue 25), and
 * always before the work the limit guards.
 */
/**
 * The same check, with this request's count as a write for the caller's next transaction (the password step: its
 * claim or its decoy, issue 25: one write request less); `put` writes it alone where there is none.
 */
export async function checkClientWrite(deps: Deps, scope: string, clientAddress: string, perClient: RateRule): Promise<ClientWrite> {
  const rule = clientAddress === UNKNOWN_CLIENT ? { ...perClient, limit: perClient.limit * SHARED_BUCKET_FACTOR } : perClient;
  const key = clientLimitKey(scope, clientAddress);
  const now = nowSec(deps);
  const { allowed, next } = hit(await deps.limits.get(key), now, rule);
  const ttlSec = next.start + rule.windowSec - now;
  return { allowed, write: deps.limits.asWrite(key, next, ttlSec), put: () => deps.limits.put(key, next, ttlSec) };
}

/** `put` writes `write` alone (where there is no transaction to carry it). */
export type ClientWrite = { allowed: boolean; write: PlainWrite; put: () => Promise<void> };

export async function checkClient(deps: Deps, scope: string, clientAddress: string, perClient: RateRule): Promise<ClientCheck> {
  const rule = clientAddress === UNKNOWN_CLIENT ? { ...perClient, limit: perClient.limit * SHARED_BUCKET_FACTOR } : perClient;
  const key = clientLimitKey(scope, clientAddress);
  const now = nowSec(deps);
  const { allowed, next } = hit(await deps.limits.get(key), now, rule);
  const counted = deps.limits.put(key, next, next.start + rule.windowSec - now);
  // Awaited by the caller; a failure also rejects there.
  counted.catch(() => undefined);
  return { allowed, counted };
}
