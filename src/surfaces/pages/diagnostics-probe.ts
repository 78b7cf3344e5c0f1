import type { DiagnosticsStore } from '../../ports/admin';
import { sha256Hex } from '../../forge/diagnostics';
import type { WebTriggerRequest, WebTriggerResponse } from './http';

/**
 * `diagnostics/probe` on the customer-pages trigger: what the admin section "Diagnostics" asks of the trigger
 * (issue 20, item 7). Only a request carrying a live one-time token (header `x-pa-probe`, created by the admin
 * resolver, 2 minutes) is answered; anything else gets undefined and the router's ordinary 404 page. It tells
 * whether the form body arrived byte for byte, whether a client address header is there and how many entries
 * it has (never the addresses), whether its cookie came back, and answers binary bytes as base64.
 */
export const PROBE_ROUTE = 'diagnostics/probe';
export const PROBE_HEADER = 'x-pa-probe';
export const PROBE_COOKIE = 'pa_diag';

export interface ProbeAnswer {
  intact: boolean;
  forwardedFor: { present: boolean; entries: number };
  cookieBack: boolean;
}

function headerValues(request: WebTriggerRequest, name: string): string[] {
  const found = Object.entries(request.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1] ?? [];
}

function cookieValue(request: WebTriggerRequest): string | undefined {
  for (const header of headerValues(request, 'cookie')) {
    for (const part of header.split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === PROBE_COOKIE) return value.join('=');
    }
  }
  return undefined;
}

const cookiePath = (path: string | undefined) => (path && /^\/[A-Za-z0-9/_.-]{1,300}$/.test(path) ? path : '/');

const HEADERS = { 'Cache-Control': ['no-store'], 'X-Content-Type-Options': ['nosniff'], 'Referrer-Policy': ['no-referrer'] };

export async function diagnosticsProbe(store: Pick<DiagnosticsStore, 'probe'>, request: WebTriggerRequest, step: string | undefined): Promise<WebTriggerResponse | undefined> {
  const token = headerValues(request, PROBE_HEADER)[0];
  if (!token || token.length > 100) return undefined;
  const record = await store.probe(token);
  if (!record) return undefined;
  const method = (request.method ?? 'GET').toUpperCase();
  if (method === 'GET' && step === 'base64') {
    return { statusCode: 200, headers: { ...HEADERS, 'Content-Type': ['application/octet-stream'] }, body: Buffer.from(record.bytes, 'hex').toString('base64'), isBase64Encoded: true };
  }
  const entries = headerValues(request, 'x-forwarded-for').flatMap((v) => v.split(',')).filter((v) => v.trim() !== '').length;
  const answer: ProbeAnswer = {
    intact: method === 'POST' && sha256Hex(request.body ?? '') === record.bodySha256,
    forwardedFor: { present: entries > 0, entries },
    cookieBack: cookieValue(request) === record.cookie,
  };
  return {
    statusCode: 200,
    headers: {
      ...HEADERS,
      'Content-Type': ['application/json; charset=utf-8'],
      // Scoped to the probe's own path (when it is a plain one): a browser would never send it to the customer pages.
      ...(method === 'POST' ? { 'Set-Cookie': [`${PROBE_COOKIE}=${record.cookie}; Max-Age=120; Path=${cookiePath(request.path)}; HttpOnly; Secure; SameSite=Strict`] } : {}),
    },
    body: JSON.stringify(answer),
  };
}
