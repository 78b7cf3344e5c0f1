import type { Locator, Page } from 'playwright-core';
import { advanceClock, listMail, mailMark, resetLinkFromText, saveScreenshot, submitAndLoad, waitForMail, watchPageErrors } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
// @serial (scripts/run-tests.cjs runs this file alone): the reset mail arrives within a second of the click.

/**
 * The self-service reset journey in a real browser against the local Forge host: help center → forgot →
 * neutral confirmation → email → create password (live criteria) → success → confirmation email → log in.
 * Texts are literal on purpose: a wrong or missing translation must fail here.
 */
jest.setTimeout(60_000);

const T = {
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
type Lang = keyof typeof T;

const JANE = { email: 'jane.doe@example.com', username: 'customer2300229', name: 'Jane Doe', password: 'Harbour-Lantern-Violet-42' };
const ERIKA = { email: 'erika.mustermann@example.de', username: 'customer2300230', name: 'Erika Mustermann', password: 'Sonnenblume-Fahrrad-Kaffee-7' };

const session = useBrowserAndHost();
const latencies: { lang: Lang; ms: number }[] = [];

afterAll(() => {
  if (latencies.length) console.log(`reset mail latency (submit click → mail in the mailbox): ${latencies.map((l) => `${l.lang} ${l.ms.toFixed(0)} ms`).join(', ')}`);
});

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

describe('password reset journey', () => {
  const journeys = [
    { lang: 'en' as const, who: JANE, identifier: JANE.username, helpCenter: '/help-center', newPassword: 'Quiet-Orbit-Maple-Tundra-58' },
    { lang: 'de' as const, who: ERIKA, identifier: ERIKA.email, helpCenter: '/help-center?lang=de', newPassword: 'Wolke-Brücke-Apfelbaum-93' },
  ];

  test.each(journeys)('$lang: $identifier resets the password from the help center and logs in', async ({ lang, who, identifier, helpCenter, newPassword }) => {
    const t = T[lang];
    const { page, errors } = await newPage(lang);
    try {
      // Help center → "Forgot your password?"
      await page.goto(`${session.env.url}${helpCenter}`);
      await page.getByRole('link', { name: t.forgotLink, exact: true }).click();
      await page.waitForURL(/\/x\/customer-pages\/forgot\?/);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);

      // Request → neutral confirmation
      const ignore = await mailMark(session.env.url);
      const arriving = (await requestLink(page, lang, identifier, () => waitForMail(session.env.url, { to: who.email, subject: t.resetSubject, ignore })))!;
      const main = await page.locator('main').innerText();
      expect(main).toContain(t.validity);
      expect(main).toContain(t.spam);
      expect(await page.getByRole('status').innerText()).toContain(t.validity);

      // The reset mail, within 1 s of the click
      // waitForMail started polling (every 20 ms) right before the click; waitedMs is click → mail seen.
      const { mail, waitedMs: latency } = arriving;
      latencies.push({ lang, ms: latency });
      expect(latency).toBeLessThan(1000);
      const link = resetLinkFromText(mail.text);
      expect(new URL(link).origin).toBe(session.env.url);
      expect(new URL(link).searchParams.get('lang')).toBe(lang);
      expect(mail.text).toContain(`${t.greeting} ${who.name},`);
      expect(mail.text).toContain(who.username);
      expect(mail.text).toContain('Demo Company GmbH');
      expect(mail.html).toContain(who.name);
      expect(mail.html).toContain('Demo Company GmbH');
      // The HTML part, rendered: a button-style link and the copy-paste fallback both point at the same URL.
      const mailPage = await page.context().newPage();
      await mailPage.setContent(mail.html, { waitUntil: 'domcontentloaded' });
      expect(await mailPage.getByRole('link', { name: t.mailButton, exact: true }).getAttribute('href')).toBe(link);
      expect(await mailPage.getByRole('link', { name: link, exact: true }).getAttribute('href')).toBe(link);
      await mailPage.close();

      // Open the link: create new password
      const opened = await page.goto(link);
      expect(opened?.status()).toBe(200);
      await expect(h1(page).textContent()).resolves.toBe(t.createHeading);
      const username = page.getByLabel(t.usernameLabel, { exact: true });
      expect(await username.inputValue()).toBe(who.username);
      expect(await username.getAttribute('readonly')).not.toBeNull();
      expect(await username.isEditable()).toBe(false);

      // Live criteria: pending → unmet → met
      const pw = page.getByLabel(t.newPassword, { exact: true });
      const confirm = page.getByLabel(t.confirmPassword, { exact: true });
      for (const id of ['minLength', 'maxLength', 'notCommon', 'notPersonal', 'match']) await expectCriterion(page, lang, id, undefined);
      await pw.pressSequentially('short');
      await expectCriterion(page, lang, 'minLength', false);
      await expectCriterion(page, lang, 'maxLength', true);
      await expectCriterion(page, lang, 'match', false);
      await fill(pw, newPassword);
      for (const id of ['minLength', 'maxLength', 'notCommon', 'notPersonal']) await expectCriterion(page, lang, id, true);
      await expectCriterion(page, lang, 'match', false);
      await confirm.pressSequentially(newPassword);
      await expectCriterion(page, lang, 'match', true);

      // Save → success
      const changedIgnore = await mailMark(session.env.url);
      await Promise.all([page.waitForURL(/\/reset\/done\?/), page.getByRole('button', { name: t.save, exact: true }).click()]);
      await expect(h1(page).textContent()).resolves.toBe(t.doneHeading);

      // "Your password was changed"
      const changed = await waitForMail(session.env.url, { to: who.email, subject: t.changedSubject, ignore: changedIgnore });
      expect(changed.mail.text).toContain(`${t.greeting} ${who.name},`);
      expect(changed.mail.text).toContain(who.username);

      // Log in with the new password; the old one is refused
      await Promise.all([page.waitForURL(/\/login\?/), page.getByRole('link', { name: t.logIn, exact: true }).click()]);
      await expect(h1(page).textContent()).resolves.toBe(t.loginHeading);
      await page.getByLabel(t.identifierLabel, { exact: true }).fill(identifier);
      await page.getByLabel(t.passwordLabel, { exact: true }).fill(newPassword);
      expect(await submitStatus(page, t.logIn)).toBe(200);
      await expect(h1(page).textContent()).resolves.toBe(t.loggedIn);
      expect(await page.getByRole('status').innerText()).toContain(who.name);

      await page.goto(`${session.env.pages}/login?lang=${lang}`);
      await page.getByLabel(t.identifierLabel, { exact: true }).fill(identifier);
      await page.getByLabel(t.passwordLabel, { exact: true }).fill(who.password);
      expect(await submitStatus(page, t.logIn)).toBe(401);
      await expect(h1(page).textContent()).resolves.toBe(t.loginHeading);
      expect(await page.getByRole('alert').innerText()).toContain(t.loginFailed);

      expect(seriousErrors(errors)).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `journey-${lang}`);
      throw error;
    }
  });

  test('without ?lang the customer pages follow Accept-Language', async () => {
    const { page } = await newPage('de');
    const response = await page.goto(`${session.env.pages}/forgot`);
    expect(response?.headers()['content-language']).toBe('de');
    await expect(h1(page).textContent()).resolves.toBe(T.de.forgotLink);
    await page.goto(`${session.env.pages}/login`);
    await expect(h1(page).textContent()).resolves.toBe(T.de.loginHeading);
  });

  test('the help center follows Accept-Language (a de-DE visitor sees "Passwort vergessen?")', async () => {
    const { page } = await newPage('de');
    expect((await page.goto(`${session.env.url}/help-center`))?.status()).toBe(200);
    expect(await page.getByRole('link', { name: T.en.forgotLink, exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: T.de.forgotLink, exact: true }).count()).toBe(1);
  });
});

describe('link and form edge cases', () => {
  // The per-account limit allows 3 reset mails per 15 minutes; each test starts a fresh window.
  beforeEach(async () => advanceClock(session.env.url, 16 * 60));

  test('a used link is no longer valid', async () => {
    const { page } = await newPage('en');
    const link = await linkFor(page, 'en', JANE);
    await page.goto(link);
    await fill(page.getByLabel(T.en.newPassword, { exact: true }), 'Copper-Kettle-Nebula-71');
    await fill(page.getByLabel(T.en.confirmPassword, { exact: true }), 'Copper-Kettle-Nebula-71');
    await Promise.all([page.waitForURL(/\/reset\/done\?/), page.getByRole('button', { name: T.en.save, exact: true }).click()]);
    await expect(h1(page).textContent()).resolves.toBe(T.en.doneHeading);

    const again = await page.goto(link);
    expect(again?.status()).toBe(404);
    await expect(h1(page).textContent()).resolves.toBe(T.en.linkInvalid);
    expect(await page.getByLabel(T.en.newPassword, { exact: true }).count()).toBe(0);
  });

  test('an expired link says so', async () => {
    const { page } = await newPage('en');
    const link = await linkFor(page, 'en', JANE);
    expect((await page.goto(link))?.status()).toBe(200);
    await fill(page.getByLabel(T.en.newPassword, { exact: true }), 'Copper-Kettle-Nebula-72');
    await fill(page.getByLabel(T.en.confirmPassword, { exact: true }), 'Copper-Kettle-Nebula-72');
    await advanceClock(session.env.url, 3700);
    // Submitting the form that was opened before the expiry is refused …
    expect(await submitStatus(page, T.en.save)).toBe(410);
    await expect(h1(page).textContent()).resolves.toBe(T.en.linkExpired);
    // … and so is opening the link again.
    const expired = await page.goto(link);
    expect(expired?.status()).toBe(410);
    await expect(h1(page).textContent()).resolves.toBe(T.en.linkExpired);
    expect(await page.getByRole('link', { name: 'Request a new link', exact: true }).count()).toBe(1);
  });

  test('a mismatched confirmation shows an error summary and does not use up the link', async () => {
    const { page } = await newPage('de');
    const link = await linkFor(page, 'de', ERIKA);
    await page.goto(link);
    await fill(page.getByLabel(T.de.newPassword, { exact: true }), 'Kastanie-Leuchtturm-Nebel-35');
    await fill(page.getByLabel(T.de.confirmPassword, { exact: true }), 'Kastanie-Leuchtturm-Nebel-36');
    await expectCriterion(page, 'de', 'match', false);
    expect(await submitStatus(page, T.de.save)).toBe(400);

    const summary = page.locator('#error-summary');
    expect(await summary.getAttribute('role')).toBe('alert');
    await expect(summary.locator('h2').textContent()).resolves.toBe(T.de.errorSummary);
    const item = summary.getByRole('link', { name: T.de.mismatch, exact: true });
    expect(await item.getAttribute('href')).toBe('#confirm');
    // The summary takes focus so screen readers announce it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.getByLabel(T.de.confirmPassword, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectCriterion(page, 'de', 'match', false);
    await expectCriterion(page, 'de', 'minLength', true);
    // The passwords are not sent back into the page.
    expect(await page.getByLabel(T.de.newPassword, { exact: true }).inputValue()).toBe('');

    // Nothing consumed: the same link still opens and works.
    expect((await page.goto(link))?.status()).toBe(200);
    await expect(h1(page).textContent()).resolves.toBe(T.de.createHeading);
    await fill(page.getByLabel(T.de.newPassword, { exact: true }), 'Kastanie-Leuchtturm-Nebel-35');
    await fill(page.getByLabel(T.de.confirmPassword, { exact: true }), 'Kastanie-Leuchtturm-Nebel-35');
    await Promise.all([page.waitForURL(/\/reset\/done\?/), page.getByRole('button', { name: T.de.save, exact: true }).click()]);
    await expect(h1(page).textContent()).resolves.toBe(T.de.doneHeading);
  });

  test.each([
    { what: 'a common password', password: 'passwordpassword', unmet: 'notCommon' },
    { what: 'a password containing the username', password: 'my-customer2300229-login', unmet: 'notPersonal' },
  ])('the policy refuses $what (live and on submit)', async ({ password, unmet }) => {
    const { page } = await newPage('en');
    const link = await linkFor(page, 'en', JANE);
    await page.goto(link);
    await fill(page.getByLabel(T.en.newPassword, { exact: true }), password);
    await fill(page.getByLabel(T.en.confirmPassword, { exact: true }), password);
    await expectCriterion(page, 'en', 'minLength', true);
    await expectCriterion(page, 'en', unmet, false);
    await expectCriterion(page, 'en', 'match', true);

    expect(await submitStatus(page, T.en.save)).toBe(400);
    await expect(h1(page).textContent()).resolves.toBe(T.en.createHeading);
    const summary = page.locator('#error-summary');
    await expect(summary.locator('h2').textContent()).resolves.toBe(T.en.errorSummary);
    expect(await summary.getByRole('link', { name: T.en.policyFailed, exact: true }).getAttribute('href')).toBe('#password');
    expect(await page.getByLabel(T.en.newPassword, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // Server-rendered verdict: the failed rule is unmet, the others met.
    await expectCriterion(page, 'en', unmet, false);
    await expectCriterion(page, 'en', 'minLength', true);
    await expectCriterion(page, 'en', 'match', true);

    // Nothing consumed: the link still opens.
    expect((await page.goto(link))?.status()).toBe(200);
  });

  async function openLink(page: Page): Promise<string> {
    const link = await linkFor(page, 'en', JANE);
    expect((await page.goto(link))?.status()).toBe(200);
    return link;
  }

  test('after a policy failure the password field is described by its error and by the criteria list', async () => {
    const { page } = await newPage('en');
    await openLink(page);
    await fill(page.getByLabel(T.en.newPassword, { exact: true }), 'passwordpassword');
    await fill(page.getByLabel(T.en.confirmPassword, { exact: true }), 'passwordpassword');
    expect(await submitStatus(page, T.en.save)).toBe(400);
    expect(await page.locator('#error-summary').count()).toBe(1);
    const describedBy = (await page.getByLabel(T.en.newPassword, { exact: true }).getAttribute('aria-describedby'))?.split(' ');
    expect(describedBy).toEqual(expect.arrayContaining(['password-error', 'criteria']));
  });

  test('an empty submit keeps the requirements list and does not mark "Both passwords match" as met', async () => {
    const { page } = await newPage('en');
    await openLink(page);
    expect(await submitStatus(page, T.en.save)).toBe(400);
    expect(await page.locator('#error-summary').count()).toBe(1);
    expect(await page.locator('#criteria li[data-criterion="minLength"]').count()).toBe(1);
    expect(await page.locator('#criteria li[data-criterion="match"]').getAttribute('class')).not.toBe('met');
  });

  test.each(['en', 'de'] as const)('%s: the confirmation page is the same for every kind of account', async (lang) => {
    const { page } = await newPage(lang);
    const cases = [
      { label: 'active', identifier: JANE.email, mailTo: JANE.email },
      { label: 'unknown', identifier: 'nobody.here@example.com', mailTo: undefined },
      { label: 'unknown username', identifier: 'customer9999999', mailTo: undefined },
      // Never registered: the request sends the invitation again (issue 4), behind the same neutral page.
      { label: 'invited', identifier: 'tom.invited@example.com', mailTo: 'tom.invited@example.com' },
      { label: 'locked', identifier: 'customer2300233', mailTo: 'larry.locked@example.com' },
      { label: 'disabled', identifier: 'dana.disabled@example.com', mailTo: undefined },
    ];
    const seen: { label: string; url: string; main: string; title: string }[] = [];
    const ignore = await mailMark(session.env.url);
    for (const c of cases) {
      await page.goto(`${session.env.pages}/forgot?lang=${lang}`);
      await requestLink(page, lang, c.identifier);
      seen.push({ label: c.label, url: page.url(), main: await page.locator('main').innerText(), title: await page.title() });
    }
    expect(seen[0].main).toContain(T[lang].validity);
    for (const s of seen.slice(1)) {
      expect({ label: s.label, url: s.url, main: s.main, title: s.title }).toEqual({ label: s.label, url: seen[0].url, main: seen[0].main, title: seen[0].title });
    }

    // Behind the neutral page: mail only for accounts that may reset (active, and locked – a reset is their way out), and the invitation again for an invited one.
    await session.env.host.idle();
    const mails = (await listMail(session.env.url)).filter((m) => !ignore.has(m.id));
    const recipients = mails.map((m) => m.to).sort();
    expect(recipients).toEqual(cases.flatMap((c) => (c.mailTo ? [c.mailTo] : [])).sort());
    expect(mails.filter((m) => m.to === 'tom.invited@example.com').map((m) => m.subject)).toEqual(['[Demo Service Desk] You are invited to the Demo Service Desk portal']);
  });
});
