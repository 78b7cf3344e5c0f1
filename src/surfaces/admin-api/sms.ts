/** The "SMS" part of the section "Email delivery" (issue 11): provider, sender, key, daily cap, test SMS. */
import { SMS_PROVIDERS, SMS_SENDER, TWILIO_ACCOUNT_SID } from '../../domain/sms-settings';
import { adminCall } from './common';

export { SMS_PROVIDERS, SMS_SENDER, TWILIO_ACCOUNT_SID };
export type SmsProvider = (typeof SMS_PROVIDERS)[number];
/** Limits the backend enforces (the UI checks the same before sending). */
export const SMS_SECRET_MIN = 8;
export const SMS_SECRET_MAX = 200;
export const SMS_DAILY_CAP_MIN = 1;
export const SMS_DAILY_CAP_MAX = 100_000;

export interface SmsData {
  provider: SmsProvider;
  /** Alphanumeric sender ID (3–11 characters) or a number in E.164; '' = the provider's default (seven.io only). */
  sender: string;
  /** Twilio only ('' otherwise). */
  twilioAccountSid: string;
  dailyCap: number;
  /** Whether an API key (seven.io) / auth token (Twilio) is stored, and its last four characters. Never the key. */
  apiKey: { set: boolean; last4: string };
  /** SMS queued today (UTC) against the daily cap. */
  sentToday: number;
  /** seven.io's signing key for its delivery reports: whether one is stored (never the key). */
  webhookKey: { set: boolean };
  /** Where the provider's delivery reports go (Twilio: sent with each SMS; seven.io: to enter as a `dlr` webhook); null without a provider. */
  reportsUrl: string | null;
}

export type SmsField = 'provider' | 'sender' | 'twilioAccountSid' | 'dailyCap' | 'apiKey' | 'webhookKey' | 'to';

export interface SmsSavePayload {
  provider: SmsProvider;
  sender: string;
  twilioAccountSid: string;
  dailyCap: number;
  /** Only when the admin typed a new key; absent or '' keeps the stored one. */
  apiKey?: string;
  /** seven.io's signing key (delivery reports); only when typed, absent or '' keeps the stored one. */
  webhookKey?: string;
}

export interface TestSmsQueued {
  /** The number the test SMS goes to, masked (`+49 ••• •••• 67`). */
  to: string;
}

/**
 * `admin/sms/test` answers once the SMS is queued (the provider is asked off the request path); errors:
 * `invalid-input` with field `to` (not a valid mobile number), `limit` (the site's daily cap is reached).
 */
export const SMS_CALLS = {
  'admin/sms/get': adminCall<Record<string, never>, SmsData>(),
  'admin/sms/save': adminCall<SmsSavePayload, SmsData>(),
  'admin/sms/test': adminCall<{ to: string }, TestSmsQueued>(),
};
