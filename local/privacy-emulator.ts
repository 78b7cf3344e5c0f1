/**
 * Atlassian's side of the Personal data reporting API for one site of the local host (issue 24 item 4): what
 * `privacy.reportPersonalData` (@forge/api) posts to `/app/report-accounts` as the app. Shapes as documented
 * ("Privacy API", Forge runtime reference; "User privacy guide for app developers"): the request
 * `{accounts: [{accountId, updatedAt}]}` with at most 90 accounts; the answer 200 `{accounts: [{accountId,
 * status: 'closed' | 'updated'}]}` naming only the accounts that need something, or 204 when none does. An
 * account is `closed` once marked so; `updated` when its profile changed after the `updatedAt` the app sent.
 *
 * The scripting API marks demo accounts (`POST /local/api/privacy/accounts`), shows the requests received
 * (`GET /local/api/privacy`) and can fail a later request (`POST /local/api/privacy/faults`), so a run that dies
 * after a batch can be tested.
 */
export const REPORT_LIMIT = 90;

export type AccountMark = 'closed' | 'updated' | 'active';
export interface PrivacyRequest {
  atMs: number;
  status: number;
  accountIds: string[];
  /** How many of them the answer named (closed or updated). */
  answered: number;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const isIsoDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && Number.isFinite(Date.parse(v));

export class PrivacyEmulator {
  private readonly marks = new Map<string, { mark: 'closed' | 'updated'; atMs: number }>();
  readonly requests: PrivacyRequest[] = [];
  /** After `after` more answered requests, the next `count` fail with `status`. */
  faults?: { after: number; status: 500 | 503 | 429; count: number };

  constructor(private readonly clock: { nowMs(): number }) {}

  mark(accountId: string, mark: AccountMark): void {
    if (mark === 'active') this.marks.delete(accountId);
    else this.marks.set(accountId, { mark, atMs: this.clock.nowMs() });
  }

  respond(body: string | undefined): Response {
    const atMs = this.clock.nowMs();
    let parsed: unknown;
    try {
      parsed = JSON.parse(body ?? '');
    } catch {
      parsed = undefined;
    }
    const accounts = (parsed as { accounts?: unknown } | undefined)?.accounts;
    const valid = Array.isArray(accounts) && accounts.length > 0 && accounts.length <= REPORT_LIMIT &&
      accounts.every((a: { accountId?: unknown; updatedAt?: unknown }) => typeof a?.accountId === 'string' && a.accountId.trim() !== '' && isIsoDate(a.updatedAt));
    if (!valid) {
      this.requests.push({ atMs, status: 400, accountIds: [], answered: 0 });
      return json(400, { code: 400, message: `accounts: 1 to ${REPORT_LIMIT} items of {accountId, updatedAt (ISO 8601)}` });
    }
    const asked = accounts as { accountId: string; updatedAt: string }[];
    const fault = this.faults;
    if (fault && fault.after <= 0) {
      fault.count--;
      if (fault.count <= 0) this.faults = undefined;
      this.requests.push({ atMs, status: fault.status, accountIds: asked.map((a) => a.accountId), answered: 0 });
      return json(fault.status, { code: fault.status, message: 'fault set by POST /local/api/privacy/faults' });
    }
    if (fault) fault.after--;
    const answers: { accountId: string; status: 'closed' | 'updated' }[] = [];
    for (const a of asked) {
      const m = this.marks.get(a.accountId);
      if (m?.mark === 'closed') answers.push({ accountId: a.accountId, status: 'closed' });
      else if (m?.mark === 'updated' && m.atMs > Date.parse(a.updatedAt)) answers.push({ accountId: a.accountId, status: 'updated' });
    }
    this.requests.push({ atMs, status: answers.length ? 200 : 204, accountIds: asked.map((a) => a.accountId), answered: answers.length });
    return answers.length ? json(200, { accounts: answers }) : new Response(null, { status: 204 });
  }
}

/** The scripting API's privacy routes (local/host.ts), on the site the request's host names. */
export function privacyScript(api: PrivacyEmulator, route: string, body: Record<string, unknown>): { status: number; body: unknown } {
  if (route === 'GET /local/api/privacy') return { status: 200, body: { requests: api.requests, faults: api.faults ?? null } };
  if (route === 'POST /local/api/privacy/accounts') {
    const { accountId, status } = body;
    if (typeof accountId !== 'string' || !/^[A-Za-z0-9:_-]{1,128}$/.test(accountId) || (status !== 'closed' && status !== 'updated' && status !== 'active')) {
      return { status: 400, body: { code: 'BAD_ACCOUNT', message: 'accountId (an account id) and status (closed, updated or active) are needed' } };
    }
    api.mark(accountId, status);
    return { status: 200, body: { accountId, status } };
  }
  const { after, status, count } = body;
  const n = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
  if (Object.keys(body).length === 0) api.faults = undefined;
  else if (n(after, 10_000) && (status === 500 || status === 503 || status === 429) && (count === undefined || (n(count, 10_000) && (count as number) > 0))) {
    api.faults = { after: after as number, status, count: (count as number | undefined) ?? 1 };
  } else return { status: 400, body: { code: 'BAD_FAULTS', message: 'after (answered requests before the fault, 0–10000), status (500, 503 or 429) and count (default 1); {} clears' } };
  return { status: 200, body: { faults: api.faults ?? null } };
}
