import { deflateRawSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, saveScreenshot, watchPageErrors } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import { spIdentity } from '../../local/saml-sp';

/**
 * Passkeys in Chromium (issue 22) with its virtual authenticator (CDP `WebAuthn`: ctap2, internal, resident keys,
 * user verification): a password sign-in offers "Sign in faster next time", the passkey is added, and the next
 * sign-ins are by passkey autofill (conditional mediation: the virtual authenticator answers the page's pending
 * request) and by the "Sign in with a passkey" button, under the pages' real CSP. Then German at 375 px with axe.
 * The host runs on `localhost` (browsers refuse an IP address as RP ID). Removing is the profile panel's
 * (test/integration/passkeys.test.ts).
 */
jest.setTimeout(90_000);

const session = useBrowserAndHost({ host: { host: 'localhost' } });
const JANE = { email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };

/** A virtual platform authenticator on the page; the answer switches its automatic user presence (a tap). */
async function withAuthenticator(context: BrowserContext, page: Page): Promise<(enabled: boolean) => Promise<unknown>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return (enabled) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
}

/** The sign-in page of a new pending help-center sign-in (the request the help center would redirect with). */
async function startSignIn(page: Page, lang: 'en' | 'de'): Promise<void> {
  const sp = spIdentity(session.env.url);
  const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_pk${Date.now()}" Version="2.0" IssueInstant="${new Date().toISOString()}"><saml:Issuer>${sp.entityId}</saml:Issuer></samlp:AuthnRequest>`;
  const params = new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64'), RelayState: `/help-center?lang=${lang}` });
  await page.goto(`${session.env.pages}/saml/sso?${params}`);
  await page.waitForURL((u) => u.pathname.endsWith('/sign-in'));
  if (!page.url().includes(`lang=${lang}`)) await page.goto(page.url().replace(/lang=\w+/, `lang=${lang}`));
}

/** The hand-back the page posts to the help center's ACS: its SAML response (the request was started here, not at the help center, so its SP stops there). */
async function handBack(page: Page, act: () => Promise<unknown>): Promise<string> {
  const [request] = await Promise.all([page.waitForRequest((r) => r.url().includes('/help-center/login/callback') && r.method() === 'POST'), act()]);
  const form = new URLSearchParams(request.postData() ?? '');
  return Buffer.from(form.get('SAMLResponse') ?? '', 'base64').toString('utf8');
}

test('adds a passkey after a password sign-in, then signs in with it by autofill and by the button', async () => {
  const context = await session.newContext({ locale: 'en-US', quietFavicon: true });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const presence = await withAuthenticator(context, page);
  try {
    await startSignIn(page, 'en');
    await page.getByLabel('Email address or username').fill(JANE.email);
    await page.getByLabel('Password', { exact: true }).fill(JANE.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in faster next time' }).waitFor();
    // Added; then the page goes on to the help center by itself.
    const first = await handBack(page, async () => {
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByText('Passkey added.').waitFor();
    });
    expect(first).toContain('PasswordProtectedTransport');
    await page.waitForURL((u) => u.pathname.startsWith('/help-center/'), { waitUntil: 'commit' });
    await page.waitForLoadState('domcontentloaded');

    // Passkey autofill (conditional mediation): the virtual authenticator answers the page's pending request at
    // once, so the sign-in page signs in by itself, without a password and without the offer: multi-factor.
    expect(await handBack(page, () => startSignIn(page, 'en'))).toContain('https://refeds.org/profile/mfa');
    await page.waitForURL((u) => u.pathname.startsWith('/help-center/'), { waitUntil: 'commit' });
    await page.waitForLoadState('domcontentloaded');

    // The button: with no automatic tap the autofill request waits; the button replaces it and is answered.
    await presence(false);
    await startSignIn(page, 'en');
    const button = page.getByRole('button', { name: 'Sign in with a passkey' });
    await button.waitFor();
    expect(await page.locator('#identifier').getAttribute('autocomplete')).toBe('username webauthn');
    await presence(true);
    expect(await handBack(page, () => button.click())).toContain('https://refeds.org/profile/mfa');
    // Nothing blocked under the pages' CSP. The help center's SP answers 401 to each response for a request it did
    // not send itself (this file starts at the IdP): those are its, not the pages'.
    expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  } catch (error) {
    await saveScreenshot(page, 'passkey-journey');
    throw error;
  }
});

test('German at 375 px: the passkey controls fit and axe finds nothing on the sign-in and offer pages', async () => {
  // bypassCSP only so that axe can be injected (the journey above keeps the real policy).
  const context = await session.newContext({ locale: 'de-DE', bypassCSP: true, viewport: { width: 375, height: 800 }, quietFavicon: true });
  const page = await context.newPage();
  await withAuthenticator(context, page);
  await startSignIn(page, 'de');
  const button = page.getByRole('button', { name: 'Mit einem Passkey anmelden' });
  await button.waitFor();
  expect((await button.boundingBox())!.width).toBeLessThanOrEqual(375);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(page, 'passkey sign-in de 375');
  await page.getByLabel('E-Mail-Adresse oder Benutzername').fill('customer2300230');
  await page.getByLabel('Passwort', { exact: true }).fill('Sonnenblume-Fahrrad-Kaffee-7');
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.getByRole('heading', { name: 'Nächstes Mal schneller anmelden' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(page, 'passkey offer de 375');
});
