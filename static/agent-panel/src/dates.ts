import { useMemo } from 'react';

export type Dates = { date: (sec: number) => string; dateTime: (sec: number) => string };

/** Seconds since the epoch → formatted text; 0 means never. */
export function useDates(intl: string, never: string): Dates {
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'short', year: 'numeric' });
    const dayTime = new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
    const fmt = (f: Intl.DateTimeFormat) => (sec: number) => (sec > 0 ? f.format(new Date(sec * 1000)) : never);
    return { date: fmt(day), dateTime: fmt(dayTime) };
  }, [intl, never]);
}

export const iso = (sec: number) => new Date(sec * 1000).toISOString();
