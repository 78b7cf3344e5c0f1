import type { Customer } from '../domain/customer';
import type { MailKindSent } from '../domain/delivery';
import { daysLeft } from '../domain/invite-reminder';
import { effectiveMailLocale, type Settings } from '../domain/settings';
import { uiLocale, type MailLocale } from '../i18n/locale';
import type { MailVariables, RenderedMail } from '../mail/renderer';
import { nowSec, type Deps } from './deps';

/**
 * Renders one kind of customer mail: the single place that knows each kind's variables. The admin's
 * template for the kind and locale when there is one (one KVS read, cached briefly), else the shipped
 * default (English for a language an admin added; a language since removed sends English). Stored templates were validated before they were saved; should one still fail to render, the
 * default goes out instead and the failure is logged (kind and locale only, no personal data).
 */
export function mailVariables(
  settings: Settings,
  customer: Customer,
  kind: MailKindSent,
  locale: MailLocale,
  urls: { link?: string; forgot: string },
  now: number,
  inviterName?: string,
): MailVariables {
  const common = {
    customer: { name: customer.displayName, username: customer.username },
    portal: { name: settings.branding.portalName },
    support: { contact: settings.help.contact[uiLocale(locale)] },
  };
  switch (kind) {
    case 'reset':
      return { ...common, link: { url: urls.link ?? '', minutes: settings.resetLinkMinutes } };
    case 'invite':
      return { ...common, inviter: { name: inviterName ?? settings.branding.portalName }, link: { url: urls.link ?? '', days: settings.inviteLinkDays } };
    case 'invite-reminder':
      return { ...common, link: { url: urls.link ?? '', days: daysLeft(customer, now) } };
    case 'password-changed': {
      const at = new Date(customer.passwordChangedAt * 1000);
      const format = new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
      return { ...common, forgot: { url: urls.forgot }, changed: { at: `${format.format(at)} UTC` } };
    }
  }
}

/** Intl's tag for a mail locale: de-DE, the code itself when Intl knows it, else en-GB. */
export function dateLocale(locale: MailLocale): string {
  if (locale === 'de') return 'de-DE';
  if (locale === 'en') return 'en-GB';
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en-GB';
  } catch {
    return 'en-GB';
  }
}

export async function composeMail(
  deps: Deps,
  settings: Settings,
  customer: Customer,
  kind: MailKindSent,
  requested: MailLocale,
  urls: { link?: string; forgot: string },
  inviterName?: string,
): Promise<RenderedMail> {
  // A language an admin removed again: English (its stored templates stay, unused).
  const locale = effectiveMailLocale(settings, requested);
  const vars = mailVariables(settings, customer, kind, locale, urls, nowSec(deps), inviterName);
  const stored = await deps.templates.current(kind, locale);
  if (stored.template) {
    try {
      return deps.renderer.render(stored.template, locale, settings.branding, vars);
    } catch (error) {
      deps.log.error('stored mail template failed to render; sent the default', { kind, locale, version: stored.version, reason: error instanceof Error ? error.name : 'unknown' });
    }
  }
  return deps.renderer.renderDefault(kind, locale, settings.branding, vars);
}
