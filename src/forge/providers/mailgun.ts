import { fetch as forgeFetch } from '@forge/api';
import * as z from 'zod';
import { HOSTNAME } from '../../domain/hostname';
import type { Settings } from '../../domain/settings';
import type { MailTransport, OutgoingMail, SendResult } from '../../ports/mail';
import { addressesOf, headerValue, NOT_CONFIGURED, parseJson, postSend, sentWithId, verifyGet, type Fetch, type ProviderOptions, type SendAnswer } from './http';

/**
 * Mailgun's messages API.
 * Base URL per region (a domain lives in one): https://documentation.mailgun.com/docs/mailgun/api-reference/api-overview
 * Request: https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/messages (POST
 *   /v3/{domain_name}/messages, HTTP Basic `api:<key>`, form fields from/to/subject/html/text, `h:` custom
 *   headers, `v:` user variables that come back in webhooks as `user-variables`).
 * Responses: https://documentation.mailgun.com/docs/mailgun/quickstart-guide/responses (200 `{id, message}`;
 *   400 with a JSON `message`; 401/403 auth; 429 retry as told; 500 retry with backoff).
 * Diagnostics: `GET /v3/domains/{domain_name}` (Domains API, "Get a domain": the sending domain and its state;
 *   sends nothing).
 */
export const MAILGUN_API = { us: 'https://api.mailgun.net', eu: 'https://api.eu.mailgun.net' } as const;

const okBody = z.object({ id: z.string().min(1) });

const MAILGUN_ANSWER: SendAnswer = {
  // The id comes as `<...@domain>`; webhooks carry the bare Message-ID, so store it without brackets.
  sent: (text) => sentWithId(okBody.safeParse(parseJson(text)).data?.id.replace(/^<|>$/g, '')),
  // Mailgun answers 400 for a bad recipient or bad parameters; neither gets better by retrying.
  refused: (status) => (status === 400 ? { ok: false, reason: 'invalid-recipient', retryable: false } : undefined),
};

export class MailgunTransport implements MailTransport {
  private readonly fetch: Fetch;

  constructor(private readonly opts: ProviderOptions) {
    this.fetch = opts.fetch ?? forgeFetch;
  }

  async verify(settings: Settings): Promise<SendResult> {
    const { mailgunDomain, mailgunRegion } = settings.delivery;
    const key = await this.opts.apiKey();
    if (!HOSTNAME.test(mailgunDomain) || !key) return NOT_CONFIGURED;
    const base = (this.opts.apiBase ?? MAILGUN_API[mailgunRegion]).replace(/\/+$/, '');
    return verifyGet(this.fetch, `${base}/v3/domains/${mailgunDomain}`, { Accept: 'application/json', Authorization: `Basic ${Buffer.from(`api:${key}`).toString('base64')}` });
  }

  async send(mail: OutgoingMail, settings: Settings): Promise<SendResult> {
    const { mailgunDomain, mailgunRegion } = settings.delivery;
    if (!HOSTNAME.test(mailgunDomain)) return NOT_CONFIGURED;
    const key = await this.opts.apiKey();
    if (!key) return NOT_CONFIGURED;
    const addresses = addressesOf(mail);
    if (!addresses.ok) return addresses;
    const { to, from, replyTo } = addresses;

    const form = new URLSearchParams({
      from,
      to,
      subject: headerValue(mail.subject),
      html: mail.html,
      text: mail.text,
      'h:X-Portal-Access-Id': headerValue(mail.id),
      'v:messageId': mail.id,
      'v:customerId': mail.customerId,
    });
    if (replyTo) form.set('h:Reply-To', replyTo);

    const base = (this.opts.apiBase ?? MAILGUN_API[mailgunRegion]).replace(/\/+$/, '');
    return postSend(this.fetch, `${base}/v3/${mailgunDomain}/messages`, {
      headers: {
        Accept: 'application/json',
        Authorization: `Basic ${Buffer.from(`api:${key}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    }, MAILGUN_ANSWER);
  }
}
