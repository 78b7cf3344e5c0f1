import { ACTIVITY_KIND_PREFIXES, neverRegistered, retentionCutoffs } from '../domain/retention';
import type { Deps } from './deps';
import { eraseCustomer } from './erase-customer';

/**
 * The hourly retention run (issue 24, from the scheduled trigger): audit events past `retention.auditDays`,
 * email and SMS activity past `retention.activityDays`, in bounded batches; what is left the next run takes.
 * The Overview's counters are not touched (aggregates without people). Customers invited but never registered
 * for `retention.inviteesDays` (when set) are erased as an admin's deletion erases them (the erasure audited
 * as `customer.erased` by `system`, reason `never-registered`, without personal data), INVITEE_BATCH a run.
 */
export const RETENTION_BATCH = 1000;
/** Erasures a run makes at most (each rewrites the customer's trail): a backlog takes several runs. */
export const INVITEE_BATCH = 50;
/** Invited entries looked at a run at most (least recently changed first). */
const INVITEE_SCAN = 500;

export interface RetentionRun {
  audit: number;
  activity: number;
  outbox: number;
  invitees: number;
}

export async function runRetention(deps: Deps): Promise<RetentionRun> {
  const settings = await deps.settings.load();
  const cut = retentionCutoffs(settings.retention, deps.clock.nowMs());
  const run: RetentionRun = { audit: 0, activity: 0, outbox: 0, invitees: 0 };
  run.audit = await deps.retention.expireAudit(cut.auditBeforeId, RETENTION_BATCH);
  for (const prefix of ACTIVITY_KIND_PREFIXES) run.activity += await deps.retention.expireAudit(cut.activityBeforeId, RETENTION_BATCH, prefix);
  run.outbox = await deps.retention.expireOutbox(cut.activityBeforeSec, RETENTION_BATCH);
  if (cut.inviteesBeforeSec !== undefined) run.invitees = await removeNeverRegistered(deps, cut.inviteesBeforeSec);
  if (run.audit || run.activity || run.outbox || run.invitees) deps.log.info('retention: expired', { ...run });
  return run;
}

/**
 * Invited entries untouched since before the cutoff (index by-status, `updatedAt` at most the cutoff: an entry
 * changed since, e.g. invited again, waits), erased when still never registered.
 */
async function removeNeverRegistered(deps: Deps, beforeSec: number): Promise<number> {
  let removed = 0;
  let cursor: string | undefined;
  for (let seen = 0; seen < INVITEE_SCAN && removed < INVITEE_BATCH; ) {
    const page = await deps.directory.listByStatus('invited', 100, cursor, { to: beforeSec });
    seen += page.customers.length;
    for (const customer of page.customers) {
      if (removed >= INVITEE_BATCH || !neverRegistered(customer, beforeSec)) continue;
      if ((await eraseCustomer(deps, customer.id, { kind: 'system' }, 'never-registered')).ok) removed++;
    }
    cursor = page.cursor;
    if (!cursor || page.customers.length === 0) break;
  }
  return removed;
}
