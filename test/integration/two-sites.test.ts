import http from 'node:http';
import { startTestHost, type TestHost } from '../support/local-host';
import { SECOND_SITE } from '../../local/sites';
import { acsOriginFor } from '../../local/saml-sp';
import { DEFAULT_TEMPLATES } from '../../src/mail/default-templates';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

/** Every XML signature in `xml` (at least one) verifies with the certificate `pem`. */
function verifies(xml: string, pem: string): boolean {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const signatures = Array.from(doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature'));
  if (signatures.length === 0) return false;
  return signatures.every((node) => {
    const sig = new SignedXml({ publicCert: pem });
    sig.loadSignature(node as unknown as Node);
    try {
      return sig.checkSignature(xml);
    } catch {
      return false;
    }
  });
}

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
    // The customer pages read the settings through the warm instance's cache (10 s); the admin page reads them fresh.
    const pageA = await call(`${demo}/x/customer-pages/login?lang=en`);
    const pageB = await call(`${nordwind}/x/customer-pages/login?lang=en`);
    expect(pageA.text).toContain('Demo Service Desk');
    expect(pageB.text).toContain('Nordwind Service Desk');
    expect(pageB.text).not.toContain('Demo Service Desk');
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
  expect(a.data.funnel).toMatchObject({ invited: 1, inviteExpired: 1, disabled: 1 });
  expect(b.data.funnel).toMatchObject({ active: 2, invited: 1, inviteExpired: 0, disabled: 0 });
  expect(a.data.funnel.active).toBe(5);
});

it('templates and invitations: a template saved at one site is never sent for the other; an invitation goes out with its own site’s link', async () => {
  const saved = await invoke(demo, 'admin/templates/save', { kind: 'reset', locale: 'de', template: { ...DEFAULT_TEMPLATES.reset.de, subject: 'Nur beim Demo-Desk' }, baseVersion: 0 });
  expect(saved.ok).toBe(true);
  expect((await invoke(nordwind, 'admin/templates/get', { kind: 'reset', locale: 'de' })).data.isDefault).toBe(true);
  await call(`${demo}/mail/api/messages`, { method: 'DELETE' });
  await postForm(`${nordwind}/x/customer-pages/forgot`, { identifier: 'nils.nordmann@example.de', lang: 'de' });
  await host.idle();
  await postForm(`${demo}/x/customer-pages/forgot`, { identifier: 'erika.mustermann@example.de', lang: 'de' });
  await host.idle();
  await postForm(`${nordwind}/x/customer-pages/forgot`, { identifier: 'nils.nordmann@example.de', lang: 'de' });
  await host.idle();
  const sent = (await mails()).reverse();
  expect(sent.map((m) => [m.to.includes('nils') ? 'nils' : 'erika', m.subject === 'Nur beim Demo-Desk'])).toEqual([
    ['nils', false],
    ['erika', true],
    ['nils', false],
  ]);

  await call(`${demo}/mail/api/messages`, { method: 'DELETE' });
  const invited = JSON.parse(
    (await json(`${nordwind}/local/api/invoke`, { moduleKey: 'agent-panel', functionKey: 'agent/invite', payload: { email: 'nora.neu@example.com', displayName: 'Nora Neu', locale: 'en' }, persona: 'agent', issueKey: 'DEMO-5' })).text,
  ).result;
  expect(invited.ok).toBe(true);
  await host.idle();
  const [invitation] = await mails();
  expect(invitation.to).toContain('nora.neu@example.com');
  const link = /(http:\/\/\S+\?token=[^\s&]+)/.exec(invitation.text)?.[1] ?? '';
  expect(link.startsWith(`${nordwind}/x/customer-pages/`)).toBe(true);
  expect(invitation.text).toContain('Nordwind');
  // The demo site has no Nora: its panel for the same request still offers an invitation.
  const panel = JSON.parse((await json(`${demo}/local/api/invoke`, { moduleKey: 'agent-panel', functionKey: 'agent/panel', payload: {}, persona: 'agent', issueKey: 'DEMO-5' })).text).result;
  expect(panel.data.status).toBe('not-invited');
});

describe('help-center sign-in', () => {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
  const formIn = (html: string) => {
    const match = /<form\b[^>]*>[\s\S]*?<\/form>/i.exec(html);
    if (!match) throw new Error(`no form in: ${html.slice(0, 300)}`);
    const inputs = [...match[0].matchAll(/<input\b[^>]*>/gi)].map((m) => ({
      name: decode(/name="([^"]*)"/i.exec(m[0])?.[1] ?? ''),
      type: (/type="([^"]*)"/i.exec(m[0])?.[1] ?? 'text').toLowerCase(),
      value: decode(/value="([^"]*)"/i.exec(m[0])?.[1] ?? ''),
    }));
    return { action: decode(/action="([^"]*)"/i.exec(match[0])?.[1] ?? ''), inputs };
  };
  const cookieJar = () => {
    const jar = new Map<string, string>();
    const go = async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
      let answer = await call(url, { ...init, headers: { ...init.headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (let hops = 0; ; hops++) {
        for (const c of answer.headers['set-cookie'] ?? []) {
          const [name, ...value] = c.split(';')[0].split('=');
          jar.set(name.trim(), value.join('='));
        }
        if (hops >= 5 || answer.status < 301 || answer.status > 303) return { answer, url };
        url = new URL(answer.headers.location!, url).toString();
        answer = await call(url, { headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      }
    };
    return go;
  };
  /** Signs in at `site`'s help center through the app with `password`: the app's answer to the password form. */
  async function signIn(site: string, password: string) {
    const go = cookieJar();
    const login = await call(`${site}/help-center/login?lang=en`);
    expect(login.status).toBe(302);
    expect(login.headers.location!.startsWith(`${site}/x/customer-pages/saml/sso?`)).toBe(true);
    const { answer: page, url } = await go(login.headers.location!);
    expect(page.status).toBe(200);
    const signInForm = formIn(page.text);
    const fields: Record<string, string> = {};
    for (const input of signInForm.inputs.filter((i) => i.name)) {
      fields[input.name] = input.type === 'password' ? password : input.type === 'hidden' ? input.value : input.type === 'text' || input.type === 'email' ? 'jane.doe@example.com' : input.value;
    }
    const target = new URL(signInForm.action || url, url).toString();
    const answer = (await go(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(target).origin }, body: new URLSearchParams(fields).toString() })).answer;
    // The help center's login cookie (hc_login): the browser that started the login redeems the ACS's ticket.
    return { ...answer, browser: (login.headers['set-cookie'] ?? [])[0]?.split(';')[0] ?? '' };
  }

  it('Jane signs in at each site with that site’s password only; a response of one site verifies only with its own certificate', async () => {
    // The demo site's password is nothing at Nordwind (another account of the same person), and the other way round.
    expect((await signIn(nordwind, 'Harbour-Lantern-Violet-42')).text).not.toContain('SAMLResponse');
    expect((await signIn(demo, 'Fjord-Beacon-Otter-58')).text).not.toContain('SAMLResponse');
    const posting = await signIn(nordwind, 'Fjord-Beacon-Otter-58');
    const acs = formIn(posting.text);
    // Each help center's ACS is on an origin of its own (acs.<site>.localhost), as Atlassian's is.
    expect(acs.action).toBe(`${acsOriginFor(nordwind)}/help-center/login/callback?connection=saml-demo`);
    const value = (name: string) => acs.inputs.find((i) => i.name === name)?.value ?? '';
    // Posted to the demo site's help center, Nordwind's response is refused.
    const crossed = await postForm(`${acsOriginFor(demo)}/help-center/login/callback?connection=saml-demo`, { SAMLResponse: value('SAMLResponse'), RelayState: value('RelayState') });
    expect(crossed.status).toBe(401);
    // Its signatures (Response and Assertion) verify with Nordwind's published certificate, and with the demo site's not.
    const xml = Buffer.from(value('SAMLResponse'), 'base64').toString('utf8');
    const [certA, certB] = await Promise.all([call(`${demo}/x/customer-pages/saml/certificate.pem`), call(`${nordwind}/x/customer-pages/saml/certificate.pem`)]);
    expect(verifies(xml, certB.text)).toBe(true);
    expect(verifies(xml, certA.text)).toBe(false);
    const ticket = await postForm(acs.action, { SAMLResponse: value('SAMLResponse'), RelayState: value('RelayState') });
    expect(ticket.status).toBe(303);
    expect(ticket.headers.location!.startsWith(`${nordwind}/help-center/login/complete?ticket=`)).toBe(true);
    const landed = await call(ticket.headers.location!, { headers: { cookie: posting.browser } });
    expect(landed.status).toBe(303);
    const session = (landed.headers['set-cookie'] ?? [])[0].split(';')[0];
    expect((await call(`${nordwind}/help-center?lang=en`, { headers: { cookie: session } })).text).toContain('Signed in as <strong>Jane Doe</strong>');
    // The session is Nordwind's: the demo site's help center does not know it.
    expect((await call(`${demo}/help-center?lang=en`, { headers: { cookie: session } })).text).not.toContain('Signed in as');
  });
});
