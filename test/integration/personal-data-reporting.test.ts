import http from 'node:http';
import { kvs } from '@forge/kvs';
import { REPORT_CYCLE_SEC } from '../../src/domain/account-report';
import { nextVersion } from '../../src/domain/template-versions';
import { DEFAULT_TEMPLATES } from '../../src/mail/default-templates';
import type { AuditEvent } from '../../src/domain/audit';
import { startTestHost, storeText, type TestHost } from '../support/local-host';

/**
 * Personal data reporting (issue 24 item 4) through the local host: the scheduled trigger reports every
 * Atlassian account id the app stores to each site's own Privacy API stand-in (local/privacy-emulator.ts), 90 a
 * request, once a cycle; an account marked closed there (`POST /local/api/privacy/accounts`) is erased, one
 * marked updated loses the names kept of it; a run that dies after a batch is finished by the next.
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host.close();
});

interface PrivacyRequest {
  atMs: number;
  status: number;
  accountIds: string[];
  answered: number;
}

/** A call to a site of the host (Node's fetch does not resolve `*.localhost`: the site is in the Host header). */
function call(site: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const target = new URL(`${site}${route}`);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: target.port, method: text === undefined ? 'GET' : 'POST', path: target.pathname, headers: { host: target.host, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}
const demo = () => host.url;
const nordwind = () => host.sites.nordwind.url;
const requests = async (site = demo()) => ((await call(site, '/local/api/privacy')).json as { requests: PrivacyRequest[] }).requests;
const mark = (accountId: string, status: 'closed' | 'updated' | 'active', site = demo()) => call(site, '/local/api/privacy/accounts', { accountId, status });
async function run(): Promise<void> {
  await host.runScheduled();
  await host.idle();
}
async function newRequests(action: () => Promise<unknown>, site = demo()): Promise<PrivacyRequest[]> {
  const before = (await requests(site)).length;
  await action();
  return (await requests(site)).slice(before);
}
/** Audit events (on the demo site) in which each of these agents acted, with their names as the app keeps them. */
async function agentsActed(ids: string[], name = (id: string) => `Agent ${id.slice(-4)}`, customerId = 'reporting-probe'): Promise<void> {
  const now = host.deps.clock.nowMs();
  const events: AuditEvent[] = ids.map((id, i) => ({
    id: `${String(now).padStart(14, '0')}-9${String(i).padStart(5, '0')}-0000abcd`,
    customerId,
    at: Math.floor(now / 1000),
    kind: 'customer.unlocked',
    actor: id,
    detail: { actorRole: 'agent', actorName: name(id) },
  }));
  for (let i = 0; i < events.length; i += 25) await host.deps.directory.appendAudit(events.slice(i, i + 25));
}
/** A mail template version saved by this account (as the admin page stores it: account id and name). */
async function templateSavedBy(accountId: string, name: string, kind: 'reset' | 'invite'): Promise<void> {
  const store = host.deps.templates as typeof host.deps.templates & { fresh: typeof host.deps.templates.current };
  const current = await store.fresh(kind, 'de');
  const next = nextVersion(current, { ...DEFAULT_TEMPLATES[kind].de, subject: `Vorlage ${kind}` }, { savedAt: 1, savedBy: accountId, savedByName: name, origin: 'saved' });
  expect(await store.save(kind, 'de', next.current, next.stored)).toBe(true);
}
/** A mail the account caused whose first attempt failed (the outbox keeps who caused it, with the name). */
async function outboxBy(accountId: string, name: string, id: string): Promise<void> {
  const now = Math.floor(host.deps.clock.nowMs() / 1000);
  await kvs.entity('outbox').set(id, { id, customerId: 'reporting-probe', kind: 'reset', locale: 'en', actor: { kind: 'agent', accountId, name }, attempts: 2, status: 'sent', lastReason: 'none', createdAt: now, updatedAt: now, rev: 2 });
}
const agentIds = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `712020:${prefix}-${String(i).padStart(4, '0')}`);

it('the scripting API checks what it is given', async () => {
  expect((await call(demo(), '/local/api/privacy/accounts', { accountId: '', status: 'closed' })).status).toBe(400);
  expect((await call(demo(), '/local/api/privacy/accounts', { accountId: 'abc', status: 'gone' })).status).toBe(400);
  expect((await call(demo(), '/local/api/privacy/faults', { after: -1, status: 500 })).status).toBe(400);
  expect((await call(demo(), '/local/api/privacy/faults', {})).json).toEqual({ faults: null });
});

it('reports every stored account id (agents in the audit, linked customers, API key creators, the outbox) in batches of at most 90, once a cycle; a parallel run reports nothing twice', async () => {
  const agents = agentIds('agent', 100);
  await agentsActed(agents);
  const created = await call(demo(), '/local/api/invoke', { moduleKey: 'admin-page', functionKey: 'admin/api-keys/create', payload: { name: 'Shop', access: 'write', signed: false }, persona: 'admin' });
  expect(created.json).toMatchObject({ result: { ok: true } });
  const jane = '5b10ac8d82e05b22cc7d4ef1';
  const admin = '5b10ac8d82e05b22cc7d4ead';
  const inOutboxOnly = '712020:outbox-only-0001';
  await outboxBy(inOutboxOnly, 'Otto Outbox', 'outbox-only-1');

  // Two runs at once (Forge may run invocations in parallel): the second finds the first's claim.
  const sent = await newRequests(() => Promise.all([run(), run()]));
  const reported = sent.flatMap((r) => r.accountIds);
  expect(sent.length).toBeGreaterThanOrEqual(2);
  for (const r of sent) expect(r.accountIds.length).toBeLessThanOrEqual(90);
  expect(new Set(reported).size).toBe(reported.length);
  expect(reported).toEqual(expect.arrayContaining([...agents, jane, admin, inOutboxOnly]));

  // Within the cycle nothing is reported again; a cycle later everything is.
  expect(await newRequests(run)).toEqual([]);
  const again = await newRequests(() => call(demo(), '/local/api/clock', { advanceSeconds: REPORT_CYCLE_SEC + 60 }));
  expect(again.flatMap((r) => r.accountIds).sort()).toEqual([...reported].sort());
});

it('an account closed at Atlassian: its customer is erased, its audit entries filed under an opaque reference, nothing of it left in the store, and it is no longer reported', async () => {
  const agent = '712020:closing-agent-0001';
  const customerAccount = '712020:closing-customer-0001';
  await agentsActed([agent], () => 'Xaver Geschlossen', 'probe-closed');
  await templateSavedBy(agent, 'Xaver Geschlossen', 'reset');
  await outboxBy(agent, 'Xaver Geschlossen', 'outbox-closing-1');
  const invited = await call(demo(), '/local/api/invoke', { moduleKey: 'admin-page', functionKey: 'admin/customers/invite', payload: { email: 'Clara.Closed@Example.org', displayName: 'Clara Closedaccount', username: 'clara-closed-77', locale: 'de' }, persona: 'admin' });
  const id = (invited.json as { result: { data: { id: string } } }).result.data.id;
  const entry = (await host.deps.directory.get(id))!;
  expect(await host.deps.directory.update({ ...entry, accountId: customerAccount, rev: entry.rev + 1 }, { rev: entry.rev }, [])).toBe(true);
  await run();
  const before = (await storeText(host)).toLowerCase();
  for (const trace of [agent, customerAccount, 'xaver geschlossen', 'clara.closed@example.org']) expect(before).toContain(trace);

  await mark(agent, 'closed');
  await mark(customerAccount, 'closed');
  await call(demo(), '/local/api/clock', { advanceSeconds: REPORT_CYCLE_SEC + 60 });
  await host.idle();

  expect(await host.deps.directory.get(id)).toBeUndefined();
  const after = (await storeText(host)).toLowerCase();
  for (const trace of [agent, customerAccount, 'xaver geschlossen', 'clara.closed@example.org', 'clara closedaccount', 'clara-closed-77', id.toLowerCase()]) {
    expect({ trace, found: after.includes(trace) }).toEqual({ trace, found: false });
  }
  // The trail stays (the probe's event, now by a reference), and each closure is audited without personal data.
  const probe = (await host.deps.directory.listAudit('probe-closed', 100)).events.filter((e) => e.actor.startsWith('erased-'));
  expect(probe).toHaveLength(1);
  expect(probe[0].detail).toEqual({ actorRole: 'agent' });
  const closures = (await kvs.entity<AuditEvent>('audit').query().index('by-actor', { partition: ['system'] }).limit(100).getMany()).results.map((r) => r.value).filter((e) => e.kind === 'account.closed');
  expect(closures.map((c) => c.detail.customerErased).sort()).toEqual([false, true]);
  expect(((await kvs.entity('outbox').get('outbox-closing-1')) as { actor: { accountId: string } }).actor).toEqual({ kind: 'agent', accountId: probe[0].actor });
  const erased = (await kvs.entity<AuditEvent>('audit').query().index('by-actor', { partition: ['system'] }).limit(100).getMany()).results.map((r) => r.value).filter((e) => e.kind === 'customer.erased');
  expect(erased.some((e) => e.detail.reason === 'account-closed')).toBe(true);

  const later = await newRequests(() => call(demo(), '/local/api/clock', { advanceSeconds: REPORT_CYCLE_SEC + 60 }));
  expect(later.flatMap((r) => r.accountIds)).not.toEqual(expect.arrayContaining([agent]));
  expect(later.flatMap((r) => r.accountIds)).not.toContain(customerAccount);
});

it('an updated account: the names kept of it are dropped, and it is current afterwards (not answered `updated` again)', async () => {
  const agent = '712020:renamed-agent-0001';
  await agentsActed([agent], () => 'Old Name', 'probe-updated');
  await templateSavedBy(agent, 'Old Name', 'invite');
  await outboxBy(agent, 'Old Name', 'outbox-renamed-1');
  await run();
  await mark(agent, 'updated');
  const sent = await newRequests(() => call(demo(), '/local/api/clock', { advanceSeconds: REPORT_CYCLE_SEC + 60 }));
  expect(sent.some((r) => r.accountIds.includes(agent) && r.answered > 0)).toBe(true);
  const events = (await host.deps.directory.listAudit('probe-updated', 100)).events.filter((e) => e.actor === agent);
  expect(events).toHaveLength(1);
  expect(events[0].detail).toEqual({ actorRole: 'agent' });
  const template = await (host.deps.templates as typeof host.deps.templates & { fresh: typeof host.deps.templates.current }).fresh('invite', 'de');
  expect(template.versions[0]).toMatchObject({ savedBy: agent, savedByName: '' });
  expect(await host.deps.templates.version('invite', 'de', template.version)).toMatchObject({ savedBy: agent, savedByName: '' });
  expect(((await kvs.entity('outbox').get('outbox-renamed-1')) as { actor: unknown }).actor).toEqual({ kind: 'agent', accountId: agent });
  const next = await newRequests(() => call(demo(), '/local/api/clock', { advanceSeconds: REPORT_CYCLE_SEC + 60 }));
  const asked = next.filter((r) => r.accountIds.includes(agent));
  expect(asked).toHaveLength(1);
  expect(asked[0].answered).toBe(0);
});

it('a run that dies after a batch: the next run reports the rest, nothing twice, and the cycle goes on', async () => {
  const agents = agentIds('resume', 150);
  await agentsActed(agents);
  await call(demo(), '/local/api/privacy/faults', { after: 1, status: 500 });
  const first = await newRequests(run);
  expect(first.map((r) => r.status)).toEqual([204, 500]);
  expect(first[0].accountIds).toHaveLength(90);
  expect(host.logs.some((l) => l.includes('personal data reporting failed'))).toBe(true);

  const second = await newRequests(run);
  expect(second.map((r) => r.status)).toEqual([204]);
  expect(second[0].accountIds.sort()).toEqual(first[1].accountIds.sort());
  expect([...first[0].accountIds, ...second[0].accountIds].sort()).toEqual([...agents].sort());
  expect(await newRequests(run)).toEqual([]);
});

it('per installation: an account closed at one site is reported and erased by that site, the other keeps its own entry', async () => {
  const account = '712020:two-site-customer-01';
  const nils = await host.asSite('nordwind', () => host.sites.nordwind.deps.directory.findByEmail('nils.nordmann@example.de'));
  await host.asSite('nordwind', () => host.sites.nordwind.deps.directory.update({ ...nils!, accountId: account, rev: nils!.rev + 1 }, { rev: nils!.rev }, []));
  const invited = await call(demo(), '/local/api/invoke', { moduleKey: 'admin-page', functionKey: 'admin/customers/invite', payload: { email: 'nils.twosites@example.de', displayName: 'Nils Demo', locale: 'de' }, persona: 'admin' });
  const demoId = (invited.json as { result: { data: { id: string } } }).result.data.id;
  const demoEntry = (await host.deps.directory.get(demoId))!;
  await host.deps.directory.update({ ...demoEntry, accountId: account, rev: demoEntry.rev + 1 }, { rev: demoEntry.rev }, []);

  expect((await mark(account, 'closed', nordwind())).status).toBe(200);
  // A newly linked customer is found by the next day's walk over the linked customers (each site runs its own trigger).
  const atNordwind = await newRequests(() => call(demo(), '/local/api/clock', { advanceSeconds: 86_400 + 60 }), nordwind());
  expect(atNordwind.flatMap((r) => r.accountIds)).toContain(account);
  expect(await host.asSite('nordwind', () => host.sites.nordwind.deps.directory.findByAccount(account))).toBeUndefined();
  expect(await host.deps.directory.findByAccount(account)).toMatchObject({ id: demoId });
  expect((await requests(demo())).flatMap((r) => r.accountIds)).toContain(account);
});
