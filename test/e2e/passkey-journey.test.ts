import { deflateRawSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, mailMark, saveScreenshot, waitForMail, watchPageErrors } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import { spIdentity } from '../../local/saml-sp';

/**
 * Passkeys in Chromium (issue 22) with its virtual authenticator (CDP `WebAuthn`: ctap2, internal, resident keys,
 * user verification): a password sign-in offers "Sign in faster next time", the passkey is added, and the next
 * sign-ins are by passkey autofill (conditional mediation: the virtual authenticator answers the page's pending
 * request) and by the "Sign in with a passkey" button, under the pages' real CSP, on the help center's sign-in
 * page and on the app's own log-in page. Then German at 375 px with axe.
 * The host runs on `localhost` (browsers refuse an IP address as RP ID). Each test ends in the profile panel
 * ("Sign-in and security"): the passkey listed with name, added and last used, renamed, removed after the
 * confirmation, gone, and the "passkey removed" mail sent (en for Jane, de for Erika).
 */
jest.setTimeout(90_000);

const session = useBrowserAndHost({ host: { host: 'localhost' } });
const JANE = { email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };
const ERIKA = { email: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7' };

/** The panel's passkey texts (static/profile/src/i18n.ts) and the removal mail's subject (src/mail/default-templates.ts). */
const PANEL = {
  en: { title: 'Sign-in and security', section: 'Passkeys', name: 'Name', created: 'Added', lastUsed: 'Last used', never: 'Never', rename: 'Rename', newName: 'New name', save: 'Save', renamed: 'Passkey renamed.', remove: 'Remove', removed: 'Passkey removed.', none: 'No passkeys yet.', subject: '[Demo Service Desk] A passkey was removed from your account' },
  de: { title: 'Anmeldung und Sicherheit', section: 'Passkeys', name: 'Name', created: 'Hinzugefügt', lastUsed: 'Zuletzt verwendet', never: 'Nie', rename: 'Umbenennen', newName: 'Neuer Name', save: 'Speichern', renamed: 'Passkey umbenannt.', remove: 'Entfernen', removed: 'Passkey entfernt.', none: 'Noch keine Passkeys.', subject: '[Demo Service Desk] Aus Ihrem Konto wurde ein Passkey entfernt' },
};

/**
 * In the profile panel (the local host's module frame for the customer, as test/e2e/profile-panel.test.ts opens
 * it): the one passkey is listed with its name, when it was added and last used (`used`: a date, else "never");
 * it is renamed, then removed after the confirmation, and the list is empty and the mail is sent.
 */
async function renameAndRemoveInPanel(page: Page, lang: 'en' | 'de', email: string, used: boolean): Promise<void> {
  const t = PANEL[lang];
  const account = lang === 'de' ? session.env.host.jira.ensurePortalCustomer({ email, displayName: email }) : undefined;
  const query = new URLSearchParams({ persona: 'customer', lang, ...(account ? { account } : {}) });
  await page.goto(`${session.env.url}/module/profile-panel?${query}`);
  await page.getByRole('heading', { level: 1, name: t.title }).waitFor();
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: t.lastUsed }) });
  await table.waitFor();
  expect(await table.getByRole('columnheader').allTextContents()).toEqual([t.name, t.created, t.lastUsed, `${t.rename} / ${t.remove}`]);
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  expect(await rows.count()).toBe(1);
  const [name, added, lastUsed] = await rows.first().getByRole('cell').allTextContents();
  expect(name.trim()).not.toBe('');
  expect(added).toMatch(/\d/);
  if (used) expect(lastUsed).toMatch(/\d/);
  else expect(lastUsed).toBe(t.never);

  await rows.first().getByRole('button', { name: t.rename }).click();
  await page.getByLabel(t.newName).fill('Work laptop');
  await page.getByRole('button', { name: t.save }).click();
  await page.getByText(t.renamed).waitFor();
  await table.getByRole('cell', { name: 'Work laptop', exact: true }).waitFor();

  const ignore = await mailMark(session.env.url);
  await rows.first().getByRole('button', { name: t.remove }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByText('Work laptop').waitFor();
  await confirm.getByRole('button', { name: t.remove }).click();
  await page.getByText(t.removed).waitFor();
  await page.getByText(t.none).waitFor();
  expect(await table.count()).toBe(0);
  await waitForMail(session.env.url, { to: email, subject: t.subject, ignore });
}

/** A virtual platform authenticator on the page; the answer switches its automatic user presence (a tap). */
async function withAuthenticator(context: BrowserContext, page: Page): Promise<(enabled: boolean) => Promise<unknown>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return (enabled) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
}

/**
 * Counts the page's conditional (autofill) passkey requests (`window.pkAutofill`; an init script, so outside the
 * pages' CSP), so that a test can wait until the autofill request is pending before it lets the authenticator
 * answer again: turned on earlier (the script asks for options first, slower under load), the autofill would
 * answer in place of the button.
 */
async function countAutofillRequests(page: Page): Promise<() => Promise<unknown>> {
  await page.addInitScript(() => {
    const w = window as unknown as { pkAutofill: number };
    w.pkAutofill = 0;
    const get = navigator.credentials.get.bind(navigator.credentials);
    navigator.credentials.get = (options) => {
      if (options?.mediation === 'conditional') w.pkAutofill += 1;
      return get(options);
    };
  });
  return () => page.waitForFunction(() => (window as unknown as { pkAutofill: number }).pkAutofill > 0);
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

/**
 * The hand-back the page posts to the help center's ACS: its SAML response (the request was started here, not at the
 * help center, so its SP stops there). Returns once the help center's answer has loaded: a navigation started while
 * the POST is still on its way is interrupted by it (page.goto failed so once).
 */
async function handBack(page: Page, act: () => Promise<unknown>): Promise<string> {
  const [request] = await Promise.all([page.waitForRequest((r) => r.url().includes('/help-center/login/callback') && r.method() === 'POST'), act()]);
  // Asked once the POST is on its way: the page is still on the sign-in page then, not on an earlier /help-center.
  await page.waitForURL((u) => u.pathname.startsWith('/help-center'), { waitUntil: 'domcontentloaded' });
  const form = new URLSearchParams(request.postData() ?? '');
  return Buffer.from(form.get('SAMLResponse') ?? '', 'base64').toString('utf8');
}

test('adds a passkey after a password sign-in, signs in with it by autofill and by the button, then renames and removes it in the profile panel', async () => {
  const context = await session.newContext({ locale: 'en-US', quietFavicon: true });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const presence = await withAuthenticator(context, page);
  const autofillPending = await countAutofillRequests(page);
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

    // Passkey autofill (conditional mediation): the virtual authenticator answers the page's pending request at
    // once, so the sign-in page signs in by itself, without a password and without the offer: multi-factor.
    expect(await handBack(page, () => startSignIn(page, 'en'))).toContain('https://refeds.org/profile/mfa');

    // The button: with no automatic tap the autofill request waits; the button replaces it and is answered.
    await presence(false);
    await startSignIn(page, 'en');
    const button = page.getByRole('button', { name: 'Sign in with a passkey' });
    await button.waitFor();
    expect(await page.locator('#identifier').getAttribute('autocomplete')).toBe('username webauthn');
    await autofillPending();
    await presence(true);
    expect(await handBack(page, () => button.click())).toContain('https://refeds.org/profile/mfa');

    // The app's own log-in page offers it too: by autofill (answered at once), then by the button.
    await page.goto(`${session.env.pages}/login?lang=en`);
    await page.getByRole('heading', { name: 'You are logged in' }).waitFor();
    await presence(false);
    await page.goto(`${session.env.pages}/login?lang=en`);
    expect(await page.locator('#identifier').getAttribute('autocomplete')).toBe('username webauthn');
    await autofillPending();
    await presence(true);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'You are logged in' }).waitFor();

    await renameAndRemoveInPanel(page, 'en', JANE.email, true);
    // Nothing blocked under the pages' CSP. The help center's SP answers 401 to each response for a request it did
    // not send itself (this file starts at the IdP): those are its, not the pages'.
    expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  } catch (error) {
    await saveScreenshot(page, 'passkey-journey');
    throw error;
  }
});

test('without JavaScript the passkey controls say that they need it (en, de), on the log-in and the sign-in page; the password form stays', async () => {
  const context = await session.newContext({ javaScriptEnabled: false, quietFavicon: true });
  const page = await context.newPage();
  const TEXT = {
    en: { note: 'Passkeys need JavaScript. Turn it on to sign in with a passkey, or sign in with your password.', button: 'Sign in with a passkey', password: 'Password' },
    de: { note: 'Passkeys brauchen JavaScript. Schalten Sie es ein, um sich mit einem Passkey anzumelden, oder melden Sie sich mit Ihrem Passwort an.', button: 'Mit einem Passkey anmelden', password: 'Passwort' },
  };
  for (const lang of ['en', 'de'] as const) {
    const t = TEXT[lang];
    for (const open of [() => page.goto(`${session.env.pages}/login?lang=${lang}`), () => startSignIn(page, lang)]) {
      await open();
      expect(await page.getByText(t.note, { exact: true }).isVisible()).toBe(true);
      // The button is only shown by the script: without it, nobody is offered a control that cannot work.
      expect(await page.getByRole('button', { name: t.button }).count()).toBe(0);
      expect(await page.getByLabel(t.password, { exact: true }).isVisible()).toBe(true);
    }
  }
});

test('German at 375 px: the passkey controls fit and axe finds nothing on the log-in, sign-in and offer pages; the passkey added is removed in the panel', async () => {
  // bypassCSP only so that axe can be injected (the journey above keeps the real policy).
  const context = await session.newContext({ locale: 'de-DE', bypassCSP: true, viewport: { width: 375, height: 800 }, quietFavicon: true });
  const page = await context.newPage();
  await withAuthenticator(context, page);
  // The app's own log-in page first (Erika has no passkey yet, so its autofill request just waits).
  await page.goto(`${session.env.pages}/login?lang=de`);
  await page.getByRole('button', { name: 'Mit einem Passkey anmelden' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(page, 'passkey log-in de 375');
  await startSignIn(page, 'de');
  const button = page.getByRole('button', { name: 'Mit einem Passkey anmelden' });
  await button.waitFor();
  expect((await button.boundingBox())!.width).toBeLessThanOrEqual(375);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(page, 'passkey sign-in de 375');
  await page.getByLabel('E-Mail-Adresse oder Benutzername').fill('customer2300230');
  await page.getByLabel('Passwort', { exact: true }).fill(ERIKA.password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.getByRole('heading', { name: 'Nächstes Mal schneller anmelden' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(page, 'passkey offer de 375');
  await handBack(page, async () => {
    await page.getByRole('button', { name: 'Passkey hinzufügen' }).click();
    await page.getByText('Passkey hinzugefügt.').waitFor();
  });
  try {
    await renameAndRemoveInPanel(page, 'de', ERIKA.email, false);
  } catch (error) {
    await saveScreenshot(page, 'passkey-journey-panel-de');
    throw error;
  }
});
