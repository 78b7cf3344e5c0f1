import type { Deps } from '../flows/deps';
import { finishSent } from '../flows/job-once';
import { processPasswordChangedNotice } from '../flows/password-notice';
import { processResetRequest } from '../flows/request-reset';
import { processEmailCodeRequest } from '../flows/sign-in/email-code';
import { processMailRetry } from '../flows/mail-retry';
import { processSmsJob } from '../flows/sms';
import { processOverviewBackfill, processOverviewCompact } from '../flows/overview';
import { processTwoStepNotice } from '../flows/two-step-notice';
import { nowSec } from '../flows/deps';
import type { Job, JobSteps } from '../ports/jobs';
import { diagnosticsStore } from '../forge/diagnostics';

/** The async event as the consumer gets it (@forge/events `AsyncEvent`): `retryContext` only on a retry. */
export interface JobEvent {
  body?: unknown;
  eventId?: string;
  retryContext?: { retryCount: number; retryReason?: string };
}

/** A job that sends a mail or an SMS: run under the job ledger, so a second delivery never sends again. */
const SENDS: ReadonlySet<string> = new Set(['reset-request', 'email-code', 'password-changed-notice', 'twostep-notice', 'retry-mail', 'send-sms']);
/**
 * Jobs that claim themselves once they found work: most reset and sign-in-code requests are for addresses with no
 * account (issue 25: no ledger writes for those; the claim still comes before the job's first write); for a reset the
 * claim rides in the transaction that claims the account's mail window (`JobSteps.claimMark`), otherwise it is
 * `begin` before another write.
 */
const CLAIMS_ITSELF: ReadonlySet<string> = new Set(['reset-request', 'email-code']);

/** An earlier run of this job may still be running: thrown so that Forge delivers the event again later. */
export class JobBusyError extends Error {
  constructor() {
    super('the job is being run by another delivery');
    this.name = 'JobBusyError';
  }
}

/**
 * The async-events consumer: runs queued work off the request path. Forge delivers an event again after the
 * consumer threw (issue 20, "Async events API"); every sending job is therefore claimed, marked sent the moment
 * its mail or SMS went out, and marked done (src/forge/job-ledger.ts); a link mail's flow marks it done in its
 * own record transaction instead of both marks.
 */
export function jobsConsumer(deps: Deps) {
  return async (event: JobEvent): Promise<void> => {
    const job = event.body as (Job & { key?: string }) | undefined;
    const key = job?.key;
    if (!job || !key || !SENDS.has(job.type)) return run(deps, job);
    const delivery = { eventId: event.eventId ?? '', retry: event.retryContext !== undefined };
    // 'open': not claimed (yet); 'running': claimed, done still to mark; 'closed': nothing left to mark.
    let state = 'open' as 'open' | 'running' | 'closed';
    const begin = async (): Promise<boolean> => {
      if (state !== 'open') return state === 'running'; // claimed already (by the flow's own write, or a call before)
      const claim = await deps.jobs.claim(key, delivery, nowSec(deps));
      state = 'closed';
      switch (claim.kind) {
        case 'done':
          return false;
        case 'busy':
          throw new JobBusyError();
        case 'sent':
          deps.log.info('job delivered again after it sent: storing what was left', { type: job.type });
          await finishSent(deps, claim.record);
          await deps.jobs.done(key, nowSec(deps));
          return false;
        case 'run':
          state = 'running';
          return true;
      }
    };
    const steps: JobSteps = {
      begin,
      // The tag the flow notes on the entry its claim is conditioned on: 8 of the key's random hex characters (two
      // jobs sharing one only cost the later one the ledger's own claim, see claimMailWindow).
      claimMark: () => (state === 'open' ? { tag: key.slice(0, 8), write: deps.jobs.claimMark(key, delivery, nowSec(deps)) } : undefined),
      claimed: async () => {
        state = 'running';
        await deps.jobs.claimed(key);
      },
      sent: (record) => deps.jobs.sent(key, record, nowSec(deps)),
      doneMark: () => deps.jobs.doneMark(key, nowSec(deps)),
      recorded: async () => {
        state = 'closed';
        await deps.jobs.recorded(key);
      },
    };
    if (!CLAIMS_ITSELF.has(job.type) && !(await begin())) return;
    await run({ ...deps, job: steps }, job);
    if (state === 'running') await deps.jobs.done(key, nowSec(deps));
  };
}

/** What runs each job, one line a type; exhaustive, so a new job type does not compile until it is here. */
const RUNS: { [T in Job['type']]: (deps: Deps, job: Extract<Job, { type: T }>) => Promise<void> } = {
  'reset-request': processResetRequest,
  'email-code': processEmailCodeRequest,
  'password-changed-notice': processPasswordChangedNotice,
  'twostep-notice': processTwoStepNotice,
  'retry-mail': processMailRetry,
  'send-sms': processSmsJob,
  'overview-backfill': (deps) => processOverviewBackfill(deps),
  'overview-compact': (deps, job) => processOverviewCompact(deps, job.days),
  'diagnostics-ping': (deps, job) => diagnosticsStore.markPing(job.id, deps.clock.nowMs()),
};

function run(deps: Deps, job: Job | undefined): Promise<void> {
  if (!job || !Object.hasOwn(RUNS, job.type)) {
    deps.log.warn('unknown job ignored');
    return Promise.resolve();
  }
  return (RUNS[job.type] as (deps: Deps, job: Job) => Promise<void>)(deps, job);
}
