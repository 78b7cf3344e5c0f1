import * as z from 'zod';
import type { Settings } from '../../domain/settings';
import type { SendResult } from '../../ports/mail';
import type { OutgoingSms, SmsTransport } from '../../ports/sms';
import { NOT_CONFIGURED, parseJson, postSend, sentWithId, type SendAnswer, verifyGet, ProviderClient } from '../providers/http';
import type { SmsProviderOptions } from './seven';

/**
 * Twilio's Programmable Messaging (Message resource).
 * Request: https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource —
 *   `POST https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`, `From`,
 *   `Body`; HTTP Basic auth with the Account SID and the auth token (https://www.twilio.com/docs/usage/your-request-to-twilio).
 * Response: 201 with the message as JSON (`sid` "SM…", `status` "queued"); errors as JSON `{code, message,
 *   more_info, status}` (https://www.twilio.com/docs/usage/twilios-response): 400 with 21211 (invalid `To`),
 *   21614 (`To` is not a mobile number), 21408 (region not enabled), 21610 (recipient unsubscribed),
 *   21612 (unroutable), 21212 / 21606 / 21659 (invalid or unusable `From`); 401 with 20003 (bad credentials);
 *   429 with 20429 (too many requests); 5xx. Error pages: https://www.twilio.com/docs/api/errors/21211 etc.
 */
export const TWILIO_API = 'https://api.twilio.com';

const RECIPIENT_CODES = new Set([21211, 21214, 21217, 21408, 21610, 21612, 21614]);
const SENDER_CODES = new Set([21212, 21606, 21659, 21660]);

const okBody = z.object({ sid: z.string().min(1) }).passthrough();
const errorBody = z.object({ code: z.number() }).passthrough();

const TWILIO_ANSWER: SendAnswer = {
  sent: (text) => sentWithId(okBody.safeParse(parseJson(text)).data?.sid),
  refused: (status, text) => {
    const parsed = status === 400 || status === 404 ? errorBody.safeParse(parseJson(text)) : undefined;
    if (!parsed?.success) return undefined;
    if (RECIPIENT_CODES.has(parsed.data.code)) return { ok: false, reason: 'invalid-recipient', retryable: false };
    if (SENDER_CODES.has(parsed.data.code)) return { ok: false, reason: 'invalid-sender', retryable: false };
    return { ok: false, reason: `twilio-${parsed.data.code}`, retryable: false };
  },
};

export class TwilioTransport extends ProviderClient<SmsProviderOptions> implements SmsTransport {
  constructor(opts: SmsProviderOptions) {
    super(opts, TWILIO_API);
  }

  /** Diagnostics: `GET /2010-04-01/Accounts/{AccountSid}.json` (Accounts resource, "Fetch an Account"; sends nothing). */
  async verify(settings: Settings): Promise<SendResult> {
    const token = await this.opts.apiKey();
    const sid = settings.sms.twilioAccountSid;
    if (!token || !/^AC[0-9a-fA-F]{32}$/.test(sid)) return NOT_CONFIGURED;
    return verifyGet(this.fetch, `${this.apiBase}/2010-04-01/Accounts/${sid}.json`, { Accept: 'application/json', Authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}` });
  }

  async send(sms: OutgoingSms, settings: Settings): Promise<SendResult> {
    const token = await this.opts.apiKey();
    const sid = settings.sms.twilioAccountSid;
    if (!token || !/^AC[0-9a-fA-F]{32}$/.test(sid)) return NOT_CONFIGURED;
    if (!settings.sms.sender) return { ok: false, reason: 'invalid-sender', retryable: false };
    if (!/^\+[1-9]\d{7,14}$/.test(sms.to)) return { ok: false, reason: 'invalid-recipient', retryable: false };
    // Delivery reports come back to this URL, signed with the auth token (src/forge/sms/reports.ts).
    const statusCallback = await this.opts.statusCallback?.();

    return postSend(this.fetch, `${this.apiBase}/2010-04-01/Accounts/${sid}/Messages.json`, {
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        To: sms.to, From: settings.sms.sender, Body: sms.text, ...(statusCallback ? { StatusCallback: statusCallback } : {}),
      }).toString(),
    }, TWILIO_ANSWER);
  }
}
