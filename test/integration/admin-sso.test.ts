import type { AdminResult, SsoData, SsoTestStart } from '../../src/surfaces/admin-api';
import type { PanelData } from '../../src/surfaces/agent-api';
import type { Persona } from '../../local/jira-emulator';
import { clientAddresses, invokeResolver, type TestHost, useTestHost } from '../support/local-host';

/**
 * The admin section "Single sign-on" through the local host's bridge endpoint (resolver `admin`), the
 * customer pages (metadata, test sign-in) and the agent panel's "Last sign-in".
 */
let host: TestHost;
useTestHost((started) => (host = started));
const nextClient = clientAddresses('198.51.100');

function invoke<T = SsoData>(functionKey: string, payload: unknown = {}, persona: Persona = 'admin'): Promise<AdminResult<T>> {
  return invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload, persona });
}

async function ok<T>(result: Promise<AdminResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`failed: ${r.error} ${r.field ?? ''}`);
  return r.data;
}

const ATLASSIAN = { spEntityId: 'https://auth.atlassian.com/saml/8f1c', acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-8f1c', helpCenterUrl: 'https://demo.atlassian.net/servicedesk/customer/portals' };

/** Opens a sign-in page and posts the password: the answer's HTML. */
async function signInAt(url: string, identifier: string, password: string): Promise<{ status: number; body: string }> {
  const page = await fetch(url, { headers: nextClient() });
  expect(page.status).toBe(200);
  const html = await page.text();
  const reference = /name="request" value="([^"]+)"/.exec(html)![1];
  const post = await fetch(`${host.url}/x/customer-pages/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...nextClient() },
    body: new URLSearchParams({ request: reference, identifier, password, lang: new URL(url).searchParams.get('lang') ?? 'en' }).toString(),
  });
  return { status: post.status, body: await post.text() };
}

describe('agent panel', () => {
  it('shows the last sign-in once the customer signed in', async () => {
    const panel = async () => {
      const result = await invokeResolver<{ ok: true; data: PanelData }>(host.url, { moduleKey: 'agent-panel', functionKey: 'agent/panel', payload: {}, persona: 'agent', issueKey: 'DEMO-6' });
      return result.data;
    };
    const before = await panel();
    expect(before.customer?.lastSignInAt).toBe(0);
    const test = await ok(invoke<SsoTestStart>('admin/sso/test', { identifier: 'erika.mustermann@example.de' }));
    await signInAt(test.url, 'erika.mustermann@example.de', 'Sonnenblume-Fahrrad-Kaffee-7');
    const after = await panel();
    expect(after.customer?.lastSignInAt).toBeGreaterThan(0);
    expect(after.timeline.entries.map((e) => e.kind)).toContain('login.succeeded');
  });
});

describe('Single sign-on section', () => {
  it('answers only Jira administrators', async () => {
    for (const persona of ['agent', 'customer', 'anonymous'] as Persona[]) {
      for (const key of ['admin/sso/get', 'admin/sso/save', 'admin/sso/keys', 'admin/sso/test']) {
        expect(await invoke(key, {}, persona)).toEqual({ ok: false, error: 'forbidden' });
      }
    }
  });

  it('shows the IdP values, one active certificate and never a private key', async () => {
    const data = await ok(invoke('admin/sso/get'));
    expect(data.idp.entityId).toMatch(/^urn:portal-access:idp:[0-9a-f]{24}$/);
    expect(data.idp.ssoUrl).toBe(`${host.url}/x/customer-pages/saml/sso`);
    expect(data.idp.metadataUrl).toBe(`${host.url}/x/customer-pages/saml/metadata`);
    expect(data.keys).toHaveLength(1);
    expect(data.keys[0]).toMatchObject({ state: 'active' });
    expect(data.keys[0].pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(data.certificate.daysLeft).toBeGreaterThan(4 * 365);
    expect(data.certificate.expiring).toBe(false);
    // The demo connects the local help center (loopback), which is not Atlassian's host: warnings, not errors.
    expect(data.sp.acsUrl).toContain('/help-center/login/callback');
    expect(data.warnings).toEqual(['sp-host-not-atlassian', 'acs-host-not-atlassian']);
    expect(JSON.stringify(data)).not.toMatch(/PRIVATE KEY/);
    const again = await ok(invoke('admin/sso/get'));
    expect(again.idp.entityId).toBe(data.idp.entityId);
    expect(again.keys[0].fingerprint).toBe(data.keys[0].fingerprint);
  });

  it('validates the service provider values field by field', async () => {
    const before = await ok(invoke('admin/sso/get'));
    for (const [field, value] of [
      ['spEntityId', 'http://auth.atlassian.com/saml/1'],
      ['acsUrl', 'not a url'],
      ['acsUrl', 'javascript:alert(1)'],
      ['helpCenterUrl', 'https://user:pw@demo.atlassian.net/'],
    ] as const) {
      expect(await invoke('admin/sso/save', { ...ATLASSIAN, [field]: value })).toEqual({ ok: false, error: 'invalid-input', field });
    }
    expect(await invoke('admin/sso/save', { ...ATLASSIAN, extra: 1 })).toMatchObject({ ok: false, error: 'invalid-input' });
    expect((await ok(invoke('admin/sso/get'))).sp).toEqual(before.sp);
    const saved = await ok(invoke('admin/sso/save', ATLASSIAN));
    expect(saved.sp).toEqual(ATLASSIAN);
    expect(saved.warnings).toEqual([]);
    await ok(invoke('admin/sso/save', before.sp));
  });

  it('rotates keys: create next (both published), switch (responses signed by it), retire previous', async () => {
    expect(await invoke('admin/sso/keys', { action: 'activate-next' })).toMatchObject({ ok: false, error: 'not-allowed' });
    expect(await invoke('admin/sso/keys', { action: 'retire-previous' })).toMatchObject({ ok: false, error: 'not-allowed' });
    expect(await invoke('admin/sso/keys', { action: 'bogus' })).toMatchObject({ ok: false, error: 'invalid-input' });
    const first = (await ok(invoke('admin/sso/get'))).keys[0];
    const created = await ok(invoke('admin/sso/keys', { action: 'create-next' }));
    expect(created.keys.map((k) => k.state)).toEqual(['active', 'next']);
    expect(await invoke('admin/sso/keys', { action: 'create-next' })).toMatchObject({ ok: false, error: 'not-allowed' });
    const metadata = await (await fetch(`${host.url}/x/customer-pages/saml/metadata`)).text();
    expect(metadata.match(/<ds:X509Certificate>/g)).toHaveLength(2);
    const switched = await ok(invoke('admin/sso/keys', { action: 'activate-next' }));
    expect(switched.keys.map((k) => [k.state, k.fingerprint])).toEqual([['active', created.keys[1].fingerprint], ['previous', first.fingerprint]]);
    const pem = await (await fetch(`${host.url}/x/customer-pages/saml/certificate.pem`)).text();
    expect(pem).toBe(created.keys[1].pem);
    const retired = await ok(invoke('admin/sso/keys', { action: 'retire-previous' }));
    expect(retired.keys.map((k) => k.fingerprint)).toEqual([created.keys[1].fingerprint]);
    expect((await (await fetch(`${host.url}/x/customer-pages/saml/metadata`)).text()).match(/<ds:X509Certificate>/g)).toHaveLength(1);
    // After the switch (and the signer's 10 s cache), the test sign-in verifies against the new certificate.
    host.clock.advance(11);
    const test = await ok(invoke<SsoTestStart>('admin/sso/test', { identifier: 'jane.doe@example.com', locale: 'en' }));
    const report = await signInAt(test.url, 'jane.doe@example.com', 'Harbour-Lantern-Violet-42');
    expect(report.body).toContain(created.keys[1].fingerprint);
    expect(report.body).not.toContain('>Failed:');
  });

  it('test sign-in: the page is prefilled, the report lists every check as passed, nothing is posted', async () => {
    const test = await ok(invoke<SsoTestStart>('admin/sso/test', { identifier: 'erika.mustermann@example.de', locale: 'de' }));
    expect(test.url).toMatch(/\/x\/customer-pages\/sign-in\?request=[\w-]{43}&lang=de$/);
    const page = await (await fetch(test.url, { headers: nextClient() })).text();
    expect(page).toContain('value="erika.mustermann@example.de"');
    const report = await signInAt(test.url, 'erika.mustermann@example.de', 'Sonnenblume-Fahrrad-Kaffee-7');
    expect(report.status).toBe(200);
    expect(report.body).toContain('Test-Anmeldung: Ergebnis');
    expect(report.body.match(/Bestanden:/g)).toHaveLength(8);
    expect(report.body).not.toContain('SAMLResponse');
    expect(report.body).toContain('erika.mustermann@example.de');
    // A wrong password gets the usual neutral answer on the test page too.
    const test2 = await ok(invoke<SsoTestStart>('admin/sso/test', { identifier: 'erika.mustermann@example.de' }));
    expect((await signInAt(test2.url, 'erika.mustermann@example.de', 'wrong-password-123')).status).toBe(401);
  });

  it('test sign-in needs the service provider values', async () => {
    const before = await ok(invoke('admin/sso/get'));
    await ok(invoke('admin/sso/save', { spEntityId: '', acsUrl: '', helpCenterUrl: '' }));
    expect(await invoke('admin/sso/test', { identifier: 'jane.doe@example.com' })).toEqual({ ok: false, error: 'not-allowed', reason: 'not-configured' });
    await ok(invoke('admin/sso/save', before.sp));
  });
});
