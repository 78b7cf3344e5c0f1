/** Section "Email delivery" and "Email activity" (issue 6). */
import { adminCall } from './common';
export const PROVIDERS = ['none', 'postmark', 'mailgun'] as const;
export type Provider = (typeof PROVIDERS)[number];
export const MAILGUN_REGIONS = ['us', 'eu'] as const;
export type MailgunRegion = (typeof MAILGUN_REGIONS)[number];

/** Limits the backend enforces (the UI checks the same before sending). */
export const SECRET_MIN = 8;
export const SECRET_MAX = 200;

/** What an admin edits and reads back alike; the secrets differ (typed in on save, only their presence read). */
interface DeliverySettings {
  provider: Provider;
  senderName: string;
  senderAddress: string;
  /** '' = no Reply-To header. */
  replyTo: string;
  mailgunDomain: string;
  mailgunRegion: MailgunRegion;
}

export interface DeliveryData extends DeliverySettings {
  /** Whether a key is stored; `last4` its last four characters ('' when none). Never the key. */
  apiKey: { set: boolean; last4: string };
  /** Whether a webhook signing secret is stored. Never the secret. */
  webhookSecret: { set: boolean };
  /** The URL to enter at the provider for delivery events; null while it cannot be determined. */
  webhookUrl: string | null;
}

/** The fields an admin edits. */
export type DeliveryField = keyof DeliverySettings | 'apiKey' | 'webhookSecret';

export interface DeliverySavePayload extends DeliverySettings {
  /** Only when the admin typed a new key; absent or '' keeps the stored one. */
  apiKey?: string;
  /** Only when the admin typed a new secret; absent or '' keeps the stored one. */
  webhookSecret?: string;
}

/** One email event across all customers, newest first (the email part of the audit log). */
export interface EmailActivityEntry {
  id: string;
  /** Seconds since the epoch. */
  at: number;
  kind: 'email.sent' | 'email.retrying' | 'email.failed' | 'email.delivered' | 'email.bounced' | 'email.complained';
  customer: { displayName: string; email: string } | null;
  template?: string;
  attempt?: number;
  reason?: string;
}

export interface EmailActivityPage {
  entries: EmailActivityEntry[];
  cursor: string | null;
}

export interface TestMailSent {
  /** The address the test email went to: the calling admin's own. */
  to: string;
}

export const DELIVERY_CALLS = {
  'admin/delivery/get': adminCall<Record<string, never>, DeliveryData>(),
  'admin/delivery/save': adminCall<DeliverySavePayload, DeliveryData>(),
  'admin/delivery/test': adminCall<Record<string, never>, TestMailSent>(),
  'admin/email-activity': adminCall<{ cursor?: string }, EmailActivityPage>(),
};
