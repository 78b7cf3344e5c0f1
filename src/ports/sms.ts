import type { Settings } from '../domain/settings';
import type { SendResult } from './mail';

/**
 * SMS (issue 11): the provider transport, the pending messages of the queue, delivery reports.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

/** One SMS (issue 11): `to` in E.164, `id` our message id (idempotency and correlation key). */
export interface OutgoingSms {
  to: string;
  text: string;
  id: string;
}

/** An SMS provider (seven.io, Twilio) or, locally, the SMS catcher; answers like a mail provider. */
export interface SmsTransport {
  send(sms: OutgoingSms, settings: Settings): Promise<SendResult>;
  /** An authenticated call that sends nothing (the admin's Diagnostics), as MailTransport.verify. */
  verify?(settings: Settings): Promise<SendResult>;
}

/** An SMS waiting for the `jobs` consumer (KVS secret storage: it holds a number and maybe a PIN). */
export interface PendingSms {
  to: string;
  text: string;
  customerId?: string;
  /** Attempts made so far. */
  attempts: number;
  /** Seconds since the epoch. */
  queuedAt: number;
}

export interface SmsOutbox {
  put(id: string, sms: PendingSms): Promise<void>;
  get(id: string): Promise<PendingSms | undefined>;
  remove(id: string): Promise<void>;
  /**
   * Claims attempt `attempt` of SMS `id` before it goes to the provider: true for exactly one caller (a write
   * that fails when the key exists), so a job delivered twice never sends twice.
   */
  claim(id: string, attempt: number): Promise<boolean>;
  /** Remembers whom a sent SMS was for, so the provider's delivery report lands on the right timeline. */
  markSent(id: string, sent: SentSms): Promise<void>;
  sent(id: string): Promise<SentSms | undefined>;
}

/** A provider's delivery report for one SMS, normalised (seven.io DLR, Twilio status callback). */
export interface SmsDeliveryReport {
  provider: 'seven' | 'twilio';
  providerMessageId: string;
  delivered: boolean;
  /** A short code for an undelivered SMS (the provider's status or error code), never a number or text. */
  reason?: string;
}

/** What a delivery report needs about a sent SMS: never the number itself, only its mask. */
export interface SentSms {
  customerId: string;
  masked: string;
  provider: string;
}
