import { Queue } from '@forge/events';
import type { Job, JobQueue } from '../ports';

/** Off-request-path work through Forge async events (consumer `jobs-consumer` in manifest.yml). */
export const JOBS_QUEUE = 'portal-access-jobs';

export class ForgeJobQueue implements JobQueue {
  private readonly queue = new Queue({ key: JOBS_QUEUE });
  async push(job: Job, delaySec?: number): Promise<void> {
    await this.queue.push({ body: job as unknown as Record<string, unknown>, ...(delaySec ? { delayInSeconds: Math.min(900, Math.ceil(delaySec)) } : {}) });
  }
}
