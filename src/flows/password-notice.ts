import type { Job } from '../ports/jobs';
import type { Deps } from './deps';
import { deliver } from './deliver';
import { mailLocaleOf } from '../domain/customer';

/** "Your password was changed": sent from the queue after a successful change (retried like every mail). */
export async function processPasswordChangedNotice(deps: Deps, job: Extract<Job, { type: 'password-changed-notice' }>): Promise<void> {
  const customer = await deps.directory.get(job.customerId);
  if (!customer) return;
  const settings = await deps.settings.load();
  await deliver(deps, settings, customer, { kind: 'password-changed', locale: mailLocaleOf(customer), actor: { kind: 'system' } });
}
