import type { MailKind } from '../domain/mail-kinds';
import type { Locale } from '../i18n/locale';
import { ACCOUNT_MAILS } from './defaults/account-mails';
import { NOTICE_MAILS } from './defaults/notice-mails';

export { MAIL_KINDS, type MailKind } from '../domain/mail-kinds';

export interface MailTemplate {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

/**
 * Shipped templates: Liquid, one set per kind and locale. Variables: customer.name, customer.username,
 * link.url, link.minutes (reset), link.days (invitation: its lifetime; reminder: days left), inviter.name,
 * portal.name, support.contact,
 * changed.at (a formatted date), forgot.url; the two-step notices: event.at (a formatted date), method.name
 * (on, off), codes.left (recovery codes left or created), setup.required (reset by an admin); the sign-in code
 * (issue 22): code.value (6 digits), code.minutes.
 * `{{ link.url | button: "Label" }}` renders the branded call-to-action button.
 */
export const DEFAULT_TEMPLATES: Record<MailKind, Record<Locale, MailTemplate>> = { ...ACCOUNT_MAILS, ...NOTICE_MAILS };
