import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, mailMark, saveScreenshot, waitForMail, watchPageErrors } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';

/**
 * The customer profile panel ("Sign-in and security", Forge `jiraServiceManagement:portalProfilePanel`
 * Custom UI) in a real browser, loaded as the local host's module frame for a signed-in customer: the live
 * criteria list, a wrong current password, a successful change (mail, and the new password signs in), in
 * English and German, and axe-core in light and dark. Texts are literal (static/profile/src/i18n.ts).
 */
jest.setTimeout(90_000);

const T = {
  en: {
    locale: 'en-US' as const,
    title: 'Sign-in and security',
    current: 'Current password',
    password: 'New password',
    confirm: 'Confirm new password',
    submit: 'Change password',
    wrong: 'The current password is not correct.',
    success: 'Your password was changed. We sent a confirmation to your email address.',
    signIns: 'Recent sign-ins',
    subject: '[Demo Service Desk] Your password was changed',
    myData: 'Download my data',
    myDataDone: 'Your data was downloaded.',
  },
  de: {
    locale: 'de-DE' as const,
    title: 'Anmeldung und Sicherheit',
    current: 'Aktuelles Passwort',
    password: 'Neues Passwort',
    confirm: 'Neues Passwort bestätigen',
    submit: 'Passwort ändern',
    wrong: 'Das aktuelle Passwort ist nicht korrekt.',
    success: 'Ihr Passwort wurde geändert. Wir haben Ihnen eine Bestätigung per E-Mail geschickt.',
    signIns: 'Letzte Anmeldungen',
    subject: '[Demo Service Desk] Ihr Passwort wurde geändert',
    myData: 'Meine Daten herunterladen',
    myDataDone: 'Ihre Daten wurden heruntergeladen.',
  },
};

const session = useBrowserAndHost();
async function openPanel(lang: 'en' | 'de', theme: 'light' | 'dark', account?: string): Promise<{ page: Page; errors: string[] }> {
  const context = await session.newContext({ locale: T[lang].locale, quietFavicon: true });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const query = new URLSearchParams({ persona: 'customer', lang, theme, ...(account ? { account } : {}) });
  await page.goto(`${session.env.url}/module/profile-panel?${query}`);
  await page.getByRole('heading', { level: 1, name: T[lang].title }).waitFor();
  await page.getByLabel(T[lang].current, { exact: true }).waitFor();
  return { page, errors };
}

async function signIn(identifier: string, password: string): Promise<number> {
  const response = await fetch(`${session.env.pages}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '10.77.0.1' },
    body: new URLSearchParams({ identifier, password }).toString(),
  });
  return response.status;
}

const cases = [
  { lang: 'en' as const, email: 'jane.doe@example.com', username: 'customer2300229', old: 'Harbour-Lantern-Violet-42', next: 'Copper-Kettle-Lighthouse-58', account: undefined as string | undefined },
  { lang: 'de' as const, email: 'erika.mustermann@example.de', username: 'customer2300230', old: 'Sonnenblume-Fahrrad-Kaffee-7', next: 'Wanderweg-Birke-Laterne-64', account: 'erika' },
];

describe.each(cases)('changing the password in the panel ($lang)', (c) => {
  it('shows the account, checks live, refuses a wrong current password, then changes it', async () => {
    const t = T[c.lang];
    const account = c.account ? session.env.host.jira.ensurePortalCustomer({ email: c.email, displayName: c.email }) : undefined;
    const { page, errors } = await openPanel(c.lang, 'light', account);
    try {
      await expect(page.locator('#pp-username').textContent()).resolves.toBe(c.username);
      await expect(page.locator('#pp-email').textContent()).resolves.toBe(c.email);
      await page.getByRole('heading', { name: t.signIns }).waitFor();

      // The live list follows the typing, as the create-password page does.
      await page.getByLabel(t.password, { exact: true }).fill('short');
      await expect(page.locator('li[data-criterion="minLength"]').getAttribute('class')).resolves.toBe('unmet');
      await page.getByLabel(t.password, { exact: true }).fill(c.next);
      await expect(page.locator('li[data-criterion="minLength"]').getAttribute('class')).resolves.toBe('met');
      await expect(page.locator('li[data-criterion="notPersonal"]').getAttribute('class')).resolves.toBe('met');
      await expect(page.locator('li[data-criterion="match"]').getAttribute('class')).resolves.toBe('unmet');
      await page.getByLabel(t.confirm, { exact: true }).fill(c.next);
      await expect(page.locator('li[data-criterion="match"]').getAttribute('class')).resolves.toBe('met');

      await page.getByLabel(t.current, { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: t.submit }).click();
      await page.getByText(t.wrong).waitFor();
      await expect(page.getByLabel(t.current, { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
      // The panel moves focus on the frame after the render that shows the error (focusSoon): wait for that frame.
      await page.waitForFunction((id) => document.activeElement?.id === id, 'pp-current', { timeout: 5000 }).catch(() => undefined);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('pp-current');

      const ignore = await mailMark(session.env.url);
      await page.getByLabel(t.current, { exact: true }).fill(c.old);
      await page.getByRole('button', { name: t.submit }).click();
      await page.getByText(t.success).waitFor();
      await expect(page.getByLabel(t.password, { exact: true }).inputValue()).resolves.toBe('');
      // The failed attempt is in the panel's sign-in list now.
      await page.locator('tr[data-outcome="failed"]').first().waitFor();

      await waitForMail(session.env.url, { to: c.email, subject: t.subject, ignore });

      // "Download my data" (issue 24): a JSON file with the account and its trail, and no secret in it.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: t.myData }).click()]);
      await page.getByText(t.myDataDone).waitFor();
      expect(download.suggestedFilename()).toBe('my-data.json');
      const text = fs.readFileSync(await download.path(), 'utf8');
      const data = JSON.parse(text) as Record<string, unknown> & { entry: { email: string }; activity: { kind: string }[] };
      expect(Object.keys(data)).toEqual(expect.arrayContaining(['format', 'entry', 'factors', 'signIns', 'mails', 'activity']));
      expect(data).toMatchObject({ format: 'portal-access/customer-data/v1', entry: { email: c.email }, factors: { password: 'present' } });
      expect(data.activity.map((e) => e.kind)).toContain('password.changed');
      const entry = (await session.env.host.deps.directory.findByEmail(c.email))!;
      const hash = (await session.env.host.deps.passwords.get(entry.id, entry.passwordRef))!;
      for (const secret of [hash, entry.passwordRef, c.next, c.old]) expect(text).not.toContain(secret);

      expect(await signIn(c.email, c.next)).toBe(200);
      expect(await signIn(c.email, c.old)).toBe(401);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `profile-panel-${c.lang}`);
      throw error;
    } finally {
      await page.context().close();
    }
  });
});

describe('accessibility', () => {
  it.each([
    ['en', 'light'],
    ['en', 'dark'],
    ['de', 'light'],
    ['de', 'dark'],
  ] as const)('axe finds no violations (%s, %s), also with the criteria and a field error shown', async (lang, theme) => {
    const t = T[lang];
    const { page } = await openPanel(lang, theme);
    try {
      await expect(page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).resolves.toBe(theme);
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe(lang);
      await expectNoAxeViolations(page, `profile panel ${lang} ${theme}`);
      await page.getByLabel(t.password, { exact: true }).fill('short');
      await page.getByLabel(t.confirm, { exact: true }).fill('other');
      await page.getByRole('button', { name: t.submit }).click();
      await page.locator('.pp-field-error').first().waitFor();
      await expectNoAxeViolations(page, `profile panel ${lang} ${theme} with errors`);
    } catch (error) {
      await saveScreenshot(page, `profile-panel-axe-${lang}-${theme}`);
      throw error;
    } finally {
      await page.context().close();
    }
  });
});
