import { ForgeKvsAPIError } from '@forge/kvs';
import { JiraUnavailableError } from './jira';

/**
 * Whether a failure is worth a retry later (issue 20): Jira answered 5xx or 429, did not answer in time or
 * could not be reached (JiraUnavailableError), or the KVS answered 5xx or 429 (ForgeKvsAPIError). The code
 * is an `InvocationErrorCode` of @forge/events: a 429 is the upstream's rate limit, the rest a plain retry.
 */
export interface TransientFailure {
  retryAfterSec: number;
  code: 'FUNCTION_UPSTREAM_RATE_LIMITED' | 'FUNCTION_RETRY_REQUEST';
}

const RATE_LIMITED_RETRY_SEC = 60;
const RETRY_SEC = 30;

export function transientFailure(error: unknown): TransientFailure | undefined {
  const status = error instanceof JiraUnavailableError ? error.status : error instanceof ForgeKvsAPIError ? error.responseDetails.status : undefined;
  if (status === undefined) return undefined;
  if (status === 429) return { retryAfterSec: RATE_LIMITED_RETRY_SEC, code: 'FUNCTION_UPSTREAM_RATE_LIMITED' };
  // 0: Jira gave no answer (timeout, network).
  if (status === 0 || status >= 500) return { retryAfterSec: RETRY_SEC, code: 'FUNCTION_RETRY_REQUEST' };
  return undefined;
}
