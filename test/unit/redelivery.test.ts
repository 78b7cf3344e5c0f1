import { InvocationError, InvocationErrorCode } from '@forge/events';
import { ForgeKvsAPIError } from '@forge/kvs';
import { nextAsyncDelivery, nextProductEventDelivery, PRODUCT_EVENT_MAX_RETRIES, RETENTION_MS, retryRequestOf, thrownBackoffSec } from '../../local/redelivery';
import { JiraUnavailableError } from '../../src/forge/jira';
import { transientFailure } from '../../src/forge/transient';

/**
 * Issue 20, item 3: how the local host redelivers (local/redelivery.ts), as the "Async events API" and the
 * product-event docs describe it, and which failures the request-created trigger asks a retry for.
 */
const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);

describe('InvocationError as a function answers it', () => {
  it('reads the retry options of @forge/events\' InvocationError, with its defaults', () => {
    expect(retryRequestOf(new InvocationError({ retryAfter: 90, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED, retryData: { step: 2 } }))).toEqual({
      retryAfter: 90,
      retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
      retryData: { step: 2 },
    });
    expect(retryRequestOf(new InvocationError())).toEqual({ retryAfter: 1, retryReason: 'FUNCTION_RETRY_REQUEST' });
    expect(retryRequestOf({ invited: true })).toBeUndefined();
    expect(retryRequestOf(undefined)).toBeUndefined();
  });
});

describe('async events', () => {
  it('a thrown error is redelivered after 30 s, doubling up to 15 minutes, with a retryContext', () => {
    const first = nextAsyncDelivery({ kind: 'threw' }, undefined, T0, T0 + 2000);
    expect(first).toEqual({
      delaySec: 30,
      retryContext: { retryCount: 1, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR', retentionWindow: { startTime: '2026-12-07T08:00:00.000Z', remainingTimeMs: RETENTION_MS - 32_000 } },
    });
    expect(nextAsyncDelivery({ kind: 'threw' }, first!.retryContext, T0, T0)?.delaySec).toBe(60);
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(thrownBackoffSec)).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it('an InvocationError is redelivered after its retryAfter with its reason and data', () => {
    const next = nextAsyncDelivery({ kind: 'retry', request: { retryAfter: 5, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: { n: 1 } } }, { retryCount: 2, retryReason: 'x' }, T0, T0);
    expect(next).toMatchObject({ delaySec: 5, retryContext: { retryCount: 3, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: { n: 1 } } });
  });

  it('nothing after success, and nothing once the next delivery would fall outside the 24 hours from the first', () => {
    expect(nextAsyncDelivery({ kind: 'ok' }, undefined, T0, T0)).toBeUndefined();
    const late = T0 + RETENTION_MS - 900_000;
    expect(nextAsyncDelivery({ kind: 'threw' }, { retryCount: 40, retryReason: 'x' }, T0, late)).toBeUndefined();
    expect(nextAsyncDelivery({ kind: 'threw' }, { retryCount: 0, retryReason: 'x' }, T0, late)?.retryContext.retentionWindow?.remainingTimeMs).toBe(900_000 - 30_000);
  });
});

describe('product events', () => {
  it('are retried only for an InvocationError, at most four times', () => {
    expect(nextProductEventDelivery({ kind: 'threw' }, undefined)).toBeUndefined();
    expect(nextProductEventDelivery({ kind: 'ok' }, undefined)).toBeUndefined();
    const retry = { kind: 'retry', request: { retryAfter: 30, retryReason: 'FUNCTION_RETRY_REQUEST' } } as const;
    let context = undefined as Parameters<typeof nextProductEventDelivery>[1];
    const counts: number[] = [];
    for (let next = nextProductEventDelivery(retry, context); next; next = nextProductEventDelivery(retry, context)) {
      expect(next.delaySec).toBe(30);
      counts.push(next.retryContext.retryCount);
      context = next.retryContext;
    }
    expect(counts).toEqual([1, 2, 3, 4]);
    expect(PRODUCT_EVENT_MAX_RETRIES).toBe(4);
  });
});

describe('transient failures (the request-created trigger asks a retry for these)', () => {
  const kvsError = (status: number) => new ForgeKvsAPIError({ status, statusText: 'x' }, { code: status === 429 ? 'RATE_LIMIT_EXCEEDED' : 'INTERNAL_SERVER_ERROR', message: 'x' });
  it.each([
    ['Jira 503', 'FUNCTION_RETRY_REQUEST', () => new JiraUnavailableError(503, 'status', '/rest/api/3/user')],
    ['Jira did not answer in time', 'FUNCTION_RETRY_REQUEST', () => new JiraUnavailableError(0, 'timeout', '/rest/api/3/user')],
    ['Jira 429', 'FUNCTION_UPSTREAM_RATE_LIMITED', () => new JiraUnavailableError(429, 'status', '/rest/api/3/user')],
    ['KVS 500', 'FUNCTION_RETRY_REQUEST', () => kvsError(500)],
    ['KVS 429', 'FUNCTION_UPSTREAM_RATE_LIMITED', () => kvsError(429)],
  ])('%s → %s', (_label, code, error) => {
    expect(transientFailure(error())?.code).toBe(code);
  });
  it('a bad request, a conflict or a bug is not transient', () => {
    expect(transientFailure(kvsError(400))).toBeUndefined();
    expect(transientFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(transientFailure('nope')).toBeUndefined();
  });
});
