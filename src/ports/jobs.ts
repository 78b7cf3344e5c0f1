import type { AuditEvent } from '../domain/audit';
import type { Customer } from '../domain/customer';
import type { NoticeFacts, OutboxRecord, TwoStepNoticeKind } from '../domain/delivery';
import type { Locale } from '../i18n/locale';
import type { PlainWrite } from './directory';

/**
 * Work off the request path (Forge async events) and the ledger that makes each job run once.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

/** Work done off the request path (Forge async events). */
export type Job =
  | { type: 'reset-request'; identifier: string; locale: Locale; requestedAt: number }
  /** "Email me a sign-in code" (issue 22): `signIn` is the SHA-256 of the pending sign-in's reference, never the reference. */
  | { type: 'email-code'; signIn: string; identifier: string; locale: Locale; requestedAt: number }
  | { type: 'password-changed-notice'; customerId: string }
  /** A two-step security notice (turned on/off, new recovery codes, reset by an admin, a recovery code used). */
  | ({ type: 'twostep-notice'; customerId: string; kind: TwoStepNoticeKind } & NoticeFacts)
  | { type: 'retry-mail'; messageId: string }
  /** An SMS to send (or retry): the number and text wait in the SMS outbox under `id`, never in the job. */
  /** `attempt`: which attempt this job is for (1 when absent); a duplicate of an earlier attempt's job is ignored. */
  | { type: 'send-sms'; id: string; attempt?: number }
  /** The overview's backfill on upgrade (issue 14): one run does a few steps, then queues itself again. */
  | { type: 'overview-backfill' }
  /** Merge the counter shards of closed UTC days (YYYY-MM-DD) into one item each (src/forge/counters.ts). */
  | { type: 'overview-compact'; days: string[] }
  /** The admin's Diagnostics: a queue round trip; the consumer records when it arrived. */
  | { type: 'diagnostics-ping'; id: string };

export interface JobQueue {
  push(job: Job, delaySec?: number): Promise<void>;
}

/**
 * What a queued job still has to store once its mail or SMS went out (issue 20): kept with the job's "sent"
 * mark, so a delivery of the job again stores it instead of sending again.
 */
export type SentRecord =
  | { channel: 'mail'; customerId: string; events: AuditEvent[]; update?: { rev: number; patch: Partial<Customer> }; outbox?: { record: OutboxRecord; rev: number } }
  | { channel: 'sms'; smsId: string; events: AuditEvent[] };

/** Where a job stands when it is delivered: new (run it), finished, sent but not recorded, or held by a live run. */
export type JobClaim = { kind: 'run' } | { kind: 'done' } | { kind: 'busy' } | { kind: 'sent'; record: SentRecord };

/** A queued job's progress, claimed → sent → done, under the job's own key (src/forge/job-ledger.ts). */
export interface JobLedger {
  /** `eventId`, `retry`: the async event delivering it, and whether it is the platform's retry of that event. */
  claim(jobKey: string, delivery: { eventId: string; retry: boolean }, nowSec: number): Promise<JobClaim>;
  sent(jobKey: string, record: SentRecord, nowSec: number): Promise<void>;
  done(jobKey: string, nowSec: number): Promise<void>;
  /** The write that marks the job done, for a flow's own record transaction (issue 25: one KVS write less than `done`). */
  doneMark(jobKey: string, nowSec: number): PlainWrite;
  /** The flow's record with `doneMark` landed (nothing to store; the local host's test stops hook in here). */
  recorded(jobKey: string): Promise<void>;
  /**
   * The claim as a write for a flow's own first transaction (issue 25: a reset request's window claim). Unconditioned
   * (plain keys take no condition in a transaction): the flow's write must be one that only one delivery can win.
   */
  claimMark(jobKey: string, delivery: { eventId: string; retry: boolean }, nowSec: number): PlainWrite;
  /** The flow's transaction with `claimMark` landed (nothing to store; the local host's test stops hook in here). */
  claimed(jobKey: string): Promise<void>;
}

/** The running job's ledger steps, handed to the flows through `Deps.job` (absent off the queue). */
export interface JobSteps {
  /**
   * Claims the job in the ledger; true: run it. A flow that may find nothing to do (the reset request for an
   * unknown address) calls it once it has found work, before its first write; otherwise the consumer has.
   */
  begin(): Promise<boolean>;
  /**
   * The job's claim for the flow's own first write, while the job is not claimed yet (else undefined): `tag` to note
   * on the item that write is conditioned on, `write` to write alongside; then `claimed()` once it landed.
   */
  claimMark(): { tag: string; write: PlainWrite } | undefined;
  claimed(): Promise<void>;
  /** The sent mark with what is left to store, when the flow could not store it itself. */
  sent(record: SentRecord): Promise<void>;
  /** The done mark for the flow's own record transaction; call `recorded` once that landed. */
  doneMark(): PlainWrite;
  recorded(): Promise<void>;
}
