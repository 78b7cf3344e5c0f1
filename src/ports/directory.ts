import type { AuditEvent } from '../domain/audit';
import type { Customer } from '../domain/customer';

/**
 * The customer directory and the password hashes (KVS custom entities and secret storage).
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

export interface UpdatedRange {
  from?: number;
  to?: number;
}

export interface Directory {
  findByEmail(emailKey: string): Promise<Customer | undefined>;
  findByUsername(usernameKey: string): Promise<Customer | undefined>;
  findByAccount(accountId: string): Promise<Customer | undefined>;
  /** The entry a provisioning system knows by this id (issue 12). */
  findByExternalId(externalId: string): Promise<Customer | undefined>;
  get(id: string): Promise<Customer | undefined>;
  /** Customers with a stored status, oldest change first (index by-status), a page at a time. */
  /** Customers with this stored status, least recently updated first; `updated` bounds `updatedAt` (seconds, inclusive). */
  listByStatus(status: Customer['status'], limit: number, cursor?: string, updated?: UpdatedRange): Promise<{ customers: Customer[]; cursor?: string }>;
  /**
   * Writes the customer only if the stored revision is still `expectedRev` (and, when given, the stored link
   * hash still `expectedLinkHash`), together with the audit events, atomically. Returns false on conflict.
   */
  update(next: Customer, expected: { rev: number; linkHash?: string }, events: AuditEvent[], alongside?: PlainWrite[]): Promise<boolean>;
  /**
   * As `update`, for a change of the entry's email address, username or external id: claims the new ones and
   * releases the old ones in the same transaction; false when the revision moved or a new one is claimed.
   */
  updateKeys(next: Customer, previous: Customer, events: AuditEvent[]): Promise<boolean>;
  /** False when the entry, its email address or its username exists already (nothing written). */
  create(customer: Customer, events: AuditEvent[]): Promise<boolean>;
  /** `alongside`: plain values that land with the events or not at all (e.g. a job's done mark). */
  appendAudit(events: AuditEvent[], alongside?: PlainWrite[]): Promise<void>;
  /**
   * One write on a decoy item, nothing else (a transaction, or with 'set' a single entity set, the way one audit
   * event without a counted series is written): what an unknown or refused sign-in writes where a known account's
   * writes its claim or its outcome, so that every path makes the same storage calls (issue 23 item 6).
   * `alongside`: the plain writes that claim would have carried (the client's window), in the same transaction.
   */
  decoy(kind?: 'transaction' | 'set', alongside?: PlainWrite[]): Promise<void>;
  listAudit(customerId: string, limit: number, cursor?: string): Promise<{ events: AuditEvent[]; cursor?: string }>;
}

export interface PasswordStore {
  get(customerId: string, ref: string): Promise<string | undefined>;
  put(customerId: string, ref: string, hash: string): Promise<void>;
  remove(customerId: string, ref: string): Promise<void>;
}

/**
 * A plain KVS value written inside another store's transaction; `ttlSec` as the value's own lifetime. `finishes`:
 * the write finishes a pending sign-in (PendingSignIns.finishWrite): the transaction lands only where no other finish
 * of it landed first, and otherwise throws SignInFinished (issue 22: a pending sign-in finishes at most once).
 */
export interface PlainWrite {
  key: string;
  value: unknown;
  ttlSec?: number;
  finishes?: true;
}

/** A transaction that was to finish a pending sign-in found it finished by another step (nothing written). */
export class SignInFinished extends Error {
  constructor() {
    super('the pending sign-in was finished by another step');
    this.name = 'SignInFinished';
  }
}
