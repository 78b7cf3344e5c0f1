/**
 * The admin page's contract (module `admin-page`, function `admin`), imported by the backend resolver and
 * by the Custom UI (static/admin): resolver keys, payloads and answers. Every answer is an envelope with a
 * stable error code the UI translates. No answer ever carries the mail provider's API key or the webhook
 * secret: only whether one is stored (and the key's last four characters, to recognise it).
 */
export const ADMIN_KEYS = ['admin/delivery/get', 'admin/delivery/save', 'admin/delivery/test', 'admin/email-activity'] as const;
export type AdminKey = (typeof ADMIN_KEYS)[number];

export const PROVIDERS = ['none', 'postmark', 'mailgun'] as const;
export type Provider = (typeof PROVIDERS)[number];
export const MAILGUN_REGIONS = ['us', 'eu'] as const;
export type MailgunRegion = (typeof MAILGUN_REGIONS)[number];

/** Limits the backend enforces (the UI checks the same before sending). */
export const SECRET_MIN = 8;
export const SECRET_MAX = 200;

export interface DeliveryData {
  provider: Provider;
  senderName: string;
  senderAddress: string;
  /** '' = no Reply-To header. */
  replyTo: string;
  mailgunDomain: string;
  mailgunRegion: MailgunRegion;
  /** Whether a key is stored; `last4` its last four characters ('' when none). Never the key. */
  apiKey: { set: boolean; last4: string };
  /** Whether a webhook signing secret is stored. Never the secret. */
  webhookSecret: { set: boolean };
  /** The URL to enter at the provider for delivery events; null while it cannot be determined. */
  webhookUrl: string | null;
}

/** The fields an admin edits. */
export type DeliveryField = 'provider' | 'senderName' | 'senderAddress' | 'replyTo' | 'mailgunDomain' | 'mailgunRegion' | 'apiKey' | 'webhookSecret';

export interface DeliverySavePayload {
  provider: Provider;
  senderName: string;
  senderAddress: string;
  replyTo: string;
  mailgunDomain: string;
  mailgunRegion: MailgunRegion;
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

/**
 * - `forbidden`: the caller is not a Jira administrator (nothing was read or changed).
 * - `invalid-input`: `field` names the offending field.
 * - `no-email`: Jira does not share the admin's email address (profile visibility), so there is no recipient.
 * - `email-failed`: the provider refused or could not be reached; `reason` is its short code (e.g. 'http-401',
 *   'not-configured'), safe to show.
 */
export type AdminErrorCode = 'forbidden' | 'invalid-input' | 'no-email' | 'email-failed' | 'internal';

export type AdminFailure = { ok: false; error: AdminErrorCode; field?: DeliveryField; reason?: string };
export type AdminResult<T> = { ok: true; data: T } | AdminFailure;

export type AdminAnswer = {
  'admin/delivery/get': AdminResult<DeliveryData>;
  'admin/delivery/save': AdminResult<DeliveryData>;
  'admin/delivery/test': AdminResult<TestMailSent>;
  'admin/email-activity': AdminResult<EmailActivityPage>;
};

export type AdminPayload = {
  'admin/delivery/get': Record<string, never>;
  'admin/delivery/save': DeliverySavePayload;
  'admin/delivery/test': Record<string, never>;
  'admin/email-activity': { cursor?: string };
};
