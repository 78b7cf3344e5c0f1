import { kvs } from '@forge/kvs';
import { STORAGE_REFUSED_LOG } from '../../local/kvs/rules';
import { startTestHost, TEST_SCRYPT, type TestHost } from '../support/local-host';
// @serial (scripts/run-tests.cjs runs this file alone): the first mail arrives within a second of the request.

/** The scripting API the README documents, and the portal module's resolver through the emulated bridge. */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => host.close());

const json = async (path: string, init?: RequestInit) => {
  const response = await fetch(`${host.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

it('GET /local/api/demo lists demo customers in every state, passwords only where they exist', async () => {
  const { body } = await json('/local/api/demo');
  const customers = body.customers as { status: string; password?: string; locale: string; email: string; username: string }[];
  expect(customers.map((c) => c.status).sort()).toEqual(['active', 'active', 'active', 'active', 'disabled', 'invite-expired', 'invited', 'locked']);
  expect(customers.filter((c) => c.status === 'active').map((c) => c.locale).sort()).toEqual(['de', 'de', 'en', 'en']);
  // The two-step demo: Tobias with the documented authenticator-app key, Paula a portal administrator.
  expect(customers.filter((c) => (c as { totpKey?: string }).totpKey).map((c) => c.email)).toEqual(['tobias.zweifaktor@example.de']);
  expect(customers.filter((c) => (c as { portalAdmin?: boolean }).portalAdmin).map((c) => c.email)).toEqual(['paula.admin@example.com']);
  expect(customers.find((c) => c.status === 'invited')!.password).toBeUndefined();
  expect(customers.every((c) => c.username !== c.email)).toBe(true);
});

it('POST /local/api/clock moves time forward and refuses nonsense', async () => {
  const before = host.clock.nowMs();
  const { status } = await json('/local/api/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: 3600 }) });
  expect(status).toBe(200);
  expect(host.clock.nowMs() - before).toBeGreaterThanOrEqual(3600_000);
  expect((await json('/local/api/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: -5 }) })).status).toBe(400);
  expect((await json('/local/api/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: 'soon' }) })).status).toBe(400);
});

it('GET /local/api/modules lists each manifest module with its function and resolver keys', async () => {
  const { body } = await json('/local/api/modules');
  expect(body.modules).toEqual(
    expect.arrayContaining([
      { type: 'jiraServiceManagement:portalFooter', moduleKey: 'portal-access-footer', function: 'portal', resolverKeys: ['portal/links'] },
      { type: 'webtrigger', moduleKey: 'customer-pages', function: 'pages', resolverKeys: [] },
      { type: 'consumer', moduleKey: 'jobs-consumer', function: 'jobs', resolverKeys: [] },
    ]),
  );
});

it('POST /local/api/invoke calls the module\'s own function only', async () => {
  const ok = await json('/local/api/invoke', { method: 'POST', body: JSON.stringify({ moduleKey: 'portal-access-footer', functionKey: 'portal/links', payload: { lang: 'de' }, persona: 'anonymous' }) });
  expect(ok.status).toBe(200);
  expect(ok.body.result).toEqual({ loginUrl: `${host.url}/x/customer-pages/login?lang=de`, forgotUrl: `${host.url}/x/customer-pages/forgot?lang=de` });
  const other = await json('/local/api/invoke', { method: 'POST', body: JSON.stringify({ moduleKey: 'portal-access-footer', functionKey: 'admin/settings', payload: {} }) });
  expect(other.status).toBe(404);
  const noModule = await json('/local/api/invoke', { method: 'POST', body: JSON.stringify({ moduleKey: 'customer-pages', functionKey: 'portal/links' }) });
  expect(noModule.status).toBe(404);
  const badJson = await fetch(`${host.url}/local/api/invoke`, { method: 'POST', body: '{nope' });
  expect(badJson.status).toBe(400);
});

it('warms the mail path up at start without a trace: the catcher drops the warm-up message; the first mail then arrives within a second', async () => {
  await host.mailbox.warmedUp(); // the jobs worker's SMTP warm-up reached the catcher (local/warm-up.ts)
  expect((await json('/mail/api/messages')).body).toEqual([]);
  const t0 = performance.now();
  await fetch(`${host.url}/x/customer-pages/forgot`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'identifier=erika.mustermann%40example.de' });
  while (host.mailbox.list().length === 0 && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
  expect(host.mailbox.list().map((m) => m.to)).toEqual(['erika.mustermann@example.de']);
  expect(performance.now() - t0).toBeLessThan(1000);
  await host.idle();
  await json('/mail/api/messages', { method: 'DELETE' });
});

it('the mailbox API lists newest first and can be emptied', async () => {
  await fetch(`${host.url}/x/customer-pages/forgot`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'identifier=customer2300229' });
  await host.idle();
  const { body } = await json('/mail/api/messages');
  const list = body as unknown as { id: string; to: string; from: string; subject: string; date: string; html: string; text: string }[];
  expect(list[0]).toEqual(expect.objectContaining({ to: 'jane.doe@example.com', from: 'servicedesk@demo-company.example', subject: '[Demo Service Desk] Reset your password' }));
  expect(Object.keys(list[0]).sort()).toEqual(['date', 'from', 'html', 'id', 'subject', 'text', 'to']);
  const page = await (await fetch(`${host.url}/mail`)).text();
  expect(page).toContain('[Demo Service Desk] Reset your password');
  expect((await json('/mail/api/messages', { method: 'DELETE' })).status).toBe(200);
  expect((await json('/mail/api/messages')).body).toEqual([]);
});

it("refuses and logs what Forge's store would refuse (always, not only under PLATFORM=strict); the test host's close fails on such a line", async () => {
  expect(host.platform).toBe('standard');
  const refused = await kvs.entity('customer').set('someone', { accountId: '' }).then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );
  expect(refused).toBe('BAD_REQUEST');
  const lines = host.logs.filter((line) => line.includes(STORAGE_REFUSED_LOG));
  expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
    { level: 'error', message: STORAGE_REFUSED_LOG, path: '/api/v1/entity/set', code: 'BAD_REQUEST', detail: expect.stringContaining('customer.accountId') },
  ]);
  // This refusal was the point of the test: taken out, so that close() (which throws on one) passes.
  host.logs.splice(host.logs.indexOf(lines[0]), 1);
});

it('keeps its data across a restart (SQLite file)', async () => {
  await host.close();
  const { startHost } = await import('../../local/host');
  const again = await startHost({ dataDir: host.dataDir, port: 0, log: { info() {}, warn() {}, error() {} }, scrypt: TEST_SCRYPT });
  try {
    const jane = await again.deps.directory.findByEmail('jane.doe@example.com');
    expect(jane?.username).toBe('customer2300229');
  } finally {
    host = Object.assign(again, { logs: [], dataDir: host.dataDir });
  }
});
