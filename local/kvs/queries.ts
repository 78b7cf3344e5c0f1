import { attrExpr, bindable, conditionsHold, rangeSql, type Condition, type Conditions } from './conditions';
import type { EntityIndex } from './entities';
import { badRequest, type KvsResult } from './kvs-errors';
import { quoteId, type KvsTables, type Req, type Row } from './tables';

/** The KVS emulator's queries: keys by prefix (kvs.query) and entity index queries, with their limits and cursors. */

/** The docs for kvs.query say "up to a maximum of 20". None are documented for entity queries, so we use 20/100. */
export const QUERY_LIMITS = { kvs: { default: 20, max: 20 }, entity: { default: 20, max: 100 } } as const;

const encodeCursor = (pos: unknown[]) => Buffer.from(JSON.stringify(pos)).toString('base64url');
function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(pos) && pos.length === length) return pos;
  } catch {
    /* fall through */
  }
  throw badRequest('Invalid cursor');
}

function limitOf(requested: unknown, limits: { default: number; max: number }): number {
  if (requested === undefined) return limits.default;
  if (!Number.isInteger(requested) || (requested as number) < 1 || (requested as number) > limits.max) {
    throw badRequest(`limit must be an integer between 1 and ${limits.max}`);
  }
  return requested as number;
}

export function queryKeys(tables: KvsTables, req: Req): KvsResult {
  const limit = limitOf(req.limit, QUERY_LIMITS.kvs);
  const where: string[] = ['(expire_at IS NULL OR expire_at > ?)'];
  const params: unknown[] = [tables.now()];
  for (const w of (req.where ?? []) as Condition[]) {
    if (w.property !== 'key' || w.condition !== 'BEGINS_WITH') throw badRequest('Only key BEGINS_WITH is supported');
    where.push('key >= ? AND key < ?');
    params.push(String(w.values[0]), String(w.values[0]) + '\u{10FFFF}');
  }
  if (req.after !== undefined) {
    where.push('key > ?');
    params.push(decodeCursor(req.after, 1)[0]);
  }
  const rows = tables.stmt(`SELECT * FROM kv WHERE ${where.join(' AND ')} ORDER BY key LIMIT ?`).all(...params, limit + 1) as Row[];
  const page = rows.slice(0, limit);
  const fields = (req.options?.metadataFields ?? []) as string[];
  return {
    status: 200,
    body: {
      data: page.map((r) => tables.record(r, fields)),
      ...(rows.length > limit ? { cursor: encodeCursor([page[page.length - 1].key]) } : {}),
    },
  };
}

/**
 * Index query: partition attributes by equality, range condition on the first range attribute, ordered by the
 * range attribute(s) then key. Items lacking an indexed attribute are not in the index (sparse, as in DynamoDB).
 * Filters are applied before the limit, so a page is full unless the index is exhausted.
 */
export function queryEntity(tables: KvsTables, req: Req): KvsResult {
  const table = tables.entityTable(req.entityName);
  const def = tables.entities.get(req.entityName as string)!;
  const index: EntityIndex | undefined = def.indexes.find((i) => i.name === req.indexName);
  if (!index) throw badRequest(`Unknown index ${String(req.indexName)} on entity ${def.name}`);
  const limit = limitOf(req.limit, QUERY_LIMITS.entity);
  const partition = (req.partition ?? []) as unknown[];
  const partitionAttrs = index.partition ?? [];
  if (partition.length !== partitionAttrs.length) throw badRequest(`Index ${index.name} needs ${partitionAttrs.length} partition value(s)`);
  const desc = req.sort === 'DESC';
  if (req.sort !== undefined && req.sort !== 'ASC' && !desc) throw badRequest('sort must be ASC or DESC');

  const rangeExprs = index.range.map(attrExpr);
  const where: string[] = ['(expire_at IS NULL OR expire_at > ?)'];
  const params: unknown[] = [tables.now()];
  partitionAttrs.forEach((attr, i) => {
    where.push(`${attrExpr(attr)} = ?`);
    params.push(bindable(partition[i]));
  });
  for (const e of rangeExprs) where.push(`${e} IS NOT NULL`);
  if (req.range) where.push(rangeSql(rangeExprs[0], req.range as Condition, params));
  const posCols = [...rangeExprs, 'key'];
  // After a cursor: the row-value comparison is exact; the redundant single-column bound lets SQLite seek the index.
  const afterPos = `${rangeExprs[0]} ${desc ? '<=' : '>='} ? AND (${posCols.join(', ')}) ${desc ? '<' : '>'} (${posCols.map(() => '?').join(', ')})`;
  const sql = (withPos: boolean) =>
    `SELECT key, value, created_at, updated_at, expire_at, ${rangeExprs.map((e, i) => `${e} AS r${i}`).join(', ')}
     FROM ${quoteId(table)} WHERE ${[...where, ...(withPos ? [afterPos] : [])].join(' AND ')}
     ORDER BY ${posCols.map((c) => `${c} ${desc ? 'DESC' : 'ASC'}`).join(', ')} LIMIT ?`;

  const filters = req.filters as Conditions | undefined;
  const chunk = filters ? Math.max(limit + 1, 100) : limit + 1;
  let pos: unknown[] | undefined = req.cursor !== undefined ? decodeCursor(req.cursor, posCols.length) : undefined;
  const hits: { row: Row; pos: unknown[] }[] = [];
  for (;;) {
    const rows = tables.stmt(sql(pos !== undefined)).all(...params, ...(pos ? [pos[0], ...pos] : []), chunk) as (Row & Record<string, unknown>)[];
    for (const row of rows) {
      pos = [...rangeExprs.map((_, i) => row[`r${i}`]), row.key];
      if (conditionsHold(filters, JSON.parse(row.value))) hits.push({ row, pos });
      if (hits.length > limit) break;
    }
    if (hits.length > limit || rows.length < chunk) break;
  }
  const page = hits.slice(0, limit);
  const fields = (req.options?.metadataFields ?? []) as string[];
  return {
    status: 200,
    body: {
      data: page.map((h) => tables.record(h.row, fields)),
      ...(hits.length > limit ? { cursor: encodeCursor(page[page.length - 1].pos) } : {}),
    },
  };
}
