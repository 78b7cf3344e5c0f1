import { fetch as forgeFetch } from '@forge/api';
import type { OutgoingMail, SendResult } from '../../ports/mail';

/** What the transports need of `fetch`: both the global fetch and `fetch` from '@forge/api' fit. */
export type Fetch = (url: string, init: PostInit) => Promise<FetchResponse>;
type PostInit = { method: 'POST'; headers: Record<string, string>; body: string } | { method: 'GET'; headers: Record<string, string> };
type FetchResponse = { ok: boolean; status: number; headers: { get(name: string): string | null }; text(): Promise<string> };

export interface ProviderOptions {
  apiBase?: string;
  /** Resolves the provider API key (a KVS secret in production); `undefined` when none is stored. */
  apiKey: () => Promise<string | undefined>;
  fetch?: Fetch;
}

/** What every provider's client holds: its options, the API's base URL (the official one, or a stand-in's) and `fetch`. */
export abstract class ProviderClient<O extends ProviderOptions = ProviderOptions> {
  protected readonly apiBase: string;
  protected readonly fetch: Fetch;

  constructor(protected readonly opts: O, officialBase: string) {
    this.apiBase = (opts.apiBase ?? officialBase).replace(/\/+$/, '');
    this.fetch = opts.fetch ?? forgeFetch;
  }

  /** `run` with the stored API key (read first, before any other check); none stored: `not-configured`. */
  protected async withKey(run: (key: string) => Promise<SendResult>): Promise<SendResult> {
    const key = await this.opts.apiKey();
    return key ? run(key) : NOT_CONFIGURED;
  }
}

export const NOT_CONFIGURED: SendResult = { ok: false, reason: 'not-configured', retryable: false };

/** A display name safe inside a quoted header phrase: no CR/LF (header injection), no brackets or quotes. */
export function displayName(name: string): string {
  return name.replace(/[\r\n<>"\\]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Header values (subject, ids) keep their text but lose line breaks. */
export function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

// A single bare address: anything that could split it into several recipients or break out of `<...>` is refused.
const ADDRESS = /^[^\s<>"(),;:\\@]+@[^\s<>"(),;:\\@]+$/;

export function mailbox(party: { name: string; address: string }): string | undefined {
  if (!ADDRESS.test(party.address)) return undefined;
  const name = displayName(party.name);
  return name ? `"${name}" <${party.address}>` : party.address;
}

export function isAddress(address: string): boolean {
  return ADDRESS.test(address);
}

/**
 * A mail's addresses as a provider takes them (`Name <address>`), checked before any provider sees them: a bad
 * recipient or sender is refused for good; a bad Reply-To is left out.
 */
export function addressesOf(
  mail: Pick<OutgoingMail, 'to' | 'from' | 'replyTo'>,
): { ok: true; to: string; from: string; replyTo?: string } | Extract<SendResult, { ok: false }> {
  const to = mailbox(mail.to);
  if (!to) return { ok: false, reason: 'invalid-recipient', retryable: false };
  const from = mailbox(mail.from);
  if (!from) return { ok: false, reason: 'invalid-sender', retryable: false };
  return { ok: true, to, from, ...(mail.replyTo && isAddress(mail.replyTo) ? { replyTo: mail.replyTo } : {}) };
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSec(header: string | null, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** The status mapping both providers share; provider-specific bodies (recipient errors) are decided by the caller. */
export function fromStatus(response: FetchResponse): SendResult {
  const { status } = response;
  if (status === 429) {
    const after = retryAfterSec(response.headers.get('retry-after'));
    return { ok: false, reason: 'http-429', retryable: true, ...(after === undefined ? {} : { retryAfterSec: after }) };
  }
  if (status >= 500) return { ok: false, reason: `http-${status}`, retryable: true };
  if (status === 401 || status === 403) return { ok: false, reason: 'provider-auth', retryable: false };
  return { ok: false, reason: `http-${status}`, retryable: false };
}

/**
 * POSTs and reads the body as text. A thrown fetch (DNS, refused, reset) becomes `undefined`: the error is
 * dropped on purpose, its message may carry the URL or request details.
 */
export async function post(
  fetch: Fetch,
  url: string,
  init: { headers: Record<string, string>; body: string },
): Promise<{ response: FetchResponse; text: string } | undefined> {
  try {
    const response = await fetch(url, { ...init, method: 'POST' });
    const text = await response.text().catch(() => '');
    return { response, text };
  } catch {
    return undefined;
  }
}

export const NETWORK_ERROR: SendResult = { ok: false, reason: 'network', retryable: true };

/** How a provider's answer to a send is read: its body (as text) on 2xx; on a refusal, its own reason if it names one. */
export interface SendAnswer {
  sent: (text: string) => SendResult;
  /** `undefined`: the shared status mapping decides (`fromStatus`). */
  refused?: (status: number, text: string) => SendResult | undefined;
}

/** A call to the provider the admin chose for a channel; none, or one the channel does not offer: `not-configured`. */
export function callProvider<T>(byName: Readonly<Record<string, T>>, name: string, call: (transport: T) => Promise<SendResult>): Promise<SendResult> {
  return Object.hasOwn(byName, name) ? call(byName[name]) : Promise.resolve(NOT_CONFIGURED);
}

/** A provider's send call, one shape for every provider: POST, read the answer once, map it to a SendResult. */
export async function postSend(fetch: Fetch, url: string, init: { headers: Record<string, string>; body: string }, answer: SendAnswer): Promise<SendResult> {
  const result = await post(fetch, url, init);
  if (!result) return NETWORK_ERROR;
  const { response, text } = result;
  if (response.ok) return answer.sent(text);
  return answer.refused?.(response.status, text) ?? fromStatus(response);
}

/** Sent, with the provider's message id where the answer names one (an answer without it is still a send). */
export function sentWithId(id: string | undefined): SendResult {
  return id === undefined ? { ok: true } : { ok: true, providerMessageId: id };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * An authenticated GET that changes nothing (the admin's Diagnostics): ok on 2xx, else the shared status
 * mapping (401/403 `provider-auth`); a thrown fetch is `network` (its message is dropped, as in `post`).
 */
export async function verifyGet(fetch: Fetch, url: string, headers: Record<string, string>): Promise<SendResult> {
  try {
    const response = await fetch(url, { method: 'GET', headers });
    await response.text().catch(() => '');
    return response.ok ? { ok: true } : fromStatus(response);
  } catch {
    return NETWORK_ERROR;
  }
}
