import { HOUR } from './counts';

/**
 * Calendar days in a time zone, from UTC hour buckets (issue 14). A day is the hours whose start lies
 * between the day's local midnight and the next one, so DST change days have 23 or 25 hours and nothing is
 * lost or counted twice. Zones whose offset is not whole hours (India +5:30, Nepal +5:45) get each hour on
 * the day its start falls in: their days are cut at the hour (documented in docs/platform-assumptions.md).
 */
export const WINDOW_DAYS = 30;

/** A valid IANA zone name, else 'UTC'. */
export function safeZone(zone: string | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

// eslint-disable-next-line no-restricted-syntax -- tenant-free: a pure memo of the time zone name
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

function parts(sec: number, zone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const p = Object.fromEntries(formatter(zone).formatToParts(new Date(sec * 1000)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, min: Number(p.minute), s: Number(p.second) };
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(sec: number, zone: string): string {
  const p = parts(sec, zone);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** Seconds the zone is ahead of UTC at an instant. */
function offsetAt(sec: number, zone: string): number {
  const p = parts(sec, zone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) / 1000 - sec;
}

/** The instant of local midnight starting `date` (or the first instant of that date, if midnight is skipped). */
export function dayStart(date: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d) / 1000;
  let t = wall - offsetAt(wall, zone);
  t = wall - offsetAt(t, zone);
  // A DST jump at midnight: the computed instant may lie on the day before; step forward to the date.
  if (localDate(t, zone) !== date) t = wall - offsetAt(t + 3 * HOUR, zone);
  return t;
}

/** The date `n` days after `date` (calendar arithmetic, no zone). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export interface DayRange {
  date: string;
  /** First hour (since the epoch) whose start lies on this day, and the first one after it. */
  fromHour: number;
  toHour: number;
}

/** The last `count` local days up to and including today, oldest first (the last answer is kept: it changes once a day). */
// eslint-disable-next-line no-restricted-syntax -- tenant-free: a pure memo of (zone, date, count), which its key holds whole
let lastAnswer: { key: string; days: DayRange[] } | undefined;
export function lastDays(nowSec: number, zone: string, count = WINDOW_DAYS): DayRange[] {
  const today = localDate(nowSec, zone);
  const key = `${zone} ${today} ${count}`;
  if (lastAnswer?.key === key) return lastAnswer.days;
  lastAnswer = { key, days: computeDays(today, zone, count) };
  return lastAnswer.days;
}

function computeDays(today: string, zone: string, count: number): DayRange[] {
  const days: DayRange[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const date = addDays(today, -i);
    days.push({ date, fromHour: Math.ceil(dayStart(date, zone) / HOUR), toHour: Math.ceil(dayStart(addDays(date, 1), zone) / HOUR) });
  }
  return days;
}

/** Per-day totals of hourly counts: every day in `days` present, empty days 0. */
export function bucketByDay(hours: ReadonlyMap<number, number>, days: readonly DayRange[]): number[] {
  const sums = days.map(() => 0);
  for (const [hour, n] of hours) {
    // Days are consecutive and sorted: a binary search finds the one an hour belongs to.
    let lo = 0;
    let hi = days.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (hour < days[mid].fromHour) hi = mid - 1;
      else if (hour >= days[mid].toHour) lo = mid + 1;
      else {
        sums[mid] += n;
        break;
      }
    }
  }
  return sums;
}

/** The UTC date (YYYY-MM-DD) of an instant: the key of the counter item a write at that instant goes to. */
export const utcDate = (sec: number): string => new Date(sec * 1000).toISOString().slice(0, 10);
