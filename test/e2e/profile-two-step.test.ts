import fs from 'node:fs';
import { totpCode } from '../../src/domain/factors/totp';
import { expectNoAxeViolations, saveScreenshot } from '../support/browser';
import { expectNoHorizontalScroll, profilePanelPage, useBrowserAndHost } from '../support/e2e';

/**
 * Two-step verification in the customer profile panel ("Sign-in and security", issue 11 item 5) in a real
 * browser: add the authenticator app (the test computes the code from the key shown on the page, at the
 * host's clock), the recovery codes shown once (Download, "I have saved these codes" before going back),
 * then remove it with the password and a fresh code; English (light, desktop) and German (dark, 375 px
 * without horizontal scrolling); axe-core finds no violations in each view. Texts are literal
 * (static/profile/src/i18n.ts).
 */
jest.setTimeout(120_000);

const T = {
  en: {
    locale: 'en-US' as const,
    title: 'Sign-in and security',
    section: 'Two-step verification',
    off: 'Off',
    optional: 'Two-step verification is optional for your account.',
    add: 'Add authenticator app',
    code: 'Verification code',
    confirm: 'Turn on',
    wrongCode: 'That code is not right. Attempts left: 4.',
    codesTitle: 'Your recovery codes',
    download: 'Download',
    saved: 'I have saved these codes',
    savedRequired: 'Confirm that you have saved the codes.',
    done: 'Done',
    on: /^On since /,
    left: '10 of 10 left',
    remove: 'Remove authenticator app',
    password: 'Current password',
    removeSubmit: 'Remove',
    replayed: 'That code is not right, or it was already used. Try the next code.',
    removed: 'The authenticator app was removed. Two-step verification is off for your account.',
  },
  de: {
    locale: 'de-DE' as const,
    title: 'Anmeldung und Sicherheit',
    section: 'Zwei-Schritt-Verifizierung',
    off: 'Aus',
    optional: 'Die Zwei-Schritt-Verifizierung ist für Ihr Konto freiwillig.',
    add: 'Authenticator-App hinzufügen',
    code: 'Bestätigungscode',
    confirm: 'Einschalten',
    wrongCode: 'Der Code ist nicht richtig. Verbleibende Versuche: 4.',
    codesTitle: 'Ihre Wiederherstellungscodes',
    download: 'Herunterladen',
    saved: 'Ich habe diese Codes gespeichert',
    savedRequired: 'Bestätigen Sie, dass Sie die Codes gespeichert haben.',
    done: 'Fertig',
    on: /^Aktiv seit /,
    left: '10 von 10 übrig',
    remove: 'Authenticator-App entfernen',
    password: 'Aktuelles Passwort',
    removeSubmit: 'Entfernen',
    replayed: 'Der Code ist nicht richtig oder wurde schon verwendet. Versuchen Sie den nächsten Code.',
    removed: 'Die Authenticator-App wurde entfernt. Die Zwei-Schritt-Verifizierung ist für Ihr Konto aus.',
  },
};

const session = useBrowserAndHost();
const cases = [
  { lang: 'en' as const, theme: 'light' as const, width: 1024, email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42', account: false },
  { lang: 'de' as const, theme: 'dark' as const, width: 375, email: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7', account: true },
];

const hostCode = (key: string) => totpCode(key, Math.floor(session.env.host.clock.nowMs() / 1000));

describe.each(cases)('two-step verification in the panel ($lang, $theme, $width px)', (c) => {
  it('adds the authenticator app from the key shown, shows the recovery codes once, then removes it', async () => {
    const t = T[c.lang];
    const { page, errors, url } = await profilePanelPage(session, { lang: c.lang, width: c.width, theme: c.theme, accountFor: c.account ? c.email : undefined });
    try {
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: t.title }).waitFor();
      await page.getByRole('heading', { level: 2, name: t.section }).waitFor();
      await expect(page.locator('#pp-2s-app').textContent()).resolves.toBe(t.off);
      await expect(page.locator('#pp-2s-policy').textContent()).resolves.toBe(t.optional);
      await expect(page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).resolves.toBe(c.theme);
      await expectNoAxeViolations(page, `two-step overview ${c.lang} ${c.theme}`);

      // Add: the QR code (SVG drawn by React) and the key in groups of four; the code computed from that key.
      await page.getByRole('button', { name: t.add }).click();
      const qr = page.locator('svg.pp-qr[role="img"]');
      await qr.waitFor();
      await expect(qr.locator('path').getAttribute('d')).resolves.toMatch(/^M\d+ \d+h1v1h-1z/);
      const shown = (await page.locator('#pp-2s-key').textContent())!;
      expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
      const key = shown.replace(/ /g, '');
      const codeField = page.getByLabel(t.code, { exact: true });
      await expect(codeField.getAttribute('autocomplete')).resolves.toBe('one-time-code');
      await expect(codeField.getAttribute('inputmode')).resolves.toBe('numeric');
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, `two-step enrolment ${c.lang} ${c.theme}`);
      const right = await hostCode(key);
      await codeField.fill(right === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: t.confirm }).click();
      await page.getByText(t.wrongCode).waitFor();
      // The panel moves focus on the frame after the render that shows the error (focusSoon): wait for that frame.
      await page.waitForFunction((id) => document.activeElement?.id === id, 'pp-2s-code', { timeout: 5000 }).catch(() => undefined);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('pp-2s-code');
      await expectNoAxeViolations(page, `two-step enrolment with an error ${c.lang} ${c.theme}`);
      const confirmingCode = await hostCode(key);
      await codeField.fill(confirmingCode);
      await page.getByRole('button', { name: t.confirm }).click();

      // The codes, once: Download gives them as a file; the panel goes back only once they are saved.
      await page.getByRole('heading', { name: t.codesTitle }).waitFor();
      const codes = await page.locator('.pp-code-list code').allTextContents();
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, `two-step recovery codes ${c.lang} ${c.theme}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: t.download, exact: true }).click()]);
      const file = fs.readFileSync(await download.path(), 'utf8');
      for (const code of codes) expect(file).toContain(code);
      await page.getByRole('button', { name: t.done }).click();
      await page.getByText(t.savedRequired).waitFor();
      await page.getByLabel(t.saved).check();
      await page.getByRole('button', { name: t.done }).click();
      await expect(page.locator('#pp-2s-app').textContent()).resolves.toMatch(t.on);
      await expect(page.locator('#pp-2s-recovery').textContent()).resolves.toBe(t.left);
      await expect(page.locator('.pp-code-list').count()).resolves.toBe(0);
      await expect(page.content()).resolves.not.toContain(codes[0]);

      // Remove: the password and a code; the code that turned it on is spent (also when the clock has crossed
      // into the next 30-second step since).
      await page.getByRole('button', { name: t.remove }).click();
      const section = page.getByRole('region', { name: t.section });
      await section.getByLabel(t.password, { exact: true }).fill(c.password);
      await section.getByLabel(t.code, { exact: true }).fill(confirmingCode);
      await page.getByRole('button', { name: t.removeSubmit, exact: true }).click();
      await page.getByText(t.replayed).waitFor();
      await expectNoAxeViolations(page, `two-step removal with an error ${c.lang} ${c.theme}`);
      session.env.host.clock.advance(30);
      await section.getByLabel(t.code, { exact: true }).fill(await hostCode(key));
      await page.getByRole('button', { name: t.removeSubmit, exact: true }).click();
      await page.getByText(t.removed).waitFor();
      await expect(page.locator('#pp-2s-app').textContent()).resolves.toBe(t.off);
      await page.getByRole('button', { name: t.add }).waitFor();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, `two-step removed ${c.lang} ${c.theme}`);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `profile-two-step-${c.lang}`);
      throw error;
    } finally {
      await page.context().close();
    }
  });
});

describe('accessibility in the other theme', () => {
  it.each([
    ['en', 'dark'],
    ['de', 'light'],
  ] as const)('axe finds no violations in the overview and the enrolment (%s, %s)', async (lang, theme) => {
    const t = T[lang];
    const context = await session.newContext({ locale: t.locale, quietFavicon: true });
    const page = await context.newPage();
    try {
      await page.goto(`${session.env.url}/module/profile-panel?${new URLSearchParams({ persona: 'customer', lang, theme })}`);
      await page.getByRole('heading', { level: 2, name: t.section }).waitFor();
      await expectNoAxeViolations(page, `two-step overview ${lang} ${theme}`);
      await page.getByRole('button', { name: t.add }).click();
      await page.locator('svg.pp-qr').waitFor();
      await expectNoAxeViolations(page, `two-step enrolment ${lang} ${theme}`);
      await page.getByRole('button', { name: lang === 'en' ? 'Cancel' : 'Abbrechen' }).click();
      await page.getByRole('button', { name: t.add }).waitFor();
    } catch (error) {
      await saveScreenshot(page, `profile-two-step-axe-${lang}-${theme}`);
      throw error;
    } finally {
      await context.close();
    }
  });
});
