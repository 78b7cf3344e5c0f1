import { mailMark, resetLinkFromText, saveScreenshot, waitForMail } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import { ERIKA, JANE, T, resetPages, type Lang } from '../support/reset-pages';
// @serial (scripts/run-tests.cjs runs this file alone): the reset mail arrives within a second of the click.

/**
 * The self-service reset journey in a real browser against the local Forge host: help center → forgot →
 * neutral confirmation → email (within a second of the click) → create password (live criteria) → success →
 * confirmation email → log in. Texts are literal on purpose: a wrong or missing translation must fail here.
 * Only the journey, which measures the mail's latency, runs alone; the link and form cases and the language
 * tests are in ./reset-journey.test.ts (with the other browser files, on a host of their own).
 */
jest.setTimeout(60_000);

const session = useBrowserAndHost();
const { newPage, seriousErrors, h1, expectCriterion, requestLink, submitStatus, fill } = resetPages(session);
const latencies: { lang: Lang; ms: number }[] = [];

afterAll(() => {
  if (latencies.length) console.log(`reset mail latency (submit click → mail in the mailbox): ${latencies.map((l) => `${l.lang} ${l.ms.toFixed(0)} ms`).join(', ')}`);
});

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
});
