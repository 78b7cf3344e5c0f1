/**
 * CSV for exports (RFC 4180: comma, CRLF, quotes doubled) that spreadsheets open safely: a cell that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return, also after leading
 * spaces) gets a leading apostrophe, so it is shown as text (OWASP "CSV injection").
 */
const FORMULA_START = /^[\s]*[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
