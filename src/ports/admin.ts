import type { AuditEvent } from '../domain/audit';
import type { Customer } from '../domain/customer';
import type { DiagnosticReport } from '../domain/diagnostics';
import type { CounterDelta } from '../domain/overview/counts';
import type { BackfillItem, BaseItem, DayItem } from '../domain/overview/items';

/**
 * What the admin page's Diagnostics and Overview need of storage.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

/** A probe of the customer-pages trigger: what the trigger compares the request with. */
export interface ProbeRecord {
  /** SHA-256 (hex) of the form body the probe posts. */
  bodySha256: string;
  /** The cookie value the trigger sets and expects back. */
  cookie: string;
  /** The bytes the base64 answer carries (hex). */
  bytes: string;
}

/** What the Diagnostics checks need of storage (issue 20 item 7; src/forge/diagnostics.ts). */
export interface DiagnosticsStore {
  /** A one-time probe token (256 bits) for the customer-pages trigger, valid 2 minutes. */
  createProbe(body: string): Promise<{ token: string; record: ProbeRecord }>;
  probe(token: string): Promise<ProbeRecord | undefined>;
  /** The code of the error a transaction whose condition cannot hold throws; undefined when none was thrown. */
  conditionFailureCode(): Promise<string | undefined>;
  /** Of parallel single-use reads of one item, how many won. */
  singleUseWinners(): Promise<number>;
  markPing(id: string, atMs: number): Promise<void>;
  ping(id: string): Promise<number | undefined>;
  markScheduledRun(atMs: number): Promise<void>;
  lastScheduledRun(): Promise<number | undefined>;
  saveReport(report: DiagnosticReport): Promise<void>;
  report(): Promise<DiagnosticReport | undefined>;
}

/** The admin Overview's counters and its backfill on upgrade (src/forge/overview-store.ts). */
export interface OverviewStore {
  /** The folded base and the day items of the last 32 UTC days. */
  read(nowSec: number): Promise<{ base: BaseItem; days: DayItem[] }>;
  /** Folds day items older than the window into the base; answers the base afterwards. */
  fold(nowSec: number): Promise<BaseItem>;
  /** Merges each closed day's items into one; answers how many were merged away. */
  compact(days: readonly string[]): Promise<number>;
  /** The first audit ids the counter items saw (counting began with the smallest). */
  firstCounted(): Promise<string[]>;
  backfill(): Promise<BackfillItem | undefined>;
  /** Stores the backfill's first state, only if none exists; false when one does. */
  startBackfill(item: BackfillItem): Promise<boolean>;
  /** The next progress, conditioned on the item's revision. */
  saveBackfill(item: BackfillItem, progress: BackfillItem['progress']): Promise<boolean>;
  /** Directory entries in email order; `ovc` is their counted contribution, absent on entries from before the counters. */
  customersPage(limit: number, cursor?: string): Promise<{ customers: (Customer & { ovc?: string })[]; cursor?: string }>;
  /** Writes `counted(c)` for each (conditioned on its revision) together with their count; false when one changed. */
  countCustomers<C extends Customer>(customers: C[], delta: CounterDelta, nowSec: number, counted: (c: C) => C): Promise<boolean>;
  /** Audit events with ids from `from` to `before`, newest first. */
  auditPage(from: string, before: string, limit: number, cursor?: string): Promise<{ events: AuditEvent[]; cursor?: string }>;
  /** Adds each day's series to its merged item in one transaction with the next progress; false when refused. */
  countEvents(item: BackfillItem, progress: BackfillItem['progress'], deltas: { day: string; s: Record<string, number> }[]): Promise<boolean>;
}
