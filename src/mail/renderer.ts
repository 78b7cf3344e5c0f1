import { Liquid, type Template } from 'liquidjs';
import { buttonTextColor } from '../domain/contrast';
import type { Branding } from '../domain/settings';
import { uiLocale, type MailLocale } from '../i18n/locale';
import { translator } from '../i18n/messages';
import { DEFAULT_TEMPLATES, type MailKind, type MailTemplate } from './default-templates';
import { HTML_LAYOUT, TEXT_LAYOUT } from './layout';

/**
 * Renders an email: subject, HTML (body inside the branded layout) and plain text, all from Liquid with
 * strict variables and filters. HTML output is escaped by default; text output is not HTML. Parsed
 * templates are cached by source text, so a send is pure rendering.
 */
const LIMITS = { parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 10_000_000 };
/**
 * No file system: LiquidJS would otherwise let `{% include %}`, `{% render %}` and `{% layout %}` read files
 * on the host. Every lookup fails, so those tags can never load anything.
 */
const NO_FILES = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('templates cannot read files');
  },
  readFileSync: () => {
    throw new Error('templates cannot read files');
  },
  resolve: (_root: string, file: string) => file,
  contains: async () => false,
  containsSync: () => false,
  sep: '/',
};
const STRICT = { strictVariables: true, strictFilters: true, ownPropertyOnly: true, relativeReference: false, fs: NO_FILES, root: [] as string[], ...LIMITS };
/** The options both engines are built with (template validation parses with the same). */
export const LIQUID_OPTIONS: Readonly<typeof STRICT> = STRICT;

/** Layout slots: private-use characters around a name; `split` with a capture group keeps the names. */
const SLOT = { subject: '\uE000subject\uE000', preheader: '\uE000preheader\uE000', body: '\uE000body\uE000' };
const SLOT_PATTERN = /\uE000(subject|preheader|body)\uE000/;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A filter's argument as text: Liquid hands filters any value, and String() is the conversion wanted ('' for none). */
export function filterText(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any template value, converted as Liquid prints it
  return String(value ?? '');
}

function buttonHtml(url: unknown, label: unknown, color: string): string {
  const href = escapeHtml(filterText(url));
  const text = escapeHtml(filterText(label));
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0;"><tr><td style="border-radius:4px;background:${color};"><a href="${href}" style="display:inline-block;padding:12px 24px;font:bold 16px/1.2 Arial,Helvetica,sans-serif;color:${buttonTextColor(color)};text-decoration:none;border-radius:4px;">${text}</a></td></tr></table>`;
}

/** Black or white, whichever contrasts more with the brand colour (one rule for mail and pages). */
export { buttonTextColor } from '../domain/contrast';

export interface MailVariables {
  customer: { name: string; username: string };
  portal: { name: string };
  support: { contact: string };
  link?: { url: string; minutes?: number; days?: number };
  inviter?: { name: string };
  forgot?: { url: string };
  changed?: { at: string };
  /** Two-step notices: when it happened (formatted), the method's name, recovery codes left, setup needed again. */
  event?: { at: string };
  method?: { name: string };
  codes?: { left: number };
  setup?: { required: boolean };
  /** The sign-in code (issue 22): its 6 digits and how long it is valid. */
  code?: { value: string; minutes: number };
  /** Issue 22: the passkey added or removed ('' when several were removed at once) and how many are left. */
  passkey?: { name: string; left: number };
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export class MailRenderer {
  private readonly html = new Liquid({ ...STRICT, outputEscape: 'escape' });
  private readonly text = new Liquid({ ...STRICT });
  private readonly cache = new Map<string, Template[]>();
  private buttonColor = '#0C66E4';

  constructor() {
    this.html.registerFilter('button', {
      handler: (url: unknown, label: unknown) => buttonHtml(url, label, this.buttonColor),
      raw: true,
    });
    this.text.registerFilter('button', (url: unknown) => filterText(url));
  }

  private parsed(engine: Liquid, source: string, tag: string): Template[] {
    const key = `${tag}\u0000${source}`;
    let templates = this.cache.get(key);
    if (!templates) {
      templates = engine.parse(source);
      // Stored templates change over an instance's life: keep the cache bounded (shipped ones re-parse at once).
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(key, templates);
    }
    return templates;
  }

  /**
   * The layout around the body depends only on brand and locale: rendered once per pair with placeholders
   * (characters no rendered text contains), then each send fills in its subject, preheader and body.
   */
  private readonly layouts = new Map<string, { html: string[]; text: string[] }>();

  private layoutFor(locale: MailLocale, brand: Branding, labels: { imprint: string; privacy: string }): { html: string[]; text: string[] } {
    const key = `${locale}\u0000${JSON.stringify(brand)}`;
    let layout = this.layouts.get(key);
    if (!layout) {
      const scope = { locale, brand, labels, subject: SLOT.subject, preheader: SLOT.preheader, body: SLOT.body };
      const html = this.html.renderSync(this.parsed(this.html, HTML_LAYOUT.replace('{{ subject }}', '{{ subject | raw }}').replace('{{ preheader }}', '{{ preheader | raw }}'), 'h'), scope) as string;
      const text = this.text.renderSync(this.parsed(this.text, TEXT_LAYOUT, 't'), scope) as string;
      layout = { html: html.split(SLOT_PATTERN), text: text.split(SLOT_PATTERN) };
      if (this.layouts.size > 100) this.layouts.clear();
      this.layouts.set(key, layout);
    }
    return layout;
  }

  render(template: MailTemplate, locale: MailLocale, brand: Branding, vars: MailVariables): RenderedMail {
    this.buttonColor = brand.primaryColor;
    const t = translator(uiLocale(locale));
    const labels = { imprint: t('footer.imprint'), privacy: t('footer.privacy') };
    const scope = { ...vars, locale, brand, labels };
    const subject = (this.text.renderSync(this.parsed(this.text, template.subject, 't'), scope) as string)
      .replace(/[\r\n]+/g, ' ')
      .trim();
    const preheader = this.text.renderSync(this.parsed(this.text, template.preheader, 't'), scope) as string;
    const body = this.html.renderSync(this.parsed(this.html, template.html, 'h'), scope) as string;
    const textBody = this.text.renderSync(this.parsed(this.text, template.text, 't'), scope) as string;
    const layout = this.layoutFor(locale, brand, labels);
    const fill = (parts: string[], values: Record<string, string>) => parts.map((part, i) => (i % 2 === 1 ? values[part] : part)).join('');
    const html = fill(layout.html, { subject: escapeHtml(subject), preheader: escapeHtml(preheader), body });
    const text = fill(layout.text, { subject, preheader, body: textBody }).trimEnd() + '\n';
    return { subject, html, text };
  }

  /** The shipped template: German or English; an added language gets the English one (until an admin translates it). */
  renderDefault(kind: MailKind, locale: MailLocale, brand: Branding, vars: MailVariables): RenderedMail {
    return this.render(DEFAULT_TEMPLATES[kind][uiLocale(locale)], locale, brand, vars);
  }
}
