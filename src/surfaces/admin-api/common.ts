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
export type AdminErrorCode =
  | 'forbidden'
  | 'invalid-input'
  | 'invalid-template'
  | 'not-found'
  | 'conflict'
  | 'limit'
  | 'not-allowed'
  | 'no-email'
  | 'email-failed'
  | 'internal';

export const ADMIN_ERROR_CODES: readonly AdminErrorCode[] = [
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
];

export type AdminFailure = {
  ok: false;
  error: AdminErrorCode;
  field?: string;
  reason?: string;
  /** With `invalid-template`: the template problems (see TemplateProblem in ./templates). */
  problems?: unknown[];
};
export type AdminResult<T> = { ok: true; data: T } | AdminFailure;
