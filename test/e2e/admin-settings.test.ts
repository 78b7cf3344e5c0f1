import type { Frame, Page } from 'playwright-core';
import type { AdminResult, SettingsData } from '../../src/surfaces/admin-api';
import { expectNoAxeViolations, invokeResolver, saveScreenshot } from '../support/browser';
import { openAdminPage, useBrowserAndHost } from '../support/e2e';

/**
 * Sections "Branding", "Security" and "Customer pages" in a real browser, as a Jira admin, in en and de:
 * each edited and saved with the keyboard alone (Tab to the field, type, Tab to Save, Enter), a refused
 * value shown at its field with the focus on it, the contrast warning beside a light colour, and axe-core
 * inside the frame in each state (0 violations). Texts are literal: a missing translation fails here.
 */
jest.setTimeout(120_000);

const T = {
  en: {
    locale: 'en-US' as const,
    nav: { branding: 'Branding', security: 'Security', 'customer-pages': 'Customer pages' },
    saved: 'Saved. Customers see the change within a few seconds.',
    fixOne: 'Please correct the field marked below.',
    required: 'This field is required.',
    warning: 'This colour does not meet WCAG AA with white text or as link text. The app adjusts as described, but consider a darker colour.',
    black: 'Buttons will use black text: 6.63:1.',
    range: 'Enter a whole number from 8 to 64.',
    domain: 'Line 2 is not a valid domain, e.g. example.com.',
    invitees: 'Remove customers invited but never registered after (days; 0 = never)',
    signInNeeded: 'Allow at least one sign-in method.',
  },
  de: {
    locale: 'de-DE' as const,
    nav: { branding: 'Branding', security: 'Sicherheit', 'customer-pages': 'Kundenseiten' },
    saved: 'Gespeichert. Kundinnen und Kunden sehen die Änderung innerhalb weniger Sekunden.',
    fixOne: 'Bitte korrigieren Sie das markierte Feld.',
    required: 'Dieses Feld ist erforderlich.',
    warning: 'Diese Farbe erfüllt WCAG AA weder mit weißer Schrift noch als Linkfarbe. Die App gleicht das wie beschrieben aus, aber erwägen Sie eine dunklere Farbe.',
    black: 'Schaltflächen erhalten schwarze Schrift: 6,63:1.',
    range: 'Geben Sie eine ganze Zahl von 8 bis 64 ein.',
    domain: 'Zeile 2 ist keine gültige Domain, z. B. example.com.',
    invitees: 'Eingeladene, nie registrierte Kunden entfernen nach (Tagen; 0 = nie)',
    signInNeeded: 'Erlauben Sie mindestens eine Anmeldemethode.',
  },
};
type Lang = keyof typeof T;
type Section = keyof (typeof T)['en']['nav'];

const session = useBrowserAndHost();

async function settings(): Promise<SettingsData> {
  const result = await invokeResolver<AdminResult<SettingsData>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/settings/get', persona: 'admin' });
  if (!result.ok) throw new Error(`admin/settings/get: ${result.error}`);
  return result.data;
}

const focusedId = (frame: Frame) => frame.evaluate(() => (document.hasFocus() ? document.activeElement?.id || document.activeElement?.getAttribute('href') || '' : ''));

/** Presses Tab until the element with this id (or the link with this href) has focus. */
async function tabTo(page: Page, frame: Frame, target: string, max = 120): Promise<void> {
  for (let tabs = 0; (await focusedId(frame)) !== target; tabs++) {
    if (tabs > max) throw new Error(`Tab never reached ${target} (at ${await focusedId(frame)})`);
    await page.keyboard.press('Tab');
  }
}

/** Replaces the focused field's text by typing. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** Opens the admin page and, by keyboard, the section; waits for its form. */
async function open(section: Section, lang: Lang): Promise<{ page: Page; frame: Frame; errors: string[] }> {
  const { page, frame, errors } = await openAdminPage(session, { lang, theme: 'light', quietFavicon: true });
  await frame.locator('nav.pa-nav').waitFor();
  await tabTo(page, frame, `#${section}`);
  await page.keyboard.press('Enter');
  await frame.locator('form.pa-form').waitFor();
  expect(await frame.locator('h2.pa-heading').innerText()).toBe(T[lang].nav[section]);
  return { page, frame, errors };
}

async function statusSays(frame: Frame, id: string, text: string): Promise<void> {
  await frame.locator(`#${id}`).filter({ hasText: text }).waitFor({ timeout: 5000 });
  expect((await frame.locator(`#${id}`).innerText()).trim()).toBe(text);
}

async function saveByKeyboard(page: Page, frame: Frame, section: string): Promise<void> {
  await tabTo(page, frame, `pa-${section}-save`);
  await page.keyboard.press('Enter');
}

test('Branding: the logo upload checks type and size in the session.browser, then uploads and previews', async () => {
  const { page, frame, errors } = await open('branding', 'en');
  const file = frame.locator('#pa-set-logo-file');
  const svg = { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') };
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
  try {
    // Named .png but SVG inside: refused by its bytes before anything is sent.
    await file.setInputFiles(svg);
    await frame.locator('#pa-set-logo-file-error').filter({ hasText: 'Use a PNG, JPEG, GIF or WebP image (SVG is not allowed).' }).waitFor();
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    expect((await settings()).branding.logoUploaded).toBe(false);
    await file.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.concat([png, Buffer.alloc(100 * 1024)]) });
    await frame.locator('#pa-set-logo-file-error').filter({ hasText: 'The file is larger than 100 KB. Use a smaller image.' }).waitFor();
    await expectNoAxeViolations(frame, 'branding logo error en');

    // An unsaved edit elsewhere in the form survives the upload (the upload is saved at once, the edit is not).
    const portalName = frame.locator('#pa-set-portalName');
    await portalName.fill('Unsaved Portal Name');
    await file.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await statusSays(frame, 'pa-logo-status', 'Logo uploaded and in use.');
    expect(await portalName.inputValue()).toBe('Unsaved Portal Name');
    expect((await settings()).branding.portalName).not.toBe('Unsaved Portal Name');
    const preview = frame.getByRole('img', { name: 'Current logo' });
    expect(await preview.getAttribute('src')).toBe(`data:image/png;base64,${png.toString('base64')}`);
    const stored = (await settings()).branding;
    expect(stored.logoUploaded).toBe(true);
    expect(await (await fetch(stored.logoUrl)).arrayBuffer()).toEqual(png.buffer.slice(png.byteOffset, png.byteOffset + png.length));
    await expectNoAxeViolations(frame, 'branding logo uploaded en');

    await frame.getByRole('button', { name: 'Remove uploaded logo' }).focus();
    await page.keyboard.press('Enter');
    await statusSays(frame, 'pa-logo-status', 'Uploaded logo removed.');
    expect((await settings()).branding.logoUploaded).toBe(false);
    expect(errors).toEqual([]);
  } catch (error) {
    await saveScreenshot(page, 'admin-settings-logo-en');
    throw error;
  }
});

describe.each(['en', 'de'] as const)('%s', (lang) => {
  const t = T[lang];

  test('Branding: an empty portal name is refused at its field; a light colour warns; saved by keyboard', async () => {
    const before = await settings();
    const { page, frame, errors } = await open('branding', lang);
    try {
      // Error state: the portal name emptied.
      await tabTo(page, frame, 'pa-set-portalName');
      await retype(page, '');
      await saveByKeyboard(page, frame, 'branding');
      await statusSays(frame, 'pa-branding-status', t.fixOne);
      expect(await focusedId(frame)).toBe('pa-set-portalName');
      expect(await frame.locator('#pa-set-portalName').getAttribute('aria-invalid')).toBe('true');
      expect(await frame.locator('#pa-set-portalName-error').innerText()).toBe(t.required);
      await expectNoAxeViolations(frame, `branding error ${lang}`);

      await page.keyboard.type(`Keyboard Desk ${lang}`);
      // A light colour: white text fails, so the app uses black text; the warning is shown beside the input.
      await tabTo(page, frame, 'pa-set-primaryColor');
      await retype(page, '#FF5630');
      await frame.locator('#pa-contrast-warning').waitFor();
      expect(await frame.locator('#pa-contrast-warning').innerText()).toBe(t.warning);
      expect(await frame.locator('#pa-contrast').innerText()).toContain(t.black);
      expect(await frame.locator('#pa-set-primaryColor').getAttribute('aria-describedby')).toContain('pa-contrast');
      await expectNoAxeViolations(frame, `branding contrast warning ${lang}`);
      await saveByKeyboard(page, frame, 'branding');
      await statusSays(frame, 'pa-branding-status', t.saved);
      const after = (await settings()).branding;
      expect([after.portalName, after.primaryColor]).toEqual([`Keyboard Desk ${lang}`, '#FF5630']);
      // The customer pages follow: portal name in the title, black button text.
      const login = await (await fetch(`${session.env.pages}/login?lang=${lang}`)).text();
      expect(login).toContain(`Keyboard Desk ${lang}</title>`);
      expect(login).toContain('--brand:#FF5630;--brand-text:#000000;');
      await expectNoAxeViolations(frame, `branding saved ${lang}`);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-settings-branding-${lang}`);
      throw error;
    } finally {
      await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/branding/save', persona: 'admin', payload: { ...before.branding, senderAddress: undefined, logoUploaded: undefined, logoPreview: undefined } });
    }
  });

  test('Security: a minimum length out of range is refused; the fixed policy saved by keyboard', async () => {
    const before = await settings();
    const { page, frame, errors } = await open('security', lang);
    try {
      await tabTo(page, frame, 'pa-set-policy-minLength');
      await retype(page, '7');
      await saveByKeyboard(page, frame, 'security');
      await statusSays(frame, 'pa-security-status', t.fixOne);
      expect(await focusedId(frame)).toBe('pa-set-policy-minLength');
      expect(await frame.locator('#pa-set-policy-minLength-error').innerText()).toBe(t.range);
      await expectNoAxeViolations(frame, `security error ${lang}`);

      await retype(page, '14');
      await tabTo(page, frame, 'pa-set-policy-requireDigit');
      await page.keyboard.press('Space');
      await tabTo(page, frame, 'pa-set-lockout-threshold');
      await retype(page, '7');
      // Data retention (issue 24): never-registered invitees removed after 30 days (off: 0).
      const invitees = frame.getByLabel(t.invitees, { exact: true });
      expect(await invitees.inputValue()).toBe('0');
      await invitees.fill('30');
      await saveByKeyboard(page, frame, 'security');
      await statusSays(frame, 'pa-security-status', t.saved);
      const after = (await settings()).security;
      expect([after.policy.minLength, after.policy.requireDigit, after.lockout.threshold, after.retention?.inviteesDays]).toEqual([14, !before.security.policy.requireDigit, 7, 30]);
      await expectNoAxeViolations(frame, `security saved ${lang}`);

      // Issue 22, "Allowed sign-in methods": at least one; none is refused with the error by the checkboxes.
      for (const id of ['pa-set-signInMethods', 'pa-set-signInMethods-passkey', 'pa-set-signInMethods-emailCode']) await frame.locator(`#${id}`).uncheck();
      await saveByKeyboard(page, frame, 'security');
      await statusSays(frame, 'pa-security-status', t.fixOne);
      expect(await frame.locator('#pa-set-signInMethods-error').innerText()).toBe(t.signInNeeded);
      expect(await frame.locator('#pa-set-signInMethods').getAttribute('aria-invalid')).toBe('true');
      expect((await settings()).security.signInMethods).toEqual(after.signInMethods);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-settings-security-${lang}`);
      throw error;
    } finally {
      await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/security/save', persona: 'admin', payload: { ...before.security } });
    }
  });

  test('Customer pages: a bad domain line is named; spam hint and domains saved by keyboard', async () => {
    const before = await settings();
    const { page, frame, errors } = await open('customer-pages', lang);
    const hint = lang === 'de' ? 'Bitte auch den Ordner „Werbung“ prüfen.' : 'Please also check the “Promotions” tab.';
    try {
      await tabTo(page, frame, `pa-set-help-spamHint-${lang}`);
      await retype(page, hint);
      await tabTo(page, frame, 'pa-set-internal-domains');
      await retype(page, 'staff.example');
      await page.keyboard.press('Enter');
      await page.keyboard.type('not a domain');
      await saveByKeyboard(page, frame, 'customer-pages');
      await statusSays(frame, 'pa-customer-pages-status', t.fixOne);
      expect(await focusedId(frame)).toBe('pa-set-internal-domains');
      expect(await frame.locator('#pa-set-internal-domains-error').innerText()).toBe(t.domain);
      await expectNoAxeViolations(frame, `customer pages error ${lang}`);

      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('Corp.Example');
      await tabTo(page, frame, 'pa-set-internal-url');
      await retype(page, 'https://intranet.staff.example/password');
      await saveByKeyboard(page, frame, 'customer-pages');
      await statusSays(frame, 'pa-customer-pages-status', t.saved);
      const after = (await settings()).customerPages;
      expect(after.help.spamHint[lang]).toBe(hint);
      expect(after.internal).toEqual({ domains: ['staff.example', 'corp.example'], url: 'https://intranet.staff.example/password' });
      // The normalised list is shown back.
      expect(await frame.locator('#pa-set-internal-domains').inputValue()).toBe('staff.example\ncorp.example');
      await expectNoAxeViolations(frame, `customer pages saved ${lang}`);
      // The customer sees the hint on the confirmation page; a staff address gets the internal page. Both axe-clean.
      const customer = await page.context().newPage();
      await customer.goto(`${session.env.pages}/forgot?lang=${lang}`);
      await customer.locator('#identifier').fill('someone@mail.staff.example');
      await Promise.all([customer.waitForURL(/\/forgot\/internal\?/), customer.locator('#identifier').press('Enter')]);
      expect(await customer.locator('a.button').getAttribute('href')).toBe('https://intranet.staff.example/password');
      await expectNoAxeViolations(customer, `internal page ${lang}`);
      await customer.goto(`${session.env.pages}/forgot/sent?lang=${lang}`);
      expect(await customer.locator('p.help').first().innerText()).toBe(hint);
      await expectNoAxeViolations(customer, `sent page with the admin's hint ${lang}`);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-settings-customer-pages-${lang}`);
      throw error;
    } finally {
      await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/customer-pages/save', persona: 'admin', payload: { ...before.customerPages } });
    }
  });
});
