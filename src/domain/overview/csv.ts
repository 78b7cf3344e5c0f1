import { csvRow } from '../csv-export';

/**
 * The Overview's charts as CSV (issue 14): one row per day of the site's time zone, as the charts and tables
 * show them (ISO dates, so a DST change day is one row like any other), and one column per series. The header
 * is fixed, not translated (`day` and the series' names as in the scripting API), so a script reads the file
 * the same whatever the admin's language. Every cell is an ISO date or a whole count, checked here, so no cell
 * can start a spreadsheet formula; rows end in CRLF (RFC 4180). The download adds the UTF-8 byte-order mark.
 */
export interface CsvColumn {
  name: string;
  counts: readonly number[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

export function overviewCsv(days: readonly string[], columns: readonly CsvColumn[]): string {
  for (const day of days) if (!ISO_DAY.test(day)) throw new Error(`not an ISO day: ${day}`);
  for (const { name, counts } of columns) {
    if (!NAME.test(name)) throw new Error(`not a series name: ${name}`);
    if (counts.length !== days.length) throw new Error(`${name}: ${counts.length} counts for ${days.length} days`);
    for (const n of counts) if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name}: not a count: ${n}`);
  }
  return csvRow(['day', ...columns.map((c) => c.name)]) + days.map((day, i) => csvRow([day, ...columns.map((c) => c.counts[i])])).join('');
}

/** The file's name: a stem naming the series, and the first and last day (ISO 8601's "--" between them). */
export function overviewCsvName(stem: string, days: readonly string[]): string {
  const range = days.length === 0 ? '' : `-${days[0]}--${days[days.length - 1]}`;
  return `${stem}${range}.csv`;
}

/** A series' name for a file name: `signInsFailed` → `sign-ins-failed`. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
