import type { Page } from 'playwright-core';
import { advanceClock, listMail, mailMark } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import { ERIKA, JANE, T, resetPages } from '../support/reset-pages';

/**
 * The self-service reset pages in a real browser against the local Forge host: the language the pages follow,
 * and the link and form cases (used, expired, mismatched, refused by the policy, the same neutral page for every
 * kind of account). Texts are literal on purpose: a wrong or missing translation must fail here. The journey
 * itself (help center → mail → new password → log in), with its mail latency, is ./reset-journey-latency.test.ts:
 * it runs alone, these run beside the other browser files.
 */
jest.setTimeout(60_000);

const session = useBrowserAndHost();
const { newPage, h1, expectCriterion, requestLink, linkFor, submitStatus, fill } = resetPages(session);

describe('password reset journey', () => {
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
