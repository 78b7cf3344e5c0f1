import type { Logger } from '../ports/platform';

/**
 * Structured log lines. Callers pass only non-identifying fields (kinds, reasons, counts); as a second
 * guard anything shaped like an email address or a long token is masked before it is written.
 */
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+/g;
const TOKEN = /[A-Za-z0-9_-]{32,}/g;

export function redact(text: string): string {
  return text.replace(EMAIL, '[email]').replace(TOKEN, '[redacted]');
}

function line(level: string, message: string, fields?: Record<string, string | number | boolean>): string {
  return redact(JSON.stringify({ level, message, ...fields }));
}

export const consoleLogger: Logger = {
  info: (message, fields) => console.log(line('info', message, fields)),
  warn: (message, fields) => console.warn(line('warn', message, fields)),
  error: (message, fields) => console.error(line('error', message, fields)),
};
