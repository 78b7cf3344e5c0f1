import { Liquid, LiquidError, type Template } from 'liquidjs';
import type { Branding } from '../domain/settings';
import { uiLocale, type MailLocale } from '../i18n/locale';
import type { MailKind, MailTemplate } from './default-templates';
import { LIQUID_OPTIONS, MailRenderer, filterText, type MailVariables } from './renderer';
import { TWO_STEP_METHOD_NAMES } from './variables';

/**
 * Checks an admin-edited mail template before it is saved: pure, no I/O. `validateTemplate` is static
 * (parse + analysis); `validateAgainstSample` renders with sample data through the real renderer to catch
 * what only shows at render time (strict variables, limits). Problem codes are stable: the UI translates them.
 */
export type TemplatePart = 'subject' | 'preheader' | 'html' | 'text';

export type TemplateProblemCode =
  | 'syntax'
  | 'unknown-variable'
  | 'unknown-filter'
  | 'forbidden-tag' // include / render / layout: they would read files on the host
  | 'render' // any other render-time failure (render time or memory limit)
  | 'missing-link'
  | 'missing-code'
  | 'subject-line-break'
  | 'subject-too-long'
  | 'too-long';

export interface TemplateProblem {
  part: TemplatePart;
  code: TemplateProblemCode;
  message: string;
  line?: number;
  column?: number;
  variable?: string;
}

const CUSTOMER = ['customer.name', 'customer.username', 'portal.name', 'support.contact'];

export const ALLOWED_VARIABLES: Record<MailKind, string[]> = {
  reset: [...CUSTOMER, 'link.url', 'link.minutes'],
  invite: [...CUSTOMER, 'link.url', 'link.days', 'inviter.name'],
  'invite-reminder': [...CUSTOMER, 'link.url', 'link.days'],
  'password-changed': [...CUSTOMER, 'changed.at', 'forgot.url'],
  'sign-in-code': [...CUSTOMER, 'code.value', 'code.minutes', 'forgot.url'],
  'twostep-on': [...CUSTOMER, 'event.at', 'method.name', 'forgot.url'],
  'twostep-off': [...CUSTOMER, 'event.at', 'method.name', 'forgot.url'],
  'twostep-codes': [...CUSTOMER, 'event.at', 'codes.left', 'forgot.url'],
  'twostep-reset': [...CUSTOMER, 'event.at', 'setup.required', 'forgot.url'],
  'twostep-recovery-used': [...CUSTOMER, 'event.at', 'codes.left', 'forgot.url'],
  'passkey-added': [...CUSTOMER, 'event.at', 'passkey.name', 'forgot.url'],
  'passkey-removed': [...CUSTOMER, 'event.at', 'passkey.name', 'passkey.left', 'forgot.url'],
};

export const MAX_PART_LENGTH = 20_000;
export const MAX_SUBJECT_LENGTH = 200;
const PARTS: TemplatePart[] = ['subject', 'preheader', 'html', 'text'];
const LINK_PARTS: TemplatePart[] = ['html', 'text'];
/** Kinds whose whole point is the link: a template without it can never be saved. */
export const LINK_KINDS: readonly MailKind[] = ['reset', 'invite', 'invite-reminder'];
const FILE_TAGS = ['include', 'render', 'layout'];

class ForbiddenTagError extends Error {}

/** Parses like the renderer (same options, same `button` filter name), but refuses file-reading tags. */
// A parser without a cache (LiquidJS caches only with `cache` set), holding no template between calls: tenant-free.
// eslint-disable-next-line no-restricted-syntax -- tenant-free: see above
const engine = new Liquid({ ...LIQUID_OPTIONS });
engine.registerFilter('button', (url: unknown) => filterText(url));
for (const tag of FILE_TAGS) {
  engine.registerTag(tag, {
    parse() {
      throw new ForbiddenTagError(`tag "${tag}" is not allowed in mail templates`);
    },
    render() {},
  });
}

function fromError(part: TemplatePart, error: unknown): TemplateProblem {
  if (!(error instanceof LiquidError)) return { part, code: 'render', message: String((error as Error)?.message ?? error) };
  const [line, column] = error.token.getPosition();
  const original = error.originalError;
  const message = (original?.message ?? error.message).replace(/, line:\d+, col:\d+$/, '');
  const at = { part, message, line, column };
  if (original instanceof ForbiddenTagError) return { ...at, code: 'forbidden-tag' };
  if (original && 'variableName' in original) return { ...at, code: 'unknown-variable', variable: String(original.variableName) };
  const filter = /^undefined filter: (.+)$/.exec(message);
  if (filter) return { ...at, code: 'unknown-filter', message: `unknown filter: ${filter[1]}` };
  return { ...at, code: error.name === 'RenderError' ? 'render' : 'syntax' };
}

function parse(part: TemplatePart, source: string): Template[] | TemplateProblem {
  try {
    return engine.parse(source);
  } catch (error) {
    return fromError(part, error);
  }
}

export function validateTemplate(kind: MailKind, template: MailTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const allowed = new Set(ALLOWED_VARIABLES[kind]);
  for (const part of PARTS) {
    const source = template[part];
    if (source.length > MAX_PART_LENGTH) problems.push({ part, code: 'too-long', message: `longer than ${MAX_PART_LENGTH} characters` });
    const parsed = parse(part, source);
    if (!Array.isArray(parsed)) {
      problems.push(parsed);
      continue;
    }
    const used = Object.values(engine.analyzeSync(parsed, { partials: false }).globals).flat();
    for (const v of used) {
      const name = String(v);
      if (!allowed.has(name)) problems.push({ part, code: 'unknown-variable', message: `unknown variable: ${name}`, variable: name, line: v.location.row, column: v.location.col });
    }
    // `raw` would print customer data without HTML escaping; only the shipped layout may use it.
    const raw = /\|\s*raw\b/.exec(source);
    if (raw) problems.push({ part, code: 'unknown-filter', message: 'filter raw is not allowed in mail templates' });
    if (LINK_KINDS.includes(kind) && LINK_PARTS.includes(part) && !used.some((v) => String(v) === 'link.url')) {
      problems.push({ part, code: 'missing-link', message: 'does not use link.url' });
    }
    if (kind === 'sign-in-code' && LINK_PARTS.includes(part) && !used.some((v) => String(v) === 'code.value')) {
      problems.push({ part, code: 'missing-code', message: 'does not use code.value' });
    }
  }
  if (/[\r\n]/.test(template.subject)) problems.push({ part: 'subject', code: 'subject-line-break', message: 'the subject contains a line break' });
  if (template.subject.length > MAX_SUBJECT_LENGTH) problems.push({ part: 'subject', code: 'subject-too-long', message: `subject longer than ${MAX_SUBJECT_LENGTH} characters` });
  return problems;
}

export const SAMPLE_BRAND: Branding = {
  portalName: 'Example Support',
  companyName: 'Example Ltd',
  logoUrl: 'https://example.com/logo.png',
  primaryColor: '#0C66E4',
  senderName: 'Example Support',
  senderAddress: 'support@example.com',
  replyTo: 'support@example.com',
  footerAddress: '1 Example Street, Example City',
  footerPhone: '+1 555 0100',
  footerEmail: 'support@example.com',
  imprintUrl: 'https://example.com/imprint',
  privacyUrl: 'https://example.com/privacy',
};

/** Sample data shaped as `compose.ts` sends it: each kind gets only its own variables. */
export function sampleVariables(kind: MailKind, locale: MailLocale = 'en'): MailVariables {
  const common = { customer: { name: 'Alex Example', username: 'alex@example.com' }, portal: { name: 'Example Support' }, support: { contact: 'support@example.com' } };
  const url = 'https://example.com/portal/reset?t=sample';
  if (kind === 'reset') return { ...common, link: { url, minutes: 60 } };
  if (kind === 'invite') return { ...common, link: { url, days: 7 }, inviter: { name: 'Sam Agent' } };
  if (kind === 'invite-reminder') return { ...common, link: { url, days: 2 } };
  const forgot = { url: 'https://example.com/portal/forgot' };
  const event = { at: uiLocale(locale) === 'de' ? '1. Januar 2026 um 12:00 UTC' : '1 January 2026 at 12:00 UTC' };
  switch (kind) {
    case 'passkey-added':
    case 'passkey-removed':
      return { ...common, forgot, event, passkey: { name: 'iCloud Keychain', left: 1 } };
    case 'twostep-on':
    case 'twostep-off':
      return { ...common, forgot, event, method: { name: TWO_STEP_METHOD_NAMES.totp[uiLocale(locale)] } };
    case 'twostep-codes':
      return { ...common, forgot, event, codes: { left: 10 } };
    case 'twostep-recovery-used':
      return { ...common, forgot, event, codes: { left: 7 } };
    case 'twostep-reset':
      return { ...common, forgot, event, setup: { required: true } };
    case 'password-changed':
      return { ...common, forgot, changed: { at: '1 January 2026 at 12:00 UTC' } };
    case 'sign-in-code':
      return { ...common, forgot, code: { value: '428193', minutes: 10 } };
  }
}

/**
 * Renders each part alone (the others empty) through `MailRenderer.render` with sample data, so a failure is
 * attributed to its part. A fresh renderer per call: drafts never enter a long-lived parse cache.
 */
export function validateAgainstSample(kind: MailKind, template: MailTemplate, locale: MailLocale = 'en'): TemplateProblem[] {
  const renderer = new MailRenderer();
  const problems: TemplateProblem[] = [];
  for (const part of PARTS) {
    const parsed = parse(part, template[part]); // first, so a file-reading tag never reaches the renderer
    if (!Array.isArray(parsed)) {
      problems.push(parsed);
      continue;
    }
    try {
      renderer.render({ subject: '', preheader: '', html: '', text: '', [part]: template[part] }, locale, SAMPLE_BRAND, sampleVariables(kind, locale));
    } catch (error) {
      problems.push(fromError(part, error));
    }
  }
  return problems;
}
