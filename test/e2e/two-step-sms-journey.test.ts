import type { Page } from 'playwright-core';
import { expectNoAxeViolations, nextSmsPin, saveScreenshot } from '../support/browser';
import { expectNoHorizontalScroll, signInFromHelpCenter, useBrowserAndHost } from '../support/e2e';
import { setTwoStep } from '../support/sign-in-requests';

/**
 * SMS as the second factor at the help-center sign-in in a real browser at phone width (375 px), the PINs read
 * from the SMS catcher (`/sms/api/messages`): with verification required for everyone and only SMS allowed,
 * Erika (de) must set up SMS after her password (a landline refused, the mobile number, the PIN, 10 recovery
 * codes) and lands in the help center; next time (en) the PIN goes out by itself, a wrong one counts, "Send a
 * new code" keeps the count, the new PIN signs her in. axe on every page, en and de; no horizontal scrolling.
 */
jest.setTimeout(90_000);

const T = {
  en: {
    locale: 'en-US' as const,
    codeHeading: 'Two-step verification',
    sent: 'We sent a 6-digit code by SMS to +49 ••• •••• 89. It is valid for 10 minutes.',
    code: 'Verification code',
    verify: 'Verify',
    wrong: 'That code is not right. Attempts left: 4.',
    resend: 'Send a new code',
    signedInAs: (name: string) => `Signed in as ${name}`,
  },
  de: {
    locale: 'de-DE' as const,
    phoneHeading: 'Zwei-Schritt-Verifizierung per SMS einrichten',
    phone: 'Mobilnummer',
    send: 'Code senden',
    phoneInvalid: 'Geben Sie eine gültige Mobilnummer ein, zum Beispiel +49 151 23456789.',
    sent: 'Wir haben einen 6-stelligen Code per SMS an +49 ••• •••• 89 gesendet. Er gilt 10 Minuten.',
    code: 'Bestätigungscode',
    verify: 'Bestätigen',
    codesHeading: 'Wiederherstellungscodes speichern',
    saved: 'Ich habe diese Codes gespeichert',
    continue: 'Weiter',
    signedInAs: (name: string) => `Angemeldet als ${name}`,
  },
};
type Lang = keyof typeof T;

const ERIKA = { email: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7', name: 'Erika Mustermann' };

const session = useBrowserAndHost();

beforeAll(async () => {
  await setTwoStep(session.env.host, { policy: 'everyone', methods: { totp: false, sms: true } });
});

async function phonePage(lang: Lang): Promise<Page> {
  // bypassCSP: axe-core is injected as a script (the pages' CSP allows only their own nonce).
  return session.newPage({ locale: T[lang].locale, bypassCSP: true, viewport: { width: 375, height: 800 }, quietFavicon: true });
}

const seenSms = new Set<string>();
const lastPin = () => nextSmsPin(session.env, '+4915123456789', seenSms);

it('Erika (de, 375 px) must set up SMS after her password: a landline refused, the PIN from the SMS catcher, recovery codes, the help center', async () => {
  const t = T.de;
  const page = await phonePage('de');
  try {
    await signInFromHelpCenter(session, page, 'de', ERIKA.email, ERIKA.password);
    await page.getByRole('heading', { name: t.phoneHeading }).waitFor();
    const phone = page.getByLabel(t.phone, { exact: true });
    await expect(phone.getAttribute('type')).resolves.toBe('tel');
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page, 'sms phone page de');
    await phone.fill('030 1234567');
    await page.getByRole('button', { name: t.send }).click();
    await page.getByText(t.phoneInvalid).first().waitFor();
    await expectNoAxeViolations(page, 'sms phone page with an error de');
    await page.getByLabel(t.phone, { exact: true }).fill('0151 23456789');
    await page.getByRole('button', { name: t.send }).click();
    await page.getByText(t.sent).waitFor();
    const code = page.getByLabel(t.code, { exact: true });
    await expect(code.getAttribute('autocomplete')).resolves.toBe('one-time-code');
    await expect(code.getAttribute('inputmode')).resolves.toBe('numeric');
    await expect(page.content()).resolves.not.toContain('23456789');
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page, 'sms enrolment code page de');
    await code.fill(await lastPin());
    await page.getByRole('button', { name: t.verify }).click();
    await page.getByRole('heading', { name: t.codesHeading }).waitFor();
    await expect(page.locator('ol.codes code').count()).resolves.toBe(10);
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page, 'sms recovery codes de');
    await page.getByLabel(t.saved).check();
    await page.getByRole('button', { name: t.continue }).click();
    await page.getByText(t.signedInAs(ERIKA.name)).waitFor();
  } catch (error) {
    await saveScreenshot(page, 'two-step-sms-enrol-de');
    throw error;
  }
});

it('next time (en, 375 px) the PIN goes out by itself; a wrong PIN counts, "Send a new code" keeps the count, the new PIN signs her in', async () => {
  const t = T.en;
  const page = await phonePage('en');
  try {
    await signInFromHelpCenter(session, page, 'en', ERIKA.email, ERIKA.password);
    await page.getByRole('heading', { name: t.codeHeading }).waitFor();
    await page.getByText(t.sent).waitFor();
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page, 'sms code page en');
    const first = await lastPin();
    await page.getByLabel(t.code, { exact: true }).fill(first === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: t.verify }).click();
    await page.getByText(t.wrong).first().waitFor();
    await expectNoAxeViolations(page, 'sms code page with an error en');
    await page.getByRole('button', { name: t.resend }).click();
    await page.getByText(t.sent).waitFor();
    const second = await lastPin();
    await page.getByLabel(t.code, { exact: true }).fill(second);
    await page.getByRole('button', { name: t.verify }).click();
    await page.getByText(t.signedInAs(ERIKA.name)).waitFor();
    const messages = (await (await fetch(`${session.env.url}/sms/api/messages`)).json()) as unknown[];
    // Enrolment (1) and this sign-in (2): each SMS once.
    expect(messages).toHaveLength(3);
  } catch (error) {
    await saveScreenshot(page, 'two-step-sms-sign-in-en');
    throw error;
  }
});
