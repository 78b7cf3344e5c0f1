import type { Deps } from '../flows/deps';
import { processPasswordChangedNotice } from '../flows/password-notice';
import { processResetRequest } from '../flows/request-reset';
import { processMailRetry } from '../flows/mail-retry';
import { processSmsJob } from '../flows/sms';
import { processOverviewBackfill, processOverviewCompact } from '../flows/overview';
import { processTwoStepNotice } from '../flows/two-step-notice';
import type { Job } from '../ports';
import { diagnosticsStore } from '../forge/diagnostics';

/** The async-events consumer: runs queued work off the request path. */
export function jobsConsumer(deps: Deps) {
  return async (event: { body?: unknown }): Promise<void> => {
    const job = event.body as Job | undefined;
    switch (job?.type) {
      case 'reset-request':
        return processResetRequest(deps, job);
      case 'password-changed-notice':
        return processPasswordChangedNotice(deps, job);
      case 'twostep-notice':
        return processTwoStepNotice(deps, job);
      case 'retry-mail':
        return processMailRetry(deps, job);
      case 'send-sms':
        return processSmsJob(deps, job);
      case 'overview-backfill':
        return processOverviewBackfill(deps);
      case 'overview-compact':
        return processOverviewCompact(deps, job.days);
      case 'diagnostics-ping':
        return diagnosticsStore.markPing(job.id, deps.clock.nowMs());
      case undefined:
      default:
        deps.log.warn('unknown job ignored');
    }
  };
}
