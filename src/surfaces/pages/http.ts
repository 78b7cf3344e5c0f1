import { randomBytes } from 'node:crypto';
import { UNKNOWN_CLIENT } from '../../flows/client-limit';
import { isLocale, localeFromAcceptLanguage, type Locale, DEFAULT_LOCALE } from '../../i18n/locale';

/** The web trigger's request as Forge delivers it (header and query values are arrays). */
export interface WebTriggerRequest {
  method: string;
  path?: string;
  userPath?: string;
  headers?: Record<string, string[] | undefined>;
  queryParameters?: Record<string, string[] | undefined>;
  body?: string;
}

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
  /** The body is base64 of binary content (the logo). */
  isBase64Encoded?: boolean;
}

export const MAX_BODY_BYTES = 8 * 1024;

export interface PageRequest {
  method: string;
  route: string;
  query: (name: string) => string | undefined;
  header: (name: string) => string | undefined;
  /** Parsed form fields, or 'too-large' / 'bad-type' for bodies we refuse. */
  form: URLSearchParams | 'too-large' | 'bad-type';
}

/** Route = the path below the trigger URL, without slashes at either end ("", "forgot", "forgot/sent"). */
export function routeOf(request: WebTriggerRequest): string {
  const raw = request.userPath ?? (request.path ?? '').replace(/^\/(?:x1|public)\/[^/]+/, '');
  return raw.split('?')[0].replace(/^\/+|\/+$/g, '');
}

export function parseRequest(request: WebTriggerRequest): PageRequest {
  const headers = new Map<string, string>();
  for (const [name, values] of Object.entries(request.headers ?? {})) {
    // Repeated `x-forwarded-for` lines form one list (RFC 9110 §5.3); the others: the first value.
    if (values && values.length > 0) headers.set(name.toLowerCase(), name.toLowerCase() === 'x-forwarded-for' ? values.join(', ') : values[0]);
  }
  const body = request.body ?? '';
  const type = (headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  let form: PageRequest['form'] = new URLSearchParams();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) form = 'too-large';
  else if (body && type !== 'application/x-www-form-urlencoded') form = 'bad-type';
  else if (body) form = new URLSearchParams(body);
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    route: routeOf(request),
    query: (name) => request.queryParameters?.[name]?.[0],
    header: (name) => headers.get(name),
    form,
  };
}

export function pickLocale(req: PageRequest): Locale {
  const explicit = (req.form instanceof URLSearchParams ? req.form.get('lang') : undefined) ?? req.query('lang');
  if (isLocale(explicit)) return explicit;
  return localeFromAcceptLanguage(req.header('accept-language')) ?? DEFAULT_LOCALE;
}

/**
 * The caller's address as the platform's edge reports it; only ever used hashed, as a rate-limit key. The
 * right-most `x-forwarded-for` entry is the one the edge appended (the address that connected to it); every
 * entry left of it is whatever the caller sent and proves nothing (docs/platform-assumptions.md).
 */
export function clientAddress(req: PageRequest): string {
  return (req.header('x-forwarded-for') ?? '').split(',').pop()!.trim() || UNKNOWN_CLIENT;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** `formAction`: where the page's forms may post instead of `'self'` (the SAML hand-back page: the ACS's scheme, see handBackFormAction). */
export function securityHeaders(nonce: string, locale: Locale, formAction?: string): Record<string, string[]> {
  return {
    'Content-Type': ['text/html; charset=utf-8'],
    'Content-Language': [locale],
    'Cache-Control': ['no-store'],
    'Referrer-Policy': ['no-referrer'],
    'X-Content-Type-Options': ['nosniff'],
    'X-Frame-Options': ['DENY'],
    'Content-Security-Policy': [
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' https: data:; form-action ${formAction ? formAction : "'self'"}; base-uri 'none'; frame-ancestors 'none'`,
    ],
  };
}

export function redirect(location: string): WebTriggerResponse {
  return {
    statusCode: 303,
    headers: { Location: [location], 'Cache-Control': ['no-store'], 'Referrer-Policy': ['no-referrer'], 'Content-Type': ['text/plain; charset=utf-8'] },
    body: '',
  };
}
