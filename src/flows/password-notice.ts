import type { Job } from '../ports';
import type { Deps } from './deps';
import { sendMail } from './send-mail';

/** "Your password was changed": sent from the queue after a successful change. */
export async function processPasswordChangedNotice(deps: Deps, job: Extract<Job, { type: 'password-changed-notice' }>): Promise<void> {
  const customer = await deps.directory.get(job.customerId);
  if (!customer) return;
  const settings = await deps.settings.load();
  const locale = customer.locale || 'en';
  const base = await deps.urls.customerPagesBase();
  const at = new Date(customer.passwordChangedAt * 1000);
  const rendered = deps.renderer.renderDefault('password-changed', locale, settings.branding, {
    customer: { name: customer.displayName, username: customer.username },
    portal: { name: settings.branding.portalName },
    support: { contact: settings.help.contact[locale] },
    forgot: { url: `${base}/forgot?lang=${locale}` },
    changed: {
      at: new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at) + ' UTC',
    },
  });
  const { event } = await sendMail(deps, settings, customer, rendered, 'password-changed');
  await deps.directory.appendAudit([event]);
}
