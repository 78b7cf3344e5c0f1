import type { Page } from 'playwright-core';
import { advanceClock, expectNoAxeViolations, mailMark, resetLinkFromText, submitAndLoad, waitForMail } from '../support/browser';
import { expectCustomerPage, newAxePage, useBrowserAndHost } from '../support/e2e';

/**
 * axe-core (WCAG 2.0/2.1 A + AA and best practices) on every customer page, in English and German, in the
 * states a customer meets them; plus a keyboard-only run through the forgot form.
 * The tests inside one language block run in order and share one page: each step leads to the next state.
 */
jest.setTimeout(60_000);

const session = useBrowserAndHost();

const LANGS = [
  {
    lang: 'en' as const, locale: 'en-US' as const, email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42', newPassword: 'Lighthouse-Pebble-Saffron-64',
    identifierLabel: 'Email address or username', passwordLabel: 'Password', logIn: 'Log in', submit: 'E-mail me', newLabel: 'New password', confirmLabel: 'Confirm password', save: 'Save password',
    h1: { login: 'Log in to Demo Service Desk', forgot: 'Forgot your password?', sent: 'Check your email', create: 'Create new password', done: 'Your password has been changed', signedIn: 'You are logged in', invalid: 'This link is no longer valid', expired: 'This link has expired', notFound: 'Page not found' },
    required: 'Enter your email address or username.',
  },
  {
    lang: 'de' as const, locale: 'de-DE' as const, email: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7', newPassword: 'Leuchtturm-Kiesel-Safran-64',
    identifierLabel: 'E-Mail-Adresse oder Benutzername', passwordLabel: 'Passwort', logIn: 'Anmelden', submit: 'Link per E-Mail senden', newLabel: 'Neues Passwort', confirmLabel: 'Passwort bestätigen', save: 'Passwort speichern',
    h1: { login: 'Bei Demo Service Desk anmelden', forgot: 'Passwort vergessen?', sent: 'Prüfen Sie Ihr Postfach', create: 'Neues Passwort erstellen', done: 'Ihr Passwort wurde geändert', signedIn: 'Sie sind angemeldet', invalid: 'Dieser Link ist nicht mehr gültig', expired: 'Dieser Link ist abgelaufen', notFound: 'Seite nicht gefunden' },
    required: 'Geben Sie Ihre E-Mail-Adresse oder Ihren Benutzernamen ein.',
  },
];

const expectPage = (page: Page, heading: string, lang: string, status: number | undefined, label: string, response?: { status(): number } | null) =>
  expectCustomerPage(page, { heading, lang, label, status, response });

async function submit(page: Page, name: string) {
  return submitAndLoad(page, () => page.getByRole('button', { name, exact: true }).click());
}

describe.each(LANGS)('$lang customer pages have no axe violations', (L) => {
  let page: Page;
  let link = '';

  beforeAll(async () => {
    page = await newAxePage(session, L.locale);
  });

  test('login', async () => {
    const response = await page.goto(`${session.env.pages}/login?lang=${L.lang}`);
    await expectPage(page, L.h1.login, L.lang, 200, `${L.lang}-login`, response);
  });

  test('login failed', async () => {
    await page.getByLabel(L.identifierLabel, { exact: true }).fill(L.email);
    await page.getByLabel(L.passwordLabel, { exact: true }).fill('not-the-password');
    const response = await submit(page, L.logIn);
    await expectPage(page, L.h1.login, L.lang, 401, `${L.lang}-login-failed`, response);
    expect(await page.getByRole('alert').count()).toBe(1);
  });

  test('forgot', async () => {
    const response = await page.goto(`${session.env.pages}/forgot?lang=${L.lang}`);
    await expectPage(page, L.h1.forgot, L.lang, 200, `${L.lang}-forgot`, response);
  });

  test('forgot with a validation error (empty submit)', async () => {
    const response = await submit(page, L.submit);
    await expectPage(page, L.h1.forgot, L.lang, 400, `${L.lang}-forgot-error`, response);
    expect(await page.getByRole('alert').getByRole('link', { name: L.required, exact: true }).getAttribute('href')).toBe('#identifier');
    expect(await page.getByLabel(L.identifierLabel, { exact: true }).getAttribute('aria-invalid')).toBe('true');
  });

  test('confirmation', async () => {
    const ignore = await mailMark(session.env.url);
    await page.getByLabel(L.identifierLabel, { exact: true }).fill(L.email);
    await Promise.all([page.waitForURL(/\/forgot\/sent\?/), page.getByRole('button', { name: L.submit, exact: true }).click()]);
    await expectPage(page, L.h1.sent, L.lang, undefined, `${L.lang}-sent`);
    link = resetLinkFromText((await waitForMail(session.env.url, { to: L.email, subject: /Reset your password|Ihr Passwort zurücksetzen/, ignore })).mail.text);
  });

  test('create password (fresh, then typing)', async () => {
    const response = await page.goto(link);
    await expectPage(page, L.h1.create, L.lang, 200, `${L.lang}-create`, response);
    await page.getByLabel(L.newLabel, { exact: true }).fill('passwordpassword');
    await page.getByLabel(L.confirmLabel, { exact: true }).fill('password');
    expect(await page.locator('#criteria li.unmet').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, `${L.lang}-create-typing`);
  });

  test('create password after a failed submit', async () => {
    const response = await submit(page, L.save);
    await expectPage(page, L.h1.create, L.lang, 400, `${L.lang}-create-failed`, response);
    expect(await page.locator('#error-summary li').count()).toBe(2);
  });

  test('success', async () => {
    await page.getByLabel(L.newLabel, { exact: true }).fill(L.newPassword);
    await page.getByLabel(L.confirmLabel, { exact: true }).fill(L.newPassword);
    await Promise.all([page.waitForURL(/\/reset\/done\?/), page.getByRole('button', { name: L.save, exact: true }).click()]);
    await expectPage(page, L.h1.done, L.lang, undefined, `${L.lang}-done`);
  });

  test('signed in', async () => {
    await Promise.all([page.waitForURL(/\/login\?/), page.getByRole('link', { name: L.logIn, exact: true }).click()]);
    await page.getByLabel(L.identifierLabel, { exact: true }).fill(L.email);
    await page.getByLabel(L.passwordLabel, { exact: true }).fill(L.newPassword);
    const response = await submit(page, L.logIn);
    await expectPage(page, L.h1.signedIn, L.lang, 200, `${L.lang}-signed-in`, response);
  });

  test('link invalid (used)', async () => {
    const response = await page.goto(link);
    await expectPage(page, L.h1.invalid, L.lang, 404, `${L.lang}-link-invalid`, response);
  });

  test('link expired', async () => {
    await page.goto(`${session.env.pages}/forgot?lang=${L.lang}`);
    const ignore = await mailMark(session.env.url);
    await page.getByLabel(L.identifierLabel, { exact: true }).fill(L.email);
    await Promise.all([page.waitForURL(/\/forgot\/sent\?/), page.getByRole('button', { name: L.submit, exact: true }).click()]);
    const fresh = resetLinkFromText((await waitForMail(session.env.url, { to: L.email, subject: /Reset your password|Ihr Passwort zurücksetzen/, ignore })).mail.text);
    await advanceClock(session.env.url, 3700);
    const response = await page.goto(fresh);
    await expectPage(page, L.h1.expired, L.lang, 410, `${L.lang}-link-expired`, response);
  });

  test('404 page', async () => {
    const response = await page.goto(`${session.env.pages}/no-such-page?lang=${L.lang}`);
    await expectPage(page, L.h1.notFound, L.lang, 404, `${L.lang}-not-found`, response);
  });
});

describe('axe helper', () => {
  test('reports violations with id, impact and target (self-check, so a silent no-op cannot pass)', async () => {
    const context = await session.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input id="q"></main></body></html>');
    const error = await expectNoAxeViolations(page, 'broken fixture').then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/image-alt \((critical|serious)\)/);
    expect(error?.message).toMatch(/html-has-lang/);
    expect(error?.message).toContain('at ["img"]');
  });
});

describe('keyboard only', () => {
  test('the forgot form can be completed with Tab, typing and Enter', async () => {
    const context = await session.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${session.env.pages}/forgot?lang=en`);
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

    // Tab from the top of the page to the field; it must be reachable in a few steps.
    let tabs = 0;
    while ((await focusedId()) !== 'identifier' && tabs < 10) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    expect(await focusedId()).toBe('identifier');
    expect(tabs).toBeLessThanOrEqual(3);

    // Enter on an empty field: the server answers with the error, the field keeps its label and error.
    expect((await submitAndLoad(page, () => page.keyboard.press('Enter'))).status()).toBe(400);
    expect(await page.locator('#identifier-error').textContent()).toBe('Enter your email address or username.');

    await page.getByLabel('Email address or username', { exact: true }).focus();
    await page.keyboard.type('jane.doe@example.com');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent)).toBe('E-mail me');
    const ignore = await mailMark(session.env.url);
    await Promise.all([page.waitForURL(/\/forgot\/sent\?/), page.keyboard.press('Enter')]);
    expect(await page.locator('main h1').textContent()).toBe('Check your email');
    await waitForMail(session.env.url, { to: 'jane.doe@example.com', subject: '[Demo Service Desk] Reset your password', ignore });
  });
});

describe('the test browser', () => {
  // test/support/chromium-args.ts: no address-bar popups preloaded per window (a renderer each, a quarter of the e2e CPU).
  it('preloads no browser UI for the windows it opens', async () => {
    const page = await session.newPage();
    await page.goto(`${session.env.pages}/login`);
    const cdp = await session.browser.newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    await cdp.detach();
    expect(targetInfos.filter((t) => t.type === 'page').length).toBeGreaterThan(0);
    expect(targetInfos.filter((t) => t.url.startsWith('chrome://')).map((t) => t.url)).toEqual([]);
  });
});
