import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { adminFrame, expectNoAxeViolations, invokeResolver, mailMark, saveScreenshot, submitAndLoad, waitForMail, watchPageErrors, type CapturedMail } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import type { AdminResult, TemplateDetail } from '../../src/surfaces/admin-api';

/**
 * "Email templates" in a real browser inside the Jira settings stand-in. The journey: the admin changes the
 * German reset subject in the editor, previews at phone width and saves; then the German demo customer
 * Erika requests a reset on the customer pages and her email carries the new subject; that email, rendered
 * at 375 px and 600 px, never scrolls sideways. A footer line changed in the Branding section arrives in the
 * same email. The journey is a list of steps so more can be added. Plus axe (en, de, with problems
 * shown) and a keyboard-only edit. Texts are literal: a wrong or missing translation fails here.
 */
jest.setTimeout(120_000);

const T = {
  en: {
    locale: 'en-US' as const,
    nav: 'Email templates',
    kind: 'Email',
    language: 'Language',
    reset: 'Password reset',
    german: 'German',
    save: 'Save template',
    saved: 'Template saved. New emails use it.',
    phone: 'Phone (375 px)',
    problems: '1 problem',
    unknownVariable: 'Unknown variable',
    inserted: '{{ customer.name }} inserted into HTML body.',
  },
  de: {
    locale: 'de-DE' as const,
    nav: 'E-Mail-Vorlagen',
    kind: 'E-Mail',
    language: 'Sprache',
    reset: 'Passwort zurücksetzen',
    german: 'Deutsch',
    save: 'Vorlage speichern',
    saved: 'Vorlage gespeichert. Neue E-Mails verwenden sie.',
    phone: 'Telefon (375 px)',
    problems: '1 Problem',
    unknownVariable: 'Unbekannte Variable',
    inserted: '{{ customer.name }} in HTML-Text eingefügt.',
  },
};
type Lang = keyof typeof T;

const ERIKA = { email: 'erika.mustermann@example.de', username: 'customer2300230' };
const NEW_SUBJECT = 'Neues Passwort für {{ customer.username }} bei {{ portal.name }}';
const NEW_SUBJECT_RENDERED = `Neues Passwort für ${ERIKA.username} bei Demo Service Desk`;
/** A footer line the admin changes in "Branding"; every email's layout carries it. */
const NEW_FOOTER = 'Hafenstraße 7, 20457 Hamburg';
const ARTIFACTS = path.join(__dirname, '../../test-artifacts/e2e');

const session = useBrowserAndHost();

async function newPage(lang: Lang, bypassCSP = false): Promise<Page> {
  const context = await session.newContext({ locale: T[lang].locale, bypassCSP });
  return context.newPage();
}

/** Opens the admin page as the admin and the "Email templates" section; waits for the editor. */
async function openTemplates(page: Page, lang: Lang): Promise<FrameLocator> {
  expect((await page.goto(`${session.env.url}/jira/settings/apps/portal-access?persona=admin&lang=${lang}`))?.status()).toBe(200);
  const admin = page.frameLocator('iframe[title="Portal Access"]');
  await admin.getByRole('navigation').getByRole('link', { name: T[lang].nav, exact: true }).click();
  await admin.locator('#pa-tpl-subject').waitFor();
  return admin;
}

async function pick(admin: FrameLocator, lang: Lang, kindLabel: string, languageLabel: string) {
  await admin.getByLabel(T[lang].kind, { exact: true }).selectOption({ label: kindLabel });
  await admin.getByLabel(T[lang].language, { exact: true }).selectOption({ label: languageLabel });
  await admin.locator('#pa-tpl-subject').waitFor();
}

const detail = async (kind: string, locale: string) => {
  const result = await invokeResolver<AdminResult<TemplateDetail>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/templates/get', persona: 'admin', payload: { kind, locale } });
  if (!result.ok) throw new Error(result.error);
  return result.data;
};

/** Renders a received HTML mail at a width; returns whether it scrolls sideways, and keeps a screenshot. */
async function mailAtWidth(mail: CapturedMail, width: number, name: string): Promise<{ scrollWidth: number; innerWidth: number }> {
  const context = await session.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
  try {
    const page = await context.newPage();
    await page.setContent(mail.html, { waitUntil: 'load' });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}px.png`), fullPage: true });
    return await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
  } finally {
    await context.close();
  }
}

describe('the German reset subject (editor) and a footer line (Branding), changed by the admin, reach Erika', () => {
  /** Shared between steps: what the journey found so far. */
  const journey: { admin?: FrameLocator; page?: Page; mail?: CapturedMail } = {};

  /** The journey's steps, in order; a later change (e.g. Branding's footer) adds its own step here. */
  const steps: [string, () => Promise<void>][] = [
    [
      'the admin changes the German reset subject, previews at phone width and saves',
      async () => {
        const page = await newPage('de');
        const errors = watchPageErrors(page);
        const admin = await openTemplates(page, 'de');
        await pick(admin, 'de', T.de.reset, T.de.german);
        await admin.locator('#pa-tpl-subject').fill(NEW_SUBJECT);
        await admin.getByRole('button', { name: T.de.phone }).click();
        await admin.locator('#pa-tpl-preview-subject').filter({ hasText: 'Neues Passwort für alex@example.com bei Demo Service Desk' }).waitFor();
        expect(await admin.getByRole('button', { name: T.de.phone }).getAttribute('aria-pressed')).toBe('true');
        const frame = admin.locator('#pa-tpl-frame');
        expect(await frame.getAttribute('sandbox')).toBe('');
        expect((await frame.boundingBox())?.width).toBeCloseTo(375, 0);
        await saveScreenshot(page, 'admin-templates-phone-preview-de');
        await admin.getByRole('button', { name: T.de.save }).click();
        await admin.locator('#pa-tpl-save-status').filter({ hasText: T.de.saved }).waitFor();
        expect((await detail('reset', 'de')).template.subject).toBe(NEW_SUBJECT);
        expect(errors.filter((e) => !/Failed to load resource: .* 404/.test(e))).toEqual([]); // the stand-in has no favicon
        Object.assign(journey, { admin, page });
      },
    ],
    [
      'the admin changes a footer line in Branding and saves',
      async () => {
        const admin = journey.admin!;
        await admin.getByRole('navigation').getByRole('link', { name: 'Branding', exact: true }).click();
        const address = admin.getByLabel('Postanschrift (optional)', { exact: true });
        await address.fill(NEW_FOOTER);
        await admin.getByRole('button', { name: 'Speichern', exact: true }).click();
        await admin.locator('#pa-branding-status').filter({ hasText: 'Gespeichert.' }).waitFor();
        await saveScreenshot(journey.page!, 'admin-templates-branding-footer-de');
      },
    ],
    [
      'Erika requests a reset on the customer pages and receives the email with the new subject and footer',
      async () => {
        const ignore = await mailMark(session.env.url);
        const page = await newPage('de');
        await page.goto(`${session.env.pages}/forgot?lang=de`);
        await page.getByLabel('E-Mail-Adresse oder Benutzername').fill(ERIKA.email);
        await submitAndLoad(page, () => page.getByRole('button', { name: 'Link per E-Mail senden' }).click());
        const { mail } = await waitForMail(session.env.url, { to: ERIKA.email, subject: NEW_SUBJECT_RENDERED, ignore });
        expect(mail.html).toContain('Mein Passwort zurücksetzen');
        expect(mail.html).toContain(NEW_FOOTER);
        expect(mail.text).toContain(NEW_FOOTER);
        journey.mail = mail;
      },
    ],
    [
      'the received HTML email does not scroll sideways at 375 px or 600 px',
      async () => {
        for (const width of [375, 600]) {
          const { scrollWidth, innerWidth } = await mailAtWidth(journey.mail!, width, 'admin-templates-erika-reset-mail');
          expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
        }
      },
    ],
  ];

  for (const [name, step] of steps) it(name, step);
});

describe('accessibility and keyboard', () => {
  it.each(['en', 'de'] as const)('axe finds no violations in the editor (%s), with a problem listed', async (lang) => {
    const page = await newPage(lang, true);
    const admin = await openTemplates(page, lang);
    await admin.locator('#pa-tpl-preview-text').waitFor();
    const frame = await adminFrame(page);
    await expectNoAxeViolations(frame, `templates editor (${lang})`);
    const html = admin.locator('#pa-tpl-html');
    await html.fill(`${await html.inputValue()}\n<p>{{ customer.nmae }}</p>`);
    const problems = admin.getByRole('group', { name: T[lang].problems });
    await problems.waitFor();
    expect(await problems.textContent()).toContain(`${T[lang].unknownVariable} (customer.nmae)`);
    await expectNoAxeViolations(frame, `templates editor with a problem (${lang})`);
    // The problem's link puts the cursor on its line and column in the field.
    await problems.getByRole('link').first().click();
    const caret = await admin.locator('#pa-tpl-html').evaluate((el: HTMLTextAreaElement) => ({ focused: document.activeElement === el, at: el.selectionStart, value: el.value }));
    expect(caret.focused).toBe(true);
    expect(caret.value.slice(caret.at).startsWith('customer.nmae')).toBe(true);
    // Saving is refused while the template is invalid, and nothing is stored.
    await admin.getByRole('button', { name: T[lang].save }).click();
    await admin.locator('#pa-tpl-save-status').filter({ hasText: lang === 'de' ? 'nichts gespeichert' : 'nothing was saved' }).waitFor();
    expect((await detail('reset', lang)).template.html).not.toContain('customer.nmae');
  });

  it('a fix typed just before clicking Save is saved (the server decides while the preview catches up)', async () => {
    const page = await newPage('en');
    const admin = await openTemplates(page, 'en');
    await pick(admin, 'en', T.en.reset, 'English');
    const before = (await detail('reset', 'en')).version;
    const subject = admin.locator('#pa-tpl-subject');
    await subject.fill('Changed {{ customer.nmae }}');
    await admin.getByRole('group', { name: T.en.problems }).waitFor();
    await subject.fill('Reset your password for {{ portal.name }}');
    await admin.getByRole('button', { name: T.en.save }).click(); // at once, before the debounced preview answers
    await admin.locator('#pa-tpl-save-status').filter({ hasText: T.en.saved }).waitFor();
    const saved = await detail('reset', 'en');
    expect(saved.version).toBe(before + 1);
    expect(saved.template.subject).toBe('Reset your password for {{ portal.name }}');
  });

  it('an unsaved draft survives switching to another email and back', async () => {
    const page = await newPage('en');
    const admin = await openTemplates(page, 'en');
    await pick(admin, 'en', 'Password changed', 'English');
    await admin.locator('#pa-tpl-preheader').fill('Draft preheader {{ customer.name }}');
    const preheader = async (want: (v: string) => boolean) => {
      let value = '';
      for (let i = 0; i < 100 && !want((value = await admin.locator('#pa-tpl-preheader').inputValue())); i++) await new Promise((r) => setTimeout(r, 30));
      return value;
    };
    await pick(admin, 'en', 'Invitation reminder', 'English');
    expect(await preheader((v) => v.includes('expires in'))).toBe('Set your password for {{ customer.username }}. Your invitation expires in {{ link.days }} days.');
    await pick(admin, 'en', 'Password changed', 'English');
    expect(await preheader((v) => v.startsWith('Draft'))).toBe('Draft preheader {{ customer.name }}');
    expect(await admin.locator('#pa-tpl-status').textContent()).toContain('Unsaved changes.');
    expect((await detail('password-changed', 'en')).isDefault).toBe(true);
  });

  it('keyboard only: insert a variable at the cursor and save', async () => {
    const page = await newPage('en');
    const admin = await openTemplates(page, 'en');
    await pick(admin, 'en', 'Invitation', 'English');
    const before = (await detail('invite', 'en')).version;
    const frame = await adminFrame(page);
    const focusedId = () => frame.evaluate(() => document.activeElement?.id ?? '');
    // At most 80 key presses and 30 s: a focus that never arrives fails here, naming where it went (a CI run once
    // spent this test's whole 120 s without saying which step).
    const tabTo = async (id: string, key = 'Tab') => {
      const seen: string[] = [];
      const until = Date.now() + 30_000;
      for (let i = 0; i < 80 && Date.now() < until && (await focusedId()) !== id; i++) {
        await page.keyboard.press(key);
        seen.push(await focusedId());
      }
      expect({ focused: await focusedId(), after: seen.slice(-12) }).toEqual({ focused: id, after: expect.any(Array) });
    };
    await admin.locator('#pa-tpl-kind').focus(); // start inside the frame, where a keyboard user arrives after the navigation
    await tabTo('pa-tpl-html');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n<p>');
    await tabTo('pa-tpl-var-btn-customer-name');
    await page.keyboard.press('Enter');
    await admin.locator('.pa-tpl-vars [role="status"]').filter({ hasText: T.en.inserted }).waitFor({ state: 'attached' });
    expect(await focusedId()).toBe('pa-tpl-html');
    expect(await admin.locator('#pa-tpl-html').inputValue()).toMatch(/\n<p>\{\{ customer\.name \}\}$/);
    await page.keyboard.type('</p>');
    await tabTo('pa-tpl-save', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await admin.locator('#pa-tpl-save-status').filter({ hasText: T.en.saved }).waitFor();
    const saved = await detail('invite', 'en');
    expect(saved.version).toBe(before + 1);
    expect(saved.template.html).toMatch(/<p>\{\{ customer\.name \}\}<\/p>$/);
  });
});
