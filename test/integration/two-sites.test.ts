import http from 'node:http';
import { startTestHost, type TestHost } from '../support/local-host';
import { SECOND_SITE } from '../../local/sites';

/**
 * Issue 20: one warm host process serves two installations (the demo site on 127.0.0.1, the Nordwind site on
 * nordwind.localhost), the same handler instances answering both, each invocation with its own installation's
 * context, storage and caches. Calls of the two sites interleave; neither ever sees or uses the other's values.
 * Node's fetch does not resolve *.localhost (browsers do), so these calls go to 127.0.0.1 with the site's Host.
 */
let host: TestHost;
let demo: string;
let nordwind: string;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}
function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: target.port, method: init.method ?? 'GET', path: `${target.pathname}${target.search}`, headers: { host: target.host, ...init.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
const json = (url: string, body: unknown) => call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const invoke = async (site: string, functionKey: string, payload: unknown = {}, persona = 'admin', moduleKey = 'admin-page') =>
  JSON.parse((await json(`${site}/local/api/invoke`, { moduleKey, functionKey, payload, persona })).text).result;
const postForm = (url: string, fields: Record<string, string>) => call(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const mails = async () => JSON.parse((await call(`${demo}/mail/api/messages`)).text) as { to: string; subject: string; text: string; html: string }[];

beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 1024, r: 8, p: 1 } });
  demo = host.url;
  nordwind = host.sites.nordwind.url;
});
afterAll(() => host?.close());

it('serves the second site on its own host, with its own installation and demo data', async () => {
  expect(nordwind).toBe(`http://${SECOND_SITE.label}.localhost:${new URL(demo).port}`);
  expect(host.sites.nordwind.installContext).toBe(`ari:cloud:jira::site/${SECOND_SITE.cloudId}`);
  const [a, b] = await Promise.all([call(`${demo}/local/api/demo`), call(`${nordwind}/local/api/demo`)]);
  expect(JSON.parse(a.text).customers).toHaveLength(8);
  expect(JSON.parse(b.text).customers.map((c: { username: string }) => c.username)).toEqual(['nw-100001', 'nw-100002', 'nw-100003']);
  const index = (await call(`${demo}/`)).text;
  expect(index).toContain(`href="${nordwind}/"`);
  expect(index).toContain(`href="${demo}/help-center"`);
});

it('settings: interleaved reads through warm caches each answer their own site', async () => {
  for (let round = 0; round < 2; round++) {
    const a = await invoke(demo, 'admin/settings/get');
    const b = await invoke(nordwind, 'admin/settings/get');
    expect(a.data.branding.portalName).toBe('Demo Service Desk');
    expect(b.data.branding.portalName).toBe('Nordwind Service Desk');
  }
});

it('SSO: each site publishes its own IdP entity and certificate', async () => {
  const [a, b] = await Promise.all([call(`${demo}/x/customer-pages/saml/metadata`), call(`${nordwind}/x/customer-pages/saml/metadata`)]);
  const entity = (xml: string) => /entityID="([^"]+)"/.exec(xml)?.[1];
  const cert = (xml: string) => /<(?:ds:)?X509Certificate>([^<]+)</.exec(xml)?.[1];
  expect(entity(a.text)).toBeTruthy();
  expect(entity(a.text)).not.toBe(entity(b.text));
  expect(cert(a.text)).toBeTruthy();
  expect(cert(a.text)).not.toBe(cert(b.text));
  expect(b.text).toContain(`${nordwind}/x/customer-pages/saml/sso`);
  expect(a.text).not.toContain('nordwind');
});

it('reset links: a reset asked at one site is mailed with that site’s branding and link, and its token is nothing at the other', async () => {
  await call(`${demo}/mail/api/messages`, { method: 'DELETE' });
  await postForm(`${nordwind}/x/customer-pages/forgot`, { identifier: 'jane.doe@example.com', lang: 'en' });
  await host.idle();
  await postForm(`${demo}/x/customer-pages/forgot`, { identifier: 'jane.doe@example.com', lang: 'en' });
  await host.idle();
  const sent = await mails();
  expect(sent).toHaveLength(2);
  const [fromDemo, fromNordwind] = sent;
  const link = (text: string) => /(http:\/\/\S+\/reset\?token=[^\s&]+&lang=\w+)/.exec(text)?.[1] ?? '';
  expect(fromNordwind.text).toContain('Nordwind');
  expect(fromNordwind.text).not.toContain('Demo Company');
  expect(link(fromNordwind.text).startsWith(`${nordwind}/x/customer-pages/reset?`)).toBe(true);
  expect(fromDemo.text).toContain('Demo Company');
  expect(link(fromDemo.text).startsWith(`${demo}/x/customer-pages/reset?`)).toBe(true);
  // Nordwind's token at the demo site's page (and the other way round) is an unknown link; each at its own site is live.
  const token = (l: string) => new URL(l).searchParams.get('token')!;
  const crossed = await call(`${demo}/x/customer-pages/reset?token=${encodeURIComponent(token(link(fromNordwind.text)))}&lang=en`);
  const own = await call(`${nordwind}/x/customer-pages/reset?token=${encodeURIComponent(token(link(fromNordwind.text)))}&lang=en`);
  expect(own.text).toContain('nw-100001');
  expect(crossed.text).not.toContain('nw-100001');
  expect(crossed.text).not.toContain('customer2300229');
});

it('provisioning keys: a key made at one site opens nothing at the other', async () => {
  const created = await invoke(demo, 'admin/api-keys/create', { name: 'Shop', access: 'read', signed: false });
  expect(created.ok).toBe(true);
  const get = (site: string) => call(`${site}/x/provisioning/customers?email=jane.doe%40example.com`, { headers: { authorization: `Bearer ${created.data.key}` } });
  expect((await get(nordwind)).status).toBe(401);
  expect((await get(demo)).status).toBe(200);
  expect((await invoke(nordwind, 'admin/api-keys/list')).data.keys ?? []).toEqual([]);
});

it('overview: each site counts its own customers, read through one warm instance', async () => {
  const a = await invoke(demo, 'admin/overview');
  const b = await invoke(nordwind, 'admin/overview');
  expect(a.ok && b.ok).toBe(true);
  expect(JSON.stringify(a.data)).not.toEqual(JSON.stringify(b.data));
});
