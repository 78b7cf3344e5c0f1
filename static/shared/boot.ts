import { hostLocale } from './host-locale';

/** The context read and the first resolver call, started before React loads and renders (see `startUp`). */
export interface Boot<T> {
  locale: Promise<string | undefined>;
  first: Promise<T>;
  /** The first call's result once it has arrived (`{ value }`), else undefined: a render after that can show it at once. */
  firstResult: () => { value: T } | undefined;
  /** The context's locale once it has arrived (undefined before, or when the context gives none). */
  localeResult: () => string | undefined;
}

/**
 * Called in an app's entry before React is loaded or rendering: the host's context read and the app's first
 * resolver call start at once, so they run while the browser loads React and builds the first screen instead of
 * after it (an effect runs only after the first paint). Each runs once per page load. No React here, so an entry
 * that loads React later (a separate chunk) starts the calls as soon as its own small chunk has run.
 */
export function startUp<T>(firstLoad: () => Promise<T>): Boot<T> {
  let arrived: { value: T } | undefined;
  let arrivedLocale: string | undefined;
  const locale = hostLocale();
  const first = firstLoad();
  void first.then((value) => (arrived = { value }), () => undefined);
  void locale.then((raw) => (arrivedLocale = raw));
  return { locale, first, firstResult: () => arrived, localeResult: () => arrivedLocale };
}
