import { view } from '@forge/bridge';

/** The two languages the Custom UI apps speak. */
export type Lang = 'en' | 'de';

/** 'de-DE', 'de_AT', 'de' → de; everything else → en. */
export function langOf(locale: string | undefined): Lang {
  return String(locale ?? '').toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** The user's locale as the host (Jira) reports it in the app's context; undefined when it gives none. */
export function hostLocale(): Promise<string | undefined> {
  return view
    .getContext()
    .then((context) => (context?.locale ? String(context.locale) : undefined))
    .catch(() => undefined);
}

/** A BCP 47 tag Intl accepts ('en_US' → 'en-US'), falling back to the UI language. */
export function intlLocale(locale: string | undefined, lang: Lang): string {
  const tag = String(locale ?? '').replace(/_/g, '-');
  try {
    if (tag && Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0) return tag;
  } catch {
    /* invalid tag */
  }
  return lang === 'de' ? 'de-DE' : 'en-GB';
}
