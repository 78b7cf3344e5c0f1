export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * A language customers get their emails in: a shipped UI locale (en, de) or one an admin added
 * (settings.mailLocales, a lowercase ISO 639-1 code). Pages and UI texts stay en/de.
 */
export type MailLocale = string;

/** The UI language for a mail locale: en or de as they are, every added language falls back to English. */
export function uiLocale(code: MailLocale | undefined): Locale {
  return isLocale(code) ? code : DEFAULT_LOCALE;
}

/** Picks the best supported locale from an Accept-Language header (RFC 9110 q-values). */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.lang).find(isLocale);
}
