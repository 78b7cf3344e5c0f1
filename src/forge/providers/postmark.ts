import * as z from 'zod';
import type { Settings } from '../../domain/settings';
import type { MailTransport, OutgoingMail, SendResult } from '../../ports/mail';
import { addressesOf, headerValue, parseJson, postSend, sentWithId, verifyGet, type ProviderOptions, type SendAnswer, ProviderClient } from './http';

/**
 * Postmark's single-email API.
 * Request: https://postmarkapp.com/developer/user-guide/send-email-with-api (POST /email, JSON, headers
 *   Accept/Content-Type application/json and X-Postmark-Server-Token; From/To accept `Name <address>`).
 * Responses and error codes: https://postmarkapp.com/developer/api/overview (401 on a wrong or missing token;
 *   422 with a JSON `ErrorCode`: 300 invalid email request, 406 inactive recipient; 429; 500/503).
 *   https://postmarkapp.com/support/article/troubleshooting-422-unprocessable-entity-errors
 * Diagnostics: `GET /server` (Server API, "Get the server": the server the token belongs to; sends nothing).
 */
export const POSTMARK_API = 'https://api.postmarkapp.com';

const RECIPIENT_ERROR_CODES = new Set([300, 406]);

const okBody = z.object({ MessageID: z.string().min(1) });
const errorBody = z.object({ ErrorCode: z.number() });

const POSTMARK_ANSWER: SendAnswer = {
  sent: (text) => sentWithId(okBody.safeParse(parseJson(text)).data?.MessageID),
  refused: (status, text) => {
    if (status !== 422) return undefined;
    const body = errorBody.safeParse(parseJson(text));
    return body.success && RECIPIENT_ERROR_CODES.has(body.data.ErrorCode) ? { ok: false, reason: 'invalid-recipient', retryable: false } : undefined;
  },
};

export class PostmarkTransport extends ProviderClient<ProviderOptions> implements MailTransport {
  constructor(opts: ProviderOptions) {
    super(opts, POSTMARK_API);
  }

  verify(_settings: Settings): Promise<SendResult> {
    return this.withKey((token) => verifyGet(this.fetch, `${this.apiBase}/server`, { Accept: 'application/json', 'X-Postmark-Server-Token': token }));
  }

  send(mail: OutgoingMail, _settings: Settings): Promise<SendResult> {
    return this.withKey((token) => this.sendWith(token, mail));
  }

  private async sendWith(token: string, mail: OutgoingMail): Promise<SendResult> {
    const addresses = addressesOf(mail);
    if (!addresses.ok) return addresses;
    const { to, from, replyTo } = addresses;

    return postSend(this.fetch, `${this.apiBase}/email`, {
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Postmark-Server-Token': token },
      body: JSON.stringify({
        From: from,
        To: to,
        ...(replyTo ? { ReplyTo: replyTo } : {}),
        Subject: headerValue(mail.subject),
        HtmlBody: mail.html,
        TextBody: mail.text,
        MessageStream: 'outbound',
        Metadata: { messageId: mail.id, customerId: mail.customerId },
        Headers: [{ Name: 'X-Portal-Access-Id', Value: headerValue(mail.id) }],
      }),
    }, POSTMARK_ANSWER);
  }
}
