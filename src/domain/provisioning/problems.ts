/**
 * The provisioning API's errors as RFC 9457 problem details (`application/problem+json`), one table from
 * stable code to status and title. `type` is a URN per code (RFC 9457 §3.1.1 allows non-dereferenceable
 * URIs); clients switch on `code`. Never a 500: an unexpected failure answers 503 `unavailable`.
 */
export const PROBLEMS = {
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'invalid-input': { status: 422, title: 'A field is missing or not valid' },
  unauthorized: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: 'This API key may only read' },
  'portal-admin': { status: 403, title: 'Only an admin can set or remove the portal administrator mark' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'This method is not allowed here' },
  'email-taken': { status: 409, title: 'Another customer has this email address' },
  'username-taken': { status: 409, title: 'Another customer has this username' },
  'external-id-taken': { status: 409, title: 'Another customer has this external id' },
  conflict: { status: 409, title: 'The customer changed meanwhile; try again' },
  'not-owned': { status: 409, title: 'This customer was not created by this API key; send "adopt": true to take it over' },
  'email-registered': { status: 409, title: 'This customer has registered: their email address cannot be changed through the API' },
  'idempotency-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  'idempotency-mismatch': { status: 422, title: 'This Idempotency-Key was used for a different request' },
  'too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'Send application/json' },
  'internal-address': { status: 422, title: 'Internal (staff) addresses use the internal self-service and get no portal account' },
  'rate-limited': { status: 429, title: 'Too many requests for this API key' },
  unavailable: { status: 503, title: 'The service is temporarily unavailable; try again' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  /** For `invalid-input`: the offending field. */
  field?: string;
}

export function problem(code: ProblemCode, extra: { detail?: string; field?: string } = {}): Problem {
  const { status, title } = PROBLEMS[code];
  return { type: `urn:portal-access:problem:${code}`, title, status, code, ...(extra.detail ? { detail: extra.detail } : {}), ...(extra.field ? { field: extra.field } : {}) };
}
