import type { BrowserContext, Frame, Page, Request } from 'playwright-core';
import { adminFrame, withScreenshot } from './browser';
import type { E2eSession } from './e2e';
import { T, type Customer, type Lang } from './sso-texts';

/**
 * The pages of the help-center sign-in through the app as SAML identity provider (issue 10), as the browser
 * journeys of test/e2e/sso-journey.test.ts and sso-pages.test.ts see them: the help center, its "Log in" (the
 * AuthnRequest by HTTP-Redirect), the app's sign-in page, the auto-posting hand-back to the help center's ACS,
 * and the admin's "Test sign-in". `ssoPages(session)` binds them to a file's host.
 */

/** The help center's assertion consumer service (local/saml-sp.ts). */
export const ACS = '/help-center/login/callback';

export const h1 = (page: Page) => page.locator('main h1').innerText();
export const isSignInUrl = (url: URL) => url.pathname === '/x/customer-pages/sign-in' && /^[A-Za-z0-9_-]{43}$/.test(url.searchParams.get('request') ?? '');
export const isHelpCenterUrl = (url: URL) => url.pathname === '/help-center';

/** Runs `run`; on a failure keeps a screenshot `sso-journey-<name>` of `page`. */
export const evidence = <R>(page: Page, name: string, run: () => Promise<R>): Promise<R> => withScreenshot(page, `sso-journey-${name}`, run);

export async function expectSignedOut(page: Page, lang: Lang): Promise<void> {
  expect(await page.getByRole('link', { name: T[lang].logIn, exact: true }).count()).toBe(1);
  expect(await page.getByText(T[lang].signedInAs).count()).toBe(0);
}

export async function fillSignIn(page: Page, lang: Lang, identifier: string, password: string): Promise<void> {
  await page.getByLabel(T[lang].identifier, { exact: true }).fill(identifier);
  await page.getByLabel(T[lang].password, { exact: true }).fill(password);
}

/** Signs in on the sign-in page (JavaScript on): the auto-post form carries the browser on to the help center. */
export async function signInToHelpCenter(page: Page, lang: Lang, who: Customer, password = who.password): Promise<void> {
  await fillSignIn(page, lang, who.email, password);
  const acsPosts: number[] = [];
  const onResponse = (r: { url(): string; status(): number; request(): Request }) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === ACS) acsPosts.push(r.status());
  };
  page.on('response', onResponse);
  await Promise.all([page.waitForURL(isHelpCenterUrl), page.getByRole('button', { name: T[lang].submit, exact: true }).click()]);
  page.off('response', onResponse);
  // The ACS accepted the response (303 to the RelayState).
  expect(acsPosts).toEqual([303]);
}

/** The sign-in page as issue 10 asks for it: heading, both fields, "Forgot your password?", language switch, footer. */
export async function expectSignInPage(page: Page, lang: Lang, reference: string): Promise<void> {
  const t = T[lang];
  expect(await h1(page)).toBe(t.signInHeading);
  expect(await page.title()).toBe(`${t.signInHeading} – Demo Service Desk`);
  expect(await page.locator('html').getAttribute('lang')).toBe(lang);
  expect(await page.locator('main p').first().innerText()).toBe(t.intro);
  await expect(page.getByLabel(t.identifier, { exact: true }).getAttribute('autocomplete')).resolves.toBe('username');
  await expect(page.getByLabel(t.password, { exact: true }).getAttribute('type')).resolves.toBe('password');
  expect(await page.getByRole('button', { name: t.submit, exact: true }).count()).toBe(1);
  const forgot = new URL((await page.getByRole('link', { name: t.forgot, exact: true }).getAttribute('href'))!);
  expect(forgot.pathname).toBe('/x/customer-pages/forgot');
  expect(forgot.searchParams.get('lang')).toBe(lang);
  const other = lang === 'en' ? 'de' : 'en';
  const switchLink = page.getByRole('link', { name: t.switchTo, exact: true });
  expect(await switchLink.getAttribute('hreflang')).toBe(other);
  const switchUrl = new URL((await switchLink.getAttribute('href'))!);
  expect(switchUrl.pathname).toBe('/x/customer-pages/sign-in');
  expect(switchUrl.searchParams.get('request')).toBe(reference);
  expect(switchUrl.searchParams.get('lang')).toBe(other);
  expect(await page.locator('footer').innerText()).toContain('Demo Company GmbH');
}

/** The steps that need the file's host (its URL, its browser contexts). */
export function ssoPages(session: E2eSession) {
  /**
   * A browser context that is its own client (X-Forwarded-For, see nextClientAddress). `bypassCSP` only for axe
   * (the pages' nonce CSP blocks the injected script); journeys keep the real policy. `js: false` disables
   * JavaScript. `watchesErrors`: the test asserts the page's console errors, so the browser's own favicon request
   * is answered (quietFavicon); only there, as that route sends every request of the context through this process.
   */
  async function newContext(lang: Lang, options: { js?: boolean; bypassCSP?: boolean; width?: number; watchesErrors?: boolean } = {}): Promise<BrowserContext> {
    return session.newContext({
      locale: T[lang].locale,
      bypassCSP: options.bypassCSP ?? false,
      javaScriptEnabled: options.js ?? true,
      ...(options.width ? { viewport: { width: options.width, height: 800 } } : {}),
      quietFavicon: options.watchesErrors ?? false,
    });
  }

  /** The help center, anonymous: checks that nobody is signed in. */
  async function openHelpCenter(page: Page, lang: Lang): Promise<void> {
    expect((await page.goto(`${session.env.url}/help-center?lang=${lang}`))?.status()).toBe(200);
    expect(await page.locator('header h1').innerText()).toBe(T[lang].helpCenterHeading);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    await expectSignedOut(page, lang);
  }

  /** Help center → "Log in" → (AuthnRequest) → the app's sign-in page; returns the pending request's reference. */
  async function startSignIn(page: Page, lang: Lang): Promise<string> {
    await openHelpCenter(page, lang);
    const redirects: string[] = [];
    const onRequest = (request: Request) => {
      if (request.isNavigationRequest()) redirects.push(request.url());
    };
    page.on('request', onRequest);
    await Promise.all([page.waitForURL(isSignInUrl), page.getByRole('link', { name: T[lang].logIn, exact: true }).click()]);
    page.off('request', onRequest);
    // HTTP-Redirect binding: the help center's login sent the browser to the app's SSO URL with a deflated request and RelayState.
    const sso = redirects.map((u) => new URL(u)).find((u) => u.pathname === '/x/customer-pages/saml/sso');
    expect(sso?.searchParams.get('SAMLRequest')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(sso?.searchParams.get('RelayState')).toBe(`/help-center?lang=${lang}`);
    expect(await h1(page)).toBe(T[lang].signInHeading);
    return new URL(page.url()).searchParams.get('request')!;
  }

  async function expectSignedIn(page: Page, lang: Lang, who: Customer): Promise<void> {
    expect(page.url()).toBe(`${session.env.url}/help-center?lang=${lang}`);
    const nav = page.getByRole('navigation');
    expect((await nav.locator('p').first().innerText()).trim()).toBe(`${T[lang].signedInAs} ${who.name}`);
    expect(await page.getByRole('link', { name: T[lang].logIn, exact: true }).count()).toBe(0);
    const requests = page.getByRole('region', { name: T[lang].requests });
    for (const r of who.requests) {
      expect(await requests.getByRole('row').filter({ hasText: r.key }).innerText()).toBe(`${r.key}\t${r.summary}`);
    }
  }

  /** The admin page's "Single sign-on" section (as the admin persona), loaded. */
  async function openAdminSso(context: BrowserContext, lang: Lang): Promise<{ page: Page; frame: Frame }> {
    const page = await context.newPage();
    expect((await page.goto(`${session.env.url}/jira/settings/apps/portal-access?persona=admin&lang=${lang}#sso`))?.status()).toBe(200);
    const frame = await adminFrame(page);
    await frame.locator('nav.pa-nav').waitFor();
    await frame.locator('nav.pa-nav a[href="#sso"]').click();
    await frame.getByRole('heading', { level: 2, name: T[lang].admin.heading, exact: true }).waitFor();
    return { page, frame };
  }

  return { newContext, openHelpCenter, startSignIn, expectSignedIn, openAdminSso };
}

/**
 * Starts the admin's test sign-in for `identifier` and returns the page it opened: the popup when the browser
 * opened one, else the page behind the link "Open the test sign-in page".
 */
export async function startTestSignIn(context: BrowserContext, frame: Frame, lang: Lang, identifier: string): Promise<Page> {
  const a = T[lang].admin;
  await frame.locator('#pa-sso-test-identifier').fill(identifier);
  const popup = context.waitForEvent('page', { timeout: 5000 }).catch(() => undefined);
  await frame.getByRole('button', { name: a.button, exact: true }).click();
  const link = frame.getByRole('link', { name: a.link, exact: true });
  await link.waitFor({ timeout: 10_000 });
  let opened = await popup;
  if (!opened) {
    [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
  }
  await opened.waitForLoadState('load');
  return opened;
}
