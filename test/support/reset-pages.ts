import type { Locator, Page } from 'playwright-core';
import { mailMark, resetLinkFromText, submitAndLoad, waitForMail, watchPageErrors } from './browser';
import type { E2eSession } from './e2e';

/**
 * What the reset journey's browser files share (test/e2e/reset-journey.test.ts: the link and form cases and the
 * language tests; test/e2e/reset-journey-latency.test.ts: the journey with its mail latency; their strict twins):
 * the literal texts (a wrong or missing translation must fail there), the demo customers, and the page helpers
 * on the file's own session (its browser and host).
 */
export const T = {
  en: {
    locale: 'en-US' as const,
    forgotLink: 'Forgot your password?',
    identifierLabel: 'Email address or username',
    submit: 'E-mail me',
    sentHeading: 'Check your email',
    validity: 'The link is valid for 60 minutes and can be used once.',
    spam: 'No email after a few minutes? Check your spam or junk folder.',
    resetSubject: '[Demo Service Desk] Reset your password',
    changedSubject: '[Demo Service Desk] Your password was changed',
    greeting: 'Hello',
    mailButton: 'Reset my password',
    createHeading: 'Create new password',
    usernameLabel: 'Username',
    newPassword: 'New password',
    confirmPassword: 'Confirm password',
    save: 'Save password',
    doneHeading: 'Your password has been changed',
    logIn: 'Log in',
    loginHeading: 'Log in to Demo Service Desk',
    passwordLabel: 'Password',
    loggedIn: 'You are logged in',
    loginFailed: 'Log in failed.',
    met: ': met',
    notMet: ': not met',
    errorSummary: 'There is a problem',
    mismatch: 'The passwords do not match.',
    policyFailed: 'The password does not meet all of the requirements below.',
    linkInvalid: 'This link is no longer valid',
    linkExpired: 'This link has expired',
  },
  de: {
    locale: 'de-DE' as const,
    forgotLink: 'Passwort vergessen?',
    identifierLabel: 'E-Mail-Adresse oder Benutzername',
    submit: 'Link per E-Mail senden',
    sentHeading: 'Prüfen Sie Ihr Postfach',
    validity: 'Der Link ist 60 Minuten gültig und kann einmal verwendet werden.',
    spam: 'Nach einigen Minuten keine E-Mail erhalten? Sehen Sie bitte auch im Spam- bzw. Junk-Ordner nach.',
    resetSubject: '[Demo Service Desk] Ihr Passwort zurücksetzen',
    changedSubject: '[Demo Service Desk] Ihr Passwort wurde geändert',
    greeting: 'Hallo',
    mailButton: 'Mein Passwort zurücksetzen',
    createHeading: 'Neues Passwort erstellen',
    usernameLabel: 'Benutzername',
    newPassword: 'Neues Passwort',
    confirmPassword: 'Passwort bestätigen',
    save: 'Passwort speichern',
    doneHeading: 'Ihr Passwort wurde geändert',
    logIn: 'Anmelden',
    loginHeading: 'Bei Demo Service Desk anmelden',
    passwordLabel: 'Passwort',
    loggedIn: 'Sie sind angemeldet',
    loginFailed: 'Die Anmeldung ist fehlgeschlagen.',
    met: ': erfüllt',
    notMet: ': nicht erfüllt',
    errorSummary: 'Es gibt ein Problem',
    mismatch: 'Die Passwörter stimmen nicht überein.',
    policyFailed: 'Das Passwort erfüllt nicht alle unten genannten Anforderungen.',
    linkInvalid: 'Dieser Link ist nicht mehr gültig',
    linkExpired: 'Dieser Link ist abgelaufen',
  },
};
export type Lang = keyof typeof T;

export const JANE = { email: 'jane.doe@example.com', username: 'customer2300229', name: 'Jane Doe', password: 'Harbour-Lantern-Violet-42' };
export const ERIKA = { email: 'erika.mustermann@example.de', username: 'customer2300230', name: 'Erika Mustermann', password: 'Sonnenblume-Fahrrad-Kaffee-7' };

/** The page helpers of one file, on its `session` (useBrowserAndHost). */
export function resetPages(session: E2eSession) {
  async function newPage(lang: Lang): Promise<{ page: Page; errors: string[] }> {
    const context = await session.newContext({ locale: T[lang].locale });
    const page = await context.newPage();
    return { page, errors: watchPageErrors(page) };
  }

  /** Errors that matter: CSP violations and script errors. 4xx answers of the app are expected and logged by chromium. */
  function seriousErrors(errors: string[]): string[] {
    return errors.filter((e) => !/Failed to load resource: the server responded with a status of (400|401|404|410)/.test(e));
  }

  const h1 = (page: Page) => page.locator('main h1');

  async function criterion(page: Page, id: string): Promise<{ cls: string | null; state: string }> {
    const li = page.locator(`#criteria li[data-criterion="${id}"]`);
    return { cls: await li.getAttribute('class'), state: (await li.locator('.sr-only.state').textContent()) ?? '' };
  }

  async function expectCriterion(page: Page, lang: Lang, id: string, met: boolean | undefined) {
    const want = met === undefined ? { cls: 'pending', state: '' } : met ? { cls: 'met', state: T[lang].met } : { cls: 'unmet', state: T[lang].notMet };
    await expectPoll(async () => criterion(page, id), want, `criterion ${id}`);
  }

  /** Small poll for values that a page script updates (the live criteria). */
  async function expectPoll<V>(read: () => Promise<V>, want: V, what: string, timeoutMs = 2000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let got = await read();
    while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
      got = await read();
    }
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }

  /**
   * Forgot page → submit → confirmation; returns when the confirmation page is shown. `atClick` runs just
   * before the click (the journey starts its mailbox watch there, so latency is measured from the click).
   */
  async function requestLink<R = void>(page: Page, lang: Lang, identifier: string, atClick?: () => R): Promise<R | undefined> {
    await expect(h1(page).textContent()).resolves.toBe(T[lang].forgotLink);
    await page.getByLabel(T[lang].identifierLabel, { exact: true }).fill(identifier);
    const result = atClick?.();
    await Promise.all([page.waitForURL(/\/forgot\/sent\?/), page.getByRole('button', { name: T[lang].submit, exact: true }).click()]);
    await expect(h1(page).textContent()).resolves.toBe(T[lang].sentHeading);
    return result;
  }

  /** Requests a reset link through the forgot page and returns it from the mail's text part. */
  async function linkFor(page: Page, lang: Lang, who: { email: string }, identifier = who.email): Promise<string> {
    await page.goto(`${session.env.pages}/forgot?lang=${lang}`);
    const ignore = await mailMark(session.env.url);
    await requestLink(page, lang, identifier);
    const { mail } = await waitForMail(session.env.url, { to: who.email, subject: /\] (Reset your password|Ihr Passwort zurücksetzen)$/, ignore });
    return resetLinkFromText(mail.text);
  }

  async function submitStatus(page: Page, button: string): Promise<number> {
    const answer = await submitAndLoad(page, () => page.getByRole('button', { name: button, exact: true }).click());
    return answer.status();
  }

  async function fill(locator: Locator, value: string) {
    await locator.fill(value);
  }

  return { newPage, seriousErrors, h1, expectCriterion, requestLink, linkFor, submitStatus, fill };
}
