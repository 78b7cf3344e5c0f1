import type { Customer } from '../domain/customer';
import type { MailKind, NoticeFacts } from '../domain/delivery';
import { RECOVERY_CODES } from '../domain/factors/recovery-codes';
import { EMAIL_CODE_TTL_SEC } from '../domain/factors/email-code';
import { daysLeft } from '../domain/invite-reminder';
import { effectiveMailLocale, type Settings } from '../domain/settings';
import { stepAfterPassword } from '../domain/two-step';
import { uiLocale, type MailLocale } from '../i18n/locale';
import type { MailVariables, RenderedMail } from '../mail/renderer';
import { TWO_STEP_METHOD_NAMES } from '../mail/variables';
import { nowSec, type Deps } from './deps';

/**
 * Renders one kind of customer mail: the single place that knows each kind's variables. The admin's
 * template for the kind and locale when there is one (one KVS read, cached briefly), else the shipped
 * default (English for a language an admin added; a language since removed sends English). Stored templates
 * were validated before they were saved; should one still fail to render, the default goes out instead and the
 * failure is logged (kind and locale only, no personal data).
 */
export function mailVariables(
  settings: Settings,
  customer: Customer,
  kind: MailKind,
  locale: MailLocale,
  urls: { link?: string; forgot: string },
  now: number,
  inviterName?: string,
  notice?: NoticeFacts,
  code?: string,
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
    case 'sign-in-code':
      // Issue 22: the code is only ever in the mail (never stored, queued or logged).
      return { ...common, code: { value: code ?? '', minutes: EMAIL_CODE_TTL_SEC / 60 }, forgot: { url: urls.forgot } };
    case 'password-changed':
      return { ...common, forgot: { url: urls.forgot }, changed: { at: formatAt(customer.passwordChangedAt, locale) } };
    case 'passkey-added':
    case 'passkey-removed':
      // Issue 22: which passkey ('' when several went at once), when, and how many are left.
      return { ...common, forgot: { url: urls.forgot }, event: { at: formatAt(notice?.at ?? now, locale) }, passkey: { name: notice?.name ?? '', left: notice?.left ?? 0 } };
    case 'twostep-on':
    case 'twostep-off':
    case 'twostep-codes':
    case 'twostep-reset':
    case 'twostep-recovery-used': {
      // A security notice: the time, what to do if it was not them; never a link that signs in.
      const base = { ...common, forgot: { url: urls.forgot }, event: { at: formatAt(notice?.at ?? now, locale) } };
      if (kind === 'twostep-on' || kind === 'twostep-off') return { ...base, method: { name: TWO_STEP_METHOD_NAMES[notice?.method ?? 'totp'][uiLocale(locale)] } };
      if (kind === 'twostep-codes') return { ...base, codes: { left: notice?.left ?? RECOVERY_CODES } };
      if (kind === 'twostep-recovery-used') return { ...base, codes: { left: notice?.left ?? 0 } };
      // After an admin's reset: must they enrol again at the next sign-in (the policy now, as it applies to them)?
      return { ...base, setup: { required: stepAfterPassword(settings.twoStep, { twoStep: undefined, portalAdmin: customer.portalAdmin }) === 'enrol' } };
    }
  }
}

/** A moment in a mail: long date and time in UTC, in the mail's language ("1 January 2026 at 12:00 UTC"). */
export function formatAt(seconds: number, locale: MailLocale): string {
  const format = new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return `${format.format(new Date(seconds * 1000))} UTC`;
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
  kind: MailKind,
  requested: MailLocale,
  urls: { link?: string; forgot: string },
  inviterName?: string,
  notice?: NoticeFacts,
  code?: string,
): Promise<RenderedMail> {
  // A language an admin removed again: English (its stored templates stay, unused).
  const locale = effectiveMailLocale(settings, requested);
  const vars = mailVariables(settings, customer, kind, locale, urls, nowSec(deps), inviterName, notice, code);
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
