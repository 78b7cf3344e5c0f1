import { kvs, FilterConditions, Filter, Sort, WhereConditions } from '@forge/kvs';
import type { OutboxRecord } from '../domain/delivery';
import type { AuditEvent } from '../domain/audit';
import type { RetentionStore } from '../ports/privacy';
import { ENTITY } from './kvs-keys';

/**
 * Old activity out of Forge KVS (issue 24), oldest first through the `by-time` index of the audit (ids sort by
 * time) and the `by-status` index of the outbox (range `updatedAt`), 100 a query and 25 a batch delete.
 */
const PAGE = 100;
const BATCH = 25;

async function deleteKeys(keys: string[], entityName: string): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH) {
    const result = await kvs.batchDelete(keys.slice(i, i + BATCH).map((key) => ({ key, entityName })));
    for (const failed of result.failedKeys) await kvs.entity(entityName).delete(failed.key);
  }
}

export class KvsRetention implements RetentionStore {
  async expireAudit(beforeId: string, max: number, kindPrefix?: string): Promise<number> {
    let deleted = 0;
    while (deleted < max) {
      let query = kvs.entity<AuditEvent>(ENTITY.audit).query().index('by-time').where(WhereConditions.lessThan(beforeId)).sort(Sort.ASC);
      if (kindPrefix) query = query.filters(new Filter<AuditEvent>().and('kind', FilterConditions.beginsWith(kindPrefix)));
      // Always the first page: what was deleted is gone from it, so no cursor is needed.
      const page = await query.limit(Math.min(PAGE, max - deleted)).getMany();
      if (page.results.length === 0) break;
      await deleteKeys(page.results.map((r) => r.key), ENTITY.audit);
      deleted += page.results.length;
      if (!page.nextCursor) break;
    }
    return deleted;
  }

  async expireOutbox(beforeSec: number, max: number): Promise<number> {
    let deleted = 0;
    for (const status of ['sent', 'failed'] as const) {
      while (deleted < max) {
        const page = await kvs
          .entity<OutboxRecord>(ENTITY.outbox)
          .query()
          .index('by-status', { partition: [status] })
          .where(WhereConditions.lessThan(beforeSec))
          .sort(Sort.ASC)
          .limit(Math.min(PAGE, max - deleted))
          .getMany();
        if (page.results.length === 0) break;
        await deleteKeys(page.results.map((r) => r.key), ENTITY.outbox);
        deleted += page.results.length;
        if (!page.nextCursor) break;
      }
    }
    return deleted;
  }
}
