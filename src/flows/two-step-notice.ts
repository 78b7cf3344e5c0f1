import { TWO_STEP_NOTICE_KINDS, type NoticeFacts, type TwoStepNoticeKind } from '../domain/delivery';
import type { Job } from '../ports/jobs';
import { deliver } from './deliver';
import { nowSec, type Deps } from './deps';
import { mailLocaleOf } from '../domain/customer';

/**
 * Two-step security notices (issue 11): "turned on", "turned off", "new recovery codes", "reset by an admin",
 * "a recovery code was used". Like "password changed": queued off the request path once the change is
 * stored, sent by the jobs consumer through `deliver` (outbox, retries), in the customer's language, with
 * the time and what to do if it was not them; never a link that signs in.
 */
export type { TwoStepNoticeKind };
export { TWO_STEP_NOTICE_KINDS };

/**
 * Queues one notice for the customer. Call it after the change was stored. `facts.at` defaults to now;
 * `method` (on, off) to the authenticator app; `left` is the recovery codes left (recovery-used) or
 * created (codes). A queue failure is logged (kind only) and never fails the caller's request: the
 * change itself already happened.
 */
export async function queueTwoStepNotice(deps: Deps, customerId: string, kind: TwoStepNoticeKind, facts: Partial<NoticeFacts> = {}): Promise<void> {
  const job: Job = {
    type: 'twostep-notice',
    customerId,
    kind,
    at: facts.at ?? nowSec(deps),
    ...(facts.method ? { method: facts.method } : {}),
    ...(facts.left !== undefined ? { left: facts.left } : {}),
    ...(facts.name ? { name: facts.name } : {}),
  };
  try {
    await deps.queue.push(job);
  } catch (error) {
    deps.log.error('two-step notice not queued', { kind, reason: error instanceof Error ? error.name : 'unknown' });
  }
}

/** Two-step verification turned on (`method`: the one enrolled). */
export const queueTwoStepOnNotice = (deps: Deps, customerId: string, method: 'totp' | 'sms' = 'totp') => queueTwoStepNotice(deps, customerId, 'twostep-on', { method });
/** Two-step verification (the `method` removed) turned off by the customer. */
export const queueTwoStepOffNotice = (deps: Deps, customerId: string, method: 'totp' | 'sms' = 'totp') => queueTwoStepNotice(deps, customerId, 'twostep-off', { method });
/** New recovery codes were created (the old ones died); `count`: how many new ones. */
export const queueRecoveryCodesNotice = (deps: Deps, customerId: string, count: number) => queueTwoStepNotice(deps, customerId, 'twostep-codes', { left: count });
/** An admin reset the customer's two-step verification (the mail says whether they must enrol again). */
export const queueTwoStepResetNotice = (deps: Deps, customerId: string) => queueTwoStepNotice(deps, customerId, 'twostep-reset');
/** A recovery code was used (at sign-in or in a reset); `left`: how many are left now. */
export const queueRecoveryUsedNotice = (deps: Deps, customerId: string, left: number) => queueTwoStepNotice(deps, customerId, 'twostep-recovery-used', { left });

/** The jobs consumer's side: one notice, delivered (and retried) like every customer mail. */
export async function processTwoStepNotice(deps: Deps, job: Extract<Job, { type: 'twostep-notice' }>): Promise<void> {
  if (!(TWO_STEP_NOTICE_KINDS as readonly string[]).includes(job.kind)) {
    deps.log.warn('unknown two-step notice ignored');
    return;
  }
  const customer = await deps.directory.get(job.customerId);
  if (!customer || customer.status === 'disabled') return;
  const settings = await deps.settings.load();
  const notice: NoticeFacts = {
    at: job.at,
    ...(job.method ? { method: job.method } : {}),
    ...(job.left !== undefined ? { left: job.left } : {}),
    ...(job.name ? { name: job.name } : {}),
  };
  await deliver(deps, settings, customer, { kind: job.kind, locale: mailLocaleOf(customer), actor: { kind: 'system' }, notice });
}
