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

const intlChosen = new Map<string, string>();

/** A BCP 47 tag Intl accepts ('en_US' → 'en-US'), falling back to the UI language. Asked once per page and locale. */
export function intlLocale(locale: string | undefined, lang: Lang): string {
  const tag = String(locale ?? '').replace(/_/g, '-');
  const key = `${tag}|${lang}`;
  let chosen = intlChosen.get(key);
  if (chosen === undefined) {
    chosen = lang === 'de' ? 'de-DE' : 'en-GB';
    try {
      if (tag && Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0) chosen = tag;
    } catch {
      /* invalid tag */
    }
    intlChosen.set(key, chosen);
  }
  return chosen;
}

/**
 * Intl's first use on a page loads its locale data (tens of ms, more on a slow machine). An entry calls this
 * while its first calls are out and the rest of the app still loads, so the first render that formats a date
 * does not pay it.
 */
export function warmIntl(locale: string | undefined): void {
  new Intl.DateTimeFormat(intlLocale(locale, langOf(locale))).format(0);
}
