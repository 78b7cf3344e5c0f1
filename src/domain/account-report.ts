/**
 * Personal data reporting (issue 24 item 4), as pure rules. Forge's Privacy API (`privacy.reportPersonalData`,
 * "Privacy API" in the Forge runtime reference) takes `{accountId, updatedAt}` pairs, at most 90 a request, and
 * answers only the accounts that need something: `closed` (erase what is kept about them) or `updated` (the
 * profile changed since `updatedAt`: refresh or drop copies of it). The "User privacy guide for app developers"
 * asks apps that store account ids to report each one once per cycle; the cycle is 7 days unless the API says
 * otherwise (its `Cycle-Period` header, which the Forge helper does not pass on), and reporting more often is
 * not wanted. Pure: the clock is passed in.
 */

/** "handles requests with more than 90 accounts" (Privacy API): the helper splits at 90, so do we. */
export const REPORT_BATCH = 90;
/** The documented default cycle: each stored account id is reported once every 7 days. */
export const REPORT_CYCLE_SEC = 7 * 86_400;

/** One stored account id and where its reporting stands (entity `reported-account`). */
export interface ReportedAccount {
  accountId: string;
  /** ISO 8601: when the app last took or refreshed its copy of this account's data (what the API compares). */
  updatedAt: string;
  /** Seconds: when the account is next reported (or, with `closingAs`, its closure goes on). */
  dueAt: number;
  /** Set once the API answered `closed`: the opaque reference its traces move to while they are erased. */
  closingAs?: string;
  /** Set while the names kept of an `updated` account are being dropped: where the walk goes on. */
  refreshCursor?: string;
}

export type AccountStatus = 'closed' | 'updated';
export interface AccountAnswer {
  accountId: string;
  status: AccountStatus;
}

/** Actors the audit records that are not Atlassian accounts (src/flows/actor.ts), and erased references. */
const APP_ACTORS = new Set(['customer', 'anonymous', 'system', 'api', '']);

/** Whether an audit actor is an Atlassian account id (an agent or admin, or the customer's own account). */
export function isAccountActor(actor: string): boolean {
  return !APP_ACTORS.has(actor) && !actor.startsWith('erased-') && /^[A-Za-z0-9:_-]{1,128}$/.test(actor);
}

const iso = (sec: number) => new Date(sec * 1000).toISOString();

/** A newly found account id: the app's copy is as of now, and it is reported at the next run. */
export function firstSeen(accountId: string, nowSec: number): ReportedAccount {
  return { accountId, updatedAt: iso(nowSec), dueAt: nowSec };
}

/** The pairs one request sends, at most REPORT_BATCH, each account once; accounts being closed or refreshed are not reported meanwhile. */
export function reportBatch(due: readonly ReportedAccount[]): { accountId: string; updatedAt: string }[] {
  const seen = new Set<string>();
  const batch: { accountId: string; updatedAt: string }[] = [];
  for (const a of due) {
    if (a.closingAs || a.refreshCursor || seen.has(a.accountId) || batch.length >= REPORT_BATCH) continue;
    seen.add(a.accountId);
    batch.push({ accountId: a.accountId, updatedAt: a.updatedAt });
  }
  return batch;
}

/**
 * The entry after the API answered (or, with no answer for it, had nothing to say): reported again a cycle
 * later; `updated` once its copies are refreshed (the caller does that first) is current as of now; `closed`
 * starts its closure under a new reference, due at once.
 */
export function afterReport(entry: ReportedAccount, answer: AccountStatus | undefined, nowSec: number, reference: () => string): ReportedAccount {
  if (answer === 'closed') return { ...entry, closingAs: entry.closingAs ?? reference(), dueAt: nowSec };
  const next = { ...entry, dueAt: nowSec + REPORT_CYCLE_SEC };
  return answer === 'updated' ? { ...next, updatedAt: iso(nowSec) } : next;
}

/** Answers for accounts that were asked about, once each (an answer naming another account is ignored). */
export function answersFor(asked: readonly { accountId: string }[], answers: readonly AccountAnswer[]): Map<string, AccountStatus> {
  const askedIds = new Set(asked.map((a) => a.accountId));
  const out = new Map<string, AccountStatus>();
  for (const a of answers) {
    if (!askedIds.has(a.accountId) || (a.status !== 'closed' && a.status !== 'updated')) continue;
    // `closed` wins over `updated` if both come.
    if (out.get(a.accountId) !== 'closed') out.set(a.accountId, a.status);
  }
  return out;
}
