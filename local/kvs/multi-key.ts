import { conditionsHold, type Conditions } from './conditions';
import { badRequest, KvsError, KVS_ERROR, type KvsResult } from './kvs-errors';
import { checkKey, checkMultiKeyRequest, StorageRuleError } from './rules';
import type { KvsTables, Req } from './tables';

/** The KVS emulator's requests over several keys: batches (each item on its own) and transactions (all or none). */

/** "Each batch operation can contain a maximum of 25 keys" (Forge docs, storage-reference/entities-batch). */
const MAX_BATCH = 25;

export function batch(req: Req, op: (item: Req) => Record<string, unknown>, onRefusal: ((path: string, code: string, message: string) => void) | undefined): KvsResult {
  const items = Array.isArray(req) ? (req as Req[]) : [];
  if (items.length === 0 || items.length > MAX_BATCH) throw badRequest(`A batch needs 1 to ${MAX_BATCH} items`);
  checkMultiKeyRequest('batch', items.length, req);
  const ids = new Set(items.map((i) => `${i.entityName ?? ''}\u0000${i.key}`));
  if (ids.size !== items.length) throw badRequest('A batch cannot contain the same key twice');
  const successfulKeys: unknown[] = [];
  const failedKeys: unknown[] = [];
  for (const item of items) {
    const entity = item.entityName !== undefined ? { entityName: item.entityName } : {};
    try {
      successfulKeys.push({ ...op(item), ...entity });
    } catch (e) {
      if (!(e instanceof KvsError || e instanceof StorageRuleError)) throw e;
      if (e instanceof StorageRuleError) onRefusal?.('batch item', e.code, e.message);
      failedKeys.push({ key: item.key, ...entity, error: { code: e.code, message: e.message } });
    }
  }
  return { status: 200, body: { successfulKeys, failedKeys } };
}

/** All conditions are evaluated against the stored state before any write; then all writes apply, or none. */
export function transaction(tables: KvsTables, req: Req, conflict: (code: string, message: string) => KvsError): KvsResult {
  type Op = { kind: 'set' | 'delete' | 'check'; item: Req; table: string };
  const ops: Op[] = (['set', 'delete', 'check'] as const).flatMap((kind) =>
    ((req[kind] ?? []) as Req[]).map((item) => ({ kind, item, table: tables.plainTable(item) })),
  );
  if (ops.length === 0) throw badRequest('A transaction needs at least one operation');
  checkMultiKeyRequest('transaction', ops.length, req);
  for (const o of ops) {
    checkKey(o.table === 'kv' ? 'kvs' : 'entity', o.item.key);
    if (o.kind === 'set') tables.checkWrite(o.table, o.item.value);
  }
  const ids = new Set(ops.map((o) => `${o.table}\u0000${o.item.key}`));
  if (ids.size !== ops.length) throw badRequest('A transaction cannot contain the same key twice');
  if (ops.some((o) => o.kind === 'check' && !o.item.conditions)) throw badRequest('A check needs conditions');

  tables.transaction(() => {
    for (const op of ops) {
      if (!op.item.conditions) continue;
      const current = tables.live(op.table, op.item.key);
      if (!conditionsHold(op.item.conditions as Conditions, current ? JSON.parse(current.value) : undefined)) {
        throw conflict(KVS_ERROR.CONDITION_CHECK_FAILED, `Transaction condition failed for key ${String(op.item.key)}`);
      }
    }
    for (const op of ops) {
      if (op.kind === 'set') {
        const prev = tables.live(op.table, op.item.key);
        tables.write(op.table, op.item.key, op.item.value, op.item.options?.ttl, prev?.created_at ?? tables.now());
      } else if (op.kind === 'delete') {
        tables.remove(op.table, op.item.key);
      }
    }
  });
  return { status: 204 };
}
