import type { Page } from 'playwright-core';
import { totpCode } from '../../src/domain/factors/totp';
import { DEMO_TOTP_KEY } from '../../local/demo-data';
import { expectNoAxeViolations, saveScreenshot } from '../support/browser';
import { signInFromHelpCenter, useBrowserAndHost } from '../support/e2e';

/**
 * Two-step verification at the help-center sign-in in a real browser (issue 11): Paula, a portal
 * administrator, must set up the authenticator app (the test reads the key from the page and computes the
 * code), saves her recovery codes and lands in the help center; Tobias signs in with a code, a replayed code is
 * refused, a recovery code works. axe on every new page, en and de; the phone width.
 */
jest.setTimeout(90_000);

const T = {
  en: {
    locale: 'en-US' as const,
    enrolHeading: 'Set up two-step verification',
    key: 'Key (for typing)',
    confirmCode: 'Enter the code the app shows to confirm',
    confirm: 'Confirm',
    codesHeading: 'Save your recovery codes',
    saved: 'I have saved these codes',
    continue: 'Continue',
    codeHeading: 'Two-step verification',
    code: 'Verification code',
    verify: 'Verify',
    wrong: 'That code is not right. Attempts left: 4.',
    useRecovery: 'Use a recovery code',
    recovery: 'Recovery code',
    signedInAs: (name: string) => `Signed in as ${name}`,
  },
  de: {
    locale: 'de-DE' as const,
    enrolHeading: 'Zwei-Schritt-Verifizierung einrichten',
    key: 'Schlüssel (zum Eintippen)',
    confirmCode: 'Geben Sie zur Bestätigung den Code aus der App ein',
    confirm: 'Bestätigen',
    codesHeading: 'Wiederherstellungscodes speichern',
    saved: 'Ich habe diese Codes gespeichert',
    continue: 'Weiter',
    codeHeading: 'Zwei-Schritt-Verifizierung',
    code: 'Bestätigungscode',
    verify: 'Bestätigen',
    wrong: 'Dieser Code stimmt nicht. Verbleibende Versuche: 4.',
    useRecovery: 'Wiederherstellungscode verwenden',
    recovery: 'Wiederherstellungscode',
    signedInAs: (name: string) => `Angemeldet als ${name}`,
  },
};
type Lang = keyof typeof T;

const session = useBrowserAndHost();

async function newPage(lang: Lang, opts: { width?: number; bypassCSP?: boolean } = {}): Promise<Page> {
  return session.newPage({ locale: T[lang].locale, bypassCSP: opts.bypassCSP ?? false, ...(opts.width ? { viewport: { width: opts.width, height: 800 } } : {}), quietFavicon: true });
}

/** The host clock's "now" (the server checks codes at its own clock). */
async function hostNow(): Promise<number> {
  const r = await fetch(`${session.env.url}/local/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advanceSeconds":0}' });
  return Math.floor(Date.parse(((await r.json()) as { now: string }).now) / 1000);
}

const PAULA = { email: 'paula.admin@example.com', password: 'Copper-Harbor-Falcon-64', name: 'Paula Admin' };
const TOBIAS = { username: 'customer2300235', password: 'Leuchtturm-Wolke-Anker-35', name: 'Tobias Zweifaktor' };
let paulaKey = '';
let paulaCodes: string[] = [];

it('Paula (en) must set up the app: key from the page, code, recovery codes saved, then the help center', async () => {
  const page = await newPage('en');
  try {
    await signInFromHelpCenter(session, page, 'en', PAULA.email, PAULA.password);
    await page.getByRole('heading', { name: T.en.enrolHeading }).waitFor();
    expect(await page.locator('figure.qr svg').count()).toBe(1);
    paulaKey = (await page.getByLabel(T.en.key).inputValue()).replace(/ /g, '');
    expect(paulaKey).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel(T.en.confirmCode).fill(await totpCode(paulaKey, await hostNow()));
    await page.getByRole('button', { name: T.en.confirm }).click();
    await page.getByRole('heading', { name: T.en.codesHeading }).waitFor();
    paulaCodes = await page.locator('ol.codes code').allInnerTexts();
    expect(paulaCodes).toHaveLength(10);
    expect(await page.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('recovery-codes.txt');
    await expect(page.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(true);
    await page.getByLabel(T.en.saved).check();
    await page.getByRole('button', { name: T.en.continue }).click();
    await page.getByText(T.en.signedInAs(PAULA.name)).waitFor();
  } catch (error) {
    await saveScreenshot(page, 'two-step-paula');
    throw error;
  }
});

it('Tobias (de) signs in with a code; the same code again is refused; a recovery code of Paula works once', async () => {
  const page = await newPage('de');
  await signInFromHelpCenter(session, page, 'de', TOBIAS.username, TOBIAS.password);
  await page.getByRole('heading', { name: T.de.codeHeading }).waitFor();
  const code = await totpCode(DEMO_TOTP_KEY, await hostNow());
  const field = page.getByLabel(T.de.code);
  expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
  expect(await field.getAttribute('inputmode')).toBe('numeric');
  await field.fill(code);
  await page.getByRole('button', { name: T.de.verify }).click();
  await page.getByText(T.de.signedInAs(TOBIAS.name)).waitFor();

  const again = await newPage('de');
  await signInFromHelpCenter(session, again, 'de', TOBIAS.username, TOBIAS.password);
  await again.getByLabel(T.de.code).fill(code);
  await again.getByRole('button', { name: T.de.verify }).click();
  await again.getByText(T.de.wrong).first().waitFor();

  const paula = await newPage('en');
  await signInFromHelpCenter(session, paula, 'en', PAULA.email, PAULA.password);
  await paula.getByRole('link', { name: T.en.useRecovery }).click();
  await paula.getByLabel(T.en.recovery).fill(paulaCodes[0].toLowerCase());
  await paula.getByRole('button', { name: T.en.verify }).click();
  await paula.getByText(T.en.signedInAs(PAULA.name)).waitFor();
});

describe('axe and phone width', () => {
  for (const lang of ['en', 'de'] as const) {
    it(`${lang}: code page, recovery page and (for a portal admin) enrolment and recovery codes: 0 violations; 375 px without horizontal scrolling`, async () => {
      const page = await newPage(lang, { bypassCSP: true, width: 375 });
      await signInFromHelpCenter(session, page, lang, TOBIAS.username, TOBIAS.password);
      await page.getByRole('heading', { name: T[lang].codeHeading }).waitFor();
      await expectNoAxeViolations(page, `${lang} code page`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.getByLabel(T[lang].code).fill('000000');
      await page.getByRole('button', { name: T[lang].verify }).click();
      await page.getByRole('alert').first().waitFor();
      await expectNoAxeViolations(page, `${lang} code page with an error`);
      // Tobias has no recovery codes in the demo (so no link); Paula set hers up in the first test.
      await signInFromHelpCenter(session, page, lang, PAULA.email, PAULA.password);
      await page.getByRole('link', { name: T[lang].useRecovery }).click();
      await page.getByLabel(T[lang].recovery).waitFor();
      await expectNoAxeViolations(page, `${lang} recovery code page`);
    });
  }

  it('enrolment and recovery-codes pages (de): 0 violations, 375 px', async () => {
    // Required for everyone (written straight into the settings of this test's host): Erika (German) must enrol.
    const { kvs } = await import('@forge/kvs');
    const { SETTINGS_KEY } = await import('../../src/forge/settings');
    const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
    await kvs.set(SETTINGS_KEY, { ...stored, twoStep: { policy: 'everyone', methods: { totp: true, sms: false } } });
    (session.env.host.deps.settings as { forget?: () => void }).forget?.();
    const page = await newPage('de', { bypassCSP: true, width: 375 });
    await signInFromHelpCenter(session, page, 'de', 'erika.mustermann@example.de', 'Sonnenblume-Fahrrad-Kaffee-7');
    await page.getByRole('heading', { name: T.de.enrolHeading }).waitFor();
    await expectNoAxeViolations(page, 'de enrolment page');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const key = (await page.getByLabel(T.de.key).inputValue()).replace(/ /g, '');
    await page.getByLabel(T.de.confirmCode).fill(await totpCode(key, await hostNow()));
    await page.getByRole('button', { name: T.de.confirm }).click();
    await page.getByRole('heading', { name: T.de.codesHeading }).waitFor();
    await expectNoAxeViolations(page, 'de recovery codes page');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await kvs.set(SETTINGS_KEY, { ...stored });
    (session.env.host.deps.settings as { forget?: () => void }).forget?.();
  });
});
