import { kvs } from '@forge/kvs';
import type { Settings } from '../domain/settings';
import type { MailTransport, OutgoingMail, SendResult } from '../ports/mail';
import { MAIL_API_KEY_SECRET } from './kvs-keys';
import { callProvider, type Fetch } from './providers/http';
import { MailgunTransport } from './providers/mailgun';
import { PostmarkTransport } from './providers/postmark';

/**
 * Mail on Forge goes over HTTPS to a provider API (egress declared in manifest.yml); a Forge function
 * cannot speak SMTP. The admin picks the provider in settings; the API key and the webhook secret are KVS
 * secrets (MAIL_API_KEY_SECRET, MAIL_WEBHOOK_SECRET in ./kvs-keys) and never leave the backend. The webhook
 * secret is, for Postmark, the Basic-auth password in the webhook URL; for Mailgun, the webhook signing key.
 */

export class ProviderTransport implements MailTransport {
  private readonly byName: Record<'postmark' | 'mailgun', PostmarkTransport | MailgunTransport>;

  /** `apiBase`: one base URL for either provider's API instead of theirs (a loopback stand-in: local host, bench). */
  constructor(opts: { apiKey?: () => Promise<string | undefined>; fetch?: Fetch; apiBase?: string } = {}) {
    const options = { apiKey: opts.apiKey ?? (() => kvs.getSecret<string>(MAIL_API_KEY_SECRET)), fetch: opts.fetch, apiBase: opts.apiBase };
    this.byName = { postmark: new PostmarkTransport(options), mailgun: new MailgunTransport(options) };
  }

  verify(settings: Settings): Promise<SendResult> {
    return callProvider(this.byName, settings.delivery.provider, (t) => t.verify(settings));
  }

  send(mail: OutgoingMail, settings: Settings): Promise<SendResult> {
    return callProvider(this.byName, settings.delivery.provider, (t) => t.send(mail, settings));
  }
}
