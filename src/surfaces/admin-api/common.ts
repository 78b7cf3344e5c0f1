/**
 * Shared by every admin section: the answer envelope and its error codes. The UI translates the codes.
 *
 * - `forbidden`: the caller is not a Jira administrator (nothing was read or changed).
 * - `invalid-input`: `field` names the offending field (a section's field name or a dotted path).
 * - `invalid-template`: a mail template did not validate; `problems` lists what, with line and column.
 * - `not-found`: the customer, template version or other thing named does not exist (any more).
 * - `conflict`: somebody else changed it meanwhile; reload and try again.
 * - `limit`: a per-account limit (e.g. invitations per day) stops the action for now; nothing was sent.
 * - `not-allowed`: the action does not fit the customer's state (e.g. unlock a customer who is not locked).
 * - `no-email`: Jira does not share the admin's email address (profile visibility), so there is no recipient.
 * - `email-failed`: the provider refused or could not be reached; `reason` is its short code (e.g. 'http-401',
 *   'not-configured'), safe to show.
 */
export const ADMIN_ERROR_CODES = [
  'forbidden',
  'invalid-input',
  'invalid-template',
  'not-found',
  'conflict',
  'limit',
  'not-allowed',
  'no-email',
  'email-failed',
  'internal',
] as const;
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];

export type AdminFailure = {
  ok: false;
  error: AdminErrorCode;
  field?: string;
  reason?: string;
  /** With `invalid-template`: the template problems (see TemplateProblem in ./templates). */
  problems?: unknown[];
};
export type AdminResult<T> = { ok: true; data: T } | AdminFailure;

/**
 * One resolver key's contract: what the page sends (`Payload`) and what the envelope carries when it succeeds
 * (`Data`). Each section lists its keys once, as a table of these (`…_CALLS`); the answer and payload maps and
 * the key list are derived from the tables (admin-api.ts). Types only: the value is an empty marker.
 */
export interface AdminCall<Payload, Data> {
  readonly payload: Payload;
  readonly data: Data;
}
export const adminCall = <Payload, Data>() => ({}) as AdminCall<Payload, Data>;

type CallTable = Record<string, AdminCall<unknown, unknown>>;
export type AnswersOf<Calls extends CallTable> = { [K in keyof Calls]: AdminResult<Calls[K]['data']> };
export type PayloadsOf<Calls extends CallTable> = { [K in keyof Calls]: Calls[K]['payload'] };
/** A table's keys, typed. */
export const keysOf = <Calls extends object>(calls: Calls): Extract<keyof Calls, string>[] => Object.keys(calls) as Extract<keyof Calls, string>[];
