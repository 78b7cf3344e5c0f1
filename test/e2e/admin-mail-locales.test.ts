import type { FrameLocator, Page } from 'playwright-core';
import { adminFrame, expectNoAxeViolations, invokeResolver, watchPageErrors } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import type { AdminResult, MailLocaleEntry } from '../../src/surfaces/admin-api';

/**
 * "Email languages" in the "Email templates" section, in a real browser: the admin adds French by keyboard
 * alone, it appears in the language select with the English template as its start, and is removed again
 * after a confirmation. Field errors for a shipped code; axe-core (en and de) with the list, the confirm
 * step and an error shown. Texts are literal: a wrong or missing translation fails here.
 */
jest.setTimeout(120_000);

const T = {
  en: {
    locale: 'en-US' as const,
    nav: 'Email templates',
    language: 'Language',
    code: 'Language code',
    name: 'Name',
    add: 'Add language',
    added: 'Français added. Choose it under "Language" above to translate its templates.',
    shipped: 'English and German are always available.',
    remove: 'Remove Français',
    yes: 'Yes, remove',
    removed: 'Français removed. Customers with this language now get English emails.',
  },
  de: {
    locale: 'de-DE' as const,
    nav: 'E-Mail-Vorlagen',
    language: 'Sprache',
    code: 'Sprachcode',
    name: 'Name',
    add: 'Sprache hinzufügen',
    added: 'Français hinzugefügt. Wählen Sie sie oben unter „Sprache“, um ihre Vorlagen zu übersetzen.',
    shipped: 'Englisch und Deutsch stehen immer zur Verfügung.',
    remove: 'Français entfernen',
    yes: 'Ja, entfernen',
    removed: 'Français entfernt. Kundinnen und Kunden mit dieser Sprache erhalten jetzt englische E-Mails.',
  },
};
type Lang = keyof typeof T;

const session = useBrowserAndHost();

async function openTemplates(lang: Lang): Promise<{ page: Page; admin: FrameLocator }> {
  const context = await session.newContext({ locale: T[lang].locale });
  const page = await context.newPage();
  expect((await page.goto(`${session.env.url}/jira/settings/apps/portal-access?persona=admin&lang=${lang}`))?.status()).toBe(200);
  const admin = page.frameLocator('iframe[title="Portal Access"]');
  await admin.getByRole('navigation').getByRole('link', { name: T[lang].nav, exact: true }).click();
  await admin.locator('#pa-tpl-subject').waitFor();
  return { page, admin };
}

const stored = async () => {
  const result = await invokeResolver<AdminResult<{ locales: MailLocaleEntry[] }>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/templates/locales', persona: 'admin' });
  if (!result.ok) throw new Error(result.error);
  return result.data.locales;
};

const status = async (admin: FrameLocator, text: string) => {
  const region = admin.locator('#pa-mail-locale-status');
  await region.filter({ hasText: text }).waitFor({ timeout: 5000 });
  expect(((await region.textContent()) ?? '').trim()).toBe(text);
};

describe.each(['en', 'de'] as Lang[])('email languages (%s)', (lang) => {
  it('adds French by keyboard, edits it from the English template, removes it after confirming; axe-clean', async () => {
    const x = T[lang];
    const { page, admin } = await openTemplates(lang);
    const errors = watchPageErrors(page);
    const frame = await adminFrame(page);

    // A shipped code is refused in the form, with the error tied to the field.
    const code = admin.getByLabel(x.code, { exact: true });
    await code.focus();
    await page.keyboard.type('de');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Deutsch');
    await page.keyboard.press('Enter');
    await admin.locator('#pa-mail-locale-code-error').filter({ hasText: x.shipped }).waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator('#pa-mail-locale-code').evaluate((el) => document.activeElement === el)).toBe(true);
    await expectNoAxeViolations(frame, `email languages with a field error (${lang})`);

    // Keyboard only: fix the code, fill the name, submit with Enter.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('fr');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Français');
    await page.keyboard.press('Enter');
    await status(admin, x.added);
    expect(await stored()).toEqual([{ code: 'fr', name: 'Français' }]);

    // It is a language of the editor now, starting from the English template.
    const select = admin.getByLabel(x.language, { exact: true });
    await select.selectOption({ label: 'Français' });
    const subject = admin.locator('#pa-tpl-subject');
    for (let i = 0; i < 50 && !(await subject.inputValue()).includes('Reset your password'); i++) await page.waitForTimeout(100);
    expect(await subject.inputValue()).toBe('[{{ portal.name }}] Reset your password');
    await expectNoAxeViolations(frame, `email languages with French added (${lang})`);

    // Remove: a confirmation first (focused), then the language is gone and the editor is back on English.
    await admin.getByRole('button', { name: x.remove, exact: true }).click();
    const yes = admin.getByRole('button', { name: x.yes, exact: true });
    expect(await yes.evaluate((el) => document.activeElement === el)).toBe(true);
    await expectNoAxeViolations(frame, `email languages, confirming the removal (${lang})`);
    await page.keyboard.press('Enter');
    await status(admin, x.removed);
    expect(await stored()).toEqual([]);
    expect(await select.inputValue()).toBe('en');
    expect(await select.locator('option').count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
