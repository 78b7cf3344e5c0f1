import { deflateRawSync } from 'node:zlib';
import { clientAddresses, form, linkIn, mails, tokenOf, type TestHost, useTestHost } from '../support/local-host';

/**
 * "Forgot your password?" from the help-center sign-in and back: the reference travels through the forgot
 * pages, and the reset's done page resumes the pending sign-in when the browser's cookie names an open one.
 */
let host: TestHost;
useTestHost((started) => (host = started));
const nextClient = clientAddresses('192.0.2');
let requests = 0;

async function startSignIn(): Promise<{ reference: string; cookie: string }> {
  const sp = await (await fetch(`${host.url}/x/customer-pages/saml/metadata`)).text();
  expect(sp).toContain('EntityDescriptor');
  const settings = host.deps.settings;
  const { sso } = await settings.load();
  const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${++requests}abc" Version="2.0" IssueInstant="${new Date(host.clock.nowMs()).toISOString()}"><saml:Issuer>${sso.spEntityId}</saml:Issuer></samlp:AuthnRequest>`;
  const encoded = deflateRawSync(Buffer.from(xml)).toString('base64');
  const redirect = await fetch(`${host.url}/x/customer-pages/saml/sso?${new URLSearchParams({ SAMLRequest: encoded, RelayState: '/help-center' })}`, { redirect: 'manual', headers: nextClient() });
  expect(redirect.status).toBe(303);
  const location = redirect.headers.get('location')!;
  const reference = new URL(location).searchParams.get('request')!;
  const page = await fetch(location, { headers: nextClient() });
  expect(page.status).toBe(200);
  const cookie = page.headers.get('set-cookie')!;
  expect(cookie).toMatch(new RegExp(`^pa_sso=${reference}; Path=/x/customer-pages; Max-Age=1800; HttpOnly; SameSite=Lax$`));
  return { reference, cookie: cookie.split(';')[0] };
}

it('forgot pages lead back to the sign-in, and the done page resumes it with the cookie', async () => {
  const { reference, cookie } = await startSignIn();
  const forgot = await (await fetch(`${host.url}/x/customer-pages/forgot?request=${reference}&lang=en`)).text();
  expect(forgot).toContain(`<input type="hidden" name="request" value="${reference}">`);
  expect(forgot).toContain(`/sign-in?request=${reference}&amp;lang=en">Back to sign in</a>`);
  host.mailbox.clear();
  const sent = await form(host, 'forgot', { identifier: 'jane.doe@example.com', request: reference, lang: 'en' }, nextClient());
  expect(sent.status).toBe(303);
  expect(sent.headers.get('location')).toContain(`/forgot/sent?lang=en&request=${reference}`);
  expect(await (await fetch(sent.headers.get('location')!)).text()).toContain('Back to sign in');
  await host.idle();
  const token = tokenOf(linkIn((await mails(host))[0].text));
  const done = await form(host, 'reset', { token, password: 'Lighthouse-Pebble-Orbit-73', confirm: 'Lighthouse-Pebble-Orbit-73', lang: 'en' }, nextClient());
  expect(done.status).toBe(303);
  const withCookie = await (await fetch(done.headers.get('location')!, { headers: { cookie } })).text();
  expect(withCookie).toContain(`/sign-in?request=${reference}&amp;lang=en">Back to sign in</a>`);
  // Without the cookie (a platform that drops Set-Cookie), the done page offers the plain login.
  const without = await (await fetch(done.headers.get('location')!)).text();
  expect(without).not.toContain('Back to sign in');
  expect(without).toContain('/login?lang=en');
  // Once the sign-in is used, the cookie no longer resumes anything.
  const page = await (await fetch(`${host.url}/x/customer-pages/sign-in?request=${reference}`, { headers: nextClient() })).text();
  expect(page).toContain('name="request"');
  const posted = await form(host, 'sign-in', { request: reference, identifier: 'jane.doe@example.com', password: 'Lighthouse-Pebble-Orbit-73', lang: 'en' }, nextClient());
  expect(posted.status).toBe(200);
  expect(await posted.text()).toContain('name="SAMLResponse"');
  expect(await (await fetch(done.headers.get('location')!, { headers: { cookie } })).text()).not.toContain('Back to sign in');
});

it('a forged reference is not carried along', async () => {
  const forgot = await (await fetch(`${host.url}/x/customer-pages/forgot?request=${encodeURIComponent('"><script>x</script>')}&lang=en`)).text();
  expect(forgot).not.toContain('<script>x');
  expect(forgot).not.toContain('name="request"');
  expect(forgot).toContain('Back to log in');
});
