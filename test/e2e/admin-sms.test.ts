import type { FrameLocator, Page } from 'playwright-core';
import { adminFrame, expectNoAxeViolations, invokeResolver, saveScreenshot, watchPageErrors } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import type { AdminResult, SmsData } from '../../src/surfaces/admin-api';

/**
 * The "SMS" part of the admin page's "Email delivery" section (issue 11) in a real browser: choose a
 * provider, enter the key (write-only, shown masked afterwards), save, send a test SMS to a typed number that
 * lands in the local SMS catcher; a bad number is named at its field; axe-core inside the frame, en and de.
 * Texts are literal (static/admin/src/sections/SmsDelivery.i18n.ts).
 */
jest.setTimeout(90_000);

const T = {
  en: {
    locale: 'en-US' as const,
    section: 'Email delivery',
    provider: 'SMS provider',
    seven: 'seven.io (Germany, EU)',
    twilio: 'Twilio',
    apiKey: 'SMS API key',
    authToken: 'Twilio auth token',
    accountSid: 'Twilio Account SID',
    sender: 'SMS sender',
    save: 'Save SMS settings',
    saved: 'SMS settings saved.',
    stored: (last4: string) => `A key is stored (ending in ${last4}). Leave the field empty to keep it.`,
    number: 'Mobile number',
    test: 'Send test SMS',
    queued: 'Test SMS queued for +49 ••• •••• 67. It should arrive within a minute.',
    badNumber: 'Enter a valid mobile number, e.g. +49 171 1234567 or 0171 1234567.',
    sidError: 'Enter the Account SID: AC followed by 32 hexadecimal characters.',
    fixOne: 'Please correct the highlighted field.',
  },
  de: {
    locale: 'de-DE' as const,
    section: 'E-Mail-Versand',
    provider: 'SMS-Anbieter',
    seven: 'seven.io (Deutschland, EU)',
    twilio: 'Twilio',
    apiKey: 'SMS-API-Schlüssel',
    authToken: 'Twilio Auth Token',
    accountSid: 'Twilio Account SID',
    sender: 'SMS-Absender',
    save: 'SMS-Einstellungen speichern',
    saved: 'SMS-Einstellungen gespeichert.',
    stored: (last4: string) => `Ein Schlüssel ist gespeichert (endet auf ${last4}). Lassen Sie das Feld leer, um ihn zu behalten.`,
    number: 'Mobilnummer',
    test: 'Test-SMS senden',
    queued: 'Test-SMS an +49 ••• •••• 67 ist unterwegs. Sie sollte innerhalb einer Minute ankommen.',
    badNumber: 'Geben Sie eine gültige Mobilnummer ein, z. B. +49 171 1234567 oder 0171 1234567.',
    sidError: 'Geben Sie die Account SID ein: AC, gefolgt von 32 Hexadezimalzeichen.',
    fixOne: 'Bitte korrigieren Sie das markierte Feld.',
  },
};
type Lang = keyof typeof T;

const session = useBrowserAndHost();

beforeEach(async () => {
  await session.env.host.idle();
  await fetch(`${session.env.url}/sms/api/messages`, { method: 'DELETE' });
});

async function newPage(lang: Lang): Promise<Page> {
  const context = await session.newContext({ locale: T[lang].locale, bypassCSP: true });
  return context.newPage();
}

async function openSms(page: Page, lang: Lang): Promise<FrameLocator> {
  const response = await page.goto(`${session.env.url}/jira/settings/apps/portal-access?persona=admin&lang=${lang}`);
  expect(response?.status()).toBe(200);
  const admin = page.frameLocator('iframe[title="Portal Access"]');
  await admin.locator('nav.pa-nav').waitFor();
  await admin.getByRole('navigation').getByRole('link', { name: T[lang].section, exact: true }).click();
  await admin.locator('#pa-sms-provider').waitFor();
  return admin;
}

async function statusSays(admin: FrameLocator, id: string, text: string): Promise<void> {
  const region = admin.locator(`#${id}`);
  await region.filter({ hasText: text }).waitFor({ timeout: 5000 });
  expect(((await region.textContent()) ?? '').trim()).toBe(text);
}

const getSms = async (): Promise<SmsData> => {
  const result = await invokeResolver<AdminResult<SmsData>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/sms/get', persona: 'admin' });
  if (!result.ok) throw new Error(`admin/sms/get: ${result.error}`);
  return result.data;
};

const smsList = async () => (await (await fetch(`${session.env.url}/sms/api/messages`)).json()) as { to: string; text: string }[];

describe.each(['en', 'de'] as const)('%s', (lang) => {
  const t = T[lang];

  test('choose a provider, save, send a test SMS into the SMS catcher; axe 0 violations', async () => {
    const page = await newPage(lang);
    const errors = watchPageErrors(page);
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) missing.push(r.url());
    });
    const label = `admin-sms ${lang}`;
    try {
      const admin = await openSms(page, lang);
      const frame = await adminFrame(page);

      // Twilio needs its Account SID: a wrong one is named at its field.
      await admin.getByLabel(t.provider, { exact: true }).selectOption('twilio');
      await admin.getByLabel(t.accountSid, { exact: true }).fill('AC123');
      await admin.getByLabel(t.authToken, { exact: true }).fill(`twilio-token-${lang}-9876`);
      await admin.getByLabel(t.sender, { exact: true }).fill('DemoDesk');
      await admin.getByRole('button', { name: t.save, exact: true }).click();
      await statusSays(admin, 'pa-sms-save-status', t.fixOne);
      await admin.locator('#pa-sms-sid-error').filter({ hasText: t.sidError }).waitFor();
      await expectNoAxeViolations(frame, `${label} field error`);

      // seven.io with a key: saved; the key is never shown again, only its last four characters.
      const key = `seven-key-${lang}-4321`;
      await admin.getByLabel(t.provider, { exact: true }).selectOption('seven');
      await admin.getByLabel(t.apiKey, { exact: true }).fill(key);
      await admin.getByRole('button', { name: t.save, exact: true }).click();
      await statusSays(admin, 'pa-sms-save-status', t.saved);
      await admin.locator('#pa-sms-key-hint').filter({ hasText: t.stored('4321') }).waitFor();
      expect(await admin.getByLabel(t.apiKey, { exact: true }).inputValue()).toBe('');
      expect(await frame.content()).not.toContain(key);
      await expect(getSms()).resolves.toMatchObject({ provider: 'seven', sender: 'DemoDesk', apiKey: { set: true, last4: '4321' } });

      // A bad number is named at its field; nothing is sent.
      await admin.getByLabel(t.number, { exact: true }).fill('030 12345678');
      await admin.getByRole('button', { name: t.test, exact: true }).click();
      await admin.locator('#pa-sms-to-error').filter({ hasText: t.badNumber }).waitFor();
      expect(await admin.getByLabel(t.number, { exact: true }).getAttribute('aria-invalid')).toBe('true');

      // A good one: queued, and it lands in the SMS catcher.
      await admin.getByLabel(t.number, { exact: true }).fill('0171 1234567');
      await admin.getByRole('button', { name: t.test, exact: true }).click();
      await statusSays(admin, 'pa-sms-test-status', t.queued);
      await session.env.host.idle();
      const list = await smsList();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ to: '+491711234567', text: expect.stringContaining('test SMS') });
      await expectNoAxeViolations(frame, `${label} test sent`);
      // Chromium's own favicon request (not a page resource) logs a console 404 without a response event: the
      // page's resources are checked through `missing`.
      expect({ errors: errors.filter((e) => !e.startsWith('Failed to load resource')), missing }).toEqual({ errors: [], missing: [] });
    } catch (error) {
      await saveScreenshot(page, label);
      throw error;
    }
  });
});

test('the SMS catcher page lists the SMS for a person, newest first; axe 0 violations', async () => {
  await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/sms/test', persona: 'admin', payload: { to: '+491711234501' } });
  await session.env.host.idle();
  await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/sms/test', persona: 'admin', payload: { to: '+491711234502' } });
  await session.env.host.idle();
  const page = await newPage('en');
  await page.goto(`${session.env.url}/sms`);
  const items = page.locator('ol.sms > li');
  await expect(items.count()).resolves.toBe(2);
  expect(await items.first().textContent()).toContain('+491711234502');
  await expectNoAxeViolations(page, 'sms catcher');
});
