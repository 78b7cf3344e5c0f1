import type { EntityDefinition } from './entities';
import { KvsError, KVS_ERROR, badRequest, notFound, type KvsResult } from './kvs-errors';
import { batch, transaction } from './multi-key';
import { queryEntity, queryKeys } from './queries';
import { StorageRuleError } from './rules';
import { KvsTables, type Req, type Ttl } from './tables';

/**
 * Emulates the Forge KVS / Custom Entity Store REST API (the paths @forge/kvs posts to) on SQLite: the routes,
 * the single-key operations and the hooks the local host listens on. Its parts: storage (tables.ts), queries
 * (queries.ts, conditions.ts), batches and transactions (multi-key.ts), answers and error codes (kvs-errors.ts),
 * and the documented storage rules every request is held to (rules.ts).
 */

export { KVS_ERROR, type KvsResult } from './kvs-errors';
export { QUERY_LIMITS } from './queries';

interface SetOptions {
  ttl?: Ttl;
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
  returnMetadataFields?: string[];
}

export class SqliteKvs {
  /** Operation count per request path, for benchmarks. */
  readonly stats: Record<string, number> = {};
  private readonly tables: KvsTables;
  private readonly routes: Record<string, (req: Req) => KvsResult>;

  /** PLATFORM=strict: conflicts answer a generic 400 BAD_REQUEST, as undocumented codes might (docs/platform-assumptions.md). */
  private readonly genericConflicts: boolean;

  /** `autoCheckpoint: false`: no checkpoint on a commit; the owner calls `checkpoint()` (local/kvs/tables.ts). */
  constructor(opts: { file: string; entities: EntityDefinition[]; now: () => number; genericConflicts?: boolean; autoCheckpoint?: boolean }) {
    this.genericConflicts = opts.genericConflicts ?? false;
    const tables = (this.tables = new KvsTables({ file: opts.file, entities: opts.entities, now: opts.now, onWrite: (table, key) => this.onWrite?.(table, key), autoCheckpoint: opts.autoCheckpoint }));
    // A batch runs `op` on each item on its own; a storage rule's refusal of one item is told to onRefusal.
    const eachItem = (op: (item: Req) => Record<string, unknown>) => (r: Req) => batch(r, op, (path, code, message) => this.onRefusal?.(path, code, message));
    this.routes = {
      '/api/v1/get': (r) => this.get('kv', r),
      '/api/v1/set': (r) => this.set('kv', r),
      '/api/v1/delete': (r) => this.delete('kv', r),
      '/api/v1/query': (r) => queryKeys(tables, r),
      '/api/v1/secret/get': (r) => this.get('secret', r),
      '/api/v1/secret/set': (r) => this.set('secret', r),
      '/api/v1/secret/delete': (r) => this.delete('secret', r),
      '/api/v1/entity/get': (r) => this.get(tables.entityTable(r.entityName), r),
      '/api/v1/entity/set': (r) => this.set(tables.entityTable(r.entityName), r),
      '/api/v1/entity/delete': (r) => this.delete(tables.entityTable(r.entityName), r),
      '/api/v1/entity/query': (r) => queryEntity(tables, r),
      '/api/v1/batch/set': eachItem((item) => {
        this.set(tables.plainTable(item), item);
        return { key: item.key };
      }),
      '/api/v1/batch/get': eachItem((item) => {
        const row = tables.live(tables.plainTable(item), item.key);
        if (!row) throw notFound();
        return tables.record(row, item.options?.metadataFields ?? []);
      }),
      '/api/v1/batch/delete': eachItem((item) => {
        this.delete(tables.plainTable(item), item);
        return { key: item.key };
      }),
      '/api/v1/transaction': (r) => transaction(tables, r, (code, message) => this.conflict(code, message)),
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
    this.tables.close();
  }

  checkpoint(): void {
    this.tables.checkpoint();
  }

  walAutoCheckpoint(): number {
    return this.tables.walAutoCheckpoint();
  }

  /** Told of every request (or batch item) refused by a storage rule (local/kvs/rules.ts): the local host logs it as an error. */
  onRefusal?: (path: string, code: string, message: string) => void;

  /** Told of every written or removed key (the local host keeps its jobs worker's caches coherent). */
  onWrite?: (table: string, key: string) => void;

  /** A conflict's answer: its own code and 409, or under PLATFORM=strict a generic 400 BAD_REQUEST. */
  private conflict(code: string, message: string): KvsError {
    return this.genericConflicts ? new KvsError(400, KVS_ERROR.BAD_REQUEST, 'Bad request') : new KvsError(409, code, message);
  }

  // --- single-key operations ----------------------------------------------------------------------------

  private get(table: string, req: Req): KvsResult {
    const row = this.tables.live(table, req.key);
    if (!row) throw notFound();
    return { status: 200, body: this.tables.record(row) };
  }

  private set(table: string, req: Req): KvsResult {
    const options = (req.options ?? {}) as SetOptions;
    const { tables } = this;
    return tables.transaction((): KvsResult => {
      const prev = tables.live(table, req.key);
      if (prev && options.keyPolicy === 'FAIL_IF_EXISTS') throw this.conflict(KVS_ERROR.KEY_CONFLICT, 'Key already exists');
      const row = tables.write(table, req.key, req.value, options.ttl, prev?.created_at ?? tables.now());
      const fields = options.returnMetadataFields ?? [];
      if (options.returnValue === 'LATEST') return { status: 200, body: tables.record(row, fields) };
      if (options.returnValue === 'PREVIOUS' && prev) return { status: 200, body: tables.record(prev, fields) };
      return { status: 204 };
    });
  }

  private delete(table: string, req: Req): KvsResult {
    if (!this.tables.live(table, req.key)) throw notFound();
    this.tables.remove(table, req.key);
    return { status: 204 };
  }
}
