import type { Frame, FrameLocator, Page } from 'playwright-core';
import { adminFrame, expectNoAxeViolations, invokeResolver, listMail, mailMark, saveScreenshot, waitForMail, watchPageErrors } from '../support/browser';
import { ADMIN_EMAIL, T, TEST_SUBJECT, adminOf, statusSays, storedHint, type Lang, type Persona, type Theme } from '../support/admin-delivery-page';
import { useBrowserAndHost } from '../support/e2e';
import type { AdminResult, DeliveryData } from '../../src/surfaces/admin-api';

/**
 * The admin page (Forge `jira:adminPage` Custom UI) in a real browser, inside the local host's Jira
 * settings stand-in: the Jira admin configures Postmark, the stored key is never shown again (only its last
 * four characters), the webhook URL is shown, a test email reaches the admin's own mailbox. Plus field
 * validation, refusals for non-admins, a keyboard-only save and axe-core inside the frame. Texts are literal
 * (static/admin/src/i18n.ts): a wrong or missing translation must fail here. Texts and status regions:
 * test/support/admin-delivery-page.ts.
 */
jest.setTimeout(90_000);

const AXE_KEY = 'pm-server-token-axe-3e5q';

const session = useBrowserAndHost();

async function newPage(lang: Lang, bypassCSP = false): Promise<Page> {
  const context = await session.newContext({ locale: T[lang].locale, bypassCSP });
  return context.newPage();
}

const settingsUrl = (persona: Persona, lang: Lang, theme: Theme = 'light') => `${session.env.url}/jira/settings/apps/portal-access?persona=${persona}&lang=${lang}&theme=${theme}`;

/**
 * Opens the settings page and waits until the admin page has loaded (its navigation, or the refusal); for an
 * admin, opens the "Email delivery" section from the navigation and waits for its form.
 */
async function openSettings(page: Page, persona: Persona, lang: Lang, theme: Theme = 'light'): Promise<FrameLocator> {
  const response = await page.goto(settingsUrl(persona, lang, theme));
  expect(response?.status()).toBe(200);
  const admin = adminOf(page);
  await admin.locator('nav.pa-nav, .pa-calm').first().waitFor();
  if ((await admin.locator('nav.pa-nav').count()) > 0) {
    await admin.getByRole('navigation').getByRole('link', { name: T[lang].heading, exact: true }).click();
    await admin.locator('form.pa-form[aria-labelledby="pa-delivery-title"]').waitFor();
  }
  return admin;
}

const getDelivery = async (): Promise<DeliveryData> => {
  const result = await invokeResolver<AdminResult<DeliveryData>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/delivery/get', persona: 'admin' });
  if (!result.ok) throw new Error(`admin/delivery/get: ${result.error}`);
  return result.data;
};

const frameHtml = (frame: Frame) => frame.content();

// ---------------------------------------------------------------------------------------------------------

describe('non-admins are refused', () => {
  test.each([
    { persona: 'agent' as const, lang: 'en' as const },
    { persona: 'agent' as const, lang: 'de' as const },
    { persona: 'customer' as const, lang: 'en' as const },
    { persona: 'customer' as const, lang: 'de' as const },
  ])('$persona ($lang): refusal message, no form', async ({ persona, lang }) => {
    const t = T[lang];
    const page = await newPage(lang);
    try {
      const admin = await openSettings(page, persona, lang);
      await admin.getByText(t.forbidden, { exact: true }).waitFor();
      expect(await admin.getByRole('heading', { name: 'Portal Access', exact: true }).count()).toBe(1);
      expect(await admin.getByRole('navigation').count()).toBe(0);
      expect(await admin.locator('form').count()).toBe(0);
      expect(await admin.locator('input, select, textarea').count()).toBe(0);
      expect(await admin.getByRole('button', { name: t.save, exact: true }).count()).toBe(0);
      expect(await admin.getByRole('button', { name: t.test, exact: true }).count()).toBe(0);
    } catch (error) {
      await saveScreenshot(page, `admin-refused-${persona}-${lang}`);
      throw error;
    }
  });
});

describe('the admin configures Postmark', () => {
  test('en: an invalid sender address shows a field error and saves nothing', async () => {
    const t = T.en;
    const before = await getDelivery();
    const page = await newPage('en');
    try {
      const admin = await openSettings(page, 'admin', 'en');
      await admin.getByLabel(t.provider, { exact: true }).selectOption('postmark');
      await admin.getByLabel(t.senderName, { exact: true }).fill('Demo Support');
      const address = admin.getByLabel(t.senderAddress, { exact: true });
      await address.fill('support(at)demo-company');
      await admin.getByLabel(t.apiKey, { exact: true }).fill('pm-invalid-case-0000');
      await admin.getByRole('button', { name: t.save, exact: true }).click();
      await statusSays(admin, 'pa-save-status', t.fixOne);
      await admin.locator('#pa-sender-address-error').filter({ hasText: t.badAddress }).waitFor();
      expect(await address.getAttribute('aria-invalid')).toBe('true');
      expect(await address.getAttribute('aria-describedby')).toContain('pa-sender-address-error');
      // Focus moves to the field to fix.
      const frame = await adminFrame(page);
      expect(await frame.evaluate(() => document.activeElement?.id)).toBe('pa-sender-address');
      expect(await getDelivery()).toEqual(before);
    } catch (error) {
      await saveScreenshot(page, 'admin-invalid-address');
      throw error;
    }
  });

  const journeys = [
    { lang: 'en' as const, key: 'pm-server-token-en-7f3a9c1e4b2d', secret: 'whsec-en-0123456789', sender: 'support@demo-company.example', name: 'Demo Support' },
    { lang: 'de' as const, key: 'pm-server-token-de-5c8e2a6f9d4k', secret: 'whsec-de-9876543210', sender: 'service@demo-company.example', name: 'Demo Kundendienst' },
  ];

  test.each(journeys)('$lang: save, the key is never shown again, webhook URL, test email', async ({ lang, key, secret, sender, name }) => {
    const t = T[lang];
    const last4 = key.slice(-4);
    const page = await newPage(lang);
    const errors = watchPageErrors(page);
    try {
      let admin = await openSettings(page, 'admin', lang);
      await admin.getByRole('heading', { name: t.heading, exact: true }).waitFor();
      let frame = await adminFrame(page);
      expect(await frame.evaluate(() => document.documentElement.lang)).toBe(lang);

      await admin.getByLabel(t.provider, { exact: true }).selectOption('postmark');
      await admin.getByLabel(t.senderName, { exact: true }).fill(name);
      await admin.getByLabel(t.senderAddress, { exact: true }).fill(sender);
      await admin.getByLabel(t.apiKey, { exact: true }).fill(key);
      await admin.getByLabel(t.webhookSecret).fill(secret);
      await admin.getByRole('button', { name: t.save, exact: true }).click();
      await statusSays(admin, 'pa-save-status', t.saved);
      // Saved: the typed secrets are cleared from the form at once.
      expect(await admin.getByLabel(t.apiKey, { exact: true }).inputValue()).toBe('');
      expect(await admin.getByLabel(t.webhookSecret).inputValue()).toBe('');
      expect(await frameHtml(frame)).not.toContain(key);
      expect(await frameHtml(frame)).not.toContain(secret);

      // After a reload: empty key field, "a key is stored (ends in …)", and the key nowhere in the document.
      admin = await openSettings(page, 'admin', lang);
      frame = await adminFrame(page);
      const keyField = admin.getByLabel(t.apiKey, { exact: true });
      expect(await keyField.inputValue()).toBe('');
      expect(await keyField.getAttribute('placeholder')).toBe(t.keep);
      expect(await keyField.getAttribute('type')).toBe('password');
      await storedHint(admin, t.stored(last4));
      expect(await keyField.getAttribute('aria-describedby')).toContain('pa-api-key-hint');
      expect(await admin.getByLabel(t.provider, { exact: true }).inputValue()).toBe('postmark');
      expect(await admin.getByLabel(t.senderName, { exact: true }).inputValue()).toBe(name);
      expect(await admin.getByLabel(t.senderAddress, { exact: true }).inputValue()).toBe(sender);
      const html = await frameHtml(frame);
      expect(html).not.toContain(key);
      expect(html).not.toContain(key.slice(0, -4));
      expect(html).not.toContain(secret);
      expect(await frame.evaluate(() => document.body.innerText)).not.toContain(key);

      // The webhook URL to enter at Postmark.
      const webhookUrl = await admin.getByLabel(t.webhookUrl, { exact: true }).inputValue();
      expect(webhookUrl.endsWith('/x/mail-events/postmark')).toBe(true);
      expect(webhookUrl).toBe(`${session.env.url}/x/mail-events/postmark`);

      // The test email goes to the admin's own address (through the local host's mailbox).
      const ignore = await mailMark(session.env.url);
      await admin.getByRole('button', { name: t.test, exact: true }).click();
      await statusSays(admin, 'pa-test-status', t.testSent(ADMIN_EMAIL));
      const { mail } = await waitForMail(session.env.url, { to: ADMIN_EMAIL, subject: TEST_SUBJECT, ignore });
      expect(mail.from).toBe(sender);
      expect(mail.text + mail.html).not.toContain(key);
      await session.env.host.idle();
      expect((await listMail(session.env.url)).filter((m) => !ignore.has(m.id)).map((m) => m.to)).toEqual([ADMIN_EMAIL]);

      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-journey-${lang}`);
      throw error;
    }
  });

  test('en: Save is reachable and usable with the keyboard only', async () => {
    const t = T.en;
    const page = await newPage('en');
    try {
      await openSettings(page, 'admin', 'en');
      const frame = await adminFrame(page);
      const focused = () => frame.evaluate(() => (document.hasFocus() ? document.activeElement?.id || document.activeElement?.textContent || '' : ''));
      const tabTo = async (id: string) => {
        let tabs = 0;
        while ((await focused()) !== id) {
          if (++tabs > 40) throw new Error(`Tab never reached #${id} (last focus: ${await focused()})`);
          await page.keyboard.press('Tab');
        }
      };
      // Saved with Enter, then again with Space after another change.
      for (const [key, senderName] of [['Enter', 'Demo Help Desk'], ['Space', 'Demo Support']]) {
        await tabTo('pa-sender-name');
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.type(senderName);
        await tabTo('pa-save');
        await page.keyboard.press(key);
        await statusSays(adminOf(page), 'pa-save-status', t.saved);
        expect((await getDelivery()).senderName).toBe(senderName);
      }
    } catch (error) {
      await saveScreenshot(page, 'admin-keyboard');
      throw error;
    }
  });
});

describe('the admin page has no axe violations (inside its frame)', () => {
  const combos = (['en', 'de'] as const).flatMap((lang) => (['light', 'dark'] as const).map((theme) => ({ lang, theme })));
  const states = ['saved settings', 'field error', 'test email sent', 'refused'] as const;
  const cases = combos.flatMap((c) => states.map((state) => ({ ...c, state })));

  beforeAll(async () => {
    // A configured Postmark account (stored key and secret, webhook URL shown), saved as the page does.
    const result = await invokeResolver<AdminResult<DeliveryData>>(session.env.url, {
      moduleKey: 'admin-page',
      functionKey: 'admin/delivery/save',
      persona: 'admin',
      payload: { provider: 'postmark', senderName: 'Demo Support', senderAddress: 'support@demo-company.example', replyTo: '', mailgunDomain: '', mailgunRegion: 'eu', apiKey: AXE_KEY, webhookSecret: 'whsec-axe-0123456789' },
    });
    expect(result.ok).toBe(true);
  });

  // One page per language and theme; each state opens the settings page afresh in it (a new document).
  const pages = new Map<string, Promise<Page>>();
  const pageFor = (lang: Lang, theme: Theme) => {
    const key = `${lang} ${theme}`;
    if (!pages.has(key)) pages.set(key, newPage(lang, true));
    return pages.get(key)!;
  };

  test.each(cases)('$lang $theme: $state', async ({ lang, theme, state }) => {
    const t = T[lang];
    const page = await pageFor(lang, theme);
    const label = `admin-page ${lang} ${theme} ${state}`;
    try {
      const admin = await openSettings(page, state === 'refused' ? 'agent' : 'admin', lang, theme);
      const frame = await adminFrame(page);
      expect(await frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
      expect(await frame.evaluate(() => document.documentElement.lang)).toBe(lang);
      if (state === 'refused') {
        await admin.getByText(t.forbidden, { exact: true }).waitFor();
      } else {
        await storedHint(admin, t.stored(AXE_KEY.slice(-4)));
        expect(await admin.getByLabel(t.provider, { exact: true }).inputValue()).toBe('postmark');
      }
      if (state === 'field error') {
        await admin.getByLabel(t.senderAddress, { exact: true }).fill('not-an-email');
        await admin.getByRole('button', { name: t.save, exact: true }).click();
        await statusSays(admin, 'pa-save-status', t.fixOne);
        await admin.locator('#pa-sender-address-error').filter({ hasText: t.badAddress }).waitFor();
      }
      if (state === 'test email sent') {
        await admin.getByRole('button', { name: t.test, exact: true }).click();
        await statusSays(admin, 'pa-test-status', t.testSent(ADMIN_EMAIL));
      }
      await expectNoAxeViolations(frame, label);
    } catch (error) {
      await saveScreenshot(page, label);
      throw error;
    }
  });
});
