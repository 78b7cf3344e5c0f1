import { KvsIdempotency, fingerprint } from '../../src/forge/idempotency';
import { MESSAGES } from '../../static/agent-panel/src/i18n';
import type { PanelData } from '../../src/surfaces/agent-api';
import type { AdminResult, AuditPage } from '../../src/surfaces/admin-api';
import { AUDIT_TEXTS } from '../../static/admin/src/sections/AuditLog.i18n';
import { invokeResolver, type TestHost } from '../support/local-host';
import { keys, linkOf, useProvisioningHost } from '../support/provisioning-api';

/**
 * The provisioning API (issue 12) through the real web trigger on the local host (`/x/provisioning/…`):
 * keys, access, idempotency, problems, and the "ensure access" rules over HTTP (what a key may do to an entry it
 * did not create, and signed calls: provisioning-api-keys.test.ts).
 */
// The panel's messages module imports the bridge (absent outside a Custom UI frame).
jest.mock('@forge/bridge', () => ({ view: { getContext: jest.fn() }, invoke: jest.fn() }));

let host: TestHost;
let writeKey: string;
let readKey: string;
const { newKey, api, to, expectCleanLogs } = useProvisioningHost((started) => ({ host, writeKey, readKey } = started));

it('a call without a valid key learns nothing: the same 401 problem for none, malformed, unknown and any path', async () => {
  const answers = await Promise.all([
    api('GET', 'customers/E-404'),
    api('GET', 'customers?email=someone@example.org', { key: 'pa_live_not-a-real-key' }),
    api('GET', 'customers/E-404', { key: `pa_live_${'A'.repeat(32)}` }),
    api('PUT', 'customers/E-1', { key: `pa_live_${'B'.repeat(32)}`, body: { email: 'x@example.org' } }),
    api('GET', 'no/such/route'),
  ]);
  for (const a of answers) {
    expect(a.status).toBe(401);
    expect(a.type).toMatch(/^application\/problem\+json/);
    expect(a.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(a.json).toEqual(answers[0].json);
  }
  expect(answers[0].json).toMatchObject({ status: 401, code: 'unauthorized', type: 'urn:portal-access:problem:unauthorized' });
  expect(await host.deps.directory.findByExternalId('E-1')).toBeUndefined();
});

it('100 identical PUT + activation calls in parallel: one entry, one invitation email', async () => {
  const body = { email: 'Order.First@example.net', displayName: 'Olga First', locale: 'de' };
  const results = await Promise.all(
    Array.from({ length: 100 }, async () => {
      const put = await api('PUT', 'customers/ERP-1001', { key: writeKey, body });
      const activation = await api('POST', 'customers/ERP-1001/activation', { key: writeKey });
      return { put, activation };
    }),
  );
  await host.idle();
  expect(results.map((r) => r.put.status).sort()).toEqual([...Array(99).fill(200), 201]);
  expect(results.every((r) => r.activation.status === 200)).toBe(true);
  expect(results.filter((r) => r.activation.json.activation === 'invited')).toHaveLength(1);
  expect(new Set(results.map((r) => r.activation.json.activation))).toEqual(new Set(['invited', 'already-invited']));
  expect(await to('order.first@example.net')).toHaveLength(1);
  const got = await api('GET', 'customers/ERP-1001', { key: readKey });
  expect(got.json).toMatchObject({ externalId: 'ERP-1001', email: 'Order.First@example.net', displayName: 'Olga First', locale: 'de', status: 'invited' });
  const found = await api('GET', `customers?email=${encodeURIComponent('order.first@EXAMPLE.net')}`, { key: readKey });
  expect(found.json.customers).toHaveLength(1);
  // The timeline names the key.
  const entry = await host.deps.directory.findByExternalId('ERP-1001');
  const { events } = await host.deps.directory.listAudit(entry!.id, 20);
  expect(events.find((e) => e.kind === 'invite.sent')).toMatchObject({ actor: 'api', detail: { via: 'api', keyName: 'Shop' } });
});

it('the same external id with a new address updates the entry and kills the old live link; an address of another entry is 409', async () => {
  await api('PUT', 'customers/ERP-2002', { key: writeKey, body: { email: 'old.address@example.net', displayName: 'Mo Ved' } });
  expect((await api('POST', 'customers/ERP-2002/activation', { key: writeKey })).json.activation).toBe('invited');
  await host.idle();
  const oldLink = linkOf((await to('old.address@example.net'))[0].text);
  expect((await fetch(oldLink)).status).toBe(200);

  const moved = await api('PUT', 'customers/ERP-2002', { key: writeKey, body: { email: 'new.address@example.net', displayName: 'Mo Ved' } });
  expect(moved.status).toBe(200);
  expect(moved.json).toMatchObject({ email: 'new.address@example.net', changed: ['email'] });
  expect((await fetch(oldLink)).status).toBe(404);
  expect((await api('POST', 'customers/ERP-2002/activation', { key: writeKey })).json.activation).toBe('invited');
  await host.idle();
  expect(await to('new.address@example.net')).toHaveLength(1);
  // The old address is free again; the new one belongs to ERP-2002.
  expect((await api('PUT', 'customers/ERP-3003', { key: writeKey, body: { email: 'old.address@example.net' } })).status).toBe(201);
  const taken = await api('PUT', 'customers/ERP-3003', { key: writeKey, body: { email: 'new.address@example.net' } });
  expect(taken.status).toBe(409);
  expect(taken.json).toMatchObject({ code: 'email-taken', field: 'email' });
});

it('an entry from before the API (no external id) is adopted by its address only when asked (adopt: true); an active customer is not invited again', async () => {
  const unasked = await api('PUT', 'customers/LEGACY-7', { key: writeKey, body: { email: 'jane.doe@example.com' } });
  expect(unasked.json).toMatchObject({ status: 409, code: 'not-owned' });
  expect((await host.deps.directory.findByEmail('jane.doe@example.com'))?.externalId).toBeUndefined();
  const adopted = await api('PUT', 'customers/LEGACY-7', { key: writeKey, body: { email: 'jane.doe@example.com', adopt: true } });
  expect(adopted.status).toBe(200);
  expect(adopted.json).toMatchObject({ externalId: 'LEGACY-7', username: 'customer2300229', status: 'active', changed: ['externalId'] });
  expect((await api('GET', 'customers/LEGACY-7', { key: readKey })).json.email).toBe('jane.doe@example.com');
  expect((await api('POST', 'customers/LEGACY-7/activation', { key: writeKey })).json.activation).toBe('already-active');
  // Another system's id for the same address is refused.
  expect((await api('PUT', 'customers/OTHER-7', { key: writeKey, body: { email: 'jane.doe@example.com' } })).json).toMatchObject({ status: 409, code: 'email-taken' });
});

it('the daily invitation cap per customer holds through the API', async () => {
  const { limit } = (await host.deps.settings.load()).limits.invitePerAccount;
  const outcomes: string[] = [];
  for (let i = 0; i <= limit; i++) {
    // A new address kills the live invitation, so each activation would invite again, up to the cap.
    await api('PUT', 'customers/ERP-CAP', { key: writeKey, body: { email: `cap${i}@example.net` } });
    outcomes.push((await api('POST', 'customers/ERP-CAP/activation', { key: writeKey })).json.activation);
  }
  expect(outcomes).toEqual([...Array(limit).fill('invited'), 'limit-reached']);
});

it('usernames: one held by another customer is 409; a changed one frees the old', async () => {
  expect((await api('PUT', 'customers/U-1', { key: writeKey, body: { email: 'u1@example.net', username: 'shop.user.1' } })).json).toMatchObject({ username: 'shop.user.1', status: 'not-invited' });
  const clash = await api('PUT', 'customers/U-2', { key: writeKey, body: { email: 'u2@example.net', username: 'Shop.User.1' } });
  expect(clash.json).toMatchObject({ status: 409, code: 'username-taken', field: 'username' });
  expect(await host.deps.directory.findByExternalId('U-2')).toBeUndefined();
  expect((await api('PUT', 'customers/U-1', { key: writeKey, body: { email: 'u1@example.net', username: 'shop.user.one' } })).json).toMatchObject({ username: 'shop.user.one', changed: ['username'] });
  expect((await api('PUT', 'customers/U-2', { key: writeKey, body: { email: 'u2@example.net', username: 'shop.user.1' } })).status).toBe(201);
});

it('read-only keys cannot write (403); a revoked key fails at once', async () => {
  const denied = await api('PUT', 'customers/ERP-4004', { key: readKey, body: { email: 'ro@example.net' } });
  expect(denied.status).toBe(403);
  expect(denied.json.code).toBe('forbidden');
  expect(await host.deps.directory.findByExternalId('ERP-4004')).toBeUndefined();
  const { key, record } = await newKey('Old shop', 'write');
  expect((await api('GET', 'customers/ERP-1001', { key })).status).toBe(200);
  await keys.revoke(record.id);
  expect((await api('GET', 'customers/ERP-1001', { key })).status).toBe(401);
});


it('Idempotency-Key: the same key answers the first answer again and sends one email; another request with it is refused', async () => {
  await api('PUT', 'customers/ERP-6006', { key: writeKey, body: { email: 'idem@example.net' } });
  const headers = { 'idempotency-key': 'order-6006-activation' };
  const first = await api('POST', 'customers/ERP-6006/activation', { key: writeKey, headers });
  // Meanwhile the customer's invitation link is dropped by an address change and back: a fresh call would invite again.
  await api('PUT', 'customers/ERP-6006', { key: writeKey, body: { email: 'idem2@example.net' } });
  await api('PUT', 'customers/ERP-6006', { key: writeKey, body: { email: 'idem@example.net' } });
  const replays = await Promise.all(Array.from({ length: 5 }, () => api('POST', 'customers/ERP-6006/activation', { key: writeKey, headers })));
  await host.idle();
  expect(first.json.activation).toBe('invited');
  for (const r of replays) {
    expect(r.status).toBe(first.status);
    expect(r.text).toBe(first.text);
    expect(r.headers.get('idempotent-replayed')).toBe('true');
  }
  expect(await to('idem@example.net')).toHaveLength(1);
  const other = await api('POST', 'customers/ERP-1001/activation', { key: writeKey, headers });
  expect(other.status).toBe(422);
  expect(other.json.code).toBe('idempotency-mismatch');
});

it('Idempotency-Key: a claim left by a request that died is taken over after two minutes', async () => {
  const { key, record } = await newKey('Crashy ERP', 'write');
  const now = Math.floor(host.deps.clock.nowMs() / 1000);
  const print = fingerprint('POST', 'customers/ERP-1001/activation', '');
  expect((await new KvsIdempotency().claim(record.id, 'died-1', print, now - 600, async () => undefined)).kind).toBe('claimed');
  const after = await api('POST', 'customers/ERP-1001/activation', { key, headers: { 'idempotency-key': 'died-1' } });
  expect(after.status).toBe(200);
  expect(after.json.activation).toEqual(expect.any(String));
});

it('problems: internal address 422, oversized body 413, wrong content type 415, bad JSON 400, bad field 422, unknown customer 404', async () => {
  const settings = await host.deps.settings.load();
  const domains = settings.internal.domains;
  const internal = domains.length > 0 ? `staff@${domains[0]}` : undefined;
  if (internal) {
    const refused = await api('PUT', 'customers/ERP-7007', { key: writeKey, body: { email: internal } });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ code: 'internal-address' });
  } else {
    throw new Error('the test host has no internal domains configured');
  }
  const big = await api('PUT', 'customers/ERP-7007', { key: writeKey, body: { email: 'big@example.net', displayName: 'x'.repeat(20_000) } });
  expect(big.status).toBe(413);
  expect(big.type).toMatch(/^application\/problem\+json/);
  const form = await api('PUT', 'customers/ERP-7007', { key: writeKey, raw: 'email=a@example.net', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(form.status).toBe(415);
  expect((await api('PUT', 'customers/ERP-7007', { key: writeKey, raw: '{"email":' })).status).toBe(400);
  const field = await api('PUT', 'customers/ERP-7007', { key: writeKey, body: { email: 'fine@example.net', displayName: 'A\nB' } });
  expect(field.json).toMatchObject({ status: 422, code: 'invalid-input', field: 'displayName' });
  expect((await api('GET', 'customers/NOPE', { key: readKey })).status).toBe(404);
  expect((await api('POST', 'customers/NOPE/activation', { key: writeKey })).status).toBe(404);
});

it('PATCH {active} disables and enables; the OpenAPI document is served', async () => {
  const off = await api('PATCH', 'customers/ERP-1001', { key: writeKey, body: { active: false } });
  expect(off.json.status).toBe('disabled');
  expect((await api('POST', 'customers/ERP-1001/activation', { key: writeKey })).json.activation).toBe('disabled');
  const on = await api('PATCH', 'customers/ERP-1001', { key: writeKey, body: { active: true } });
  expect(on.json.status).not.toBe('disabled');
  const doc = await api('GET', 'openapi.json');
  expect(doc.status).toBe(200);
  expect(doc.json.openapi).toBe('3.1.0');
  expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/customers', '/customers/{externalId}', '/customers/{externalId}/activation']));
});

it("the agent panel's timeline says the invitation came through the API, with the key's name (en, de)", async () => {
  // DEMO-5's reporter is not in the directory yet.
  expect((await api('PUT', 'customers/CRM-5', { key: writeKey, body: { email: 'nora.neu@example.com', displayName: 'Nora Neu' } })).status).toBe(201);
  expect((await api('POST', 'customers/CRM-5/activation', { key: writeKey })).json.activation).toBe('invited');
  const panel = await invokeResolver<{ ok: true; data: PanelData }>(host.url, { moduleKey: 'agent-panel', functionKey: 'agent/panel', payload: {}, persona: 'agent', issueKey: 'DEMO-5' });
  const invited = panel.data.timeline.entries.find((e) => e.kind === 'invite.sent');
  expect(invited).toMatchObject({ via: 'api', actorName: 'Shop' });
  expect(MESSAGES.en.timeline.automatic.invited(invited!.via!, invited!.actorName)).toBe('Invited through the API (key Shop)');
  expect(MESSAGES.de.timeline.automatic.invited(invited!.via!, invited!.actorName)).toBe('Über die API eingeladen (Schlüssel Shop)');
});

it("the admin audit log names the key as the actor (en, de)", async () => {
  const page = await invokeResolver<AdminResult<AuditPage>>(host.url, { moduleKey: 'admin-page', functionKey: 'admin/audit', payload: { customer: 'order.first@example.net' }, persona: 'admin' });
  if (!page.ok) throw new Error(page.error);
  const invited = page.data.entries.find((e) => e.kind === 'invite.sent');
  expect(invited?.actor).toMatchObject({ role: 'api', name: 'Shop' });
  expect(AUDIT_TEXTS.en.actorText(invited!.actor)).toBe('Shop (API key)');
  expect(AUDIT_TEXTS.de.actorText(invited!.actor)).toBe('Shop (API-Schlüssel)');
});

it('log lines carry neither keys nor email addresses', () => expectCleanLogs());

describe('the handler itself (same function, its limits injected)', () => {
  const request = (key: string, userPath: string) => ({ method: 'GET', path: `/x/provisioning/${userPath}`, userPath, headers: { authorization: [`Bearer ${key}`] }, queryParameters: { email: ['nobody@example.org'] }, body: '' });

  it('per-key rate limit: over it, 429 with Retry-After; another key is not affected', async () => {
    const { provisioningApi } = await import('../../src/surfaces/provisioning');
    const handler = provisioningApi(host.deps, { rate: { limit: 3, windowSec: 60 } });
    const { key } = await newKey('Busy shop', 'read');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await handler(request(key, 'customers'))).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await handler(request(key, 'customers'));
    expect(limited.headers['Content-Type'][0]).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['Retry-After'][0])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body).code).toBe('rate-limited');
    const other = await newKey('Quiet shop', 'read');
    expect((await handler(request(other.key, 'customers'))).statusCode).toBe(200);
  });

  it('an unexpected failure answers 503 problem, no stack trace, no message', async () => {
    const { provisioningApi } = await import('../../src/surfaces/provisioning');
    const broken = provisioningApi(host.deps, {
      keys: {
        byKey: () => Promise.reject(new Error('boom at /srv/app/secret-path.ts:12')),
        signingSecret: () => Promise.resolve(undefined),
        touch: () => Promise.resolve(),
      },
    });
    const answer = await broken(request(writeKey, 'customers/ERP-1001'));
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'unavailable', status: 503 });
    expect(answer.body).not.toMatch(/boom|secret-path|at \//);
  });
});