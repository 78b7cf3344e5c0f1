import type { Customer } from '../domain/customer';
import type { Settings } from '../domain/settings';
import type { RenderedMail } from '../mail/renderer';
import type { AuditEvent } from '../ports';
import { auditEvent, type Deps } from './deps';

/** Sends one rendered mail to a customer and returns the audit event describing the outcome. */
export async function sendMail(
  deps: Deps,
  settings: Settings,
  customer: Customer,
  rendered: RenderedMail,
  template: string,
): Promise<{ event: AuditEvent }> {
  const id = deps.randomBytes(12).toString('hex');
  const { branding } = settings;
  try {
    const result = await deps.mail.send(
      {
        id,
        customerId: customer.id,
        to: { name: customer.displayName, address: customer.email },
        from: { name: branding.senderName, address: branding.senderAddress },
        replyTo: branding.replyTo || undefined,
        ...rendered,
      },
      settings,
    );
    if (result.ok) return { event: auditEvent(deps, customer.id, 'email.sent', 'system', { template, messageId: id }) };
    deps.log.warn('email not accepted', { template, reason: result.reason });
    return { event: auditEvent(deps, customer.id, 'email.failed', 'system', { template, messageId: id, reason: result.reason }) };
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown';
    deps.log.error('email transport error', { template, reason });
    return { event: auditEvent(deps, customer.id, 'email.failed', 'system', { template, messageId: id, reason }) };
  }
}
