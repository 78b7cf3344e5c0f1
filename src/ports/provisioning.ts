import type { ApiAccess } from '../domain/provisioning/api-key';

/**
 * The provisioning API (issue 12): its keys and `Idempotency-Key` claims.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

/** A provisioning API key as stored (issue 12): the key itself never is, only its SHA-256. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  access: ApiAccess;
  /** The first characters of the key, to recognise it in the list. */
  hint: string;
  /** Calls must carry a valid signature (the key alone is not enough). */
  signed: boolean;
  createdAt: number;
  createdBy: string;
  lastUsedAt: number;
  hash: string;
}

/** The provisioning API's keys (src/forge/api-keys.ts). */
export interface ApiKeyStore {
  list(): Promise<ApiKeyRecord[]>;
  create(
    input: { name: string; access: ApiAccess; signed: boolean; createdBy: string; now: number },
    randomBytes: (n: number) => Buffer,
  ): Promise<{ record: ApiKeyRecord; key: string; signingSecret?: string }>;
  /** The live record for a presented key, or undefined (unknown or revoked: the caller cannot tell). */
  byKey(key: string): Promise<ApiKeyRecord | undefined>;
  signingSecret(record: ApiKeyRecord): Promise<string | undefined>;
  /** Records the key's last use (at most a write a minute). */
  touch(record: ApiKeyRecord, now: number): Promise<void>;
  revoke(id: string): Promise<ApiKeyRecord | undefined>;
}

/** The answer an `Idempotency-Key` keeps for 24 hours. */
export interface StoredAnswer {
  status: number;
  body: string;
}

export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; answer: StoredAnswer } | { kind: 'mismatch' } | { kind: 'in-progress' };

/** `Idempotency-Key` claims of the provisioning API (src/forge/idempotency.ts). */
export interface IdempotencyStore {
  /** Claims the key, or answers what an earlier request with it left (waiting briefly while it runs). */
  claim(apiKeyId: string, key: string, print: string, nowSec: number, wait: (ms: number) => Promise<void>): Promise<IdempotencyClaim>;
  /** `customerId`: whose data the answer carries; a pointer from them lets their erasure find it (issue 24). */
  complete(apiKeyId: string, key: string, print: string, answer: StoredAnswer, customerId?: string): Promise<void>;
  release(apiKeyId: string, key: string): Promise<void>;
}
