import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Boot } from './boot';
import { intlLocale, langOf, type Lang } from './host-locale';

export { startUp, type Boot } from './boot';

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
 *  - `onFirst` gets the first load's result (one resolver call on load, never behind the context read), unless
 *    `firstShown`: the caller's first render already showed it (`boot.firstResult()`);
 *  - the user's locale comes from the host's context (`view.getContext`, already answered when the first render
 *    comes after it); until it answers, or when it gives none, `initialLocale` (undefined = English);
 *  - `<html lang>` follows the language shown, for screen readers and hyphenation;
 *  - focus moves only after the render that shows its target (`focusAfterRender`).
 */
export function useStartUp<T>(boot: Boot<T>, onFirst: (result: T) => void, initialLocale?: string, firstShown = false): StartUp {
  const [locale, setLocale] = useState(() => boot.localeResult() ?? initialLocale);
  const [focusTarget, setFocusTarget] = useState<{ id: string; fallbackId?: string } | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void boot.locale.then((raw) => raw && setLocale(raw));
    if (!firstShown) void boot.first.then(onFirst);
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
