import { kvs, Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { Customer } from '../domain/customer';
import type { AuditEvent, Directory } from '../ports';

/**
 * The customer directory on Forge KVS custom entities (declared in manifest.yml `app.storage.entities`).
 * Every write that must land together (a customer change and its audit events) is one transaction,
 * conditioned on the revision the caller read (optimistic concurrency).
 */
const CUSTOMER = 'customer';
const AUDIT = 'audit';

async function queryOne(index: string, value: string): Promise<Customer | undefined> {
  const hit = await kvs.entity<Customer>(CUSTOMER).query().index(index).where(WhereConditions.equalTo(value)).getOne();
  return hit?.value;
}

export class KvsDirectory implements Directory {
  findByEmail(emailKey: string) {
    return queryOne('by-email', emailKey);
  }

  findByUsername(usernameKey: string) {
    return queryOne('by-username', usernameKey);
  }

  findByAccount(accountId: string) {
    return queryOne('by-account', accountId);
  }

  get(id: string) {
    return kvs.entity<Customer>(CUSTOMER).get(id);
  }

  async listByStatus(status: Customer['status'], limit: number, cursor?: string) {
    let query = kvs.entity<Customer>(CUSTOMER).query().index('by-status', { partition: [status] }).sort(Sort.ASC).limit(limit);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    return { customers: page.results.map((r) => r.value), cursor: page.nextCursor };
  }

  async update(next: Customer, expected: { rev: number; linkHash?: string }, events: AuditEvent[]): Promise<boolean> {
    let conditions = new Filter<Customer>().and('rev', FilterConditions.equalTo(expected.rev));
    if (expected.linkHash !== undefined) conditions = conditions.and('linkHash', FilterConditions.equalTo(expected.linkHash));
    const tx = kvs.transact().set(next.id, next, { entityName: CUSTOMER, conditions });
    for (const event of events) tx.set(event.id, event, { entityName: AUDIT });
    try {
      await tx.execute();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async create(customer: Customer, events: AuditEvent[]): Promise<void> {
    const tx = kvs
      .transact()
      .set(customer.id, customer, { entityName: CUSTOMER, conditions: new Filter<Customer>().and('rev', FilterConditions.notExists()) });
    for (const event of events) tx.set(event.id, event, { entityName: AUDIT });
    await tx.execute();
  }

  async appendAudit(events: AuditEvent[]): Promise<void> {
    if (events.length === 1) {
      await kvs.entity<AuditEvent>(AUDIT).set(events[0].id, events[0]);
    } else if (events.length > 1) {
      const tx = kvs.transact();
      for (const event of events) tx.set(event.id, event, { entityName: AUDIT });
      await tx.execute();
    }
  }

  listRecentAudit(kindPrefix: string, limit: number, cursor?: string) {
    return recentAudit(kindPrefix, limit, cursor);
  }

  async listAudit(customerId: string, limit: number, cursor?: string) {
    let query = kvs.entity<AuditEvent>(AUDIT).query().index('by-customer', { partition: [customerId] }).sort(Sort.DESC).limit(limit);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    return { events: page.results.map((r) => r.value), cursor: page.nextCursor };
  }
}

export async function recentAudit(kindPrefix: string, limit: number, cursor?: string) {
  let query = kvs
    .entity<AuditEvent>(AUDIT)
    .query()
    .index('by-time')
    .filters(new Filter<AuditEvent>().and('kind', FilterConditions.beginsWith(kindPrefix)))
    .sort(Sort.DESC)
    .limit(limit);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany();
  return { events: page.results.map((r) => r.value), cursor: page.nextCursor };
}

/**
 * A transaction refused because a condition did not hold (someone else changed the item first). Forge
 * does not document the code; the local emulator answers CONDITION_CHECK_FAILED.
 */
export function isConditionFailure(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return /CONDITION|CONFLICT|TRANSACTION/i.test(code);
}
