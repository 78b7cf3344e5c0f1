import type { AdminResult, ApiKeyCreated, ApiKeysData } from '../../src/surfaces/admin-api';
import { invokeResolver, startTestHost, type TestHost } from '../support/local-host';

/**
 * Section "API access" (issue 12) through the admin resolver: only admins; a key is answered once and works
 * on the provisioning API at once; the list never carries it; revoking stops it at the next call.
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ seed: false });
});
afterAll(async () => {
  await host?.close();
});

type Persona = 'admin' | 'agent' | 'customer';
const invoke = <T>(functionKey: string, payload: unknown = {}, persona: Persona = 'admin') =>
  invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload, persona });
const getCustomers = (key: string) => fetch(`${host.url}/x/provisioning/customers?email=a%40example.org`, { headers: { authorization: `Bearer ${key}` } });

it('only admins reach the keys', async () => {
  expect(await invoke('admin/api-keys/list', {}, 'agent')).toEqual({ ok: false, error: 'forbidden' });
  expect(await invoke('admin/api-keys/create', { name: 'X', access: 'write', signed: false }, 'agent')).toEqual({ ok: false, error: 'forbidden' });
});

it('a created key is answered once, works at once, is listed without the key, and dies when revoked', async () => {
  const created = await invoke<ApiKeyCreated>('admin/api-keys/create', { name: 'Webshop', access: 'read', signed: false });
  if (!created.ok) throw new Error(created.error);
  const { key } = created.data;
  expect(key).toMatch(/^pa_live_[A-Za-z0-9_-]{32}$/);
  expect(created.data.created).toMatchObject({ name: 'Webshop', access: 'read', signed: false, lastUsedAt: null, hint: `${key.slice(0, 12)}…` });
  expect(created.data.data.baseUrl).toBe(`${host.url}/x/provisioning`);
  expect((await getCustomers(key)).status).toBe(200);

  const list = await invoke<ApiKeysData>('admin/api-keys/list');
  if (!list.ok) throw new Error(list.error);
  expect(JSON.stringify(list)).not.toContain(key);
  expect(list.data.keys.find((k) => k.name === 'Webshop')?.lastUsedAt).toEqual(expect.any(Number));

  expect(await invoke('admin/api-keys/create', { name: 'webshop', access: 'write', signed: false })).toMatchObject({ ok: false, error: 'invalid-input', field: 'name' });
  const revoked = await invoke<ApiKeysData>('admin/api-keys/revoke', { id: created.data.created.id });
  expect(revoked.ok && revoked.data.keys.some((k) => k.name === 'Webshop')).toBe(false);
  expect((await getCustomers(key)).status).toBe(401);
  expect(await invoke('admin/api-keys/revoke', { id: created.data.created.id })).toMatchObject({ ok: false, error: 'not-found' });
  expect(host.logs.join('\n')).not.toContain(key);
});

it('a signing key comes with its signing secret, once', async () => {
  const created = await invoke<ApiKeyCreated>('admin/api-keys/create', { name: 'ERP signed', access: 'write', signed: true });
  expect(created.ok && created.data.signingSecret).toMatch(/^pa_sig_/);
  const list = await invoke<ApiKeysData>('admin/api-keys/list');
  expect(JSON.stringify(list)).not.toContain(created.ok ? created.data.signingSecret : 'x');
});
