import { createHash, randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { DiagnosticReport } from '../domain/diagnostics';
import type { DiagnosticsStore, ProbeRecord } from '../ports/admin';

export type { ProbeRecord };
import {
  DIAGNOSTICS_CONDITION_KEY,
  DIAGNOSTICS_REPORT_KEY,
  DIAGNOSTICS_SCHEDULED_KEY,
  diagnosticsOnceKey,
  diagnosticsPingKey,
  diagnosticsProbeKey,
  ENTITY,
} from './kvs-keys';
import { revIs } from './transactions';

/**
 * What the Diagnostics checks need of storage (issue 20, item 7). Each probe writes its own short-lived keys
 * (TTL), so a run leaves nothing behind but its report, the condition item and the scheduled trigger's mark.
 */
const seconds = (value: number) => ({ value, unit: 'SECONDS' as const });


export const sha256Hex = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

export const diagnosticsStore: DiagnosticsStore = {
  /** A one-time probe token (256 bits) for the customer-pages trigger, valid 2 minutes. */
  async createProbe(body: string): Promise<{ token: string; record: ProbeRecord }> {
    const token = randomBytes(32).toString('base64url');
    const record: ProbeRecord = { bodySha256: sha256Hex(body), cookie: randomBytes(16).toString('hex'), bytes: randomBytes(32).toString('hex') };
    await kvs.set(diagnosticsProbeKey(token), record, { ttl: seconds(120) });
    return { token, record };
  },

  async probe(token: string): Promise<ProbeRecord | undefined> {
    return (await kvs.get<ProbeRecord>(diagnosticsProbeKey(token))) ?? undefined;
  },

  /**
   * Runs a transaction whose condition cannot hold (the item's `rev` is 1, the condition asks for 2) and
   * answers the code of the error the store throws; undefined when none was thrown.
   */
  async conditionFailureCode(): Promise<string | undefined> {
    await kvs.entity<{ rev: number }>(ENTITY.revision).set(DIAGNOSTICS_CONDITION_KEY, { rev: 1 });
    try {
      await kvs.transact().set(DIAGNOSTICS_CONDITION_KEY, { rev: 3 }, { entityName: ENTITY.revision, conditions: revIs(2) }).execute();
      return undefined;
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      return typeof code === 'string' ? code : ((error as Error)?.name ?? 'unknown');
    }
  },

  /**
   * Two consumers of one single-use value at once, as two submissions of one pending sign-in
   * (src/forge/pending-sign-ins.ts consume): how many saw it unused.
   */
  async singleUseWinners(): Promise<number> {
    const key = diagnosticsOnceKey(randomBytes(12).toString('hex'));
    await kvs.set(key, { used: false }, { ttl: seconds(60) });
    const take = () => kvs.set<{ used: boolean }>(key, { used: true }, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', ttl: seconds(60) });
    const previous = await Promise.all([take(), take()]);
    return previous.filter((p) => p !== undefined && p.value.used === false).length;
  },

  markPing(id: string, atMs: number): Promise<void> {
    return kvs.set(diagnosticsPingKey(id), { at: atMs }, { ttl: seconds(600) });
  },

  async ping(id: string): Promise<number | undefined> {
    return (await kvs.get<{ at: number }>(diagnosticsPingKey(id)))?.at;
  },

  markScheduledRun(atMs: number): Promise<void> {
    return kvs.set(DIAGNOSTICS_SCHEDULED_KEY, { at: atMs });
  },

  async lastScheduledRun(): Promise<number | undefined> {
    return (await kvs.get<{ at: number }>(DIAGNOSTICS_SCHEDULED_KEY))?.at;
  },

  saveReport(report: DiagnosticReport): Promise<void> {
    return kvs.set(DIAGNOSTICS_REPORT_KEY, report);
  },

  async report(): Promise<DiagnosticReport | undefined> {
    return (await kvs.get<DiagnosticReport>(DIAGNOSTICS_REPORT_KEY)) ?? undefined;
  },
};

