/**
 * Emulates the Forge KVS / Custom Entity Store REST API (the paths @forge/kvs posts to) on SQLite.
 *
 * Error codes: KEY_NOT_FOUND (404) and BAD_REQUEST (400) are the ones the @forge/kvs client's own tests use.
 * The Forge docs (developer.atlassian.com/platform/forge/storage-reference/…) do not name a code for
 * FAIL_IF_EXISTS or for failed transaction conditions. KEY_CONFLICT/409 for FAIL_IF_EXISTS follows a
 * third-party write-up ("Forge KVS locking: FAIL_IF_EXISTS vs TTL leases", leanzero.hashnode.dev).
 * CONDITION_CHECK_FAILED/409 is our own choice. App code should not match on these codes.
 */
export const KVS_ERROR = {
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  KEY_CONFLICT: 'KEY_CONFLICT',
  CONDITION_CHECK_FAILED: 'CONDITION_CHECK_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export interface KvsResult {
  status: number;
  body?: unknown;
}

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
export const badRequest = (message: string) => new KvsError(400, KVS_ERROR.BAD_REQUEST, message);
export const notFound = () => new KvsError(404, KVS_ERROR.KEY_NOT_FOUND, 'Provided key does not exist');
