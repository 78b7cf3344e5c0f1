import { canReceiveReset, type Customer } from '../domain/customer';
import { parseIdentifier } from '../domain/identifier';
import { issueLink } from '../domain/link-token';
import { hit } from '../domain/rate-limit';
import type { Locale } from '../i18n/locale';
import type { Job } from '../ports';
import { allowClient } from './client-limit';
import { auditEvent, nowSec, type Deps } from './deps';
import { sendMail } from './send-mail';

/**
 * "Forgot your password?" in two halves. The request path does the same constant work for every input
 * (client limit, enqueue) and answers neutrally; the lookup, the per-account limit, the link and the
 * email happen in the queue consumer, where their cost cannot be timed by the requester.
 */
export async function acceptResetRequest(
  deps: Deps,
  input: { identifier: string; locale: Locale; clientAddress: string },
): Promise<{ resetLinkMinutes: number }> {
  const settings = await deps.settings.load();
  if (await allowClient(deps, 'reset', input.clientAddress, settings.limits.resetPerClient)) {
    await deps.queue.push({ type: 'reset-request', identifier: input.identifier, locale: input.locale, requestedAt: nowSec(deps) });
  } else {
    deps.log.warn('reset request over the client limit');
  }
  return { resetLinkMinutes: settings.resetLinkMinutes };
}

export async function findCustomer(deps: Deps, raw: string): Promise<Customer | undefined> {
  const id = parseIdentifier(raw);
  return id.kind === 'email' ? deps.directory.findByEmail(id.key) : deps.directory.findByUsername(id.key);
}

export async function processResetRequest(deps: Deps, job: Extract<Job, { type: 'reset-request' }>): Promise<void> {
  const settings = await deps.settings.load();
  const customer = await findCustomer(deps, job.identifier);
  if (!customer) {
    deps.log.info('reset requested for an identifier with no account');
    return;
  }
  if (!canReceiveReset(customer)) {
    await deps.directory.appendAudit([auditEvent(deps, customer.id, 'reset.refused', 'anonymous', { reason: customer.status })]);
    return;
  }
  const now = nowSec(deps);
  const window = hit(customer.resetWindow ?? undefined, now, settings.limits.resetPerAccount);
  if (!window.allowed) {
    await deps.directory.appendAudit([auditEvent(deps, customer.id, 'reset.throttled', 'anonymous')]);
    return;
  }
  const { token, link } = issueLink(customer.id, 'reset', now, settings.resetLinkMinutes * 60, deps.randomBytes);
  const locale = customer.locale || job.locale;
  const base = await deps.urls.customerPagesBase();
  const url = `${base}/reset?token=${encodeURIComponent(token)}&lang=${locale}`;
  const rendered = deps.renderer.renderDefault('reset', locale, settings.branding, {
    customer: { name: customer.displayName, username: customer.username },
    portal: { name: settings.branding.portalName },
    support: { contact: settings.help.contact[locale] },
    link: { url, minutes: settings.resetLinkMinutes },
  });
  // The link is stored only after the mail was accepted: a failed send leaves no live link behind, and
  // "requested" plus the delivery result land in the same write.
  const delivery = await sendMail(deps, settings, customer, rendered, 'reset');
  const requested = auditEvent(deps, customer.id, 'reset.requested', 'anonymous', { expiresAt: link.expiresAt });
  if (delivery.event.kind !== 'email.sent') {
    await deps.directory.appendAudit([requested, delivery.event]);
    return;
  }
  const next: Customer = { ...customer, link, linkHash: link.hash, resetWindow: window.next, rev: customer.rev + 1, updatedAt: now };
  if (!(await deps.directory.update(next, { rev: customer.rev }, [requested, delivery.event]))) {
    deps.log.warn('reset link not stored: the account changed while the email was sent');
  }
}
