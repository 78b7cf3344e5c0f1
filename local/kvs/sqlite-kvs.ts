import Database from 'better-sqlite3';
import type { EntityDefinition, EntityIndex } from './entities';
import { checkEntityValue, checkKey, checkMultiKeyRequest, checkValue, StorageRuleError } from './rules';

/**
 * Emulates the Forge KVS / Custom Entity Store REST API (the paths @forge/kvs posts to) on SQLite.
 *
 * Error codes: KEY_NOT_FOUND (404) and BAD_REQUEST (400) are the ones the @forge/kvs client's own tests use.
 * The Forge docs (developer.atlassian.com/platform/forge/storage-reference/…) do not name a code for
 * FAIL_IF_EXISTS or for failed transaction conditions. KEY_CONFLICT/409 for FAIL_IF_EXISTS follows a
 * third-party write-up ("Forge KVS locking: FAIL_IF_EXISTS vs TTL leases", leanzero.hashnode.dev).
 * CONDITION_CHECK_FAILED/409 is our own choice. App code should not match on these codes.
 */
export const KVS_ERROR = {
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  KEY_CONFLICT: 'KEY_CONFLICT',
  CONDITION_CHECK_FAILED: 'CONDITION_CHECK_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** The docs for kvs.query say "up to a maximum of 20". None are documented for entity queries, so we use 20/100. */
export const QUERY_LIMITS = { kvs: { default: 20, max: 20 }, entity: { default: 20, max: 100 } } as const;
/** "Each batch operation can contain a maximum of 25 keys" (Forge docs, storage-reference/entities-batch). */
const MAX_BATCH = 25;

export interface KvsResult {
  status: number;
  body?: unknown;
}

interface Condition {
  property: string;
  condition: string;
  values: unknown[];
}
type Conditions = { and?: Condition[]; or?: Condition[] };
type Ttl = { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };
interface SetOptions {
  ttl?: Ttl;
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
  returnMetadataFields?: string[];
}
interface Row {
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expire_at: number | null;
}
// Loosely typed request bodies: the client is trusted for shape, the emulator validates what matters.
type Req = Record<string, any>;

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
const badRequest = (message: string) => new KvsError(400, KVS_ERROR.BAD_REQUEST, message);
const notFound = () => new KvsError(404, KVS_ERROR.KEY_NOT_FOUND, 'Provided key does not exist');

const TTL_MS: Record<string, number> = { SECONDS: 1e3, MINUTES: 60e3, HOURS: 3600e3, DAYS: 86400e3 };
const RANGE_CONDITIONS = new Set(['BETWEEN', 'BEGINS_WITH', 'EQUAL_TO', 'GREATER_THAN', 'GREATER_THAN_EQUAL_TO', 'LESS_THAN', 'LESS_THAN_EQUAL_TO']);

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** The exact same SQL text is used in CREATE INDEX and in queries so SQLite matches the expression index. */
const attrExpr = (attr: string) => `json_extract(value, '$."${attr.replace(/["']/g, '')}"')`;
const bindable = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
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

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined; // different types never compare
}

/** One condition against one attribute value. A missing attribute (or item) only satisfies NOT_EXISTS. */
function testCondition(actual: unknown, c: Condition): boolean {
  const [v0, v1] = c.values ?? [];
  if (c.condition === 'NOT_EXISTS') return actual === undefined || actual === null;
  if (actual === undefined || actual === null) return false;
  const cmp = compare(actual, v0);
  switch (c.condition) {
    case 'EXISTS':
      return true;
    case 'EQUAL_TO':
      return actual === v0;
    case 'NOT_EQUAL_TO':
      return actual !== v0;
    case 'GREATER_THAN':
      return cmp !== undefined && cmp > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return cmp !== undefined && cmp >= 0;
    case 'LESS_THAN':
      return cmp !== undefined && cmp < 0;
    case 'LESS_THAN_EQUAL_TO':
      return cmp !== undefined && cmp <= 0;
    case 'BETWEEN': {
      const hi = compare(actual, v1);
      return cmp !== undefined && hi !== undefined && cmp >= 0 && hi <= 0;
    }
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(v0));
    case 'CONTAINS':
    case 'NOT_CONTAINS': {
      const has = typeof actual === 'string' ? actual.includes(String(v0)) : Array.isArray(actual) ? actual.includes(v0) : undefined;
      if (has === undefined) return false;
      return c.condition === 'CONTAINS' ? has : !has;
    }
    default:
      throw badRequest(`Unknown condition ${c.condition}`);
  }
}

function conditionsHold(conds: Conditions | undefined, value: unknown): boolean {
  if (!conds) return true;
  const attr = (p: string) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[p] : undefined);
  if (conds.and && conds.or) throw badRequest('Use either "and" or "or"');
  if (conds.or) return conds.or.some((c) => testCondition(attr(c.property), c));
  return (conds.and ?? []).every((c) => testCondition(attr(c.property), c));
}

/** SQL for an index range condition, guarded by type so e.g. `> 5` never matches text (SQLite orders numbers < text). */
function rangeSql(expr: string, c: Condition, params: unknown[]): string {
  if (!RANGE_CONDITIONS.has(c.condition)) throw badRequest(`Condition ${c.condition} is not allowed on an index range`);
  const v0 = bindable(c.values?.[0]);
  const guard = typeof v0 === 'number' ? `typeof(${expr}) IN ('integer','real')` : `typeof(${expr}) = 'text'`;
  const ops: Record<string, string> = { EQUAL_TO: '=', GREATER_THAN: '>', GREATER_THAN_EQUAL_TO: '>=', LESS_THAN: '<', LESS_THAN_EQUAL_TO: '<=' };
  if (c.condition === 'BETWEEN') {
    params.push(v0, bindable(c.values?.[1]));
    return `${guard} AND ${expr} BETWEEN ? AND ?`;
  }
  if (c.condition === 'BEGINS_WITH') {
    const prefix = String(v0);
    params.push(prefix, prefix + '\u{10FFFF}');
    return `typeof(${expr}) = 'text' AND ${expr} >= ? AND ${expr} < ?`;
  }
  params.push(v0);
  return `${guard} AND ${expr} ${ops[c.condition]} ?`;
}

export class SqliteKvs {
  /** Operation count per request path, for benchmarks. */
  readonly stats: Record<string, number> = {};
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly entities = new Map<string, EntityDefinition>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly routes: Record<string, (req: Req) => KvsResult>;

  /** PLATFORM=strict: conflicts answer a generic 400 BAD_REQUEST, as undocumented codes might (docs/platform-assumptions.md). */
  private readonly genericConflicts: boolean;

  constructor(opts: { file: string; entities: EntityDefinition[]; now: () => number; genericConflicts?: boolean }) {
    this.now = opts.now;
    this.genericConflicts = opts.genericConflicts ?? false;
    this.db = new Database(opts.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.createTable('kv');
    this.createTable('secret');
    for (const def of opts.entities) {
      this.entities.set(def.name, def);
      const table = `entity:${def.name}`;
      this.createTable(table);
      for (const ix of def.indexes) {
        const attrs = [...(ix.partition ?? []), ...ix.range];
        // Attribute names are part of the index name so a changed manifest index gets a fresh SQLite index.
        const name = `ix:${def.name}:${ix.name}(${attrs.join('|')})`;
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${quoteId(name)} ON ${quoteId(table)} (${attrs.map(attrExpr).join(', ')}, key)`);
      }
    }
    this.routes = {
      '/api/v1/get': (r) => this.get('kv', r),
      '/api/v1/set': (r) => this.set('kv', r),
      '/api/v1/delete': (r) => this.delete('kv', r),
      '/api/v1/query': (r) => this.queryKeys(r),
      '/api/v1/secret/get': (r) => this.get('secret', r),
      '/api/v1/secret/set': (r) => this.set('secret', r),
      '/api/v1/secret/delete': (r) => this.delete('secret', r),
      '/api/v1/entity/get': (r) => this.get(this.entityTable(r.entityName), r),
      '/api/v1/entity/set': (r) => this.set(this.entityTable(r.entityName), r),
      '/api/v1/entity/delete': (r) => this.delete(this.entityTable(r.entityName), r),
      '/api/v1/entity/query': (r) => this.queryEntity(r),
      '/api/v1/batch/set': (r) =>
        this.batch(r, (item) => {
          this.set(this.plainTable(item), item);
          return { key: item.key };
        }),
      '/api/v1/batch/get': (r) =>
        this.batch(r, (item) => {
          const row = this.live(this.plainTable(item), item.key);
          if (!row) throw notFound();
          return this.record(row, item.options?.metadataFields ?? []);
        }),
      '/api/v1/batch/delete': (r) =>
        this.batch(r, (item) => {
          this.delete(this.plainTable(item), item);
          return { key: item.key };
        }),
      '/api/v1/transaction': (r) => this.transaction(r),
    };
  }

  /** Synchronous dispatcher: one emulated KVS HTTP request. */
  handle(path: string, request: unknown): KvsResult {
    const route = path.split('?')[0];
    this.stats[route] = (this.stats[route] ?? 0) + 1;
    const handler = this.routes[route];
    try {
      if (!handler) throw new KvsError(404, KVS_ERROR.NOT_FOUND, `Unknown KVS path ${route}`);
      if (request === null || typeof request !== 'object') throw badRequest('Request body must be a JSON object');
      return handler(request);
    } catch (e) {
      if (e instanceof StorageRuleError) this.onRefusal?.(route, e.code, e.message);
      if (e instanceof KvsError || e instanceof StorageRuleError) return { status: e.status, body: { code: e.code, message: e.message } };
      return { status: 500, body: { code: KVS_ERROR.INTERNAL_SERVER_ERROR, message: String(e) } };
    }
  }

  resetStats(): void {
    for (const k of Object.keys(this.stats)) delete this.stats[k];
  }

  close(): void {
    this.db.close();
  }

  // --- storage primitives -------------------------------------------------------------------------------

  private createTable(table: string): void {
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoteId(table)} (key TEXT PRIMARY KEY, value TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expire_at INTEGER)`,
    );
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private entityTable(entityName: unknown): string {
    if (typeof entityName !== 'string' || !this.entities.has(entityName)) throw badRequest(`Unknown entity ${String(entityName)}`);
    return `entity:${entityName}`;
  }

  private plainTable(item: Req): string {
    return item.entityName === undefined ? 'kv' : this.entityTable(item.entityName);
  }

  /** The item if present and not expired. */
  private live(table: string, key: unknown): Row | undefined {
    // Every request's key obeys the documented key rules (local/kvs/rules.ts), reads included.
    checkKey(table === 'kv' ? 'kvs' : table === 'secret' ? 'secret' : 'entity', key);
    return this.stmt(`SELECT * FROM ${quoteId(table)} WHERE key = ? AND (expire_at IS NULL OR expire_at > ?)`).get(key, this.now()) as
      | Row
      | undefined;
  }

  /** Told of every request (or batch item) refused by a storage rule (local/kvs/rules.ts): the local host logs it as an error. */
  onRefusal?: (path: string, code: string, message: string) => void;

  /** Told of every written or removed key (the local host keeps its jobs worker's caches coherent). */
  onWrite?: (table: string, key: string) => void;

  private write(table: string, key: string, value: unknown, ttl: Ttl | undefined, createdAt: number): Row {
    this.checkWrite(table, value);
    this.onWrite?.(table, key);
    let expireAt: number | null = null;
    if (ttl) {
      if (!(ttl.value > 0) || !TTL_MS[ttl.unit]) throw badRequest('Invalid ttl');
      expireAt = this.now() + ttl.value * TTL_MS[ttl.unit];
    }
    const row: Row = { key, value: JSON.stringify(value), created_at: createdAt, updated_at: this.now(), expire_at: expireAt };
    this.stmt(`INSERT OR REPLACE INTO ${quoteId(table)} (key, value, created_at, updated_at, expire_at) VALUES (?, ?, ?, ?, ?)`).run(
      row.key,
      row.value,
      row.created_at,
      row.updated_at,
      row.expire_at,
    );
    return row;
  }

  /** A value the store would refuse never reaches SQLite (local/kvs/rules.ts). */
  private checkWrite(table: string, value: unknown): void {
    checkValue(value);
    if (table.startsWith('entity:')) checkEntityValue(this.entities.get(table.slice(7))!, value);
  }

  private remove(table: string, key: string): void {
    this.onWrite?.(table, key);
    this.stmt(`DELETE FROM ${quoteId(table)} WHERE key = ?`).run(key);
  }

  /** Response record; createdAt/updatedAt are Unix seconds, expireTime ISO-8601 (as in the client's tests). */
  private record(row: Row, metadataFields?: string[]): Record<string, unknown> {
    const want = (f: string) => metadataFields === undefined || metadataFields.includes(f);
    return {
      key: row.key,
      value: JSON.parse(row.value) as unknown,
      ...(want('CREATED_AT') ? { createdAt: Math.floor(row.created_at / 1000) } : {}),
      ...(want('UPDATED_AT') ? { updatedAt: Math.floor(row.updated_at / 1000) } : {}),
      ...(want('EXPIRE_TIME') && row.expire_at !== null ? { expireTime: new Date(row.expire_at).toISOString() } : {}),
    };
  }

  // --- single-key operations ----------------------------------------------------------------------------

  private get(table: string, req: Req): KvsResult {
    const row = this.live(table, req.key);
    if (!row) throw notFound();
    return { status: 200, body: this.record(row) };
  }

  private set(table: string, req: Req): KvsResult {
    const options = (req.options ?? {}) as SetOptions;
    return this.db
      .transaction((): KvsResult => {
        const prev = this.live(table, req.key);
        if (prev && options.keyPolicy === 'FAIL_IF_EXISTS') throw this.conflict(KVS_ERROR.KEY_CONFLICT, 'Key already exists');
        const row = this.write(table, req.key, req.value, options.ttl, prev?.created_at ?? this.now());
        const fields = options.returnMetadataFields ?? [];
        if (options.returnValue === 'LATEST') return { status: 200, body: this.record(row, fields) };
        if (options.returnValue === 'PREVIOUS' && prev) return { status: 200, body: this.record(prev, fields) };
        return { status: 204 };
      })
      .immediate();
  }

  private delete(table: string, req: Req): KvsResult {
    if (!this.live(table, req.key)) throw notFound();
    this.remove(table, req.key);
    return { status: 204 };
  }

  private batch(req: Req, op: (item: Req) => Record<string, unknown>): KvsResult {
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
        if (e instanceof StorageRuleError) this.onRefusal?.('batch item', e.code, e.message);
        failedKeys.push({ key: item.key, ...entity, error: { code: e.code, message: e.message } });
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  // --- queries ------------------------------------------------------------------------------------------

  private limitOf(requested: unknown, limits: { default: number; max: number }): number {
    if (requested === undefined) return limits.default;
    if (!Number.isInteger(requested) || (requested as number) < 1 || (requested as number) > limits.max) {
      throw badRequest(`limit must be an integer between 1 and ${limits.max}`);
    }
    return requested as number;
  }

  private queryKeys(req: Req): KvsResult {
    const limit = this.limitOf(req.limit, QUERY_LIMITS.kvs);
    const where: string[] = ['(expire_at IS NULL OR expire_at > ?)'];
    const params: unknown[] = [this.now()];
    for (const w of (req.where ?? []) as Condition[]) {
      if (w.property !== 'key' || w.condition !== 'BEGINS_WITH') throw badRequest('Only key BEGINS_WITH is supported');
      where.push('key >= ? AND key < ?');
      params.push(String(w.values[0]), String(w.values[0]) + '\u{10FFFF}');
    }
    if (req.after !== undefined) {
      where.push('key > ?');
      params.push(decodeCursor(req.after, 1)[0]);
    }
    const rows = this.stmt(`SELECT * FROM kv WHERE ${where.join(' AND ')} ORDER BY key LIMIT ?`).all(...params, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const fields = (req.options?.metadataFields ?? []) as string[];
    return {
      status: 200,
      body: {
        data: page.map((r) => this.record(r, fields)),
        ...(rows.length > limit ? { cursor: encodeCursor([page[page.length - 1].key]) } : {}),
      },
    };
  }

  /**
   * Index query: partition attributes by equality, range condition on the first range attribute, ordered by the
   * range attribute(s) then key. Items lacking an indexed attribute are not in the index (sparse, as in DynamoDB).
   * Filters are applied before the limit, so a page is full unless the index is exhausted.
   */
  private queryEntity(req: Req): KvsResult {
    const table = this.entityTable(req.entityName);
    const def = this.entities.get(req.entityName as string)!;
    const index: EntityIndex | undefined = def.indexes.find((i) => i.name === req.indexName);
    if (!index) throw badRequest(`Unknown index ${String(req.indexName)} on entity ${def.name}`);
    const limit = this.limitOf(req.limit, QUERY_LIMITS.entity);
    const partition = (req.partition ?? []) as unknown[];
    const partitionAttrs = index.partition ?? [];
    if (partition.length !== partitionAttrs.length) throw badRequest(`Index ${index.name} needs ${partitionAttrs.length} partition value(s)`);
    const desc = req.sort === 'DESC';
    if (req.sort !== undefined && req.sort !== 'ASC' && !desc) throw badRequest('sort must be ASC or DESC');

    const rangeExprs = index.range.map(attrExpr);
    const where: string[] = ['(expire_at IS NULL OR expire_at > ?)'];
    const params: unknown[] = [this.now()];
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
      const rows = this.stmt(sql(pos !== undefined)).all(...params, ...(pos ? [pos[0], ...pos] : []), chunk) as (Row & Record<string, unknown>)[];
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
        data: page.map((h) => this.record(h.row, fields)),
        ...(hits.length > limit ? { cursor: encodeCursor(page[page.length - 1].pos) } : {}),
      },
    };
  }

  // --- transactions -------------------------------------------------------------------------------------

  /** All conditions are evaluated against the stored state before any write; then all writes apply, or none. */
  private conflict(code: string, message: string): KvsError {
    return this.genericConflicts ? new KvsError(400, KVS_ERROR.BAD_REQUEST, 'Bad request') : new KvsError(409, code, message);
  }

  private transaction(req: Req): KvsResult {
    type Op = { kind: 'set' | 'delete' | 'check'; item: Req; table: string };
    const ops: Op[] = (['set', 'delete', 'check'] as const).flatMap((kind) =>
      ((req[kind] ?? []) as Req[]).map((item) => ({ kind, item, table: this.plainTable(item) })),
    );
    if (ops.length === 0) throw badRequest('A transaction needs at least one operation');
    checkMultiKeyRequest('transaction', ops.length, req);
    for (const o of ops) {
      checkKey(o.table === 'kv' ? 'kvs' : 'entity', o.item.key);
      if (o.kind === 'set') this.checkWrite(o.table, o.item.value);
    }
    const ids = new Set(ops.map((o) => `${o.table}\u0000${o.item.key}`));
    if (ids.size !== ops.length) throw badRequest('A transaction cannot contain the same key twice');
    if (ops.some((o) => o.kind === 'check' && !o.item.conditions)) throw badRequest('A check needs conditions');

    this.db
      .transaction(() => {
        for (const op of ops) {
          if (!op.item.conditions) continue;
          const current = this.live(op.table, op.item.key);
          if (!conditionsHold(op.item.conditions as Conditions, current ? JSON.parse(current.value) : undefined)) {
            throw this.conflict(KVS_ERROR.CONDITION_CHECK_FAILED, `Transaction condition failed for key ${String(op.item.key)}`);
          }
        }
        for (const op of ops) {
          if (op.kind === 'set') {
            const prev = this.live(op.table, op.item.key);
            this.write(op.table, op.item.key, op.item.value, op.item.options?.ttl, prev?.created_at ?? this.now());
          } else if (op.kind === 'delete') {
            this.remove(op.table, op.item.key);
          }
        }
      })
      .immediate();
    return { status: 204 };
  }
}
