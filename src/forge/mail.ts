import { fetch } from '@forge/api';
import { kvs } from '@forge/kvs';
import type { Settings } from '../domain/settings';
import type { MailTransport, OutgoingMail } from '../ports';

/**
 * Mail on Forge goes over HTTPS to a provider API (egress declared in manifest.yml); a Forge function
 * cannot speak SMTP. This is Postmark's documented `POST /email`; more providers, retries and delivery
 * webhooks come with the outbox (issue 6). The API key is a KVS secret and never leaves the backend.
 */
export const MAIL_API_KEY_SECRET = 'mail-api-key';

function headerSafe(value: string): string {
  return value.replace(/[\r\n<>"]+/g, ' ').trim();
}

export class PostmarkTransport implements MailTransport {
  constructor(private readonly apiBase = 'https://api.postmarkapp.com') {}

  async send(mail: OutgoingMail, settings: Settings) {
    if (settings.delivery.provider !== 'postmark') return { ok: false as const, reason: 'not-configured', retryable: false };
    const token = await kvs.getSecret<string>(MAIL_API_KEY_SECRET);
    if (!token) return { ok: false as const, reason: 'not-configured', retryable: false };
    const response = await fetch(`${this.apiBase}/email`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Postmark-Server-Token': token },
      body: JSON.stringify({
        From: `"${headerSafe(mail.from.name)}" <${mail.from.address}>`,
        To: `"${headerSafe(mail.to.name)}" <${mail.to.address}>`,
        ReplyTo: mail.replyTo,
        Subject: headerSafe(mail.subject),
        HtmlBody: mail.html,
        TextBody: mail.text,
        MessageStream: 'outbound',
        Metadata: { messageId: mail.id },
      }),
    });
    if (response.ok) return { ok: true as const };
    return { ok: false as const, reason: `http-${response.status}`, retryable: response.status === 429 || response.status >= 500 };
  }
}
