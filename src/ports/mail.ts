import type { OutboxRecord } from '../domain/delivery';
import type { Settings } from '../domain/settings';

/**
 * Mail: the provider transport, the outbox of retries, delivery webhooks and their replay guard.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

export interface OutgoingMail {
  /** The customer it is for: carried to the provider as metadata, so delivery webhooks find the account. */
  customerId: string;
  to: { name: string; address: string };
  from: { name: string; address: string };
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Our message id: idempotency key and correlation id (provider metadata, Message-ID local part). */
  id: string;
}

/**
 * A provider's answer. `retryable`: worth trying again later (429, 5xx, network); otherwise permanent
 * (invalid recipient, bad key). `reason` is a short code safe to log and show to agents (no addresses).
 */
export type SendResult =
  | { ok: true; providerMessageId?: string }
  | { ok: false; reason: string; retryable: boolean; retryAfterSec?: number };

export interface MailTransport {
  send(mail: OutgoingMail, settings: Settings): Promise<SendResult>;
  /** An authenticated call that sends nothing (the admin's Diagnostics): ok when the provider accepts the credentials. */
  verify?(settings: Settings): Promise<SendResult>;
}

/** Mails whose first attempt failed temporarily, until they are sent or given up. */
export interface Outbox {
  get(id: string): Promise<OutboxRecord | undefined>;
  /** Writes the record if the stored one still has `expectedRev` (or, with `undefined`, does not exist yet). */
  put(record: OutboxRecord, expectedRev: number | undefined): Promise<boolean>;
}

/** Webhook replays: a provider event key is accepted once. */
export interface ReplayGuard {
  /** True the first time a key is seen (within the retention), false for a replay. */
  firstSeen(key: string, retentionSec: number): Promise<boolean>;
  forget(key: string): Promise<void>;
}

/** A delivery event from a provider's webhook, normalised. */
export interface DeliveryEvent {
  provider: string;
  kind: 'delivered' | 'bounced' | 'complained';
  /** Our message id and customer id, from the metadata we sent. */
  messageId: string;
  customerId: string;
  /** Provider's reason text for bounces/complaints, trimmed, no addresses. */
  reason: string;
  /** Seconds since the epoch, as the provider reports it. */
  at: number;
  /** Unique per provider event: a second arrival of the same key is a replay. */
  dedupeKey: string;
}
