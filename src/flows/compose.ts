import type { Customer } from '../domain/customer';
import type { MailKindSent } from '../domain/delivery';
import type { Settings } from '../domain/settings';
import type { Locale } from '../i18n/locale';
import type { RenderedMail } from '../mail/renderer';
import type { Deps } from './deps';

/** Renders one kind of customer mail: the single place that knows each kind's template and variables. */
export function composeMail(
  deps: Deps,
  settings: Settings,
  customer: Customer,
  kind: MailKindSent,
  locale: Locale,
  urls: { link?: string; forgot: string },
  inviterName?: string,
): RenderedMail {
  const common = {
    customer: { name: customer.displayName, username: customer.username },
    portal: { name: settings.branding.portalName },
    support: { contact: settings.help.contact[locale] },
  };
  switch (kind) {
    case 'reset':
      return deps.renderer.renderDefault('reset', locale, settings.branding, { ...common, link: { url: urls.link ?? '', minutes: settings.resetLinkMinutes } });
    case 'invite':
      return deps.renderer.renderDefault('invite', locale, settings.branding, {
        ...common,
        inviter: { name: inviterName ?? settings.branding.portalName },
        link: { url: urls.link ?? '', days: settings.inviteLinkDays },
      });
    case 'password-changed': {
      const at = new Date(customer.passwordChangedAt * 1000);
      const format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
      return deps.renderer.renderDefault('password-changed', locale, settings.branding, {
        ...common,
        forgot: { url: urls.forgot },
        changed: { at: `${format.format(at)} UTC` },
      });
    }
  }
}
