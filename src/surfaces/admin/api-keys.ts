import * as z from 'zod';
import { nowSec } from '../../flows/deps';
import { MAX_API_KEYS } from '../../forge/api-keys';
import type { ApiKeyRecord } from '../../ports/provisioning';
import { API_KEY_NAME_MAX, type ApiKeyInfo, type ApiKeysData } from '../admin-api';
import { fail, type AdminSection } from './common';

/**
 * Section "API access" (issue 12): create a provisioning API key (shown once, stored as a hash), list keys
 * with their last use, revoke one (effective at the next call). Logged with the admin and the key's name,
 * never the key.
 */

const createPayload = z
  .object({
    name: z.string().trim().min(1).max(API_KEY_NAME_MAX).refine((s) => !/[\p{Cc}<>]/u.test(s), 'control'),
    access: z.enum(['read', 'write']),
    signed: z.boolean(),
  })
  .strict();
const revokePayload = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) }).strict();

const info = (r: ApiKeyRecord): ApiKeyInfo => ({
  id: r.id, name: r.name, access: r.access, hint: r.hint, signed: r.signed, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt || null,
});

export const apiKeysSection: AdminSection = ({ deps, define }) => {
  const keys = deps.apiKeys;

  async function data(records?: ApiKeyRecord[]): Promise<ApiKeysData> {
    const baseUrl = await deps.urls.provisioningBase();
    return { baseUrl, openapiUrl: `${baseUrl}/openapi.json`, keys: (records ?? (await keys.list())).map(info), max: MAX_API_KEYS };
  }

  define('admin/api-keys/list', async () => ({ ok: true, data: await data() }));

  define('admin/api-keys/create', async (payload, caller) => {
    const parsed = createPayload.safeParse(payload);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      return fail('invalid-input', { field: field === 'access' || field === 'signed' ? field : 'name' });
    }
    const existing = await keys.list();
    if (existing.some((k) => k.name.toLowerCase() === parsed.data.name.toLowerCase())) return fail('invalid-input', { field: 'name', reason: 'duplicate' });
    if (existing.length >= MAX_API_KEYS) return fail('limit');
    const created = await keys.create({ ...parsed.data, createdBy: caller.accountId, now: nowSec(deps) }, deps.randomBytes);
    deps.log.info('api key created', { actor: caller.accountId, keyName: created.record.name, access: created.record.access });
    const listed = await data([...existing, created.record]);
    return { ok: true, data: { key: created.key, signingSecret: created.signingSecret ?? null, created: info(created.record), data: listed } };
  });

  define('admin/api-keys/revoke', async (payload, caller) => {
    const parsed = revokePayload.safeParse(payload);
    if (!parsed.success) return fail('invalid-input', { field: 'id' });
    const revoked = await keys.revoke(parsed.data.id);
    if (!revoked) return fail('not-found');
    deps.log.info('api key revoked', { actor: caller.accountId, keyName: revoked.name });
    return { ok: true, data: await data() };
  });
};
