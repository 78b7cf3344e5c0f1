import type { Page } from 'playwright-core';
import { resendInviteLink, submitAndLoad } from '../support/browser';
import { expectCustomerPage, newAxePage, useBrowserAndHost } from '../support/e2e';

/**
 * axe-core (WCAG 2.0/2.1 A + AA and best practices) on the registration pages an invited customer meets, in
 * English (Tom, en) and German (Ines, de): "Complete your registration" fresh, after a failed submit, and
 * the success page. The invitation link comes from an agent's resend (the panel's resolver).
 * The tests inside one language block run in order and share one page.
 */
jest.setTimeout(60_000);

const session = useBrowserAndHost();

const LANGS = [
  {
    lang: 'en' as const, locale: 'en-US' as const, issue: 'DEMO-1', email: 'tom.invited@example.com', username: 'customer2300231', password: 'Lighthouse-Pebble-Saffron-64',
    heading: 'Complete your registration', intro: 'Set a password for your new account.', done: 'Your registration is complete',
    newLabel: 'New password', confirmLabel: 'Confirm password', usernameLabel: 'Username', save: 'Save password', errorSummary: 'There is a problem', mismatch: 'The passwords do not match.',
  },
  {
    lang: 'de' as const, locale: 'de-DE' as const, issue: 'DEMO-3', email: 'ines.abgelaufen@example.de', username: 'customer2300232', password: 'Leuchtturm-Kiesel-Safran-64',
    heading: 'Registrierung abschließen', intro: 'Legen Sie ein Passwort für Ihr neues Konto fest.', done: 'Ihre Registrierung ist abgeschlossen',
    newLabel: 'Neues Passwort', confirmLabel: 'Passwort bestätigen', usernameLabel: 'Benutzername', save: 'Passwort speichern', errorSummary: 'Es gibt ein Problem', mismatch: 'Die Passwörter stimmen nicht überein.',
  },
];

const expectPage = (page: Page, heading: string, lang: string, label: string) => expectCustomerPage(page, { heading, lang, label });

describe.each(LANGS)('$lang registration pages have no axe violations', (L) => {
  let page: Page;
  let link = '';

  beforeAll(async () => {
    page = await newAxePage(session, L.locale);
    link = await resendInviteLink(session.env.url, L.issue, L.email);
  });

  test('"Complete your registration", fresh', async () => {
    expect(new URL(link).searchParams.get('lang')).toBe(L.lang);
    expect((await page.goto(link))?.status()).toBe(200);
    expect(await page.locator('main').innerText()).toContain(L.intro);
    expect(await page.getByLabel(L.usernameLabel, { exact: true }).inputValue()).toBe(L.username);
    await expectPage(page, L.heading, L.lang, `register-fresh-${L.lang}`);
  });

  test('"Complete your registration", after a failed submit (passwords do not match)', async () => {
    await page.getByLabel(L.newLabel, { exact: true }).fill(L.password);
    await page.getByLabel(L.confirmLabel, { exact: true }).fill(`${L.password}x`);
    const answer = await submitAndLoad(page, () => page.getByRole('button', { name: L.save, exact: true }).click());
    expect(answer.status()).toBe(400);
    const summary = page.locator('#error-summary');
    expect(await summary.locator('h2').textContent()).toBe(L.errorSummary);
    expect(await summary.getByRole('link', { name: L.mismatch, exact: true }).count()).toBe(1);
    expect(await page.getByLabel(L.confirmLabel, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectPage(page, L.heading, L.lang, `register-failed-${L.lang}`);
  });

  test('"Your registration is complete"', async () => {
    await page.getByLabel(L.newLabel, { exact: true }).fill(L.password);
    await page.getByLabel(L.confirmLabel, { exact: true }).fill(L.password);
    await Promise.all([page.waitForURL(/\/reset\/done\?/), page.getByRole('button', { name: L.save, exact: true }).click()]);
    expect(await page.getByRole('status').count()).toBe(1);
    await expectPage(page, L.done, L.lang, `register-done-${L.lang}`);
  });
});
