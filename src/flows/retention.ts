import { ACTIVITY_KIND_PREFIXES, retentionCutoffs } from '../domain/retention';
import type { Deps } from './deps';

/**
 * The hourly retention run (issue 24, from the scheduled trigger): audit events past `retention.auditDays`,
 * email and SMS activity past `retention.activityDays`, in bounded batches; what is left the next run takes.
 * The Overview's counters are not touched (aggregates without people).
 */
export const RETENTION_BATCH = 1000;

export interface RetentionRun {
  audit: number;
  activity: number;
  outbox: number;
}

export async function runRetention(deps: Deps): Promise<RetentionRun> {
  const settings = await deps.settings.load();
  const cut = retentionCutoffs(settings.retention, deps.clock.nowMs());
  const run: RetentionRun = { audit: 0, activity: 0, outbox: 0 };
  run.audit = await deps.retention.expireAudit(cut.auditBeforeId, RETENTION_BATCH);
  for (const prefix of ACTIVITY_KIND_PREFIXES) run.activity += await deps.retention.expireAudit(cut.activityBeforeId, RETENTION_BATCH, prefix);
  run.outbox = await deps.retention.expireOutbox(cut.activityBeforeSec, RETENTION_BATCH);
  if (run.audit || run.activity || run.outbox) deps.log.info('retention: expired', { ...run });
  return run;
}
