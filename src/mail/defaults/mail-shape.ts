import type { Locale } from '../../i18n/locale';
import type { MailTemplate } from '../default-templates';

/**
 * The one shape of every shipped mail, stated once: a greeting, the mail's own paragraphs, then how it ends (the
 * link's copy-me fallback, or the "reset password" button of a security notice). The HTML and the plain-text
 * parts are made from the same sentences, so the two never drift apart: a paragraph is written once with its
 * inline markup (`<strong>`), which the text part leaves out. Each mail in ./account-mails.ts and
 * ./notice-mails.ts states only its own words. test/unit/default-mail-bytes.test.ts holds the result byte for byte.
 */
export type Block = string | { html: string; text: string };

const GREETING: Record<Locale, string> = { en: 'Hello {{ customer.name }},', de: 'Hallo {{ customer.name }},' };
const COPY_LINK: Record<Locale, string> = {
  en: 'If the button does not work, copy this link into your browser:',
  de: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:',
};
const RESET_PASSWORD: Record<Locale, string> = { en: 'Reset password', de: 'Passwort zurücksetzen' };

/** A paragraph's words without their inline markup (the plain-text part). */
const plain = (html: string) => html.replace(/<\/?strong>/g, '');

const htmlOf = (block: Block) => (typeof block === 'string' ? `<p>${block}</p>` : block.html);
const textOf = (block: Block) => (typeof block === 'string' ? plain(block) : block.text);

/** The branded button to `link.url`; in the text part, its label and the bare link. */
export const linkButton = (label: string): Block => ({ html: `{{ link.url | button: "${label}" }}`, text: `${label}:\n{{ link.url }}` });

/** The sign-in code, large and spaced in HTML, on a line of its own in text. */
export const CODE_BLOCK: Block = {
  html: '<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">{{ code.value }}</p>',
  text: '{{ code.value }}',
};

/** One of two paragraphs, chosen by a Liquid condition when the mail is rendered. */
export const eitherParagraph = (condition: string, then: string, otherwise: string): Block => ({
  html: `{% if ${condition} %}<p>${then}</p>{% else %}<p>${otherwise}</p>{% endif %}`,
  text: `{% if ${condition} %}${plain(then)}{% else %}${plain(otherwise)}{% endif %}`,
});

export interface MailWords {
  subject: string;
  preheader: string;
  /** After the greeting: paragraphs (strings, with inline markup) and blocks. */
  body: Block[];
  /**
   * `copy-link`: the link's fallback for a button that does not work (HTML only); `reset-button`: the security
   * notices' "reset password" button to `forgot.url`, right after the last paragraph; none: nothing more.
   */
  end?: 'copy-link' | 'reset-button';
}

export function shippedMail(locale: Locale, words: MailWords): MailTemplate {
  const blocks: Block[] = [GREETING[locale], ...words.body];
  let html = blocks.map(htmlOf).join('\n');
  let text = blocks.map(textOf).join('\n\n');
  if (words.end === 'copy-link') html += `\n<p class="small">${COPY_LINK[locale]}<br><a href="{{ link.url }}">{{ link.url }}</a></p>`;
  if (words.end === 'reset-button') {
    html += `\n{{ forgot.url | button: "${RESET_PASSWORD[locale]}" }}`;
    text += '\n{{ forgot.url }}';
  }
  return { subject: words.subject, preheader: words.preheader, html, text };
}
