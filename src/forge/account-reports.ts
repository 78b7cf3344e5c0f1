import { Filter, FilterConditions, kvs, Sort, WhereConditions } from '@forge/kvs';
import { firstSeen, isAccountActor, type ReportedAccount } from '../domain/account-report';
import type { OutboxActor, OutboxRecord } from '../domain/delivery';
import { slotOf, type CurrentTemplate, type StoredVersion, type VersionInfo } from '../domain/template-versions';
import type { AuditEvent } from '../domain/audit';
import type { AccountReportStore } from '../ports/privacy';
import type { ApiKeyRecord, ApiKeyStore } from '../ports/provisioning';
import { ACCOUNT_REPORT_RUN_KEY, ACCOUNT_SCAN_KEY, apiKeyRecordKey, ENTITY, reportedAccountKey, TEMPLATE_KEY_PREFIX, templateVersionKey } from './kvs-keys';
import { executeIfUnchanged } from './transactions';

/**
 * Personal data reporting's storage (issue 24 item 4). Where account ids are stored: the audit (agents and
 * admins as actors, `by-time`), customers linked to an Atlassian account (`by-account`), API key records
 * (`createdBy`), mail template versions (`savedBy`, with the name as Jira gave it), the outbox (who caused a
 * mail that is retried, with the name). Each is searched a bounded step a run: the audit only since the last look (a little overlap,
 * as events written in the same second may land out of order), the customers once a day (a cursor carries
 * the walk over runs, so a newly linked customer is reported within a day; the outbox, few records, at the start
 * of each such walk), the API keys (at most 25) and the templates' current records (one per kind and language)
 * every run. Job ledger entries (25 hours) are gone long before a cycle and are not searched. Each account id gets one `reported-account` entry.
 */
const PAGE = 100;
/** 5,000 events a run: a large audit is caught up with in a few runs on the first day. */
const AUDIT_PAGES = 50;
const CUSTOMER_PAGES = 10;
const ACTOR_PAGES = 20;
const BATCH = 25;
const OUTBOX_STATUSES = ['retrying', 'sending', 'sent', 'failed'] as const;
const OUTBOX_PAGES = 20;
/** A new walk over the linked customers starts a day after the last one ended. */
const CUSTOMER_WALK_SEC = 86_400;
/** Ids are `<ms, 14 digits>-…`: the next look starts a minute before the last id seen. */
const OVERLAP_MS = 60_000;
/** A run older than this is a dead one (the trigger's function times out after 300 s). */
export const RUN_STALE_SEC = 600;
const runTtl = { value: 900, unit: 'SECONDS' } as const;
/** dropProfileCopies' cursor once the audit is done and only the templates are left. */
const TEMPLATES_STEP = 'templates';

interface ScanState {
  /** The last audit id looked at. */
  auditAfter: string;
  /** Where the walk over linked customers goes on; absent between walks. */
  customerCursor?: string;
  /** When the last walk over linked customers ended (seconds). */
  customersDoneAt: number;
}
interface RunLease {
  by: string;
  at: number;
}

const rewind = (id: string) => {
  const ms = Number(id.slice(0, 14));
  return Number.isFinite(ms) && ms > OVERLAP_MS ? String(ms - OVERLAP_MS).padStart(14, '0') : '';
};

async function batched<T>(items: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await write(items.slice(i, i + BATCH));
}

async function rewriteEvents(events: AuditEvent[]): Promise<void> {
  await batched(events, async (chunk) => {
    const result = await kvs.batchSet(chunk.map((e) => ({ key: e.id, value: e, entityName: ENTITY.audit })));
    for (const failed of result.failedKeys) {
      const event = chunk.find((e) => e.id === failed.key);
      if (event) await kvs.entity<AuditEvent>(ENTITY.audit).set(event.id, event);
    }
  });
}

const withoutName = (detail: AuditEvent['detail']): AuditEvent['detail'] => {
  const { actorName: _name, ...rest } = detail ?? {};
  return rest;
};

export class KvsAccountReports implements AccountReportStore {
  /** The provisioning API's keys (their creators are reported): the store the API itself uses. */
  constructor(private readonly keys: ApiKeyStore) {}

  async claimRun(runId: string, nowSec: number): Promise<boolean> {
    const mine: RunLease = { by: runId, at: nowSec };
    try {
      await kvs.set(ACCOUNT_REPORT_RUN_KEY, mine, { keyPolicy: 'FAIL_IF_EXISTS', ttl: runTtl });
      return true;
    } catch (error) {
      const held = await kvs.get<RunLease>(ACCOUNT_REPORT_RUN_KEY);
      if (!held) throw error;
      if (nowSec - held.at < RUN_STALE_SEC) return false;
      await kvs.set(ACCOUNT_REPORT_RUN_KEY, mine, { ttl: runTtl });
      return (await kvs.get<RunLease>(ACCOUNT_REPORT_RUN_KEY))?.by === runId;
    }
  }

  async releaseRun(runId: string): Promise<void> {
    if ((await kvs.get<RunLease>(ACCOUNT_REPORT_RUN_KEY))?.by === runId) await kvs.delete(ACCOUNT_REPORT_RUN_KEY);
  }

  async discover(nowSec: number): Promise<number> {
    const state: ScanState = (await kvs.get<ScanState>(ACCOUNT_SCAN_KEY)) ?? { auditAfter: '', customersDoneAt: 0 };
    const found = new Set<string>();
    const next: ScanState = { ...state, auditAfter: await this.auditActors(state.auditAfter, found) };
    const walkStarts = state.customerCursor === undefined && nowSec - state.customersDoneAt >= CUSTOMER_WALK_SEC;
    if (walkStarts) for (const r of await this.outbox()) if (r.actor?.accountId && isAccountActor(r.actor.accountId)) found.add(r.actor.accountId);
    if (state.customerCursor !== undefined || walkStarts) {
      const cursor = await this.linkedCustomers(state.customerCursor, found);
      if (cursor) next.customerCursor = cursor;
      else {
        delete next.customerCursor;
        next.customersDoneAt = nowSec;
      }
    }
    for (const key of await this.apiKeys()) if (isAccountActor(key.createdBy)) found.add(key.createdBy);
    for (const t of await this.templates()) for (const v of t.value.versions) if (isAccountActor(v.savedBy)) found.add(v.savedBy);
    const added = await this.addMissing([...found], nowSec);
    if (JSON.stringify(next) !== JSON.stringify(state)) await kvs.set(ACCOUNT_SCAN_KEY, next);
    return added;
  }

  private async auditActors(after: string, found: Set<string>): Promise<string> {
    let last = after;
    let from = rewind(after);
    for (let pages = 0; pages < AUDIT_PAGES; pages++) {
      let query = kvs.entity<AuditEvent>(ENTITY.audit).query().index('by-time');
      if (from) query = query.where(WhereConditions.greaterThan(from));
      const page = await query.sort(Sort.ASC).limit(PAGE).getMany();
      for (const r of page.results) if (isAccountActor(r.value.actor)) found.add(r.value.actor);
      if (page.results.length === 0) break;
      last = page.results[page.results.length - 1].key;
      from = last;
      if (!page.nextCursor) break;
    }
    return last > after ? last : after;
  }

  private async linkedCustomers(cursor: string | undefined, found: Set<string>): Promise<string | undefined> {
    let at = cursor || undefined;
    for (let pages = 0; pages < CUSTOMER_PAGES; pages++) {
      let query = kvs.entity<{ accountId?: string }>(ENTITY.customer).query().index('by-account').limit(PAGE);
      if (at) query = query.cursor(at);
      const page = await query.getMany();
      for (const r of page.results) if (r.value.accountId) found.add(r.value.accountId);
      at = page.nextCursor;
      if (!at) return undefined;
    }
    return at;
  }

  private apiKeys(): Promise<ApiKeyRecord[]> {
    return this.keys.list();
  }

  private async templates(): Promise<{ key: string; value: CurrentTemplate }[]> {
    const found: { key: string; value: CurrentTemplate }[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(TEMPLATE_KEY_PREFIX)).limit(20);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<CurrentTemplate>();
      found.push(...page.results.filter((r) => Array.isArray(r.value?.versions)));
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  }

  /**
   * Rewrites who saved each template version the account saved (the current record and its kept slots in one
   * transaction, conditioned on the template's revision, as a save is); false when a save came between (again later).
   */
  private async rewriteTemplates(accountId: string, change: (v: VersionInfo) => VersionInfo): Promise<boolean> {
    let all = true;
    for (const { key, value } of await this.templates()) {
      if (!value.versions.some((v) => v.savedBy === accountId)) continue;
      const [kind, locale] = [key.slice(TEMPLATE_KEY_PREFIX.length, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)];
      const tx = kvs.transact().set<{ rev: number }>(key, { rev: value.version }, {
        entityName: ENTITY.revision,
        conditions: new Filter<{ rev: number }>().or('rev', FilterConditions.equalTo(value.version)).or('rev', FilterConditions.notExists()),
      });
      tx.set(key, { ...value, versions: value.versions.map((v) => (v.savedBy === accountId ? change(v) : v)) });
      for (const v of value.versions.filter((x) => x.savedBy === accountId)) {
        const slot = templateVersionKey(kind, locale, slotOf(v.version));
        const stored = await kvs.get<StoredVersion>(slot);
        if (stored?.version === v.version) tx.set(slot, { ...stored, ...change(stored) });
      }
      if (!(await executeIfUnchanged(tx))) all = false;
    }
    return all;
  }

  /** The outbox's records (mails whose first attempt failed, kept until the activity retention), OUTBOX_PAGES pages a status at most. */
  private async outbox(): Promise<OutboxRecord[]> {
    const records: OutboxRecord[] = [];
    for (const status of OUTBOX_STATUSES) {
      let cursor: string | undefined;
      for (let pages = 0; pages < OUTBOX_PAGES; pages++) {
        let query = kvs.entity<OutboxRecord>(ENTITY.outbox).query().index('by-status', { partition: [status] }).limit(PAGE);
        if (cursor) query = query.cursor(cursor);
        const page = await query.getMany();
        records.push(...page.results.map((r) => r.value));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
    }
    return records;
  }

  /** Rewrites who caused the account's outbox records, each conditioned on its revision (a retry meanwhile wins; the next search finds it again). */
  private async rewriteOutbox(accountId: string, change: (actor: OutboxActor) => OutboxActor): Promise<void> {
    for (const r of await this.outbox()) {
      if (r.actor?.accountId !== accountId) continue;
      await executeIfUnchanged(
        kvs.transact().set(r.id, { ...r, actor: change(r.actor) }, { entityName: ENTITY.outbox, conditions: new Filter<OutboxRecord>().and('rev', FilterConditions.equalTo(r.rev)) }),
      );
    }
  }

  /** Adds an entry, due now, for each account id without one; answers how many. */
  private async addMissing(accountIds: string[], nowSec: number): Promise<number> {
    let added = 0;
    await batched(accountIds, async (chunk) => {
      const got = await kvs.batchGet<ReportedAccount>(chunk.map((id) => ({ key: reportedAccountKey(id), entityName: ENTITY.reportedAccount })));
      const known = new Set(got.successfulKeys.map((r) => r.key));
      const fresh = chunk.filter((id) => !known.has(reportedAccountKey(id)));
      if (fresh.length === 0) return;
      await this.save(fresh.map((id) => firstSeen(id, nowSec)));
      added += fresh.length;
    });
    return added;
  }

  async due(nowSec: number, limit: number): Promise<ReportedAccount[]> {
    const page = await kvs.entity<ReportedAccount>(ENTITY.reportedAccount).query().index('by-due').where(WhereConditions.lessThanEqualTo(nowSec)).sort(Sort.ASC).limit(limit).getMany();
    return page.results.map((r) => r.value);
  }

  async save(entries: ReportedAccount[]): Promise<void> {
    await batched(entries, async (chunk) => {
      const result = await kvs.batchSet(chunk.map((e) => ({ key: reportedAccountKey(e.accountId), value: e, entityName: ENTITY.reportedAccount })));
      for (const failed of result.failedKeys) {
        const entry = chunk.find((e) => reportedAccountKey(e.accountId) === failed.key);
        if (entry) await kvs.entity<ReportedAccount>(ENTITY.reportedAccount).set(failed.key, entry);
      }
    });
  }

  async remove(accountId: string): Promise<void> {
    await kvs.entity(ENTITY.reportedAccount).delete(reportedAccountKey(accountId));
  }

  async pseudonymiseActor(accountId: string, reference: string): Promise<boolean> {
    for (let pages = 0; pages < ACTOR_PAGES; pages++) {
      // Always the first page: what was rewritten has left the account's partition.
      const page = await kvs.entity<AuditEvent>(ENTITY.audit).query().index('by-actor', { partition: [accountId] }).limit(PAGE).getMany();
      if (page.results.length === 0) {
        for (const key of await this.apiKeys()) {
          if (key.createdBy === accountId) await kvs.set(apiKeyRecordKey(key.hash), { ...key, createdBy: reference });
        }
        await this.rewriteOutbox(accountId, (a) => ({ kind: a.kind, accountId: reference }));
        return this.rewriteTemplates(accountId, (v) => ({ ...v, savedBy: reference, savedByName: '' }));
      }
      await rewriteEvents(page.results.map((r) => ({ ...r.value, actor: reference, detail: withoutName(r.value.detail) })));
    }
    return false;
  }

  async dropProfileCopies(accountId: string, cursor?: string): Promise<string | undefined> {
    let at = cursor === TEMPLATES_STEP ? undefined : cursor;
    for (let pages = 0; pages < ACTOR_PAGES && cursor !== TEMPLATES_STEP; pages++) {
      let query = kvs.entity<AuditEvent>(ENTITY.audit).query().index('by-actor', { partition: [accountId] }).limit(PAGE);
      if (at) query = query.cursor(at);
      const page = await query.getMany();
      const named = page.results.filter((r) => r.value.detail && 'actorName' in r.value.detail);
      await rewriteEvents(named.map((r) => ({ ...r.value, detail: withoutName(r.value.detail) })));
      at = page.nextCursor;
      if (!at) break;
    }
    if (at) return at;
    await this.rewriteOutbox(accountId, (a) => ({ kind: a.kind, accountId }));
    return (await this.rewriteTemplates(accountId, (v) => ({ ...v, savedByName: '' }))) ? undefined : TEMPLATES_STEP;
  }
}
