import { randomBytes } from 'node:crypto';
import { Queue } from '@forge/events';
import type { Job, JobQueue } from '../ports/jobs';

/** Off-request-path work through Forge async events (consumer `jobs-consumer` in manifest.yml). */
export const JOBS_QUEUE = 'portal-access-jobs';

export class ForgeJobQueue implements JobQueue {
  private readonly queue = new Queue({ key: JOBS_QUEUE });
  async push(job: Job, delaySec?: number): Promise<void> {
    // `key`: the job's own name in the job ledger (src/forge/job-ledger.ts), the same on every delivery of it.
    const body = { ...job, key: randomBytes(12).toString('hex') } as unknown as Record<string, unknown>;
    await this.queue.push({ body, ...(delaySec ? { delayInSeconds: Math.min(900, Math.ceil(delaySec)) } : {}) });
  }
}
