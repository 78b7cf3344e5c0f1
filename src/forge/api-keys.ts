import { kvs, WhereConditions } from '@forge/kvs';
import { apiKeyHash, keyHint, newApiKey, type ApiAccess } from '../domain/provisioning/api-key';
import type { ApiKeyRecord, ApiKeyStore } from '../ports/provisioning';
import { API_KEY_PREFIX, apiKeyRecordKey, apiKeySigningSecret } from './kvs-keys';

/**
 * Provisioning API keys in KVS (issue 12): one record per key under `apikey:<SHA-256 of the key>`, so a call
 * costs one read to authenticate; the key itself is never stored. A key that signs its requests has a
 * signing secret in KVS secret storage. Revoking deletes the record: the next call with it fails.
 */
export const MAX_API_KEYS = 25;
/** Last use is written at most once a minute per key: a busy key does not cost a write per call. */
const LAST_USE_RESOLUTION_SEC = 60;

export class KvsApiKeys implements ApiKeyStore {
  async list(): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    let cursor: string | undefined;
    do {
      // Plain-key queries answer at most 20 a page.
      let query = kvs.query().where('key', WhereConditions.beginsWith(API_KEY_PREFIX)).limit(20);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<ApiKeyRecord>();
      records.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
    } while (cursor);
    return records.sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  }

  async create(
    input: { name: string; access: ApiAccess; signed: boolean; createdBy: string; now: number },
    randomBytes: (n: number) => Buffer,
  ): Promise<{ record: ApiKeyRecord; key: string; signingSecret?: string }> {
    const key = newApiKey(randomBytes);
    const hash = apiKeyHash(key);
    const record: ApiKeyRecord = { id: randomBytes(8).toString('hex'), name: input.name, access: input.access, hint: keyHint(key), signed: input.signed, createdAt: input.now, createdBy: input.createdBy, lastUsedAt: 0, hash };
    let signingSecret: string | undefined;
    if (input.signed) {
      signingSecret = `pa_sig_${randomBytes(24).toString('base64url')}`;
      await kvs.setSecret(apiKeySigningSecret(record.id), signingSecret);
    }
    await kvs.set(apiKeyRecordKey(hash), record);
    return { record, key, ...(signingSecret ? { signingSecret } : {}) };
  }

  /** The live record for a presented key, or undefined (unknown or revoked: the caller cannot tell). */
  async byKey(key: string): Promise<ApiKeyRecord | undefined> {
    return kvs.get<ApiKeyRecord>(apiKeyRecordKey(apiKeyHash(key)));
  }

  signingSecret(record: ApiKeyRecord): Promise<string | undefined> {
    return kvs.getSecret<string>(apiKeySigningSecret(record.id));
  }

  async touch(record: ApiKeyRecord, now: number): Promise<void> {
    if (now - record.lastUsedAt < LAST_USE_RESOLUTION_SEC) return;
    // A revoke between the read and this write must not bring the key back: only an existing record is updated.
    const current = await kvs.get<ApiKeyRecord>(apiKeyRecordKey(record.hash));
    if (current) await kvs.set(apiKeyRecordKey(record.hash), { ...current, lastUsedAt: now });
  }

  async revoke(id: string): Promise<ApiKeyRecord | undefined> {
    const record = (await this.list()).find((r) => r.id === id);
    if (!record) return undefined;
    await kvs.delete(apiKeyRecordKey(record.hash));
    if (record.signed) await kvs.deleteSecret(apiKeySigningSecret(record.id));
    return record;
  }
}
