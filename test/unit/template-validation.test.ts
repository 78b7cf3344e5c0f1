import { LOCALES } from '../../src/i18n/locale';
import { DEFAULT_TEMPLATES, type MailKind, type MailTemplate } from '../../src/mail/default-templates';
import { MailRenderer } from '../../src/mail/renderer';
import { ALLOWED_VARIABLES, SAMPLE_BRAND, sampleVariables, validateAgainstSample, validateTemplate } from '../../src/mail/template-validation';

const KINDS = Object.keys(DEFAULT_TEMPLATES) as MailKind[];
const base = (kind: MailKind = 'reset'): MailTemplate => ({ ...DEFAULT_TEMPLATES[kind].en });
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('validateTemplate', () => {
  it.each(KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const)))('shipped %s/%s validates clean, statically and against the sample', (kind, locale) => {
    expect(validateTemplate(kind, DEFAULT_TEMPLATES[kind][locale])).toEqual([]);
    expect(validateAgainstSample(kind, DEFAULT_TEMPLATES[kind][locale], locale)).toEqual([]);
  });

  it('reports Liquid syntax errors with part, line and column', () => {
    const problems = validateTemplate('reset', { ...base(), html: '{{ link.url }}\n<p>\n  {% if customer.name %}open' });
    expect(problems).toEqual([{ part: 'html', code: 'syntax', message: 'tag {% if customer.name %} not closed', line: 3, column: 3 }]);
    expect(validateTemplate('reset', { ...base(), preheader: 'x {{ portal.name' })[0]).toMatchObject({ part: 'preheader', code: 'syntax', line: 1, column: 3 });
  });

  it('reports variables outside the kind’s allowed list, with line and column', () => {
    const problems = validateTemplate('reset', { ...base(), text: '{{ link.url }}\n  {{ link.days }} {{ customer.password }}' });
    expect(problems).toEqual([
      { part: 'text', code: 'unknown-variable', message: 'unknown variable: link.days', variable: 'link.days', line: 2, column: 6 },
      { part: 'text', code: 'unknown-variable', message: 'unknown variable: customer.password', variable: 'customer.password', line: 2, column: 22 },
    ]);
    expect(codes(validateTemplate('invite', { ...base('invite'), preheader: '{{ link.minutes }}' }))).toEqual(['unknown-variable']);
    expect(codes(validateTemplate('password-changed', { ...base('password-changed'), subject: '{{ link.url }}' }))).toEqual(['unknown-variable']);
    expect(validateTemplate('invite', { ...base('invite'), preheader: '{{ inviter.name }} {{ link.days }}' })).toEqual([]);
  });

  it('exports the allowed variables per kind', () => {
    expect(ALLOWED_VARIABLES.reset).toEqual(expect.arrayContaining(['link.url', 'link.minutes']));
    expect(ALLOWED_VARIABLES.reset).not.toContain('link.days');
    expect(ALLOWED_VARIABLES.invite).toEqual(expect.arrayContaining(['link.days', 'inviter.name']));
    expect(ALLOWED_VARIABLES.invite).not.toContain('link.minutes');
    expect(ALLOWED_VARIABLES['password-changed']).toEqual(expect.arrayContaining(['customer.name', 'customer.username', 'changed.at', 'forgot.url']));
  });

  it('reports unknown filters, accepting built-ins and button', () => {
    expect(validateTemplate('reset', { ...base(), subject: 'A {{ portal.name | shout }}' })).toEqual([
      { part: 'subject', code: 'unknown-filter', message: 'unknown filter: shout', line: 1, column: 3 },
    ]);
    expect(validateTemplate('reset', { ...base(), subject: '{{ portal.name | upcase | truncate: 20 }}', html: '{{ link.url | button: "Go" }}' })).toEqual([]);
  });

  it('refuses tags that would read files (include, render, layout)', () => {
    for (const tag of ['include', 'render', 'layout']) {
      expect(validateTemplate('reset', { ...base(), text: `{{ link.url }}\n{% ${tag} "package.json" %}` })).toEqual([
        { part: 'text', code: 'forbidden-tag', message: `tag "${tag}" is not allowed in mail templates`, line: 2, column: 1 },
      ]);
    }
  });

  it('requires link.url in both the HTML and the text part of reset and invite mails', () => {
    expect(validateTemplate('reset', { ...base(), html: '<p>{{ customer.name }}</p>' })).toEqual([{ part: 'html', code: 'missing-link', message: 'does not use link.url' }]);
    expect(codes(validateTemplate('invite', { ...base('invite'), text: 'Hello' }))).toEqual(['missing-link']);
    expect(validateTemplate('reset', { ...base(), html: '{{ link.url | button: "Go" }}', text: '{{ link.url }}' })).toEqual([]);
    expect(validateTemplate('password-changed', { ...base('password-changed'), html: 'Hi', text: 'Hi' })).toEqual([]);
  });

  it('refuses a line break in the subject source', () => {
    expect(codes(validateTemplate('reset', { ...base(), subject: 'Reset\nyour password' }))).toEqual(['subject-line-break']);
    expect(codes(validateTemplate('reset', { ...base(), subject: 'Reset\ryour password' }))).toEqual(['subject-line-break']);
  });

  it('limits the subject to 200 characters and each part to 20,000', () => {
    expect(validateTemplate('reset', { ...base(), subject: 'x'.repeat(200) })).toEqual([]);
    expect(codes(validateTemplate('reset', { ...base(), subject: 'x'.repeat(201) }))).toEqual(['subject-too-long']);
    expect(validateTemplate('reset', { ...base(), html: '{{ link.url }}' + 'x'.repeat(20_000 - 14) })).toEqual([]);
    const long = validateTemplate('reset', { ...base(), html: '{{ link.url }}' + 'x'.repeat(20_000 - 13), preheader: 'y'.repeat(20_001) });
    expect(long.map((p) => [p.part, p.code])).toEqual([
      ['preheader', 'too-long'],
      ['html', 'too-long'],
    ]);
  });
});

describe('validateAgainstSample', () => {
  it('catches render-time errors in the part they occur in', () => {
    const problems = validateAgainstSample('reset', { ...base(), text: '{{ link.url }}\n{{ inviter.name }}' });
    expect(problems).toEqual([{ part: 'text', code: 'unknown-variable', message: 'undefined variable: inviter', variable: 'inviter', line: 2, column: 4 }]);
  });

  it('reports render limits and does not render file-reading tags', () => {
    expect(validateAgainstSample('reset', { ...base(), html: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' })).toEqual([
      { part: 'html', code: 'render', message: 'memory alloc limit exceeded', line: 1, column: 1 },
    ]);
    expect(codes(validateAgainstSample('reset', { ...base(), text: '{% include "package.json" %}' }))).toEqual(['forbidden-tag']);
  });
});

describe('escaping of customer and brand data', () => {
  it('a display name and brand fields with markup arrive as text in the HTML', () => {
    const vars = { ...sampleVariables('reset'), customer: { name: '<img src=x onerror=alert(1)>', username: 'u' } };
    const brand = { ...SAMPLE_BRAND, logoUrl: '', portalName: '<script>alert(1)</script>', companyName: '<script>alert(2)</script> Ltd' };
    const mail = new MailRenderer().renderDefault('reset', 'en', brand, vars);
    expect(mail.html).toContain('Hello &lt;img src=x onerror=alert(1)&gt;,');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&lt;script&gt;alert(2)&lt;/script&gt; Ltd');
    expect(mail.html).not.toMatch(/<img src=x|<script/i);
    expect(mail.text).toContain('Hello <img src=x onerror=alert(1)>,'); // plain text is not HTML
  });
});

it('refuses the raw filter, which would print customer data unescaped', () => {
  const template = { ...DEFAULT_TEMPLATES.reset.en, html: DEFAULT_TEMPLATES.reset.en.html + '<p>{{ customer.name | raw }}</p>' };
  expect(validateTemplate('reset', template)).toEqual([expect.objectContaining({ part: 'html', code: 'unknown-filter' })]);
});
