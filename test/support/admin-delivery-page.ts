import type { FrameLocator, Page } from 'playwright-core';

/**
 * The admin page's section "Email delivery" as test/e2e/admin-delivery.test.ts sees it: its texts in English
 * and German (literal, static/admin/src/i18n.ts: a wrong or missing translation must fail there), the admin's
 * address and the test mail's subject, and its status regions.
 */
export const ADMIN_EMAIL = 'ada.admin@demo-company.example';

export const T = {
  en: {
    locale: 'en-US' as const,
    heading: 'Email delivery',
    provider: 'Provider',
    senderName: 'Sender name',
    senderAddress: 'Sender address',
    apiKey: 'API key',
    webhookSecret: 'Webhook secret',
    webhookUrl: 'Webhook URL',
    save: 'Save',
    saved: 'Email delivery settings saved.',
    stored: (last4: string) => `A key is stored (ends in ${last4}).`,
    keep: 'Leave empty to keep the stored key',
    test: 'Send test email',
    testSent: (to: string) => `Test email sent to ${to}. Check that inbox (and its spam folder).`,
    badAddress: 'Enter a valid email address.',
    fixOne: 'Check the highlighted field.',
    forbidden: 'Only Jira administrators can see and change these settings.',
  },
  de: {
    locale: 'de-DE' as const,
    heading: 'E-Mail-Versand',
    provider: 'Anbieter',
    senderName: 'Absendername',
    senderAddress: 'Absenderadresse',
    apiKey: 'API-Schlüssel',
    webhookSecret: 'Webhook-Geheimnis',
    webhookUrl: 'Webhook-URL',
    save: 'Speichern',
    saved: 'Einstellungen zum E-Mail-Versand gespeichert.',
    stored: (last4: string) => `Ein Schlüssel ist gespeichert (endet auf ${last4}).`,
    keep: 'Leer lassen, um den gespeicherten Schlüssel zu behalten',
    test: 'Test-E-Mail senden',
    testSent: (to: string) => `Test-E-Mail an ${to} gesendet. Prüfen Sie dieses Postfach (und den Spam-Ordner).`,
    badAddress: 'Geben Sie eine gültige E-Mail-Adresse ein.',
    fixOne: 'Bitte das markierte Feld prüfen.',
    forbidden: 'Nur Jira-Administratoren können diese Einstellungen sehen und ändern.',
  },
};
export type Lang = keyof typeof T;
export type Persona = 'admin' | 'agent' | 'other-agent' | 'customer' | 'anonymous';
export type Theme = 'light' | 'dark';

export const TEST_SUBJECT = /^Portal Access: test email \(/;

export const adminOf = (page: Page): FrameLocator => page.frameLocator('iframe[title="Portal Access"]');

/** The text of a status region (role=status) once it says `text`. */
export async function statusSays(admin: FrameLocator, id: string, text: string): Promise<void> {
  const region = admin.locator(`#${id}`);
  await region.filter({ hasText: text }).waitFor({ timeout: 5000 });
  expect(((await region.textContent()) ?? '').trim()).toBe(text);
}

/**
 * The API key's hint says a key is stored (the hint also holds a decorative, aria-hidden mask "••••••••1234"
 * in front of the sentence).
 */
export async function storedHint(admin: FrameLocator, text: string): Promise<void> {
  const hint = admin.locator('#pa-api-key-hint');
  await hint.filter({ hasText: text }).waitFor({ timeout: 5000 });
  expect(((await hint.innerText()) ?? '').trim().endsWith(text)).toBe(true);
}
