import { kvs } from '@forge/kvs';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { expectNoAxeViolations, nextSmsPin, saveScreenshot } from '../support/browser';
import { expectNoHorizontalScroll, profilePanelPage, useBrowserAndHost } from '../support/e2e';

/**
 * SMS as a two-step method in the customer profile panel (issue 11 item 5) in a real browser, the PINs read from
 * the SMS catcher (`/sms/api/messages`): a number that is not a mobile refused by its field, "Send code", a wrong
 * PIN, "Send a new code", the right PIN, the 10 recovery codes (first method), the number shown masked; then
 * "Remove text message (SMS)" with the password and a PIN from "Send a code by SMS". English at 1024 px and German
 * at 375 px (no horizontal scrolling); axe-core finds no violations in each view. Texts are literal
 * (static/profile/src/i18n.ts).
 */
jest.setTimeout(120_000);

const T = {
  en: {
    locale: 'en-US' as const,
    section: 'Two-step verification',
    add: 'Add text message (SMS)',
    phone: 'Mobile number',
    send: 'Send code',
    phoneInvalid: 'Enter a valid mobile number (landlines and service numbers cannot receive codes).',
    sentTo: 'We sent a 6-digit code to +49 ••• •••• 89. It is valid for 10 minutes.',
    pin: 'Code from the text message',
    wrong: 'That code is not right. Attempts left: 4.',
    resend: 'Send a new code',
    resent: 'A new code is on its way to +49 ••• •••• 89. Wrong attempts still count.',
    confirm: 'Turn on',
    codesTitle: 'Your recovery codes',
    saved: 'I have saved these codes',
    done: 'Done',
    on: /^On for \+49 ••• •••• 89 since /,
    remove: 'Remove text message (SMS)',
    sendCode: 'Send a code by SMS',
    password: 'Current password',
    removeSubmit: 'Remove',
    removed: 'Text message (SMS) was removed.',
    off: 'Off',
    addApp: 'Add authenticator app',
    cancel: 'Cancel',
  },
  de: {
    locale: 'de-DE' as const,
    section: 'Zwei-Schritt-Verifizierung',
    add: 'SMS hinzufügen',
    phone: 'Mobilnummer',
    send: 'Code senden',
    phoneInvalid: 'Geben Sie eine gültige Mobilnummer ein (Festnetz- und Servicenummern können keine Codes empfangen).',
    sentTo: 'Wir haben einen 6-stelligen Code an +49 ••• •••• 89 gesendet. Er gilt 10 Minuten.',
    pin: 'Code aus der SMS',
    wrong: 'Der Code ist nicht richtig. Verbleibende Versuche: 4.',
    resend: 'Neuen Code senden',
    resent: 'Ein neuer Code ist unterwegs an +49 ••• •••• 89. Falsche Versuche zählen weiter.',
    confirm: 'Einschalten',
    codesTitle: 'Ihre Wiederherstellungscodes',
    saved: 'Ich habe diese Codes gespeichert',
    done: 'Fertig',
    on: /^Aktiv für \+49 ••• •••• 89 seit /,
    remove: 'SMS entfernen',
    sendCode: 'Code per SMS senden',
    password: 'Aktuelles Passwort',
    removeSubmit: 'Entfernen',
    removed: 'SMS wurde entfernt.',
    off: 'Aus',
    addApp: 'Authenticator-App hinzufügen',
    cancel: 'Abbrechen',
  },
};

const session = useBrowserAndHost();
beforeAll(async () => {
  const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
  await kvs.set(SETTINGS_KEY, { ...stored, twoStep: { policy: 'optional', methods: { totp: true, sms: true } } });
  (session.env.host.deps.settings as { forget?: () => void }).forget?.();
});

const cases = [
  { lang: 'en' as const, width: 1024, email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42', account: false },
  { lang: 'de' as const, width: 375, email: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7', account: true },
];

/** The newest SMS's PIN, once the queue has sent it. */
const seenSms = new Set<string>();
const lastPin = () => nextSmsPin(session.env, '+4915123456789', seenSms);

describe.each(cases)('SMS in the profile panel ($lang, $width px)', (c) => {
  it('adds SMS with a PIN from the SMS catcher, shows the number masked, then removes it with a PIN sent by SMS', async () => {
    const t = T[c.lang];
    const { page, errors, url } = await profilePanelPage(session, { lang: c.lang, width: c.width, accountFor: c.account ? c.email : undefined });
    try {
      await page.goto(url);
      await page.getByRole('heading', { level: 2, name: t.section }).waitFor();
      await expect(page.locator('#pp-2s-sms').textContent()).resolves.toBe(t.off);
      await page.getByRole('button', { name: t.add }).click();
      const phone = page.getByLabel(t.phone, { exact: true });
      await expect(phone.getAttribute('type')).resolves.toBe('tel');
      await expect(phone.getAttribute('autocomplete')).resolves.toBe('tel');
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, `sms setup ${c.lang}`);

      // A landline is refused by its field; a mobile number gets a PIN.
      await phone.fill('030 1234567');
      await page.getByRole('button', { name: t.send }).click();
      await page.getByText(t.phoneInvalid).waitFor();
      // The panel moves focus on the frame after the render that shows the error (focusSoon): wait for that frame.
      await page.waitForFunction((id) => document.activeElement?.id === id, 'pp-sms-phone', { timeout: 5000 }).catch(() => undefined);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('pp-sms-phone');
      await expectNoAxeViolations(page, `sms setup with an error ${c.lang}`);
      await phone.fill('0151 23456789');
      await page.getByRole('button', { name: t.send }).click();
      await page.getByText(t.sentTo).waitFor();
      const pinField = page.getByLabel(t.pin, { exact: true });
      await expect(pinField.getAttribute('autocomplete')).resolves.toBe('one-time-code');
      await expect(pinField.getAttribute('inputmode')).resolves.toBe('numeric');
      const first = await lastPin();
      await pinField.fill(first === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: t.confirm }).click();
      await page.getByText(t.wrong).waitFor();
      await page.getByRole('button', { name: t.resend }).click();
      await page.getByText(t.resent).waitFor();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, `sms pin ${c.lang}`);
      await pinField.fill(await lastPin());
      await page.getByRole('button', { name: t.confirm }).click();

      // The first method: 10 recovery codes, then the overview with the number masked.
      await page.getByRole('heading', { name: t.codesTitle }).waitFor();
      await expect(page.locator('.pp-code-list code').count()).resolves.toBe(10);
      await page.getByLabel(t.saved).check();
      await page.getByRole('button', { name: t.done }).click();
      await expect(page.locator('#pp-2s-sms').textContent()).resolves.toMatch(t.on);
      await expect(page.content()).resolves.not.toContain('23456789');
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, `sms on ${c.lang}`);

      // With SMS on, adding the app first asks for the password and a PIN sent by SMS; then the QR code.
      await page.getByRole('button', { name: t.addApp }).click();
      const proof = page.getByRole('region', { name: t.section });
      await proof.getByRole('button', { name: t.sendCode }).click();
      const proofPin = await lastPin();
      await proof.getByLabel(t.password, { exact: true }).fill(c.password);
      await proof.getByLabel(t.pin, { exact: true }).fill(proofPin);
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, `add the app with SMS on ${c.lang}`);
      await proof.getByRole('button', { name: t.addApp }).click();
      await page.locator('svg.pp-qr').waitFor();
      await page.getByRole('button', { name: t.cancel }).click();

      // Remove: a PIN sent by SMS (the only method), and the password.
      await page.getByRole('button', { name: t.remove }).click();
      const section = page.getByRole('region', { name: t.section });
      await section.getByRole('button', { name: t.sendCode }).click();
      const pin = await lastPin();
      await section.getByLabel(t.password, { exact: true }).fill(c.password);
      await section.getByLabel(t.pin, { exact: true }).fill(pin);
      await expectNoAxeViolations(page, `sms removal ${c.lang}`);
      await page.getByRole('button', { name: t.removeSubmit, exact: true }).click();
      await page.getByText(t.removed).waitFor();
      await expect(page.locator('#pp-2s-sms').textContent()).resolves.toBe(t.off);
      await expectNoHorizontalScroll(page);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `profile-sms-${c.lang}`);
      throw error;
    } finally {
      await page.context().close();
    }
  });
});
