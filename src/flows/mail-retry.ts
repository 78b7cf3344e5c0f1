import { retryStillApplies } from '../domain/delivery';
import type { Job } from '../ports/jobs';
import type { DeliveryEvent } from '../ports/mail';
import { auditEvent, nowSec, type Deps } from './deps';
import { deliver } from './deliver';

/**
 * The outbox's consumer: one retry of one mail. A record that is not `retrying` (already sent, failed, or
 * claimed by a duplicate delivery of the same job) is left alone, so a retry never sends twice.
 */
export async function processMailRetry(deps: Deps, job: Extract<Job, { type: 'retry-mail' }>): Promise<void> {
  const record = await deps.outbox.get(job.messageId);
  if (!record || record.status !== 'retrying') return;
  const claimed = { ...record, status: 'sending' as const, rev: record.rev + 1, updatedAt: nowSec(deps) };
  if (!(await deps.outbox.put(claimed, record.rev))) return;
  const settings = await deps.settings.load();
  const customer = await deps.directory.get(record.customerId);
  if (!customer || !retryStillApplies(record.kind, customer)) {
    await deps.outbox.put({ ...claimed, status: 'failed', lastReason: 'no-longer-applicable', rev: claimed.rev + 1 }, claimed.rev);
    return;
  }
  await deliver(deps, settings, customer, {
    kind: record.kind,
    locale: record.locale,
    actor: record.actor,
    changes: record.kind === 'invite' ? { invitedAt: nowSec(deps) } : {},
    outbox: claimed,
  });
}

/**
 * A provider's delivery report: recorded on the customer's timeline; a bounce or spam complaint is kept as
 * the address's delivery issue (a warning for agents) until a later mail is delivered.
 */
export async function recordDelivery(deps: Deps, event: DeliveryEvent): Promise<'recorded' | 'unknown-customer'> {
  const customer = await deps.directory.get(event.customerId);
  if (!customer) return 'unknown-customer';
  const kind = event.kind === 'delivered' ? 'email.delivered' : event.kind === 'bounced' ? 'email.bounced' : 'email.complained';
  const audit = auditEvent(deps, customer.id, kind, 'system', { messageId: event.messageId, provider: event.provider, ...(event.reason ? { reason: event.reason.slice(0, 300) } : {}) });
  const issue = event.kind === 'delivered' ? null : { kind: event.kind, reason: event.reason.slice(0, 300), at: event.at };
  if (issue === null && customer.deliveryIssue === null) {
    await deps.directory.appendAudit([audit]);
    return 'recorded';
  }
  const next = { ...customer, deliveryIssue: issue, rev: customer.rev + 1, updatedAt: nowSec(deps) };
  if (!(await deps.directory.update(next, { rev: customer.rev }, [audit]))) await deps.directory.appendAudit([audit]);
  return 'recorded';
}
