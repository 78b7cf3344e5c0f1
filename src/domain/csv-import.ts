import { isInternalAddress } from './internal-domain';
import { isValidDisplayName } from './display-name';
import { parse } from 'csv-parse/sync';
import { isPlausibleEmail, isPlausibleUsername, normaliseEmailForDisplay, normaliseForLookup } from './identifier';
import { LOCALES, type MailLocale } from '../i18n/locale';

/**
 * The customer CSV import, checked before anything is written: columns email, name, username (optional),
 * locale (optional: en, de or an added email language, given as `accepted`), portal_admin (optional: yes,
 * no, true, false, 1, 0, ja, nein; blank = no; without the column an existing customer's mark is kept). Every
 * row gets its problems with its line number, so an admin sees them all in the preview; rows without problems
 * are ready to import. Pure: parsing and validation only.
 */
/** Keeps one preview (parse + one directory lookup pass) well inside the 25 s resolver limit on Forge; split larger files. */
export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type RowProblem =
  | 'email-missing'
  | 'email-invalid'
  | 'internal-address' // staff (an internal domain): they use the internal self-service
  | 'name-missing'
  | 'name-invalid'
  | 'username-invalid'
  | 'locale-invalid'
  | 'duplicate-email'
  | 'duplicate-username'
  | 'portal-admin-invalid';

export interface ImportRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  email: string;
  emailKey: string;
  displayName: string;
  username: string;
  locale: MailLocale;
  /** From the `portal_admin` column; undefined when the file has none. */
  portalAdmin?: boolean;
  problems: RowProblem[];
}

export type ImportParse =
  | { ok: true; rows: ImportRow[]; valid: number; invalid: number }
  | { ok: false; error: ImportFileError; detail?: string };

/** Why a whole file is refused. */
export type ImportFileError = 'too-large' | 'too-many-rows' | 'no-header' | 'missing-columns' | 'malformed';

/** A row with problems, as the preview lists it. */
export interface ImportProblem {
  line: number;
  email: string;
  problems: string[];
}

const HEADER_ALIASES: Record<string, 'email' | 'name' | 'username' | 'locale' | 'portalAdmin'> = {
  email: 'email', 'e-mail': 'email', mail: 'email',
  name: 'name', displayname: 'name', 'display name': 'name',
  username: 'username', 'user name': 'username', benutzername: 'username',
  locale: 'locale', language: 'locale', sprache: 'locale', lang: 'locale',
  portal_admin: 'portalAdmin', 'portal admin': 'portalAdmin', 'portal-admin': 'portalAdmin', portaladmin: 'portalAdmin',
};

const YES = new Set(['yes', 'true', '1', 'ja']);
const NO = new Set(['', 'no', 'false', '0', 'nein']);

/** A `portal_admin` cell (or the UI's boolean): true, false, or undefined when it says neither. */
export function parsePortalAdmin(value: string | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const v = value.normalize('NFC').trim().toLowerCase();
  return YES.has(v) ? true : NO.has(v) ? false : undefined;
}

/** One row's fields as read from a file or sent back by the UI in an import chunk. */
export interface RowFields {
  line: number;
  email: string;
  name: string;
  username: string;
  locale: string;
  /** The `portal_admin` cell as read, or the UI's boolean; undefined when the file has no such column. */
  portalAdmin?: string | boolean;
}

/**
 * A cell our own export escaped against formula injection (`'=…`, `'+…`, `'-…`, `'@…`) reads back as
 * it was, so an exported directory imports unchanged.
 */
const unescapeCell = (value: string) => (/^'\s*[=+\-@]/.test(value) ? value.slice(1) : value);

export function parseCustomerCsv(
  text: string,
  defaultLocale: MailLocale,
  accepted: readonly MailLocale[] = LOCALES,
  internalDomains: readonly string[] = [],
): ImportParse {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) return { ok: false, error: 'too-large' };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true, delimiter: [',', ';'], info: true }) as never;
  } catch (error) {
    return { ok: false, error: 'malformed', detail: error instanceof Error ? error.message.slice(0, 200) : undefined };
  }
  if (records.length === 0) return { ok: false, error: 'no-header' };
  if (records.length - 1 > MAX_IMPORT_ROWS) return { ok: false, error: 'too-many-rows' };
  const columns = records[0].record.map((h) => HEADER_ALIASES[h.trim().toLowerCase()]);
  if (!columns.includes('email') || !columns.includes('name')) return { ok: false, error: 'missing-columns' };
  const at = (record: string[], column: string) => {
    const index = columns.indexOf(column as never);
    return index >= 0 ? unescapeCell(record[index] ?? '') : '';
  };
  const withMark = columns.includes('portalAdmin');
  const rows = checkRows(
    records.slice(1).map(({ record, info }) => ({
      // The line a record starts on (a quoted field may span lines): where it ends, minus its own breaks.
      line: info.lines - (record.join('').match(/\n/g)?.length ?? 0),
      email: at(record, 'email'),
      name: at(record, 'name'),
      username: at(record, 'username'),
      locale: at(record, 'locale'),
      ...(withMark ? { portalAdmin: at(record, 'portalAdmin') } : {}),
    })),
    defaultLocale,
    accepted,
    internalDomains,
  );
  const invalid = rows.filter((r) => r.problems.length > 0).length;
  return { ok: true, rows, valid: rows.length - invalid, invalid };
}

/**
 * The row rules, one place for the file preview and for the rows the UI sends back to be imported (the
 * server never trusts its own earlier answer). Duplicates are found within the rows given.
 */
export function checkRows(
  fields: RowFields[],
  defaultLocale: MailLocale,
  accepted: readonly MailLocale[] = LOCALES,
  internalDomains: readonly string[] = [],
): ImportRow[] {
  const seenEmails = new Set<string>();
  const seenUsernames = new Set<string>();
  return fields.map((f): ImportRow => {
    const problems: RowProblem[] = [];
    const rawEmail = f.email.normalize('NFC').trim();
    const email = normaliseEmailForDisplay(rawEmail);
    const emailKey = normaliseForLookup(rawEmail);
    if (!email) problems.push('email-missing');
    else if (!isPlausibleEmail(emailKey)) problems.push('email-invalid');
    else if (seenEmails.has(emailKey)) problems.push('duplicate-email');
    else if (isInternalAddress(emailKey, internalDomains)) problems.push('internal-address');
    const displayName = f.name.normalize('NFC').trim();
    if (!displayName) problems.push('name-missing');
    else if (!isValidDisplayName(displayName)) problems.push('name-invalid');
    const username = f.username.normalize('NFC').trim();
    if (username && !isPlausibleUsername(username)) problems.push('username-invalid');
    else if (username && seenUsernames.has(normaliseForLookup(username))) problems.push('duplicate-username');
    const rawLocale = f.locale.normalize('NFC').trim().toLowerCase();
    const locale = rawLocale === '' ? defaultLocale : rawLocale.split(/[-_]/)[0];
    const known = accepted.includes(locale);
    if (!known) problems.push('locale-invalid');
    const portalAdmin = f.portalAdmin === undefined ? undefined : parsePortalAdmin(f.portalAdmin);
    if (f.portalAdmin !== undefined && portalAdmin === undefined) problems.push('portal-admin-invalid');
    if (emailKey) seenEmails.add(emailKey);
    if (username) seenUsernames.add(normaliseForLookup(username));
    return {
      line: f.line,
      email,
      emailKey,
      displayName,
      username,
      locale: known ? locale : defaultLocale,
      ...(portalAdmin === undefined ? {} : { portalAdmin }),
      problems,
    };
  });
}
