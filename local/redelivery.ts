/**
 * How the local host redelivers, as Forge documents it (issue 20, item 3). Pure rules; the host (local/host.ts)
 * and the request stand-in (local/requests.ts) apply them on the host clock.
 *
 * - Async events ("Async events API"): an event whose consumer throws, or returns an `InvocationError`
 *   (@forge/events; its constructor returns `{ _retry: true, retryOptions: { retryAfter, retryReason,
 *   retryData? } }`), is delivered again with a `retryContext` (`retryCount`, `retryReason`, `retryData`,
 *   `retentionWindow: { startTime, remainingTimeMs }`, the shape of @forge/events' `RetryContext`) until
 *   24 hours after its first delivery. Forge does not document the backoff after a thrown error; the host
 *   waits 30 s, doubling up to 15 minutes (the queue's longest delay), so a test advances the host clock to
 *   see the redelivery.
 * - Product events ("Product events" / events reference): a trigger is retried only when it returns an
 *   `InvocationError`, at most four times, after its `retryAfter` (at least 1 s); a throw is never retried.
 */
export const RETENTION_MS = 24 * 3600_000;
export const PRODUCT_EVENT_MAX_RETRIES = 4;
const FIRST_BACKOFF_SEC = 30;
const MAX_DELAY_SEC = 900;
/** @forge/events' MIN_RETRY_AFTER. */
const MIN_RETRY_AFTER_SEC = 1;

export interface RetryContext {
  retryCount: number;
  retryReason: string;
  retryData?: unknown;
  retentionWindow?: { startTime: string; remainingTimeMs: number };
}

export interface RetryRequest {
  retryAfter: number;
  retryReason: string;
  retryData?: unknown;
}

/** What one delivery ended with. */
export type DeliveryOutcome = { kind: 'ok' } | { kind: 'threw' } | { kind: 'retry'; request: RetryRequest };

/** The retry a function's answer asks for: the shape `new InvocationError(options)` evaluates to. */
export function retryRequestOf(answer: unknown): RetryRequest | undefined {
  if (typeof answer !== 'object' || answer === null || (answer as { _retry?: unknown })._retry !== true) return undefined;
  const options = ((answer as { retryOptions?: Partial<RetryRequest> }).retryOptions ?? {});
  const after = typeof options.retryAfter === 'number' && options.retryAfter > 0 ? options.retryAfter : MIN_RETRY_AFTER_SEC;
  return { retryAfter: after, retryReason: typeof options.retryReason === 'string' ? options.retryReason : 'FUNCTION_RETRY_REQUEST', ...(options.retryData !== undefined ? { retryData: options.retryData } : {}) };
}

export const outcomeOf = (answer: unknown): DeliveryOutcome => {
  const request = retryRequestOf(answer);
  return request ? { kind: 'retry', request } : { kind: 'ok' };
};

/** The wait before redelivering after the `retryCount`-th failure (0 for the first). */
export function thrownBackoffSec(retryCount: number): number {
  return Math.min(MAX_DELAY_SEC, FIRST_BACKOFF_SEC * 2 ** Math.min(retryCount, 10));
}

export interface NextDelivery {
  delaySec: number;
  retryContext: RetryContext;
}

/**
 * The next delivery of an async event after `outcome`, or undefined: it succeeded, or the next delivery would
 * fall outside the 24-hour retention window that started at its first delivery.
 */
export function nextAsyncDelivery(outcome: DeliveryOutcome, previous: RetryContext | undefined, firstDeliveredMs: number, nowMs: number): NextDelivery | undefined {
  if (outcome.kind === 'ok') return undefined;
  const retryCount = (previous?.retryCount ?? 0) + 1;
  const delaySec = outcome.kind === 'retry' ? Math.min(MAX_DELAY_SEC, Math.ceil(outcome.request.retryAfter)) : thrownBackoffSec(retryCount - 1);
  const dueMs = nowMs + delaySec * 1000;
  const endMs = firstDeliveredMs + RETENTION_MS;
  if (dueMs >= endMs) return undefined;
  return {
    delaySec,
    retryContext: {
      retryCount,
      retryReason: outcome.kind === 'retry' ? outcome.request.retryReason : 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
      ...(outcome.kind === 'retry' && outcome.request.retryData !== undefined ? { retryData: outcome.request.retryData } : {}),
      retentionWindow: { startTime: new Date(firstDeliveredMs).toISOString(), remainingTimeMs: endMs - dueMs },
    },
  };
}

/** The next delivery of a product event after `outcome`: only for an `InvocationError`, at most four retries. */
export function nextProductEventDelivery(outcome: DeliveryOutcome, previous: RetryContext | undefined): NextDelivery | undefined {
  if (outcome.kind !== 'retry') return undefined;
  const retryCount = (previous?.retryCount ?? 0) + 1;
  if (retryCount > PRODUCT_EVENT_MAX_RETRIES) return undefined;
  return {
    delaySec: Math.min(MAX_DELAY_SEC, Math.ceil(outcome.request.retryAfter)),
    retryContext: { retryCount, retryReason: outcome.request.retryReason, ...(outcome.request.retryData !== undefined ? { retryData: outcome.request.retryData } : {}) },
  };
}
