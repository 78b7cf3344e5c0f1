import { parseCustomerCsv } from '../../src/domain/csv-import';
import { acceptsMailLocale, DEFAULT_SETTINGS, effectiveMailLocale, mailLocaleCodes, mailLocalesSchema, resolveSettings, type Settings } from '../../src/domain/settings';
import { dateLocale } from '../../src/flows/compose';
import { uiLocale } from '../../src/i18n/locale';
import { MailRenderer } from '../../src/mail/renderer';

/** Email languages an admin adds beyond en and de: the rules, and how everything else falls back to English. */
const withFrench: Settings = { ...DEFAULT_SETTINGS, mailLocales: [{ code: 'fr', name: 'Français' }] };
const pathOf = (list: unknown) => {
  const result = mailLocalesSchema.safeParse(list);
  return result.success ? undefined : result.error.issues[0].path.join('.');
};

describe('the list of added email languages', () => {
  it('takes lowercase two-letter codes other than en and de, unique, named, at most 10', () => {
    expect(pathOf([])).toBeUndefined();
    expect(pathOf([{ code: 'fr', name: 'Français' }, { code: 'nl', name: 'Nederlands' }])).toBeUndefined();
    expect(pathOf([{ code: 'Fr', name: 'Français' }])).toBe('0.code');
    expect(pathOf([{ code: 'fra', name: 'Français' }])).toBe('0.code');
    expect(pathOf([{ code: 'f1', name: 'Français' }])).toBe('0.code');
    expect(pathOf([{ code: 'en', name: 'English' }])).toBe('0.code');
    expect(pathOf([{ code: 'de', name: 'Deutsch' }])).toBe('0.code');
    expect(pathOf([{ code: 'fr', name: 'Français' }, { code: 'fr', name: 'French' }])).toBe('1.code');
    expect(pathOf([{ code: 'fr', name: ' ' }])).toBe('0.name');
    expect(pathOf([{ code: 'fr', name: 'x'.repeat(41) }])).toBe('0.name');
    expect(pathOf([{ code: 'fr', name: 'x'.repeat(40) }])).toBeUndefined();
    expect(pathOf([{ code: 'fr', name: 'Fran\nçais' }])).toBe('0.name');
    const letters = 'abcdfghijk'.split('').map((c) => ({ code: `z${c}`, name: c }));
    expect(pathOf(letters)).toBeUndefined();
    expect(pathOf([...letters, { code: 'zz', name: 'z' }])).toBe('');
  });

  it('older stored settings without the list resolve to no added languages; a stored list is kept', () => {
    expect(resolveSettings({ branding: { portalName: 'Help' } }).mailLocales).toEqual([]);
    expect(resolveSettings(undefined).mailLocales).toEqual([]);
    expect(resolveSettings({ mailLocales: [{ code: 'nl', name: 'Nederlands' }] }).mailLocales).toEqual([{ code: 'nl', name: 'Nederlands' }]);
  });

  it('offers en, de and the added codes; a code no longer offered falls back to English', () => {
    expect(mailLocaleCodes(withFrench)).toEqual(['en', 'de', 'fr']);
    expect(acceptsMailLocale(withFrench, 'fr')).toBe(true);
    expect(acceptsMailLocale(DEFAULT_SETTINGS, 'fr')).toBe(false);
    expect(effectiveMailLocale(withFrench, 'fr')).toBe('fr');
    expect(effectiveMailLocale(withFrench, 'de')).toBe('de');
    expect(effectiveMailLocale(DEFAULT_SETTINGS, 'fr')).toBe('en');
  });
});

describe('fallbacks to English', () => {
  it('UI texts: en and de as they are, every other code English', () => {
    expect(uiLocale('de')).toBe('de');
    expect(uiLocale('en')).toBe('en');
    expect(uiLocale('fr')).toBe('en');
    expect(uiLocale(undefined)).toBe('en');
  });

  it('dates: the code itself when Intl knows it, de-DE, en-GB otherwise', () => {
    expect(dateLocale('de')).toBe('de-DE');
    expect(dateLocale('en')).toBe('en-GB');
    expect(dateLocale('fr')).toBe('fr');
    expect(dateLocale('qq')).toBe('en-GB');
  });

  it('the shipped template of an added language is the English one, in a layout marked with its code', () => {
    const renderer = new MailRenderer();
    const vars = { customer: { name: 'Amélie', username: 'amelie' }, portal: { name: 'Portail' }, support: { contact: 'support' }, link: { url: 'https://x.example/r', minutes: 60 } };
    const fr = renderer.renderDefault('reset', 'fr', DEFAULT_SETTINGS.branding, vars);
    const en = renderer.renderDefault('reset', 'en', DEFAULT_SETTINGS.branding, vars);
    expect(fr.subject).toBe(en.subject);
    expect(fr.text).toBe(en.text);
    expect(fr.html).toContain('<html lang="fr"');
    expect(fr.html.replace('lang="fr"', 'lang="en"')).toBe(en.html);
  });
});

describe('the CSV import with added languages', () => {
  const csv = 'email,name,locale\na@example.com,A,fr-FR\nb@example.com,B,nl\nc@example.com,C,\n';
  it('accepts the codes it is given (regional tags cut to the language), reports the others', () => {
    const result = parseCustomerCsv(csv, 'fr', ['en', 'de', 'fr']);
    if (!result.ok) throw new Error(result.error);
    expect(result.rows.map((r) => [r.line, r.locale, r.problems])).toEqual([
      [2, 'fr', []],
      [3, 'fr', ['locale-invalid']],
      [4, 'fr', []],
    ]);
  });

  it('without added languages, fr is a problem as before', () => {
    const result = parseCustomerCsv(csv, 'en');
    if (!result.ok) throw new Error(result.error);
    expect(result.rows.map((r) => r.problems)).toEqual([['locale-invalid'], ['locale-invalid'], []]);
  });
});
