import type { AuditEvent } from '../domain/audit';
import type { Customer } from '../domain/customer';
import type { AccountAnswer, ReportedAccount } from '../domain/account-report';

/**
 * Issue 24: erasing a customer's data and expiring old activity.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

/**
 * Erasure of one customer (issue 24, src/flows/erase-customer.ts): what lies beside the directory entry, and
 * the entry itself. Every method may be called again after a failure and finishes what is left.
 */
export interface ErasureStore {
  /** Up to `limit` of the events still filed under the customer id (any order). */
  auditOf(customerId: string, limit: number): Promise<AuditEvent[]>;
  /** Writes these events over the stored ones with the same ids (not counted again by the Overview). */
  rewriteAudit(events: AuditEvent[]): Promise<void>;
  /**
   * Deletes what is kept for the customer beside the entry: password hash, TOTP key, recovery codes, phone,
   * enrolments in progress, the SMS rate window, pending sign-ins naming them, answers kept for idempotent
   * API calls, and the outbox and SMS records of these message ids.
   */
  removeTraces(customer: Customer, messages: { mails: string[]; sms: string[] }): Promise<void>;
  /** Deletes the entry (if still at its revision) and its claims, with the erasure event; false on conflict. */
  removeEntry(customer: Customer, event: AuditEvent): Promise<boolean>;
}

/** Issue 24 item 4: the Atlassian account ids the app stores, and where their reporting stands. */
export interface AccountReportStore {
  /** Takes this installation's reporting run unless another holds a fresh one (false: skip this run). */
  claimRun(runId: string, nowSec: number): Promise<boolean>;
  releaseRun(runId: string): Promise<void>;
  /** Looks (a bounded step, going on where the last look stopped) for account ids stored meanwhile; adds the new ones, due now; answers how many. */
  discover(nowSec: number): Promise<number>;
  /** Up to `limit` entries due at `nowSec`, soonest first. */
  due(nowSec: number, limit: number): Promise<ReportedAccount[]>;
  save(entries: ReportedAccount[]): Promise<void>;
  /** Stops reporting the account (nothing of it is stored any more). */
  remove(accountId: string): Promise<void>;
  /** Files the account's audit events (as actor) under `reference` without its name, and API keys it created; a bounded step: false while more is left. */
  pseudonymiseActor(accountId: string, reference: string): Promise<boolean>;
  /** Drops the name kept on the audit events the account acted in, a bounded step from `cursor`; answers where to go on (undefined: done). */
  dropProfileCopies(accountId: string, cursor?: string): Promise<string | undefined>;
}

/** Forge's Privacy API (issue 24 item 4): which of these accounts were closed or updated since `updatedAt`. */
export interface PrivacyReporting {
  report(accounts: { accountId: string; updatedAt: string }[]): Promise<AccountAnswer[]>;
}

/** Storage limitation (issue 24, src/flows/retention.ts): deleting old activity in bounded batches. */
export interface RetentionStore {
  /** Deletes up to `max` audit events with ids below `beforeId` (of kinds starting with `kindPrefix`, when given); answers how many. */
  expireAudit(beforeId: string, max: number, kindPrefix?: string): Promise<number>;
  /** Deletes up to `max` finished outbox records (sent, failed) last changed before `beforeSec`; answers how many. */
  expireOutbox(beforeSec: number, max: number): Promise<number>;
}
