import type { Customer } from '../domain/customer';
import { issueLink, type LinkPurpose } from '../domain/link-token';
import type { Settings } from '../domain/settings';
import type { Locale } from '../i18n/locale';
import type { RenderedMail } from '../mail/renderer';
import type { AuditEvent } from '../ports';
import { nowSec, type Deps } from './deps';
import { sendMail } from './send-mail';

/**
 * Issue a fresh link for a customer, mail it, and only then store it (with the caller's changes and
 * audit events) in one conditional write. A failed send stores nothing, so no live link exists that the
 * customer never got; the previous link, if any, stays as it was.
 */
export type IssueOutcome = { ok: true; customer: Customer } | { ok: false; error: 'email-failed' | 'conflict' };

export async function issueAndSend(
  deps: Deps,
  settings: Settings,
  customer: Customer,
  opts: {
    purpose: LinkPurpose;
    lifetimeSec: number;
    locale: Locale;
    render: (url: string) => RenderedMail;
    changes: Partial<Customer>;
    events: AuditEvent[];
  },
): Promise<IssueOutcome> {
  const now = nowSec(deps);
  const { token, link } = issueLink(customer.id, opts.purpose, now, opts.lifetimeSec, deps.randomBytes);
  const base = await deps.urls.customerPagesBase();
  const url = `${base}/reset?token=${encodeURIComponent(token)}&lang=${opts.locale}`;
  const delivery = await sendMail(deps, settings, customer, opts.render(url), opts.purpose === 'invite' ? 'invite' : 'reset');
  if (delivery.event.kind !== 'email.sent') {
    await deps.directory.appendAudit([...opts.events, delivery.event]);
    return { ok: false, error: 'email-failed' };
  }
  const next: Customer = { ...customer, ...opts.changes, link, linkHash: link.hash, rev: customer.rev + 1, updatedAt: now };
  if (!(await deps.directory.update(next, { rev: customer.rev }, [...opts.events, delivery.event]))) {
    deps.log.warn('link not stored: the account changed while the email was sent');
    return { ok: false, error: 'conflict' };
  }
  return { ok: true, customer: next };
}
