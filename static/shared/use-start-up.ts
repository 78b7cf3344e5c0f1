import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { hostLocale, intlLocale, langOf, type Lang } from './host-locale';

/** The context read and the first resolver call, started before React renders (see `startUp`). */
export interface Boot<T> {
  locale: Promise<string | undefined>;
  first: Promise<T>;
}

/**
 * Called in an app's main.tsx before `createRoot(…).render`: the host's context read and the app's first
 * resolver call start at once, so they run while React builds and paints the first screen instead of after
 * it (an effect runs only after the first paint). Each runs once per page load.
 */
export function startUp<T>(firstLoad: () => Promise<T>): Boot<T> {
  return { locale: hostLocale(), first: firstLoad() };
}

export interface StartUp {
  /** The language the app shows (en or de). */
  lang: Lang;
  /** The tag for Intl formatting (the host's locale when Intl knows it, else de-DE / en-GB). */
  intl: string;
  /** Moves focus to `id` (or `fallbackId` when `id` is gone) once the next render is in the document. */
  focusAfterRender: (id: string, fallbackId?: string) => void;
}

/**
 * The start-up the Custom UI apps share, once per mount, on what `startUp` began:
 *  - `onFirst` gets the first load's result (one resolver call on load, never behind the context read);
 *  - the user's locale comes from the host's context (`view.getContext`); until it answers, or when it gives
 *    none, `initialLocale` (undefined = English);
 *  - `<html lang>` follows the language shown, for screen readers and hyphenation;
 *  - focus moves only after the render that shows its target (`focusAfterRender`).
 */
export function useStartUp<T>(boot: Boot<T>, onFirst: (result: T) => void, initialLocale?: string): StartUp {
  const [locale, setLocale] = useState(initialLocale);
  const [focusTarget, setFocusTarget] = useState<{ id: string; fallbackId?: string } | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void boot.locale.then((raw) => raw && setLocale(raw));
    void boot.first.then(onFirst);
    // Once, on mount: the boot promises are made before the first render and never change.
  }, []);

  const lang = langOf(locale);
  const intl = useMemo(() => intlLocale(locale, lang), [locale, lang]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    if (!focusTarget) return;
    const el = document.getElementById(focusTarget.id) ?? (focusTarget.fallbackId ? document.getElementById(focusTarget.fallbackId) : null);
    el?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const focusAfterRender = useCallback((id: string, fallbackId?: string) => setFocusTarget({ id, fallbackId }), []);
  return { lang, intl, focusAfterRender };
}
