import { newCustomer } from '../../src/domain/customer';
import { TWO_STEP_NOTICE_KINDS } from '../../src/domain/delivery';
import { DEFAULT_SETTINGS, type Settings } from '../../src/domain/settings';
import { mailVariables } from '../../src/flows/compose';
import { LOCALES } from '../../src/i18n/locale';
import { DEFAULT_TEMPLATES, MAIL_KINDS } from '../../src/mail/default-templates';
import { MailRenderer } from '../../src/mail/renderer';
import { ALLOWED_VARIABLES, SAMPLE_BRAND, sampleVariables, validateAgainstSample, validateTemplate } from '../../src/mail/template-validation';
import { TEMPLATE_KINDS } from '../../src/surfaces/admin-api';

/**
 * The two-step security notices (issue 11, item 7): five kinds in English and German, rendered with the
 * sample data the admin page previews with; strict variables; like "password changed" they carry the time
 * and what to do if it was not the customer, and never a link that signs in.
 */
const renderer = new MailRenderer();
const CASES = TWO_STEP_NOTICE_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const));
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

describe('two-step notice templates', () => {
  it('are mail kinds, template kinds (the admin list) and have variables and defaults', () => {
    for (const kind of TWO_STEP_NOTICE_KINDS) {
      expect(MAIL_KINDS).toContain(kind);
      expect(TEMPLATE_KINDS).toContain(kind);
      expect(ALLOWED_VARIABLES[kind]).toEqual(expect.arrayContaining(['customer.name', 'customer.username', 'portal.name', 'support.contact', 'event.at', 'forgot.url']));
      expect(Object.keys(DEFAULT_TEMPLATES[kind]).sort()).toEqual(['de', 'en']);
    }
  });

  it.each(CASES)('%s/%s renders with the sample data: the time, the service desk, "reset your password", no sign-in link', (kind, locale) => {
    const template = DEFAULT_TEMPLATES[kind][locale];
    expect(validateTemplate(kind, template)).toEqual([]);
    expect(validateAgainstSample(kind, template, locale)).toEqual([]);
    const vars = sampleVariables(kind, locale);
    const mail = renderer.render(template, locale, SAMPLE_BRAND, vars);
    expect(mail.subject).toContain('[Example Support]');
    for (const body of [mail.html, mail.text]) {
      expect(body).toContain('Alex Example');
      expect(body).toContain('alex@example.com');
      expect(body).toContain(locale === 'de' ? '1. Januar 2026 um 12:00 UTC' : '1 January 2026 at 12:00 UTC');
      expect(body).toContain('support@example.com');
      expect(body).toContain('https://example.com/portal/forgot');
      expect(body).toContain(locale === 'de' ? 'Service-Desk' : 'service desk');
    }
    expect(mail.text).toMatch(locale === 'de' ? /Passwort.*jetzt zurück/ : /reset (your password|it) now/);
    // The only link in the body is "forgot password" (the layout adds logo, imprint and privacy): nothing that signs in.
    const links = hrefs(mail.html).filter((h) => !['https://example.com/imprint', 'https://example.com/privacy'].includes(h));
    expect(links).toEqual(expect.arrayContaining(['https://example.com/portal/forgot']));
    expect(links.every((h) => h === 'https://example.com/portal/forgot' || h.startsWith('mailto:'))).toBe(true);
    expect(mail.html + mail.text).not.toMatch(/token=|\/sign-in|SAMLResponse/);
    expect(mail.html).not.toMatch(/\{\{|\{%/);
  });

  it('say what happened, in both languages', () => {
    const text = (kind: (typeof TWO_STEP_NOTICE_KINDS)[number], locale: 'en' | 'de') => renderer.render(DEFAULT_TEMPLATES[kind][locale], locale, SAMPLE_BRAND, sampleVariables(kind, locale)).text;
    expect(text('twostep-on', 'en')).toContain('two-step verification (authenticator app) was turned on');
    expect(text('twostep-on', 'de')).toContain('Zwei-Schritt-Verifizierung (Authenticator-App) eingeschaltet');
    expect(text('twostep-off', 'en')).toContain('was turned off');
    expect(text('twostep-off', 'de')).toContain('ausgeschaltet');
    expect(text('twostep-codes', 'en')).toContain('10 new recovery codes were created');
    expect(text('twostep-codes', 'de')).toContain('10 neue Wiederherstellungscodes erstellt');
    expect(text('twostep-recovery-used', 'en')).toContain('Recovery codes left: 7.');
    expect(text('twostep-recovery-used', 'de')).toContain('Verbleibende Wiederherstellungscodes: 7.');
    expect(text('twostep-reset', 'en')).toContain('you will set it up again at your next sign-in');
    expect(text('twostep-reset', 'de')).toContain('Sie richten sie bei Ihrer nächsten Anmeldung neu ein');
  });

  it('reset by an admin: "set it up again at the next sign-in" only where it is required', () => {
    const vars = { ...sampleVariables('twostep-reset', 'en'), setup: { required: false } };
    const mail = renderer.render(DEFAULT_TEMPLATES['twostep-reset'].en, 'en', SAMPLE_BRAND, vars);
    expect(mail.text).not.toContain('next sign-in');
    expect(mail.text).toContain('Signing in asks only for your password now.');
  });

  it('strict variables: another kind’s variable is refused when saved and fails at render time', () => {
    const on = DEFAULT_TEMPLATES['twostep-on'].en;
    const codes = (t: typeof on, kind: (typeof TWO_STEP_NOTICE_KINDS)[number] = 'twostep-on') => validateTemplate(kind, t).map((p) => [p.code, p.variable]);
    expect(codes({ ...on, html: `${on.html}{{ link.url }}` })).toEqual([['unknown-variable', 'link.url']]);
    expect(codes({ ...on, text: `${on.text}{{ codes.left }}` })).toEqual([['unknown-variable', 'codes.left']]);
    expect(codes({ ...on, subject: '{{ changed.at }}' })).toEqual([['unknown-variable', 'changed.at']]);
    expect(codes({ ...DEFAULT_TEMPLATES['twostep-recovery-used'].de, preheader: '{{ method.name }}' }, 'twostep-recovery-used')).toEqual([['unknown-variable', 'method.name']]);
    expect(codes({ ...DEFAULT_TEMPLATES['twostep-reset'].en, html: '{{ customer.password }}' }, 'twostep-reset')).toEqual([['unknown-variable', 'customer.password']]);
    // A notice needs no link: none of these is a link kind.
    expect(validateTemplate('twostep-codes', { ...DEFAULT_TEMPLATES['twostep-codes'].en, html: '<p>Hi</p>', text: 'Hi' })).toEqual([]);
    // The renderer is strict too: a notice rendered without its facts fails instead of sending blanks.
    const { codes: _left, ...withoutCodes } = sampleVariables('twostep-recovery-used');
    void _left;
    expect(() => new MailRenderer().render(DEFAULT_TEMPLATES['twostep-recovery-used'].en, 'en', SAMPLE_BRAND, withoutCodes)).toThrow();
  });
});

describe('mailVariables for the notices (what compose sends)', () => {
  const customer = { ...newCustomer({ id: 'c1', email: 'e@example.de', emailKey: 'e@example.de', username: 'erika', usernameKey: 'erika', displayName: 'Erika', locale: 'de', nowSec: 0 }), status: 'active' as const };
  const urls = { forgot: 'https://pages.example/forgot?lang=de' };
  const at = Date.UTC(2026, 2, 14, 9, 30) / 1000;
  const with2 = (policy: Settings['twoStep']['policy']): Settings => ({ ...DEFAULT_SETTINGS, twoStep: { policy, methods: { totp: true, sms: false } } });

  it('the time in the mail’s language, the method, the codes left; no link', () => {
    const on = mailVariables(DEFAULT_SETTINGS, customer, 'twostep-on', 'de', urls, at + 60, undefined, { at, method: 'totp' });
    expect(on).toMatchObject({ event: { at: '14. März 2026 um 09:30 UTC' }, method: { name: 'Authenticator-App' }, forgot: { url: urls.forgot } });
    expect(on.link).toBeUndefined();
    expect(mailVariables(DEFAULT_SETTINGS, customer, 'twostep-off', 'en', urls, at, undefined, { at, method: 'sms' }).method).toEqual({ name: 'SMS' });
    expect(mailVariables(DEFAULT_SETTINGS, customer, 'twostep-recovery-used', 'en', urls, at, undefined, { at, left: 3 })).toMatchObject({ codes: { left: 3 }, event: { at: '14 March 2026 at 09:30 UTC' } });
    expect(mailVariables(DEFAULT_SETTINGS, customer, 'twostep-codes', 'en', urls, at, undefined, { at, left: 10 }).codes).toEqual({ left: 10 });
  });

  it('reset by an admin: setup.required follows the policy as it applies to the customer', () => {
    const reset = (settings: Settings, portalAdmin: boolean) => mailVariables(settings, { ...customer, portalAdmin }, 'twostep-reset', 'en', urls, at, undefined, { at }).setup;
    expect(reset(with2('everyone'), false)).toEqual({ required: true });
    expect(reset(with2('admins'), true)).toEqual({ required: true });
    expect(reset(with2('admins'), false)).toEqual({ required: false });
    expect(reset(with2('optional'), true)).toEqual({ required: false });
  });
});
