import { afterReport, answersFor, REPORT_BATCH, REPORT_CYCLE_SEC, reportBatch, type AccountStatus, type ReportedAccount } from '../domain/account-report';
import { erasureReference } from '../domain/erasure';
import { auditEvent, nowSec, type Deps } from './deps';
import { eraseCustomer } from './erase-customer';

/**
 * Personal data reporting (issue 24 item 4), from the hourly scheduled trigger, per installation:
 *
 * 1. the run is claimed first (Forge may run invocations in parallel; a second run meanwhile does nothing);
 * 2. account ids stored since the last look are added, due at once (src/forge/account-reports.ts);
 * 3. due accounts go to the Privacy API, 90 a request, up to REPORT_BATCHES_PER_RUN requests; each batch's
 *    outcome is stored before the next request, so a run that dies after a batch leaves the rest due and the
 *    next run goes on with them (a batch whose answer was not stored is reported again: harmless);
 * 4. `closed`: the account's customer entry is erased (the erasure flow), its audit events as actor and the API
 *    keys it created are filed under an opaque reference without its name, `account.closed` is audited without
 *    personal data, and the account is no longer reported; each step can run again;
 *    `updated`: the names kept of the account (on the audit events it acted in) are dropped — the app keeps no
 *    copy of profile data it can fetch again; a customer's entry is the app's own directory record, not a copy;
 * 5. everything else is reported again a cycle (7 days) later.
 */
export const REPORT_BATCHES_PER_RUN = 10;

export interface ReportRun {
  skipped?: true;
  found: number;
  batches: number;
  reported: number;
  closed: number;
  updated: number;
}

async function closeAccount(deps: Deps, entry: ReportedAccount, run: ReportRun): Promise<void> {
  const reference = entry.closingAs as string;
  const customer = await deps.directory.findByAccount(entry.accountId);
  if (customer) {
    const erased = await eraseCustomer(deps, customer.id, { kind: 'system' }, 'account-closed');
    if (!erased.ok && erased.error !== 'not-found') return; // still due: the next round or run goes on
  }
  if (!(await deps.accountReports.pseudonymiseActor(entry.accountId, reference))) return;
  await deps.directory.appendAudit([auditEvent(deps, reference, 'account.closed', 'system', { customerErased: Boolean(customer) })]);
  await deps.accountReports.remove(entry.accountId);
  run.closed++;
}

/** Drops what is left of an `updated` account's names; the entry as it stands afterwards. */
async function refresh(deps: Deps, entry: ReportedAccount, nowSec: number): Promise<ReportedAccount> {
  const cursor = await deps.accountReports.dropProfileCopies(entry.accountId, entry.refreshCursor);
  const { refreshCursor: _done, ...rest } = entry;
  return cursor ? { ...rest, refreshCursor: cursor, dueAt: nowSec } : { ...rest, dueAt: Math.max(entry.dueAt, nowSec + REPORT_CYCLE_SEC) };
}

async function settle(deps: Deps, due: ReportedAccount[], run: ReportRun): Promise<void> {
  const batch = reportBatch(due);
  const answers = batch.length > 0 ? answersFor(batch, await deps.privacy.report(batch)) : new Map<string, AccountStatus>();
  if (batch.length > 0) {
    run.batches++;
    run.reported += batch.length;
  }
  const now = nowSec(deps);
  const next: ReportedAccount[] = [];
  const closing: ReportedAccount[] = [];
  for (const entry of due) {
    if (entry.closingAs) closing.push(entry);
    else if (entry.refreshCursor) next.push(await refresh(deps, entry, now));
    else if (!batch.some((b) => b.accountId === entry.accountId)) continue;
    else {
      const answer = answers.get(entry.accountId);
      const after = afterReport(entry, answer, now, () => erasureReference(deps.randomBytes));
      if (answer === 'updated') run.updated++;
      next.push(answer === 'updated' ? await refresh(deps, { ...after, dueAt: now + REPORT_CYCLE_SEC }, now) : after);
    }
  }
  // The batch's outcome first: a run that dies after this point does not report these accounts again.
  await deps.accountReports.save(next);
  for (const entry of closing) await closeAccount(deps, entry, run);
}

export async function runAccountReporting(deps: Deps): Promise<ReportRun> {
  const run: ReportRun = { found: 0, batches: 0, reported: 0, closed: 0, updated: 0 };
  const runId = deps.randomBytes(8).toString('hex');
  if (!(await deps.accountReports.claimRun(runId, nowSec(deps)))) return { ...run, skipped: true };
  try {
    run.found = await deps.accountReports.discover(nowSec(deps));
    for (let round = 0; round < REPORT_BATCHES_PER_RUN; round++) {
      const due = await deps.accountReports.due(nowSec(deps), REPORT_BATCH);
      if (due.length === 0) break;
      await settle(deps, due, run);
    }
  } finally {
    await deps.accountReports.releaseRun(runId);
  }
  if (run.found || run.batches || run.closed) deps.log.info('personal data reporting', { ...run });
  return run;
}
