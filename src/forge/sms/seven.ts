import * as z from 'zod';
import type { Settings } from '../../domain/settings';
import type { SendResult } from '../../ports/mail';
import type { OutgoingSms, SmsTransport } from '../../ports/sms';
import { fromStatus, NETWORK_ERROR, parseJson, postSend, sentWithId, type Fetch, ProviderClient } from '../providers/http';

/**
 * seven.io's SMS API (a German provider, data processed in the EU).
 * Request: https://docs.seven.io/en/rest-api/endpoints/sms#send-sms — `POST https://gateway.seven.io/api/sms`,
 *   JSON body (`to`, `text`, `from`, `foreign_id`), the API key in the `X-Api-Key` header
 *   (https://docs.seven.io/en/rest-api/authentication).
 * Response: HTTP 200 with a JSON body whose `success` is a return code ("100" = sent) and `messages[]` (`id`,
 *   `success`, `error`, `error_text`); an error may also come as the bare code. Return codes:
 *   https://docs.seven.io/en/rest-api/endpoints/sms#return-codes (also listed in the official client's
 *   ErrorCode enum, https://raw.githubusercontent.com/seven-io/js-client/HEAD/docs/enums/ErrorCode.html):
 *   201 invalid country code, 202 invalid recipient, 301 `to` missing, 306 invalid sender, 403 daily limit for
 *   this number, 500 not enough credit, 600 carrier failed, 700 unknown error, 900 bad API key, 902 API key
 *   deactivated, 903 IP not allowed. Rate limiting and outages are plain HTTP (429 with Retry-After, 5xx).
 */
export const SEVEN_API = 'https://gateway.seven.io';

const RECIPIENT_CODES = new Set([201, 202, 301]);
const AUTH_CODES = new Set([300, 900, 902, 903]);
/** Worth another try later: the carrier or seven.io failed this time. */
const TEMPORARY_CODES = new Set([600, 700]);

const message = z.object({ id: z.union([z.string(), z.number()]).nullable().optional(), success: z.boolean().optional() }).passthrough();
const body = z.object({ success: z.union([z.string(), z.number()]), messages: z.array(message).optional() }).passthrough();

export interface SmsProviderOptions {
  apiBase?: string;
  /** Resolves the API key / auth token (a KVS secret in production); `undefined` when none is stored. */
  apiKey: () => Promise<string | undefined>;
  fetch?: Fetch;
  /** Where the provider posts delivery reports for each message (Twilio's `StatusCallback`; seven.io's is set in its dashboard). */
  statusCallback?: () => Promise<string | undefined>;
}

/** seven.io's return code as a SendResult; `undefined` for 100 (sent). */
export function fromSevenCode(code: number): SendResult | undefined {
  if (code === 100) return undefined;
  if (RECIPIENT_CODES.has(code)) return { ok: false, reason: 'invalid-recipient', retryable: false };
  if (AUTH_CODES.has(code)) return { ok: false, reason: 'provider-auth', retryable: false };
  if (code === 306) return { ok: false, reason: 'invalid-sender', retryable: false };
  if (code === 500) return { ok: false, reason: 'provider-credit', retryable: false };
  if (code === 403) return { ok: false, reason: 'recipient-limit', retryable: false };
  return { ok: false, reason: `seven-${code}`, retryable: TEMPORARY_CODES.has(code) };
}

/** seven.io answers 200 whether or not it sent: the return code (bare, or the body's `success`) says which. */
function sevenSent(text: string): SendResult {
  const json = parseJson(text.trim());
  if (typeof json === 'number') return fromSevenCode(json) ?? { ok: true };
  const parsed = body.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'provider-answer', retryable: true };
  const failure = fromSevenCode(Number(parsed.data.success));
  if (failure) return failure;
  const first = parsed.data.messages?.[0];
  if (first && first.success === false) return { ok: false, reason: 'invalid-recipient', retryable: false };
  return sentWithId(first?.id === undefined || first.id === null ? undefined : String(first.id));
}

export class SevenTransport extends ProviderClient<SmsProviderOptions> implements SmsTransport {
  constructor(opts: SmsProviderOptions) {
    super(opts, SEVEN_API);
  }

  /**
   * Diagnostics: `GET /api/balance` (https://docs.seven.io/en/rest-api/endpoints/account#balance: the account's
   * credit, JSON `{amount, currency}`; sends nothing). A refused key may come as HTTP 200 with a bare return code.
   */
  verify(_settings: Settings): Promise<SendResult> {
    return this.withKey((key) => this.balance(key));
  }

  private async balance(key: string): Promise<SendResult> {
    try {
      const response = await this.fetch(`${this.apiBase}/api/balance`, { method: 'GET', headers: { Accept: 'application/json', 'X-Api-Key': key } });
      const text = await response.text().catch(() => '');
      if (!response.ok) return fromStatus(response);
      const answer = parseJson(text);
      if (typeof answer === 'object' && answer !== null && 'amount' in answer) return { ok: true };
      return (typeof answer === 'number' && fromSevenCode(answer)) || { ok: false, reason: 'unexpected-answer', retryable: false };
    } catch {
      return NETWORK_ERROR;
    }
  }

  send(sms: OutgoingSms, settings: Settings): Promise<SendResult> {
    return this.withKey((key) => this.sendWith(key, sms, settings));
  }

  private async sendWith(key: string, sms: OutgoingSms, settings: Settings): Promise<SendResult> {
    if (!/^\+[1-9]\d{7,14}$/.test(sms.to)) return { ok: false, reason: 'invalid-recipient', retryable: false };
    return postSend(this.fetch, `${this.apiBase}/api/sms`, {
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Api-Key': key },
      body: JSON.stringify({
        to: sms.to,
        text: sms.text,
        ...(settings.sms.sender ? { from: settings.sms.sender } : {}),
        // Returned in seven.io's status reports: our message id (letters, digits and - only, ≤ 64).
        foreign_id: sms.id.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64),
      }),
    }, { sent: sevenSent });
  }
}
