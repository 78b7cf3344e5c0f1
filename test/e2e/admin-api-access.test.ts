import type { BrowserContext, Frame, Page } from 'playwright-core';
import { adminFrame, expectNoAxeViolations, saveScreenshot } from '../support/browser';
import { openAdminPage, useBrowserAndHost } from '../support/e2e';

/**
 * Section "API access" (issue 12) in a real browser, as a Jira admin, in en and de: create a key, see it
 * once with a working Copy button (the copied key works on the provisioning API), never again after
 * "Done" or a reload, and revoke it after a confirmation (the key fails at once). axe-core in every state.
 */
jest.setTimeout(120_000);

const T = {
  en: {
    locale: 'en-US' as const,
    nav: 'API access',
    name: 'Name',
    readWrite: 'Read and write',
    create: 'Create key',
    once: 'Copy the key now: it is shown only this once. Only a fingerprint of it is stored.',
    newKey: (n: string) => `New API key: ${n}`,
    copyKey: (n: string) => `Copy New API key: ${n}`,
    copy: 'Copy',
    copied: 'Copied.',
    done: 'Done',
    never: 'Never',
    revoke: (n: string) => `Revoke ${n}`,
    revokeYes: 'Revoke key',
    revoked: (n: string) => `Key "${n}" revoked.`,
    nameRequired: 'Enter a name (up to 60 characters, no angle brackets).',
  },
  de: {
    locale: 'de-DE' as const,
    nav: 'API-Zugriff',
    name: 'Name',
    readWrite: 'Lesen und schreiben',
    create: 'Schlüssel erstellen',
    once: 'Kopieren Sie den Schlüssel jetzt: Er wird nur dieses eine Mal angezeigt. Gespeichert wird nur ein Fingerabdruck davon.',
    newKey: (n: string) => `Neuer API-Schlüssel: ${n}`,
    copyKey: (n: string) => `Neuer API-Schlüssel: ${n} kopieren`,
    copy: 'Kopieren',
    copied: 'Kopiert.',
    done: 'Fertig',
    never: 'Nie',
    revoke: (n: string) => `${n} widerrufen`,
    revokeYes: 'Schlüssel widerrufen',
    revoked: (n: string) => `Schlüssel „${n}“ widerrufen.`,
    nameRequired: 'Geben Sie einen Namen ein (bis zu 60 Zeichen, keine spitzen Klammern).',
  },
};
type Lang = keyof typeof T;

const session = useBrowserAndHost();

async function open(lang: Lang): Promise<{ context: BrowserContext; page: Page; frame: Frame; errors: string[] }> {
  const { context, page, frame, errors } = await openAdminPage(session, { lang, quietFavicon: true });
  await frame.getByRole('link', { name: T[lang].nav, exact: true }).click();
  await frame.getByRole('heading', { level: 2, name: T[lang].nav, exact: true }).waitFor();
  await frame.getByLabel(T[lang].name, { exact: true }).waitFor();
  return { context, page, frame, errors };
}

const apiStatus = async (key: string) => (await fetch(`${session.env.url}/x/provisioning/customers?email=someone%40example.org`, { headers: { authorization: `Bearer ${key}` } })).status;

describe.each(['en', 'de'] as const)('%s', (lang) => {
  const t = T[lang];
  const keyName = `Webshop ${lang}`;

  test('create a key: shown once with Copy, then never again; revoke it after confirming', async () => {
    const { context, page, frame, errors } = await open(lang);
    try {
      await expectNoAxeViolations(frame, `api access form ${lang}`);
      // Without a name: the error at the field, focus on it.
      await frame.getByRole('button', { name: t.create, exact: true }).click();
      await frame.getByText(t.nameRequired, { exact: true }).waitFor();
      expect(await frame.evaluate(() => document.activeElement?.id)).toBe('pa-api-name');

      await frame.getByLabel(t.name, { exact: true }).fill(keyName);
      await frame.getByRole('radio', { name: t.readWrite, exact: true }).check();
      await frame.getByRole('button', { name: t.create, exact: true }).click();
      const shown = frame.getByLabel(t.newKey(keyName), { exact: true });
      await shown.waitFor();
      await frame.getByText(t.once, { exact: true }).waitFor();
      const key = await shown.inputValue();
      expect(key).toMatch(/^pa_live_[A-Za-z0-9_-]{32}$/);
      expect(await shown.getAttribute('readonly')).not.toBeNull();
      await expectNoAxeViolations(frame, `api access key shown ${lang}`);

      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.env.url });
      const copy = frame.getByRole('button', { name: t.copyKey(keyName), exact: true });
      expect(await copy.innerText()).toBe(t.copy);
      await copy.click();
      await frame.getByText(t.copied, { exact: true }).waitFor();
      const copied = await frame.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(key);
      expect(await apiStatus(copied)).toBe(200);

      await frame.getByRole('button', { name: t.done, exact: true }).click();
      await shown.waitFor({ state: 'detached' });
      const row = frame.getByRole('row').filter({ has: frame.getByRole('rowheader', { name: keyName, exact: true }) });
      await row.waitFor();
      expect(await row.innerText()).toContain(`${key.slice(0, 12)}…`);
      expect(await frame.locator('body').innerHTML()).not.toContain(key);

      // A reload shows the list (with the use just made), never the key.
      await page.reload();
      const again = await adminFrame(page);
      await again.getByRole('link', { name: t.nav, exact: true }).click();
      const reloadedRow = again.getByRole('row').filter({ has: again.getByRole('rowheader', { name: keyName, exact: true }) });
      await reloadedRow.waitFor();
      expect(await reloadedRow.innerText()).not.toContain(t.never);
      expect(await again.locator('body').innerHTML()).not.toContain(key);

      // On a phone the table scrolls inside its own region, never the page.
      await page.setViewportSize({ width: 375, height: 812 });
      expect(await again.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await expectNoAxeViolations(again, `api access list 375 px ${lang}`);
      await page.setViewportSize({ width: 1280, height: 800 });

      await again.getByRole('button', { name: t.revoke(keyName), exact: true }).click();
      const yes = again.getByRole('button', { name: t.revokeYes, exact: true });
      await yes.waitFor();
      await expectNoAxeViolations(again, `api access revoke confirm ${lang}`);
      expect(await apiStatus(key)).toBe(200); // not before it is confirmed
      await yes.click();
      await again.getByText(t.revoked(keyName), { exact: true }).waitFor();
      await reloadedRow.waitFor({ state: 'detached' });
      expect(await apiStatus(key)).toBe(401);
      await expectNoAxeViolations(again, `api access revoked ${lang}`);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-api-access-${lang}`);
      throw error;
    }
  });
});
