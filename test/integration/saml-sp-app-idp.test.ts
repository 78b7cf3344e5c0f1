import { spIdentity } from '../../local/saml-sp';
import { startTestHost, type TestHost } from '../support/local-host';
import { authnRequestOf } from '../support/saml-fake-idp';
import { cookieOf, form, handOver } from '../support/help-center-sp';

/**
 * The local help center's SAML service provider (local/saml-sp.ts) against the app's own IdP, on the real local
 * host (part 2 of saml-sp.test.ts, which uses a throwaway IdP).
 *
 * [needs the app's IdP routes] These two run against the app's own IdP (customer-pages `saml/metadata` and
 * `saml/sso`); they pass once those routes land.
 */
describe('[needs the app IdP routes] help center SP against the app as IdP', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(() => host?.close());

  test('[needs the app IdP routes] the SP reads the app metadata and sends the customer to its SSO URL', async () => {
    const metadata = await fetch(`${host.url}/x/customer-pages/saml/metadata`);
    expect(metadata.status).toBe(200);
    const response = await fetch(`${host.url}/help-center/login?lang=en`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location.startsWith(`${host.url}/x/customer-pages/saml/sso?`)).toBe(true);
    expect(authnRequestOf(location).issuer).toBe(spIdentity(host.url).entityId);
  });

  test('[needs the app IdP routes] round trip: Jane signs in at the app with her password and lands signed in', async () => {
    const sp = spIdentity(host.url);
    const jar = new Map<string, string>();
    const remember = (r: Response) => {
      for (const c of r.headers.getSetCookie?.() ?? []) {
        const [pair] = c.split(';');
        const [name, ...value] = pair.split('=');
        jar.set(name.trim(), value.join('='));
      }
    };
    const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const go = async (url: string, init: RequestInit = {}) => {
      let response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookies() } });
      remember(response);
      for (let hops = 0; hops < 5 && response.status >= 301 && response.status <= 303; hops++) {
        url = new URL(response.headers.get('location')!, url).toString();
        if (url.startsWith(`${host.url}/help-center`) && !url.includes('/x/')) return { response, url };
        response = await fetch(url, { redirect: 'manual', headers: { cookie: cookies() } });
        remember(response);
      }
      return { response, url };
    };
    const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
    const formIn = (html: string) => {
      const match = /<form\b[^>]*>[\s\S]*?<\/form>/i.exec(html);
      if (!match) throw new Error(`no form in: ${html.slice(0, 300)}`);
      const action = decode(/action="([^"]*)"/i.exec(match[0])?.[1] ?? '');
      const inputs = [...match[0].matchAll(/<input\b[^>]*>/gi)].map((m) => ({
        name: decode(/name="([^"]*)"/i.exec(m[0])?.[1] ?? ''),
        type: (/type="([^"]*)"/i.exec(m[0])?.[1] ?? 'text').toLowerCase(),
        value: decode(/value="([^"]*)"/i.exec(m[0])?.[1] ?? ''),
      }));
      return { action, inputs };
    };

    const login = await fetch(`${host.url}/help-center/login?lang=en`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    remember(login);
    const { response: signInPage, url: signInUrl } = await go(login.headers.get('location')!);
    expect(signInPage.status).toBe(200);
    const signIn = formIn(await signInPage.text());
    const fields: Record<string, string> = {};
    for (const input of signIn.inputs.filter((i) => i.name)) {
      fields[input.name] = input.type === 'password' ? 'Harbour-Lantern-Violet-42' : input.type === 'hidden' ? input.value : input.type === 'text' || input.type === 'email' ? 'jane.doe@example.com' : input.value;
    }
    const { response: posting } = await go(new URL(signIn.action || signInUrl, signInUrl).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: host.url },
      body: new URLSearchParams(fields).toString(),
    });
    expect(posting.status).toBe(200);
    const acsForm = formIn(await posting.text());
    expect(acsForm.action).toBe(sp.acsUrl);
    const value = (name: string) => acsForm.inputs.find((i) => i.name === name)?.value ?? '';
    const landed = await handOver(await form(sp.acsUrl, { SAMLResponse: value('SAMLResponse'), RelayState: value('RelayState') }), cookies());
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe('/help-center?lang=en');
    const page = await (await fetch(`${host.url}/help-center?lang=en`, { headers: { cookie: cookieOf(landed) } })).text();
    expect(page).toContain('Signed in as <strong>Jane Doe</strong>');
    expect(page).toContain('DEMO-2');
  });

  test('[needs the app IdP routes] login CSRF: a sign-in the attacker started cannot be finished by a victim’s browser', async () => {
    const pages = `${host.url}/x/customer-pages`;
    const mallory = { identifier: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' }; // the attacker's own account
    // The attacker starts a help-center sign-in in their own browser and keeps the reference (and their cookie).
    const login = await fetch(`${host.url}/help-center/login?lang=en`, { redirect: 'manual' });
    const started = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    expect(started.status).toBe(303);
    const reference = new URL(started.headers.get('location')!).searchParams.get('request')!;
    const attackerCookie = cookieOf(started);
    const post = (headers: Record<string, string>, password = mallory.password, lang = 'en') => form(`${pages}/sign-in`, { request: reference, identifier: mallory.identifier, password, lang }, { 'x-forwarded-for': '203.0.113.61', ...headers });
    const refused = async (response: Response, lang = 'en') => {
      const body = await response.text();
      expect(response.status).toBe(403);
      expect(body).toContain(lang === 'de' ? 'Diese Anmeldung wurde an anderer Stelle begonnen' : 'This sign-in was started somewhere else');
      expect(body).not.toContain('SAMLResponse');
    };

    // 1. A modern browser says where the POST comes from: another site is refused, whatever else it sends.
    await refused(await post({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }));
    await refused(await post({ 'sec-fetch-site': 'cross-site', origin: 'null', cookie: attackerCookie }), 'en');
    await refused(await post({ 'sec-fetch-site': 'same-site' }, mallory.password, 'de'), 'de');
    await refused(await post({ origin: 'https://evil.example' }));
    // 2. The attacker's own browser proves that cookies come back (a wrong password from it is an ordinary 401) ...
    expect((await post({ 'sec-fetch-site': 'same-origin', origin: 'null', cookie: attackerCookie }, 'not-the-password')).status).toBe(401);
    // ... so an older browser that sends neither header is refused without the starting browser's cookie.
    await refused(await post({}));
    await refused(await post({ origin: 'null', cookie: 'pa_browser=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
    // 3. Nothing was used up: in the browser that started it, the sign-in completes.
    const own = await post({ 'sec-fetch-site': 'same-origin', origin: 'null', cookie: attackerCookie });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('name="SAMLResponse"');
    expect(started.headers.get('set-cookie')).toMatch(/^pa_browser=[\w-]{43}; Path=\/x\/customer-pages; Max-Age=1800; HttpOnly; SameSite=Lax$/);
  });
});
