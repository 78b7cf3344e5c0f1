import { kvs, Filter, FilterConditions, WhereConditions } from '@forge/kvs';
import type { Customer } from '../domain/customer';
import { stateDelta } from '../domain/overview/counts';
import type { PendingSignIn } from '../domain/saml/pending';
import { flowFromStored, type StoredBeforeFlow } from '../domain/sign-in-flow';
import type { AuditEvent } from '../domain/audit';
import type { ErasureStore } from '../ports/privacy';
import { executeCounted } from './counters';
import type { CountedCustomer } from './directory';
import {
  claimKey,
  enrolSecretKey,
  ENTITY,
  idempotencyOwnerPrefix,
  passwordSecretKey,
  PENDING_SIGN_IN_PREFIX,
  profileEnrolmentKey,
  recoverySecretKey,
  smsAccountKey,
  smsSecretKey,
  smsSentKey,
  totpSecretKey,
  pendingSmsKey,
} from './kvs-keys';
import type { ProfileEnrolment } from '../ports/sign-in';

/**
 * Erasure on Forge KVS (issue 24). Deleting what is not there is not an error (KVS deletes are idempotent),
 * so each step can run again. Pending sign-ins are found by a walk over their keys: they live minutes (KVS
 * TTL), so there are only as many as sign-ins under way; the walk stops after SIGN_IN_PAGES pages (2,000).
 */
const PAGE = 100;
/** A query over plain keys answers at most 20 a page (kvs.query: "up to a maximum of 20"). */
const KEY_PAGE = 20;
const BATCH = 25;
const SIGN_IN_PAGES = 100;

async function deleteSecrets(keys: string[]): Promise<void> {
  for (const key of keys) await kvs.deleteSecret(key);
}

/** Plain keys in batches of 25 ("Each batch operation can contain a maximum of 25 keys", entities-batch). */
async function deletePlain(keys: string[], entityName?: string): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH).map((key) => (entityName ? { key, entityName } : { key }));
    const result = await kvs.batchDelete(batch);
    // A key that failed (not a missing one: deleting nothing succeeds) is tried once more on its own.
    for (const failed of result.failedKeys) await (entityName ? kvs.entity(entityName).delete(failed.key) : kvs.delete(failed.key));
  }
}

/** Every plain key with this prefix (values included), page by page, up to `maxPages` pages. */
async function keysWithPrefix<T>(prefix: string, maxPages: number): Promise<{ key: string; value: T }[]> {
  const found: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < maxPages; pages++) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(KEY_PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    found.push(...page.results);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return found;
}

function namesPerson(pending: PendingSignIn, customer: Customer): boolean {
  if (pending.stage?.customerId === customer.id || (pending.kind.type === 'passkey-add' && pending.kind.customerId === customer.id)) return true;
  const typed = pending.kind.type === 'test' ? pending.kind.identifier.trim().toLowerCase() : undefined;
  return typed !== undefined && (typed === customer.emailKey || typed === customer.usernameKey || typed === customer.email.toLowerCase());
}

export class KvsErasure implements ErasureStore {
  async auditOf(customerId: string, limit: number): Promise<AuditEvent[]> {
    const page = await kvs.entity<AuditEvent>(ENTITY.audit).query().index('by-customer', { partition: [customerId] }).limit(Math.min(limit, PAGE)).getMany();
    return page.results.map((r) => r.value);
  }

  async rewriteAudit(events: AuditEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const result = await kvs.batchSet(batch.map((e) => ({ key: e.id, value: e, entityName: ENTITY.audit })));
      for (const failed of result.failedKeys) {
        const event = batch.find((e) => e.id === failed.key);
        if (event) await kvs.entity<AuditEvent>(ENTITY.audit).set(event.id, event);
      }
    }
  }

  async removeTraces(customer: Customer, messages: { mails: string[]; sms: string[] }): Promise<void> {
    const id = customer.id;
    const two = customer.twoStep;
    const secrets = [
      ...(customer.passwordRef ? [passwordSecretKey(id, customer.passwordRef)] : []),
      ...(two?.totp ? [totpSecretKey(id, two.totp.ref)] : []),
      ...(two?.recovery ? [recoverySecretKey(id, two.recovery.ref)] : []),
      ...(two?.sms ? [smsSecretKey(id, two.sms.ref)] : []),
      ...messages.sms.map(pendingSmsKey),
    ];
    const enrolment = await kvs.get<ProfileEnrolment>(profileEnrolmentKey(id));
    if (enrolment) secrets.push(enrolSecretKey(enrolment.attempt), enrolSecretKey(`${enrolment.attempt}-sms`));
    const stored = await keysWithPrefix<PendingSignIn | StoredBeforeFlow>(PENDING_SIGN_IN_PREFIX, SIGN_IN_PAGES);
    const signIns = stored.filter((p) => namesPerson(flowFromStored(p.value), customer));
    for (const p of signIns) {
      const attempt = p.value.stage?.attempt;
      if (attempt) secrets.push(enrolSecretKey(attempt), enrolSecretKey(`${attempt}-sms`));
    }
    await deleteSecrets(secrets);
    const pointers = await keysWithPrefix<string>(idempotencyOwnerPrefix(id), SIGN_IN_PAGES);
    await deletePlain([
      profileEnrolmentKey(id),
      smsAccountKey(id),
      ...signIns.map((p) => p.key),
      ...pointers.map((p) => p.value),
      ...pointers.map((p) => p.key),
      ...messages.sms.map(smsSentKey),
    ]);
    await deletePlain(messages.mails, ENTITY.outbox);
  }

  async removeEntry(customer: Customer, event: AuditEvent): Promise<boolean> {
    const build = () => {
      const tx = kvs.transact().delete(customer.id, { entityName: ENTITY.customer, conditions: new Filter<Customer>().and('rev', FilterConditions.equalTo(customer.rev)) });
      tx.delete(claimKey('email', customer.emailKey), { entityName: ENTITY.claim });
      tx.delete(claimKey('username', customer.usernameKey), { entityName: ENTITY.claim });
      if (customer.externalId) tx.delete(claimKey('external', customer.externalId), { entityName: ENTITY.claim });
      return tx.set(event.id, event, { entityName: ENTITY.audit });
    };
    // The Overview's current-state figures lose what the entry was counted as; its past events stay counted.
    return executeCounted(build, { s: {}, f: stateDelta((customer as CountedCustomer).ovc, undefined) }, event.at, event.id);
  }
}
