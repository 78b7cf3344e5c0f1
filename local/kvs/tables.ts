import Database from 'better-sqlite3';
import { attrExpr } from './conditions';
import type { EntityDefinition } from './entities';
import { badRequest } from './kvs-errors';
import { checkEntityValue, checkKey, checkValue } from './rules';

/**
 * The KVS emulator's storage: one SQLite table per store (`kv`, `secret`, `entity:<name>` with the manifest's
 * indexes), live reads that obey the key rules, writes that obey the value rules (local/kvs/rules.ts), TTLs, and
 * the response record.
 */

export type Ttl = { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };
export interface Row {
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expire_at: number | null;
}
// Loosely typed request bodies: the client is trusted for shape, the emulator validates what matters.
export type Req = Record<string, any>;

const TTL_MS: Record<string, number> = { SECONDS: 1e3, MINUTES: 60e3, HOURS: 3600e3, DAYS: 86400e3 };

export const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class KvsTables {
  readonly now: () => number;
  readonly entities = new Map<string, EntityDefinition>();
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Told of every written or removed key (SqliteKvs.onWrite). */
  private readonly onWrite: (table: string, key: string) => void;

  constructor(opts: { file: string; entities: EntityDefinition[]; now: () => number; onWrite: (table: string, key: string) => void; autoCheckpoint?: boolean }) {
    this.now = opts.now;
    this.onWrite = opts.onWrite;
    this.db = new Database(opts.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // A commit that fills the WAL past 1,000 pages checkpoints it then and there, fsyncs included: the local host
    // turns that off for its request thread's connections, and its jobs worker checkpoints on its own thread.
    if (opts.autoCheckpoint === false) this.db.pragma('wal_autocheckpoint = 0');
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
  }

  close(): void {
    this.db.close();
  }

  /** Pages in the WAL at which a commit checkpoints it (0: never). */
  walAutoCheckpoint(): number {
    return this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  }

  /** Copies what it can of the WAL into the database without waiting for readers or writers (SQLite's PASSIVE checkpoint). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  /** `fn` in one SQLite transaction, begun IMMEDIATE (the write lock taken at once). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private createTable(table: string): void {
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoteId(table)} (key TEXT PRIMARY KEY, value TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expire_at INTEGER)`,
    );
  }

  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  entityTable(entityName: unknown): string {
    if (typeof entityName !== 'string' || !this.entities.has(entityName)) throw badRequest(`Unknown entity ${String(entityName)}`);
    return `entity:${entityName}`;
  }

  plainTable(item: Req): string {
    return item.entityName === undefined ? 'kv' : this.entityTable(item.entityName);
  }

  /** The item if present and not expired. */
  live(table: string, key: unknown): Row | undefined {
    // Every request's key obeys the documented key rules (local/kvs/rules.ts), reads included.
    checkKey(table === 'kv' ? 'kvs' : table === 'secret' ? 'secret' : 'entity', key);
    return this.stmt(`SELECT * FROM ${quoteId(table)} WHERE key = ? AND (expire_at IS NULL OR expire_at > ?)`).get(key, this.now()) as
      | Row
      | undefined;
  }

  write(table: string, key: string, value: unknown, ttl: Ttl | undefined, createdAt: number): Row {
    this.checkWrite(table, value);
    this.onWrite(table, key);
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
  checkWrite(table: string, value: unknown): void {
    checkValue(value);
    if (table.startsWith('entity:')) checkEntityValue(this.entities.get(table.slice(7))!, value);
  }

  remove(table: string, key: string): void {
    this.onWrite(table, key);
    this.stmt(`DELETE FROM ${quoteId(table)} WHERE key = ?`).run(key);
  }

  /** Response record; createdAt/updatedAt are Unix seconds, expireTime ISO-8601 (as in the client's tests). */
  record(row: Row, metadataFields?: string[]): Record<string, unknown> {
    const want = (f: string) => metadataFields === undefined || metadataFields.includes(f);
    return {
      key: row.key,
      value: JSON.parse(row.value) as unknown,
      ...(want('CREATED_AT') ? { createdAt: Math.floor(row.created_at / 1000) } : {}),
      ...(want('UPDATED_AT') ? { updatedAt: Math.floor(row.updated_at / 1000) } : {}),
      ...(want('EXPIRE_TIME') && row.expire_at !== null ? { expireTime: new Date(row.expire_at).toISOString() } : {}),
    };
  }
}
