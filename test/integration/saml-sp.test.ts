import { kvs } from '@forge/kvs';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { connectDemoServiceProvider } from '../../local/demo-data';
import { acsOriginFor, safeReturnPath, spIdentity, type SpIdentity } from '../../local/saml-sp';
import { startTestHost, type TestHost } from '../support/local-host';
import { authnRequestOf, idpMetadataXml, samlResponse, throwawayKey, type ResponseOptions, type TestKey } from '../support/saml-fake-idp';
import { cookieOf, form, handOver, JANE_ACCOUNT } from '../support/help-center-sp';

/**
 * The local help center's SAML service provider (local/saml-sp.ts, routes in local/help-center.ts), on the
 * real local host. Part 1 uses a throwaway IdP (its own key and metadata, given to the host as `idpMetadata`)
 * so each hostile response differs from a valid one in exactly one respect, and proves the SP refuses it
 * naming the check. Part 2 ("[needs the app's IdP routes]") runs against the app's own IdP (`saml/metadata`,
 * `saml/sso` of the customer-pages web trigger): saml-sp-app-idp.test.ts.
 */
describe('help center SP against a throwaway IdP', () => {
  let host: TestHost;
  let sp: SpIdentity;
  let idpKey: TestKey;
  let strangerKey: TestKey;
  let published: TestKey[];

  beforeAll(async () => {
    [idpKey, strangerKey] = await Promise.all([throwawayKey('Throwaway IdP'), throwawayKey('Stranger')]);
    published = [idpKey];
    host = await startTestHost({ idpMetadata: async () => idpMetadataXml({ ssoUrl: 'https://idp.test.invalid/sso', certs: published }) });
    sp = spIdentity(host.url);
  });
  afterAll(() => host?.close());

  /**
   * A fresh AuthnRequest from GET /help-center/login: its ID (for InResponseTo) and RelayState, and the login
   * cookie of the browser that started it (`hc_login`, which the response must come back with).
   */
  async function startLogin(query = 'lang=en') {
    const response = await fetch(`${host.url}/help-center/login?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return { ...authnRequestOf(response.headers.get('location')!), browser: cookieOf(response) };
  }
  /** A valid response to a fresh request, with `change` applied, posted from the browser that started it. */
  async function respond(change: Partial<ResponseOptions> = {}, query?: string) {
    const request = await startLogin(query);
    const SAMLResponse = samlResponse({ key: idpKey, nowMs: host.clock.nowMs(), inResponseTo: request.id, destination: sp.acsUrl, recipient: sp.acsUrl, audience: sp.entityId, ...change });
    return { request, SAMLResponse, post: () => form(sp.acsUrl, { SAMLResponse, RelayState: request.relayState ?? '' }, { cookie: request.browser }) };
  }
  async function expectRefused(response: Response, check: string, status = 401) {
    const body = await response.text();
    expect(response.status).toBe(status);
    expect(body).toContain(`Failed check: <code data-check="${check}">${check}</code>`);
    expect(body).toContain('href="/help-center?lang=en"');
    expect(response.headers.get('set-cookie')).toBeNull();
  }

  test('the login link makes an AuthnRequest (HTTP-Redirect) for this SP, with the page to return to as RelayState', async () => {
    const page = await (await fetch(`${host.url}/help-center?lang=de`)).text();
    expect(page).toContain('<a href="/help-center/login?lang=de">Anmelden</a>');
    expect(page).toContain('Passwort vergessen?');
    expect(page).toContain('/module/portal-access-footer?lang=de');
    const request = await startLogin('lang=de');
    expect(request.issuer).toBe(`${host.url}/sp/saml/demo`);
    // Issue 20: the ACS is on another origin than the help center, as Atlassian's (auth.atlassian.com) is.
    expect(request.acsUrl).toBe(`${acsOriginFor(host.url)}/help-center/login/callback?connection=saml-demo`);
    expect(new URL(request.acsUrl).origin).not.toBe(host.url);
    expect(request.destination).toBe('https://idp.test.invalid/sso');
    expect(request.relayState).toBe('/help-center?lang=de');
    expect(request.id).toMatch(/^_[0-9a-f]{40}$/);
  });

  test('happy path: a valid response signs Jane in; her requests, profile panel and log out', async () => {
    const { post, request } = await respond({}, 'lang=de');
    const acs = await post();
    expect(acs.headers.get('location')).toMatch(new RegExp(`^${host.url}/help-center/login/complete\\?ticket=[\\w-]{43}$`));
    const landed = await handOver(acs, request.browser);
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe('/help-center?lang=de');
    expect(landed.headers.get('set-cookie')).toMatch(/^hc_session=[\w-]{43}; Path=\/help-center; HttpOnly; SameSite=Lax$/);
    const cookie = cookieOf(landed);
    // The ticket is single use.
    const again = await fetch(acs.headers.get('location')!, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    const page = await (await fetch(`${host.url}/help-center?lang=de`, { headers: { cookie } })).text();
    expect(page).toContain('Angemeldet als <strong>Jane Doe</strong>');
    expect(page).toContain('DEMO-2');
    expect(page).toContain('OTHER-1');
    expect(page).not.toContain('DEMO-1<');
    expect(page).toContain('href="/help-center/profile?lang=de">Profil</a>');
    const english = await (await fetch(`${host.url}/help-center`, { headers: { cookie, 'accept-language': 'en-GB,en;q=0.8' } })).text();
    expect(english).toContain('Signed in as <strong>Jane Doe</strong>');
    expect(english).toContain('>Log out</button>');
    const profile = await fetch(`${host.url}/help-center/profile?lang=de`, { headers: { cookie } });
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain(`src="/module/profile-panel?persona=customer&amp;account=${JANE_ACCOUNT}&amp;lang=de"`);
    const out = await form(`${host.url}/help-center/logout?lang=de`, {}, { cookie, origin: host.url });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await (await fetch(`${host.url}/help-center?lang=de`, { headers: { cookie } })).text();
    expect(after).not.toContain('Angemeldet als');
    expect((await fetch(`${host.url}/help-center/profile`, { headers: { cookie }, redirect: 'manual' })).headers.get('location')).toMatch(/^\/help-center\/login\?/);
  });

  test('a customer without requests gets a portal-only account at first sign-in and "No requests yet"', async () => {
    const { post, request } = await respond({ nameId: 'new.customer@example.org', givenName: 'Nina', surname: 'New' });
    const landed = await handOver(await post(), request.browser);
    expect(landed.status).toBe(303);
    const cookie = cookieOf(landed);
    const page = await (await fetch(`${host.url}/help-center?lang=en`, { headers: { cookie } })).text();
    expect(page).toContain('Signed in as <strong>Nina New</strong>');
    expect(page).toContain('No requests yet');
    const profile = await (await fetch(`${host.url}/help-center/profile?lang=en`, { headers: { cookie } })).text();
    const account = decodeURIComponent(/account=([^&"]+)/.exec(profile)?.[1] ?? '');
    expect(account).toBeTruthy();
    expect(account).not.toBe(JANE_ACCOUNT);
    expect(host.jira.isPortalCustomer(account)).toBe(true);
  });

  test('refuses a response signed with a key the metadata does not publish (signature)', async () => {
    const { post } = await respond({ key: strangerKey });
    await expectRefused(await post(), 'signature');
  });

  test('accepts every published certificate and re-reads the metadata on each login (rotation)', async () => {
    published = [idpKey, strangerKey];
    try {
      const { post } = await respond({ key: strangerKey });
      expect((await post()).status).toBe(303);
    } finally {
      published = [idpKey];
    }
    const { post } = await respond({ key: strangerKey });
    await expectRefused(await post(), 'signature');
  });

  test('refuses a wrong audience (audience)', async () => {
    const { post } = await respond({ audience: 'https://auth.atlassian.com/saml/someone-else' });
    await expectRefused(await post(), 'audience');
  });

  test('refuses a wrong Destination (destination)', async () => {
    const { post } = await respond({ destination: 'https://auth.atlassian.com/login/callback?connection=saml-other' });
    await expectRefused(await post(), 'destination');
  });

  test('refuses a wrong Recipient (recipient)', async () => {
    const { post } = await respond({ recipient: `${host.url}/help-center/login/callback?connection=saml-other` });
    await expectRefused(await post(), 'recipient');
  });

  test('refuses an unknown InResponseTo, and a replay of a used response (in-response-to)', async () => {
    const { post } = await respond({ inResponseTo: '_0123456789abcdef0123456789abcdef01234567' });
    await expectRefused(await post(), 'in-response-to');
    const mismatch = await respond({ subjectInResponseTo: '_0123456789abcdef0123456789abcdef01234567' });
    await expectRefused(await mismatch.post(), 'in-response-to');
    const good = await respond();
    expect((await good.post()).status).toBe(303);
    await expectRefused(await good.post(), 'in-response-to');
  });

  test('refuses an assertion that expired on the host clock (time-window)', async () => {
    const { post } = await respond({ lifetimeSec: 120 });
    host.clock.advance(5 * 60);
    try {
      await expectRefused(await post(), 'time-window');
    } finally {
      host.clock.offsetMs -= 5 * 60_000;
    }
  });

  test('refuses a non-Success status, with or without an assertion (status)', async () => {
    const error = await respond({ status: 'urn:oasis:names:tc:SAML:2.0:status:Requester', withoutAssertion: true });
    await expectRefused(await error.post(), 'status');
    const mixed = await respond({ status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' });
    await expectRefused(await mixed.post(), 'status');
  });

  test('refuses another issuer, an unreadable message, and names the check in German', async () => {
    const other = await respond({ issuer: 'urn:test:another-idp' });
    await expectRefused(await other.post(), 'issuer');
    await expectRefused(await form(sp.acsUrl, { SAMLResponse: Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>').toString('base64'), RelayState: '/help-center?lang=en' }), 'format', 400);
    const german = await respond({ audience: 'urn:elsewhere' }, 'lang=de');
    const page = await (await german.post()).text();
    expect(page).toContain('<html lang="de"');
    expect(page).toContain('Fehlgeschlagene Prüfung: <code data-check="audience">audience</code>');
    expect(page).toContain('Zurück zum Hilfe-Center');
  });

  test('RelayState only leads to a local help-center page', async () => {
    const { request, SAMLResponse } = await respond();
    expect(request.relayState).toBe('/help-center?lang=en');
    const landed = await handOver(await form(sp.acsUrl, { SAMLResponse, RelayState: 'https://evil.example/phish' }), request.browser);
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe('/help-center');
    for (const bad of ['//evil.example/', '/\\evil.example', '/mail', '/help-centerx', 'javascript:alert(1)', '/help-center/login?x=1']) expect(safeReturnPath(bad)).toBe('/help-center');
    expect(safeReturnPath('/help-center/profile?lang=de')).toBe('/help-center/profile?lang=de');
  });

  test('login CSRF: a response to a request another browser started is refused (InResponseTo bound to the login cookie)', async () => {
    // The attacker starts a login in their own browser and gets a valid response for their own account, and has
    // the victim's browser post it: no login cookie, or the victim's own from a login of theirs. The ACS is on
    // another origin than the help center, so the login cookie is checked where it lives: when the browser
    // redeems the ACS's ticket at the help center.
    const victim = await startLogin();
    for (const cookie of [undefined, victim.browser]) {
      const attacker = await respond({ nameId: 'mallory@example.org', givenName: 'Mallory', surname: 'M' });
      const landed = await handOver(await form(sp.acsUrl, { SAMLResponse: attacker.SAMLResponse, RelayState: '/help-center?lang=en' }), cookie);
      await expectRefused(landed, 'browser');
      expect(landed.headers.get('set-cookie')).toBeNull();
    }
    // In the attacker's own browser the same kind of response signs in.
    const own = await respond({ nameId: 'mallory@example.org', givenName: 'Mallory', surname: 'M' });
    const signedIn = await handOver(await own.post(), own.request.browser);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('set-cookie')).toMatch(/^hc_session=/);
    // Two logins in one browser (tabs) share its cookie, and each answer is accepted there.
    const first = await fetch(`${host.url}/help-center/login?lang=en`, { redirect: 'manual' });
    const browser = cookieOf(first);
    const second = await fetch(`${host.url}/help-center/login?lang=en`, { redirect: 'manual', headers: { cookie: browser } });
    expect(cookieOf(second)).toBe(browser);
    for (const login of [first, second]) {
      const request = authnRequestOf(login.headers.get('location')!);
      const SAMLResponse = samlResponse({ key: idpKey, nowMs: host.clock.nowMs(), inResponseTo: request.id, destination: sp.acsUrl, recipient: sp.acsUrl, audience: sp.entityId });
      expect((await form(sp.acsUrl, { SAMLResponse, RelayState: '/help-center?lang=en' }, { cookie: browser })).status).toBe(303);
    }
    expect(first.headers.get('set-cookie')).toMatch(/^hc_login=[\w-]{43}; Path=\/help-center; Max-Age=1800; HttpOnly; SameSite=Lax$/);
  });

  test('the ACS answers only its own connection', async () => {
    const response = await form(`${host.url}/help-center/login/callback?connection=saml-other`, { SAMLResponse: 'x' });
    expect(response.status).toBe(404);
  });

  test('demo configuration: sso points at this start; an earlier start is replaced, an admin-set SP is kept', async () => {
    const settings = async () => ((await kvs.get(SETTINGS_KEY)) as { sso: Record<string, string>; branding: { portalName: string } });
    expect((await settings()).sso).toEqual({ spEntityId: sp.entityId, acsUrl: sp.acsUrl, helpCenterUrl: sp.helpCenterUrl });
    expect((await settings()).branding.portalName).toBe('Demo Service Desk');
    const earlier = spIdentity('http://127.0.0.1:1');
    await kvs.set(SETTINGS_KEY, { ...(await settings()), sso: { spEntityId: earlier.entityId, acsUrl: earlier.acsUrl, helpCenterUrl: earlier.helpCenterUrl } });
    expect(await connectDemoServiceProvider({ spEntityId: sp.entityId, acsUrl: sp.acsUrl, helpCenterUrl: sp.helpCenterUrl })).toBe(true);
    expect((await settings()).sso.acsUrl).toBe(sp.acsUrl);
    const admin = { spEntityId: 'https://auth.atlassian.com/saml/abc', acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-abc', helpCenterUrl: 'https://demo.atlassian.net/servicedesk/customer/portals' };
    await kvs.set(SETTINGS_KEY, { ...(await settings()), sso: admin });
    expect(await connectDemoServiceProvider({ spEntityId: sp.entityId, acsUrl: sp.acsUrl, helpCenterUrl: sp.helpCenterUrl })).toBe(false);
    expect((await settings()).sso).toEqual(admin);
    const otherLocal = { spEntityId: 'http://localhost:7000/saml/metadata', acsUrl: 'http://localhost:7000/saml/acs', helpCenterUrl: '' };
    await kvs.set(SETTINGS_KEY, { ...(await settings()), sso: otherLocal });
    expect(await connectDemoServiceProvider({ spEntityId: sp.entityId, acsUrl: sp.acsUrl, helpCenterUrl: sp.helpCenterUrl })).toBe(false);
    await kvs.set(SETTINGS_KEY, { ...(await settings()), sso: { spEntityId: sp.entityId, acsUrl: sp.acsUrl, helpCenterUrl: sp.helpCenterUrl } });
  });
});

