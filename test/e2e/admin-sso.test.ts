import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { AdminResult, SsoData } from '../../src/surfaces/admin-api';
import { advanceClock, expectNoAxeViolations, invokeResolver, saveScreenshot } from '../support/browser';
import { ATLASSIAN_SP, T, evidence, focusedId, statusSays, type Lang, type Theme } from '../support/admin-sso-page';
import { openAdminPage, useBrowserAndHost } from '../support/e2e';

/**
 * Section "Single sign-on" in a real browser, as a Jira admin, in en and de: the numbered checklist with
 * Atlassian's field names, the values to paste with working Copy buttons (Clipboard API, the selection
 * fallback, and "Press Ctrl+C" when both are refused), the service-provider values saved (a refused one at
 * its field, a foreign host warned about), a test sign-in opening the app's sign-in page in a new tab, the
 * certificate rotation create → switch → retire, the expiry warning, and axe-core in every state, light and
 * dark. The tests share one host and run in order: each leaves the state the next one starts from. Texts and
 * small steps: test/support/admin-sso-page.ts.
 */
jest.setTimeout(120_000);

const session = useBrowserAndHost();

async function sso(): Promise<SsoData> {
  const result = await invokeResolver<AdminResult<SsoData>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/sso/get', payload: {}, persona: 'admin' });
  if (!result.ok) throw new Error(`admin/sso/get: ${result.error}`);
  return result.data;
}

async function saveSp(sp: { spEntityId: string; acsUrl: string; helpCenterUrl?: string }): Promise<void> {
  const result = await invokeResolver<AdminResult<SsoData>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/sso/save', payload: { helpCenterUrl: '', ...sp }, persona: 'admin' });
  if (!result.ok) throw new Error(`admin/sso/save: ${result.error}`);
}

/** The admin page (`…/portal-access?persona=admin#sso`), the section opened from the navigation, loaded. */
async function open(lang: Lang, theme: Theme = 'light'): Promise<{ context: BrowserContext; page: Page; frame: Frame; errors: string[] }> {
  const { context, page, frame, errors } = await openAdminPage(session, { lang, theme, hash: 'sso', quietFavicon: true });
  await frame.locator('nav.pa-nav').waitFor();
  await frame.locator('nav.pa-nav a[href="#sso"]').click();
  await frame.getByRole('heading', { level: 2, name: T[lang].heading, exact: true }).waitFor();
  await frame.locator('ol.pa-sso-steps').waitFor();
  return { context, page, frame, errors };
}

describe.each(['en', 'de'] as const)('%s', (lang) => {
  const t = T[lang];

  test('the section: its heading, the numbered steps, the values to paste with Copy buttons', async () => {
    const { page, frame, errors } = await open(lang);
    await evidence(page, `overview-${lang}`, async () => {
      expect(await frame.locator('nav.pa-nav a[href="#sso"]').innerText()).toBe(t.heading);
      const steps = frame.getByRole('list', { name: lang === 'en' ? 'Steps to set up single sign-on' : 'Schritte zum Einrichten von Single Sign-on' });
      expect(await steps.evaluate((el) => el.tagName)).toBe('OL');
      expect(await steps.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(t.steps);

      const data = await sso();
      const active = data.keys.find((k) => k.state === 'active')!;
      expect(await frame.getByLabel('Identity provider Entity ID', { exact: true }).inputValue()).toBe(data.idp.entityId);
      expect(await frame.getByLabel('Identity provider SSO URL', { exact: true }).inputValue()).toBe(data.idp.ssoUrl);
      const pem = frame.getByLabel('Public x509 certificate', { exact: true });
      expect(await pem.inputValue()).toBe(active.pem);
      expect(await pem.inputValue()).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(await pem.getAttribute('readonly')).not.toBeNull();
      expect(await frame.getByRole('link', { name: t.download, exact: true }).getAttribute('href')).toBe(data.idp.certificateUrl);
      for (const name of [t.copyEntityId, t.copySsoUrl, t.copyCertificate, t.copyMetadata]) {
        expect(await frame.getByRole('button', { name, exact: true }).innerText()).toBe(t.copy);
      }
      await expectNoAxeViolations(frame, `sso overview ${lang}`);
      expect(errors).toEqual([]);
    });
  });

  test('Copy: the Clipboard API, the selection fallback, and "Press Ctrl+C" when both are refused', async () => {
    const { context, page, frame } = await open(lang);
    await evidence(page, `copy-${lang}`, async () => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.env.url });
      const data = await sso();
      await frame.getByRole('button', { name: t.copySsoUrl, exact: true }).click();
      await statusSays(frame, 'pa-sso-sso-url-status', t.copied);
      expect(await frame.evaluate(() => navigator.clipboard.readText())).toBe(data.idp.ssoUrl);

      // The Clipboard API refused (as in a sandboxed frame): the selection is copied instead.
      await frame.evaluate(() => Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } }));
      await frame.getByRole('button', { name: t.copyEntityId, exact: true }).click();
      await statusSays(frame, 'pa-sso-entity-id-status', t.copied);

      // Both refused: the value is selected for the admin to copy.
      await frame.evaluate(() => {
        document.execCommand = () => false;
      });
      await frame.getByRole('button', { name: t.copyMetadata, exact: true }).click();
      await statusSays(frame, 'pa-sso-metadata-url-status', t.manual);
      expect(await focusedId(frame)).toBe('pa-sso-metadata-url');
      expect(await frame.evaluate(() => window.getSelection()?.toString() || (document.activeElement as HTMLInputElement).value.slice((document.activeElement as HTMLInputElement).selectionStart ?? 0, (document.activeElement as HTMLInputElement).selectionEnd ?? 0))).toBe(data.idp.metadataUrl);
      await expectNoAxeViolations(frame, `sso copy ${lang}`);
    });
  });

  test('Test sign-in before the service provider values are saved: "save first"', async () => {
    await saveSp({ spEntityId: '', acsUrl: '' });
    const { page, frame } = await open(lang);
    await evidence(page, `test-unconfigured-${lang}`, async () => {
      await frame.getByRole('button', { name: t.test, exact: true }).click();
      await statusSays(frame, 'pa-sso-test-status', t.notConfigured);
      await expectNoAxeViolations(frame, `sso test not configured ${lang}`);
    });
  });

  test('saving: a refused URL at its field with the focus on it; Atlassian values saved; a foreign host warned about', async () => {
    const { page, frame, errors } = await open(lang);
    await evidence(page, `save-${lang}`, async () => {
      const sp = frame.getByLabel(t.spEntityId, { exact: true });
      const acs = frame.getByLabel(t.acsUrl, { exact: true });
      await sp.fill('http://auth.atlassian.com/saml/not-https');
      await acs.fill(ATLASSIAN_SP.acsUrl);
      await frame.getByRole('button', { name: t.save, exact: true }).click();
      await statusSays(frame, 'pa-sso-save-status', t.fixOne);
      expect(await frame.locator('#pa-sso-spEntityId-error').innerText()).toBe(t.urlError);
      expect(await sp.getAttribute('aria-invalid')).toBe('true');
      expect(await focusedId(frame)).toBe('pa-sso-spEntityId');
      expect((await sso()).sp.spEntityId).toBe('');
      await expectNoAxeViolations(frame, `sso save refused ${lang}`);

      await sp.fill(ATLASSIAN_SP.spEntityId);
      expect(await sp.getAttribute('aria-invalid')).toBeNull();
      await frame.getByRole('button', { name: t.save, exact: true }).click();
      await statusSays(frame, 'pa-sso-save-status', t.saved);
      expect(await frame.locator('#pa-sso-warnings').innerText()).toBe('');
      expect((await sso()).sp).toEqual({ ...ATLASSIAN_SP, helpCenterUrl: '' });

      // Another host is saved, but warned about (a notice, not a block).
      await sp.fill('https://idp-test.example.com/saml/sp');
      await frame.getByRole('button', { name: t.save, exact: true }).click();
      await statusSays(frame, 'pa-sso-save-status', t.saved);
      await statusSays(frame, 'pa-sso-warnings', t.warnSp);
      expect(await frame.locator('#pa-sso-warnings').getAttribute('class')).toContain('pa-notice--warning');
      expect((await sso()).warnings).toEqual(['sp-host-not-atlassian']);
      await expectNoAxeViolations(frame, `sso save warning ${lang}`);

      await sp.fill(ATLASSIAN_SP.spEntityId);
      await frame.getByRole('button', { name: t.save, exact: true }).click();
      await statusSays(frame, 'pa-sso-save-status', t.saved);
      expect((await sso()).warnings).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  test('Test sign-in opens the app’s sign-in page in a new tab, and offers it as a link', async () => {
    await saveSp(ATLASSIAN_SP);
    const { context, page, frame } = await open(lang);
    await evidence(page, `test-${lang}`, async () => {
      await frame.getByLabel(t.identifier, { exact: true }).fill(lang === 'en' ? 'jane.doe@example.com' : 'erika.mustermann@example.de');
      const [popup] = await Promise.all([context.waitForEvent('page'), frame.getByRole('button', { name: t.test, exact: true }).click()]);
      try {
        await popup.getByRole('heading', { level: 1, name: t.signInHeading, exact: true }).waitFor({ timeout: 10_000 });
      } catch (error) {
        await saveScreenshot(popup, `admin-sso-test-popup-${lang}`);
        throw error;
      }
      const link = frame.getByRole('link', { name: t.testLink, exact: true });
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('href')).toMatch(/^https?:\/\//);
      await expectNoAxeViolations(frame, `sso test started ${lang}`);
      await popup.close();
    });
  });

  test('certificate rotation: create next, switch (confirmed, cancel keeps all), retire previous (confirmed)', async () => {
    const { page, frame, errors } = await open(lang);
    await evidence(page, `rotation-${lang}`, async () => {
      const button = (name: string) => frame.getByRole('button', { name, exact: true });
      const before = await sso();
      const first = before.keys.find((k) => k.state === 'active')!;
      expect(before.keys.map((k) => k.state)).toEqual(['active']);
      expect(await button(t.create).count()).toBe(1);
      expect(await button(t.switch).count()).toBe(0);
      expect(await button(t.retire).count()).toBe(0);
      expect(await frame.locator('.pa-sso-keys tbody tr').count()).toBe(1);
      expect(await frame.locator('.pa-sso-keys tbody tr td.pa-sso-fingerprint').innerText()).toBe(first.fingerprint);

      await button(t.create).click();
      await statusSays(frame, 'pa-sso-keys-status', t.created);
      const created = await sso();
      const next = created.keys.find((k) => k.state === 'next')!;
      expect(next).toBeDefined();
      expect(await button(t.create).count()).toBe(0);
      expect(await frame.locator('.pa-sso-keys tbody tr').count()).toBe(2);
      await expectNoAxeViolations(frame, `sso next created ${lang}`);

      // Switch asks first; Cancel changes nothing and hands the focus back.
      await button(t.switch).click();
      expect(await frame.locator('#pa-sso-confirm-text').innerText()).toMatch(t.confirmSwitch);
      expect(await focusedId(frame)).toBe('pa-sso-confirm');
      await expectNoAxeViolations(frame, `sso confirm switch ${lang}`);
      await button(t.cancel).click();
      expect(await focusedId(frame)).toBe('pa-sso-activate-next');
      expect((await sso()).keys.find((k) => k.state === 'active')!.kid).toBe(first.kid);

      await button(t.switch).click();
      await button(t.switchNow).click();
      await statusSays(frame, 'pa-sso-keys-status', t.switched);
      const switched = await sso();
      expect(switched.keys.find((k) => k.state === 'active')!.kid).toBe(next.kid);
      expect(switched.keys.find((k) => k.state === 'previous')!.kid).toBe(first.kid);
      expect(await frame.getByLabel('Public x509 certificate', { exact: true }).inputValue()).toBe(next.pem);
      expect(await button(t.create).count()).toBe(1);
      expect(await button(t.retire).count()).toBe(1);

      await button(t.retire).click();
      await button(t.retireNow).click();
      await statusSays(frame, 'pa-sso-keys-status', t.retired);
      expect((await sso()).keys.map((k) => [k.state, k.kid])).toEqual([['active', next.kid]]);
      expect(await button(t.retire).count()).toBe(0);
      expect(await button(t.create).count()).toBe(1);
      await expectNoAxeViolations(frame, `sso retired ${lang}`);
      expect(errors).toEqual([]);
    });
  });

  test.each(['light', 'dark'] as const)('axe: 0 violations, %s', async (theme) => {
    const { page, frame } = await open(lang, theme);
    await evidence(page, `axe-${lang}-${theme}`, async () => {
      expect(await frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
      await expectNoAxeViolations(frame, `sso ${lang} ${theme}`);
    });
  });
});

test('the expiry warning from 30 days before the active certificate expires, and once it has expired', async () => {
  const { daysLeft } = (await sso()).certificate;
  await advanceClock(session.env.url, (daysLeft - 10) * 86_400);
  expect((await sso()).certificate.expiring).toBe(true);
  for (const lang of ['en', 'de'] as const) {
    const { page, frame } = await open(lang, lang === 'en' ? 'light' : 'dark');
    await evidence(page, `expiring-${lang}`, async () => {
      expect(await frame.locator('#pa-sso-expiry').innerText()).toMatch(T[lang].expiring);
      expect(await frame.locator('#pa-sso-expiry').getAttribute('class')).toContain('pa-notice--warning');
      await expectNoAxeViolations(frame, `sso expiring ${lang}`);
    });
  }
  await advanceClock(session.env.url, 11 * 86_400);
  expect((await sso()).certificate.daysLeft).toBeLessThan(0);
  for (const lang of ['en', 'de'] as const) {
    const { page, frame } = await open(lang);
    await evidence(page, `expired-${lang}`, async () => {
      expect(await frame.locator('#pa-sso-expiry').innerText()).toMatch(T[lang].expired);
      await expectNoAxeViolations(frame, `sso expired ${lang}`);
    });
  }
});
