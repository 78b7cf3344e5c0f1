import type { Page } from 'playwright-core';
import { advanceClock, expectNoAxeViolations, moduleFrameOf, submitAndLoad } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import { ACS, evidence, expectSignInPage, fillSignIn, h1, isSignInUrl, signInToHelpCenter, ssoPages, startTestSignIn } from '../support/sso-sign-in';
import { LANGS, REPORT_CHECKS, T, WHO, type Lang } from '../support/sso-texts';

/**
 * The pages of the help-center sign-in (issue 10; the journeys are in ./sso-journey.test.ts), in a real browser
 * against the local host: the profile page after a sign-in, the admin's "Test sign-in" (the sign-in page
 * prefilled, the report, nothing sent to the help center), axe on every page of the way (the sign-in page fresh
 * and failed, the held auto-post page, a request problem, the help center signed in and its profile), the phone
 * width, and the expired request. Texts are literal on purpose (test/support/sso-texts.ts): a wrong or missing
 * translation must fail here. test/e2e/strict/sso-pages.test.ts runs this file again under PLATFORM=strict.
 */
jest.setTimeout(90_000);

const session = useBrowserAndHost();
const { newContext, openHelpCenter, startSignIn, expectSignedIn, openAdminSso } = ssoPages(session);


describe('profile', () => {
  test.each(LANGS)('%s: signed in, "Profile" shows the profile panel with the last sign-in (succeeded)', async (lang) => {
    const t = T[lang];
    const who = WHO[lang];
    const context = await newContext(lang);
    const page = await context.newPage();
    await evidence(page, `profile-${lang}`, async () => {
      await startSignIn(page, lang);
      await signInToHelpCenter(page, lang, who);
      await Promise.all([page.waitForURL((u) => u.pathname === '/help-center/profile'), page.getByRole('link', { name: t.profile, exact: true }).click()]);
      expect(await page.locator('header h1').innerText()).toBe(t.profile);
      expect((await page.getByRole('navigation').locator('p').first().innerText()).trim()).toBe(`${t.signedInAs} ${who.name}`);
      expect(await page.locator(`iframe[title="${t.panel}"]`).count()).toBe(1);

      const panel = await moduleFrameOf(page, 'profile-panel');
      await panel.getByRole('heading', { level: 1, name: t.panel, exact: true }).waitFor();
      await expect(panel.locator('#pp-email').textContent()).resolves.toBe(who.email);
      const newest = panel.locator('tr[data-outcome]').first();
      await newest.waitFor();
      expect(await newest.getAttribute('data-outcome')).toBe('succeeded');
      expect(await newest.locator('td.pp-outcome').innerText()).toBe(t.succeeded);
    });
  });
});

describe('admin: Test sign-in', () => {
  test.each(LANGS)('%s: opens the sign-in page prefilled; signing in shows the report with every check passed; nothing reaches the help center', async (lang) => {
    const t = T[lang];
    const who = WHO[lang];
    // bypassCSP: axe on the report page (see newContext).
    const context = await newContext(lang, { bypassCSP: true });
    const acsRequests: string[] = [];
    context.on('request', (r) => {
      if (new URL(r.url()).pathname === ACS) acsRequests.push(`${r.method()} ${r.url()}`);
    });
    const { page, frame } = await openAdminSso(context, lang);
    await evidence(page, `admin-test-${lang}`, async () => {
      // The field and the button, by their labels.
      await frame.getByLabel(t.admin.identifier).waitFor();
      expect(await frame.getByLabel(t.admin.identifier).count()).toBe(1);
      const testPage = await startTestSignIn(context, frame, lang, who.email);
      await evidence(testPage, `admin-test-page-${lang}`, async () => {
        const url = new URL(testPage.url());
        expect(isSignInUrl(url)).toBe(true);
        expect(url.searchParams.get('lang')).toBe(lang);
        expect(await h1(testPage)).toBe(t.signInHeading);
        expect(await testPage.getByRole('status').innerText()).toBe(t.testIntro);
        expect(await testPage.getByLabel(t.identifier, { exact: true }).inputValue()).toBe(who.email);

        await testPage.getByLabel(t.password, { exact: true }).fill(who.password);
        const response = await submitAndLoad(testPage, () => testPage.getByRole('button', { name: t.submit, exact: true }).click());
        expect(response.status()).toBe(200);
        expect(await h1(testPage)).toBe(t.reportHeading);
        expect(await testPage.locator('main .alert').innerText()).toBe(t.allPassed);
        const checks = testPage.locator('ol.checks li');
        expect(await checks.evaluateAll((items) => items.map((li) => li.getAttribute('data-check')))).toEqual(REPORT_CHECKS);
        for (const text of await checks.allInnerTexts()) expect(text.startsWith(`${t.passed}: `)).toBe(true);
        expect(await testPage.locator('ol.checks li.unmet').count()).toBe(0);
        // No form to the help center on the report.
        expect(await testPage.locator('form').count()).toBe(0);
        await expectNoAxeViolations(testPage, `test report ${lang}`);

        // Nothing was posted to the help center: no request to its ACS, and it still shows nobody signed in.
        await openHelpCenter(testPage, lang);
        expect(acsRequests).toEqual([]);
      });
    });
  });
});

// --- axe -------------------------------------------------------------------------------------------------------

describe.each(LANGS)('%s: axe 0 violations', (lang) => {
  const t = T[lang];
  const who = WHO[lang];

  async function axeOn(page: Page, label: string): Promise<void> {
    await evidence(page, `axe-${label}-${lang}`, () => expectNoAxeViolations(page, `${label} ${lang}`));
  }

  test('the sign-in page, fresh and after a failed attempt', async () => {
    const context = await newContext(lang, { bypassCSP: true });
    const page = await context.newPage();
    const reference = await startSignIn(page, lang);
    await expectSignInPage(page, lang, reference);
    await axeOn(page, 'sign-in');

    // An unknown account: the same neutral failure, without counting toward a demo account's lockout.
    await fillSignIn(page, lang, 'nobody.here@example.com', 'not-the-password-at-all');
    expect((await submitAndLoad(page, () => page.getByRole('button', { name: t.submit, exact: true }).click())).status()).toBe(401);
    expect(await page.getByRole('alert').innerText()).toBe(t.failed);
    await axeOn(page, 'sign-in failed');
  });

  test('the auto-post page (held: the hand-back to the help center is stopped, so the page stays)', async () => {
    // axe cannot run in a page with JavaScript off (its timers never fire), so the page keeps JavaScript and the
    // browser's POST to the ACS is aborted instead: the document stays as a visitor without JavaScript sees it.
    const context = await newContext(lang, { bypassCSP: true });
    const page = await context.newPage();
    await startSignIn(page, lang);
    await context.route(`**${ACS}**`, (route) => route.abort('aborted'));
    await fillSignIn(page, lang, who.email, who.password);
    // The page submits itself while it loads, so its load event may never come: wait for the held POST instead.
    const held = page.waitForEvent('requestfailed', (r) => r.method() === 'POST' && new URL(r.url()).pathname === ACS);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/x/customer-pages/sign-in'),
      page.getByRole('button', { name: t.submit, exact: true }).click(),
    ]);
    expect(response.status()).toBe(200);
    await held;
    await page.locator('main h1').filter({ hasText: t.continueHeading }).waitFor();
    expect(await h1(page)).toBe(t.continueHeading);
    expect(await page.getByRole('button', { name: t.continueButton, exact: true }).isVisible()).toBe(true);
    await axeOn(page, 'auto-post');
  });

  test('a request-problem page (SAMLRequest=%%%)', async () => {
    const context = await newContext(lang, { bypassCSP: true });
    const page = await context.newPage();
    const response = await page.goto(`${session.env.pages}/saml/sso?SAMLRequest=%%%`);
    expect(response?.status()).toBe(400);
    expect(await h1(page)).toBe(t.problemHeading);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    expect(await page.getByRole('alert').innerText()).toBe(t.problemEncoding);
    expect(await page.getByRole('link', { name: t.backToHelpCenter, exact: true }).getAttribute('href')).toBe(`${session.env.url}/help-center`);
    await axeOn(page, 'request problem');
  });

  test('the help center signed in, and its profile page', async () => {
    const context = await newContext(lang, { bypassCSP: true });
    const page = await context.newPage();
    await startSignIn(page, lang);
    await signInToHelpCenter(page, lang, who);
    await expectSignedIn(page, lang, who);
    await axeOn(page, 'help center signed in');
    await Promise.all([page.waitForURL((u) => u.pathname === '/help-center/profile'), page.getByRole('link', { name: t.profile, exact: true }).click()]);
    const panel = await moduleFrameOf(page, 'profile-panel');
    await panel.locator('tr[data-outcome]').first().waitFor();
    await axeOn(page, 'help center profile');
  });
});

describe('phone width', () => {
  test.each(LANGS)('%s: the sign-in page at 375 px has no horizontal scrolling', async (lang) => {
    const context = await newContext(lang, { width: 375 });
    const page = await context.newPage();
    await evidence(page, `phone-${lang}`, async () => {
      await startSignIn(page, lang);
      const check = () => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      const fresh = await check();
      expect(fresh.client).toBe(375);
      expect(fresh.scroll).toBeLessThanOrEqual(fresh.client);
      // With the long failure message too.
      await fillSignIn(page, lang, 'nobody.here@example.com', 'not-the-password-at-all');
      await submitAndLoad(page, () => page.getByRole('button', { name: T[lang].submit, exact: true }).click());
      const failed = await check();
      expect(failed.scroll).toBeLessThanOrEqual(failed.client);
    });
  });
});

// Last: moves the host clock forward 31 minutes.
describe('request expired', () => {
  test('after 31 minutes the pending sign-in is expired: a page that says so (en, de), with the way back, and no violations', async () => {
    const pages = {} as Record<Lang, { page: Page; signInUrl: string }>;
    for (const lang of LANGS) {
      const context = await newContext(lang, { bypassCSP: true });
      const page = await context.newPage();
      await startSignIn(page, lang);
      pages[lang] = { page, signInUrl: page.url() };
    }
    await advanceClock(session.env.url, 31 * 60);
    for (const lang of LANGS) {
      const { page, signInUrl } = pages[lang];
      const t = T[lang];
      await evidence(page, `expired-${lang}`, async () => {
        // The open form, submitted now.
        await fillSignIn(page, lang, WHO[lang].email, WHO[lang].password);
        const submitted = await submitAndLoad(page, () => page.getByRole('button', { name: t.submit, exact: true }).click());
        expect(submitted.status()).toBe(410);
        expect(await h1(page)).toBe(t.expiredHeading);
        // And the sign-in page's address, opened again.
        const reloaded = await page.goto(signInUrl);
        expect(reloaded?.status()).toBe(410);
        expect(await h1(page)).toBe(t.expiredHeading);
        expect(await page.locator('main p').first().innerText()).toBe(t.expiredBody);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.getByRole('link', { name: t.backToHelpCenter, exact: true }).getAttribute('href')).toBe(`${session.env.url}/help-center`);
        await expectNoAxeViolations(page, `request expired ${lang}`);
      });
    }
  });
});
