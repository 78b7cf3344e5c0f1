import { kvs } from '@forge/kvs';
import type { Settings } from '../../domain/settings';
import type { SendResult } from '../../ports/mail';
import type { OutgoingSms, PendingSms, SentSms, SmsOutbox, SmsTransport } from '../../ports/sms';
import { pendingSmsKey, smsClaimKey as claimKey, smsSentKey as sentKey, SMS_API_KEY_SECRET } from '../kvs-keys';
import { callProvider, type Fetch } from '../providers/http';
import { SevenTransport } from './seven';
import { TwilioTransport } from './twilio';

/**
 * SMS on Forge go over HTTPS to the provider the admin chose (egress declared in manifest.yml). The API key
 * (seven.io) or auth token (Twilio) is a KVS secret and never leaves the backend; seven.io signs its delivery
 * reports with a key of its own (SMS_WEBHOOK_SECRET), Twilio with the auth token.
 */

export class SmsProviderTransport implements SmsTransport {
  private readonly byName: Record<'seven' | 'twilio', SevenTransport | TwilioTransport>;

  constructor(opts: { apiKey?: () => Promise<string | undefined>; fetch?: Fetch; apiBase?: string; statusCallback?: () => Promise<string | undefined> } = {}) {
    const options = { apiKey: opts.apiKey ?? (() => kvs.getSecret<string>(SMS_API_KEY_SECRET)), fetch: opts.fetch, apiBase: opts.apiBase };
    this.byName = { seven: new SevenTransport(options), twilio: new TwilioTransport({ ...options, statusCallback: opts.statusCallback }) };
  }

  verify(settings: Settings): Promise<SendResult> {
    return callProvider(this.byName, settings.sms.provider, (t) => t.verify(settings));
  }

  send(sms: OutgoingSms, settings: Settings): Promise<SendResult> {
    return callProvider(this.byName, settings.sms.provider, (t) => t.send(sms, settings));
  }
}

/**
 * Pending SMS in KVS secret storage (`sms-out-<id>`), one hour at most: a PIN is worth nothing after 10 minutes.
 * One claim per attempt (`sms-claim-<id>-<attempt>`), written only if absent. Whom a sent SMS was for
 * (`sms-sent-<id>`, masked number only), kept as long as providers report delivery.
 */
const PENDING_TTL = { value: 3600, unit: 'SECONDS' } as const;
const SENT_TTL = { value: 3 * 86_400, unit: 'SECONDS' } as const;

export class KvsSmsOutbox implements SmsOutbox {
  async put(id: string, sms: PendingSms) {
    await kvs.setSecret(pendingSmsKey(id), sms, { ttl: PENDING_TTL });
  }
  get(id: string) {
    return kvs.getSecret<PendingSms>(pendingSmsKey(id));
  }
  async remove(id: string) {
    await kvs.deleteSecret(pendingSmsKey(id));
  }
  async claim(id: string, attempt: number): Promise<boolean> {
    try {
      await kvs.set(claimKey(id, attempt), 1, { keyPolicy: 'FAIL_IF_EXISTS', ttl: PENDING_TTL });
      return true;
    } catch (error) {
      if (/CONFLICT|EXISTS/i.test((error as { code?: string })?.code ?? '')) return false;
      throw error;
    }
  }
  async markSent(id: string, sent: SentSms) {
    await kvs.set(sentKey(id), sent, { ttl: SENT_TTL });
  }
  sent(id: string) {
    return kvs.get<SentSms>(sentKey(id));
  }
}
