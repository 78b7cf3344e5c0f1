import { kvs } from '@forge/kvs';
import type { ProviderSecret, ProviderSecrets } from '../ports/settings';
import { MAIL_API_KEY_SECRET, MAIL_WEBHOOK_SECRET, SMS_API_KEY_SECRET, SMS_WEBHOOK_SECRET } from './kvs-keys';

/** The mail and SMS providers' credentials in KVS secret storage, under the names kvs-keys.ts pins. */
const NAMES: Readonly<Record<ProviderSecret, string>> = {
  mailApiKey: MAIL_API_KEY_SECRET,
  mailWebhookSecret: MAIL_WEBHOOK_SECRET,
  smsApiKey: SMS_API_KEY_SECRET,
  smsWebhookKey: SMS_WEBHOOK_SECRET,
};

export class KvsProviderSecrets implements ProviderSecrets {
  get(name: ProviderSecret): Promise<string | undefined> {
    return kvs.getSecret<string>(NAMES[name]);
  }

  set(name: ProviderSecret, value: string): Promise<void> {
    return kvs.setSecret(NAMES[name], value);
  }
}
