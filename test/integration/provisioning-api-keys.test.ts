import { signRequest } from '../../src/domain/provisioning/api-key';
import { AUDIT_TEXTS } from '../../static/admin/src/sections/AuditLog.i18n';
import { form, type TestHost } from '../support/local-host';
import { useProvisioningHost } from '../support/provisioning-api';

/**
 * The provisioning API through the real web trigger on the local host, issue 23: a key cannot take over an entry
 * or account it did not create, and a signing key's signature covers the request and counts once (the rest of
 * the API: provisioning-api.test.ts).
 */
let host: TestHost;
let writeKey: string;
let readKey: string;
const { newKey, api, to, scanErased, expectCleanLogs } = useProvisioningHost((started) => ({ host, writeKey, readKey } = started));

describe('a key cannot take an account over (issue 23)', () => {
  let mallory: string;
  beforeAll(async () => {
    mallory = (await newKey('Mallory', 'write')).key;
  });

  it("adopting by address needs adopt: true and is audited; a registered customer's address is never re-pointed, so no reset reaches the key's mailbox", async () => {
    const victim = (await host.deps.directory.findByEmail('erika.mustermann@example.de'))!;
    expect(victim.status).toBe('active');
    // 1. Adopt the registered customer by address: refused unless asked for explicitly.
    expect((await api('PUT', 'customers/EVIL-1', { key: mallory, body: { email: 'erika.mustermann@example.de' } })).json).toMatchObject({ status: 409, code: 'not-owned' });
    const adopted = await api('PUT', 'customers/EVIL-1', { key: mallory, body: { email: 'erika.mustermann@example.de', adopt: true } });
    expect(adopted.status).toBe(200);
    const { events } = await host.deps.directory.listAudit(victim.id, 10);
    expect(events.find((e) => e.kind === 'customer.adopted')).toMatchObject({ actor: 'api', detail: { via: 'api', keyName: 'Mallory' } });
    // 2. Move the address to one the key's owner reads: refused for a customer who registered.
    const moved = await api('PUT', 'customers/EVIL-1', { key: mallory, body: { email: 'mallory@evil.example' } });
    expect(moved.json).toMatchObject({ status: 409, code: 'email-registered' });
    // 3. "Forgot your password?" for that address reaches nobody; the customer keeps address and password.
    expect((await form(host, 'forgot', { identifier: 'mallory@evil.example', lang: 'en' })).status).toBe(303);
    await host.idle();
    expect(await to('mallory@evil.example')).toHaveLength(0);
    const after = (await host.deps.directory.get(victim.id))!;
    expect(after).toMatchObject({ email: victim.email, emailKey: victim.emailKey, passwordRef: victim.passwordRef, status: 'active', provisionedBy: 'Mallory' });
    // A case-only spelling of the same address is no move.
    expect((await api('PUT', 'customers/EVIL-1', { key: mallory, body: { email: 'Erika.Mustermann@example.de' } })).status).toBe(200);
  });

  it('an entry another key created is that key\'s: changing or disabling it needs an adoption first', async () => {
    expect((await api('PUT', 'customers/OWN-1', { key: writeKey, body: { email: 'own.one@example.net' } })).status).toBe(201);
    expect((await api('PUT', 'customers/OWN-1', { key: mallory, body: { email: 'own.one@example.net', displayName: 'Not Yours' } })).json).toMatchObject({ status: 409, code: 'not-owned' });
    expect((await api('PATCH', 'customers/OWN-1', { key: mallory, body: { active: false } })).json).toMatchObject({ status: 409, code: 'not-owned' });
    expect((await host.deps.directory.findByExternalId('OWN-1'))).toMatchObject({ displayName: 'own.one', status: 'invited', provisionedBy: 'Shop' });
    // Its own key changes it freely (it never registered: its address may move).
    expect((await api('PUT', 'customers/OWN-1', { key: writeKey, body: { email: 'own.two@example.net' } })).json).toMatchObject({ changed: ['email'] });
    // An adoption is one audited write, naming the key that had it; then the entry is the adopter's.
    expect((await api('PUT', 'customers/OWN-1', { key: mallory, body: { email: 'own.two@example.net', displayName: 'Taken Over', adopt: true } })).json).toMatchObject({ displayName: 'Taken Over', changed: ['displayName'] });
    const entry = (await host.deps.directory.findByExternalId('OWN-1'))!;
    const { events } = await host.deps.directory.listAudit(entry.id, 10);
    const adoption = events.find((e) => e.kind === 'customer.adopted')!;
    expect(adoption).toMatchObject({ actor: 'api', detail: { keyName: 'Mallory', previousKey: 'Shop' } });
    expect(AUDIT_TEXTS.en.adoptedFrom('Shop')).toBe('until then managed by API key Shop');
    expect(AUDIT_TEXTS.de.adoptedFrom('Shop')).toBe('bis dahin vom API-Schlüssel Shop verwaltet');
    expect((await api('PATCH', 'customers/OWN-1', { key: writeKey, body: { active: false } })).json).toMatchObject({ code: 'not-owned' });
  });

  it('DELETE erases the customer (issue 24): only the owning key may; 204, then gone with the answers kept for its idempotent calls', async () => {
    expect((await api('PUT', 'customers/DEL-1', { key: writeKey, body: { email: 'delete.me@example.net', displayName: 'Dora Deletable' } })).status).toBe(201);
    const entry = (await host.deps.directory.findByExternalId('DEL-1'))!;
    const activation = await api('POST', 'customers/DEL-1/activation', { key: writeKey, headers: { 'idempotency-key': 'del-1-activation' } });
    expect(activation.text).toContain('delete.me@example.net');
    await host.idle();
    // Another key, a read key and a wrong id: refused, nothing deleted.
    expect((await api('DELETE', 'customers/DEL-1', { key: mallory })).json).toMatchObject({ status: 409, code: 'not-owned' });
    expect((await api('DELETE', 'customers/DEL-1', { key: readKey })).json).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await api('DELETE', 'customers/NOPE-1', { key: writeKey })).json).toMatchObject({ status: 404, code: 'not-found' });
    expect(await host.deps.directory.get(entry.id)).toBeDefined();

    const deleted = await api('DELETE', 'customers/DEL-1', { key: writeKey });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await host.deps.directory.get(entry.id)).toBeUndefined();
    expect((await api('GET', 'customers/DEL-1', { key: writeKey })).status).toBe(404);
    expect((await api('GET', 'customers?email=delete.me@example.net', { key: writeKey })).json).toEqual({ customers: [] });
    // The kept answer of the activation (it carried the address) is gone: the same key again finds no customer.
    const again = await api('POST', 'customers/DEL-1/activation', { key: writeKey, headers: { 'idempotency-key': 'del-1-activation' } });
    expect(again.status).toBe(404);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect((await api('DELETE', 'customers/DEL-1', { key: writeKey })).status).toBe(404);
    // The trail is kept under an opaque reference; the erasure names the key, never the person.
    const { events } = await host.deps.directory.listAudit(entry.id, 10);
    expect(events).toEqual([]);
    const [erased] = (await scanErased()).filter((e) => e.detail.keyName === 'Shop');
    expect(erased).toMatchObject({ kind: 'customer.erased', actor: 'api', detail: { via: 'api', keyName: 'Shop' } });
    expect(JSON.stringify(erased)).not.toMatch(/delete\.me|Dora|DEL-1/);
  });

  it('the portal administrator mark is an admin\'s: a key may repeat it, never set or clear it', async () => {
    const admin = (await host.deps.directory.findByEmail('paula.admin@example.com'))!;
    expect(admin.portalAdmin).toBe(true);
    const cleared = await api('PUT', 'customers/PA-1', { key: mallory, body: { email: 'paula.admin@example.com', portalAdmin: false, adopt: true } });
    expect(cleared.status).toBe(403);
    expect(cleared.json).toMatchObject({ code: 'portal-admin' });
    expect((await host.deps.directory.get(admin.id))).toMatchObject({ portalAdmin: true });
    expect((await host.deps.directory.get(admin.id))?.externalId).toBeUndefined();
    expect((await api('PUT', 'customers/PA-1', { key: mallory, body: { email: 'paula.admin@example.com', portalAdmin: true, adopt: true } })).json).toMatchObject({ portalAdmin: true, externalId: 'PA-1' });
    expect((await api('PUT', 'customers/PA-1', { key: mallory, body: { email: 'paula.admin@example.com', portalAdmin: false } })).json).toMatchObject({ code: 'portal-admin' });
    const created = await api('PUT', 'customers/PA-2', { key: mallory, body: { email: 'new.admin@example.net', portalAdmin: true } });
    expect(created.json).toMatchObject({ status: 403, code: 'portal-admin' });
    expect(await host.deps.directory.findByExternalId('PA-2')).toBeUndefined();
  });
});

describe('signed calls (issue 23: the signature covers the request and counts once)', () => {
  let key: string;
  let secret: string;
  const now = () => Math.floor(host.deps.clock.nowMs() / 1000);
  const signedHeaders = (method: string, path: string, body: string, ts = now(), withSecret = secret) => {
    const [route, query] = path.split('?');
    const params: Record<string, string[]> = {};
    for (const [n, v] of new URLSearchParams(query ?? '')) (params[n] ??= []).push(v);
    return { 'x-portal-access-timestamp': String(ts), 'x-portal-access-signature': signRequest(withSecret, String(ts), { method, path: route, query: params, body }) };
  };
  beforeAll(async () => {
    const created = await newKey('Signed ERP', 'write', true);
    key = created.key;
    secret = created.signingSecret!;
  });

  it('a signing key needs a valid, fresh signature: forged or stale answers 401', async () => {
    const body = JSON.stringify({ email: 'signed@example.net' });
    expect((await api('PUT', 'customers/ERP-5005', { key, raw: body })).status).toBe(401);
    expect((await api('PUT', 'customers/ERP-5005', { key, raw: body, headers: signedHeaders('PUT', 'customers/ERP-5005', body, now(), 'pa_sig_wrong') })).status).toBe(401);
    expect((await api('PUT', 'customers/ERP-5005', { key, raw: body, headers: signedHeaders('PUT', 'customers/ERP-5005', body, now() - 6 * 60) })).status).toBe(401);
    expect((await api('PUT', 'customers/ERP-5005', { key, raw: JSON.stringify({ email: 'evil@example.net' }), headers: signedHeaders('PUT', 'customers/ERP-5005', body) })).status).toBe(401);
    expect(await host.deps.directory.findByExternalId('ERP-5005')).toBeUndefined();
    expect((await api('PUT', 'customers/ERP-5005', { key, raw: body, headers: signedHeaders('PUT', 'customers/ERP-5005', body, now() - 60) })).status).toBe(201);
    // A signed GET with a query: the query is part of what is signed.
    const path = `customers?email=${encodeURIComponent('signed@example.net')}`;
    expect((await api('GET', path, { key, headers: signedHeaders('GET', path, '') })).json.customers).toHaveLength(1);
  });

  it('a captured call cannot be sent to another customer, with another method or query, nor again', async () => {
    const body = JSON.stringify({ email: 'replay.one@example.net' });
    const captured = signedHeaders('PUT', 'customers/ERP-R1', body);
    expect((await api('PUT', 'customers/ERP-R1', { key, raw: body, headers: captured })).status).toBe(201);
    // The same headers and body against another customer, another method, or with a query added.
    expect((await api('PUT', 'customers/ERP-R2', { key, raw: body, headers: captured })).status).toBe(401);
    expect((await api('POST', 'customers/ERP-R1/activation', { key, raw: '', headers: captured })).status).toBe(401);
    expect((await api('PATCH', 'customers/ERP-R1', { key, raw: body, headers: captured })).status).toBe(401);
    expect((await api('PUT', 'customers/ERP-R1?x=1', { key, raw: body, headers: captured })).status).toBe(401);
    expect(await host.deps.directory.findByExternalId('ERP-R2')).toBeUndefined();
    // The very same call again, within the five minutes: refused like a forgery.
    const again = await api('PUT', 'customers/ERP-R1', { key, raw: body, headers: captured });
    expect(again.status).toBe(401);
    expect(again.json.code).toBe('unauthorized');
    const activation = signedHeaders('POST', 'customers/ERP-R1/activation', '');
    expect((await api('POST', 'customers/ERP-R1/activation', { key, headers: activation })).json.activation).toBe('invited');
    expect((await api('POST', 'customers/ERP-R1/activation', { key, headers: activation })).status).toBe(401);
  });

  it('20 parallel sends of one signed call: exactly one is answered', async () => {
    const body = JSON.stringify({ email: 'replay.parallel@example.net' });
    const captured = signedHeaders('PUT', 'customers/ERP-R3', body);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => api('PUT', 'customers/ERP-R3', { key, raw: body, headers: captured }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(19);
  });
});
it('log lines carry neither keys nor email addresses', () => expectCleanLogs());
