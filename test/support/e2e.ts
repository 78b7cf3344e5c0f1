import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { HostOptions } from '../../local/host';
import { adminFrame, expectNoAxeViolations, newClientContext, saveScreenshot, sharedBrowser, startE2eHost, watchPageErrors, type ContextOptions, type E2eHost } from './browser';

/**
 * The set-up every browser test file shares: headless chromium (the jest worker's, see sharedBrowser) and one
 * local host for the file (`beforeAll`, `afterAll`), client contexts that are closed at the end (every context
 * the file opened, also those opened on `browser` directly), and the admin page opened in the Jira settings
 * stand-in. Call `useBrowserAndHost()` at the top of the file; a file's own `beforeAll` (seeding data) runs after
 * this one.
 */
export interface E2eSession {
  readonly browser: Browser;
  readonly env: E2eHost;
  /** A new client context (see newClientContext), closed after the file's tests. */
  newContext(options?: SessionContextOptions): Promise<BrowserContext>;
  /** A page in a new client context. */
  newPage(options?: SessionContextOptions): Promise<Page>;
}

export interface SessionContextOptions extends ContextOptions {
  /** Answers the browser's own favicon request (timing-dependent, not the app's) with an empty 204. */
  quietFavicon?: boolean;
}

/**
 * `host`: what the file changes on its host (see startE2eHost), or false for only the browser (files that start
 * a host of their own per block).
 */
export function useBrowserAndHost(options: { host?: false | Omit<HostOptions, 'dataDir' | 'port'> } = {}): E2eSession {
  let browser: Browser | undefined;
  let ownBrowser = false;
  let before = new Set<BrowserContext>();
  let env: E2eHost | undefined;
  beforeAll(async () => {
    const [shared, host] = await Promise.all([sharedBrowser(), options.host === false ? undefined : startE2eHost(options.host)]);
    ({ browser, owned: ownBrowser } = shared);
    before = new Set(browser.contexts());
    env = host;
  });
  afterAll(async () => {
    // All at once: one after another, each close waits for its renderer to go (a file opens up to 40 contexts;
    // 20 took 5.8–7.5 s one by one on the loaded machine, 1.9–4.6 s at once).
    await Promise.all((browser?.contexts() ?? []).filter((context) => !before.has(context)).map((context) => context.close().catch(() => undefined)));
    if (ownBrowser) await browser?.close();
    await env?.close();
  });
  const session: E2eSession = {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    get env() {
      if (!env) throw new Error(options.host === false ? 'this session has no host' : 'the host starts in beforeAll');
      return env;
    },
    async newContext({ quietFavicon, ...contextOptions } = {}) {
      const context = await newClientContext(session.browser, contextOptions);
      if (quietFavicon) await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
      return context;
    },
    async newPage(contextOptions) {
      return (await session.newContext(contextOptions)).newPage();
    },
  };
  return session;
}

export const BROWSER_LOCALE = { en: 'en-US', de: 'de-DE' } as const;

export interface AdminPageOptions {
  lang: 'en' | 'de';
  /** Default `admin`. */
  persona?: string;
  /** Added to the URL only when given (the stand-in's default is light). */
  theme?: 'light' | 'dark';
  /** A section, e.g. `customers` or `sso`. */
  hash?: string;
  /** Default true: axe is injected as an inline script, which the admin page's CSP would block. */
  bypassCSP?: boolean;
  quietFavicon?: boolean;
}

/**
 * Opens the admin page in the Jira settings stand-in (`/jira/settings/apps/portal-access`) in a new client
 * context, expects 200, and returns its frame once loaded, with the page's console and page errors.
 */
export async function openAdminPage(session: E2eSession, options: AdminPageOptions): Promise<{ context: BrowserContext; page: Page; frame: Frame; errors: string[] }> {
  const context = await session.newContext({ locale: BROWSER_LOCALE[options.lang], bypassCSP: options.bypassCSP ?? true, quietFavicon: options.quietFavicon });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const query = new URLSearchParams({ persona: options.persona ?? 'admin', lang: options.lang, ...(options.theme ? { theme: options.theme } : {}) });
  const url = `${session.env.url}/jira/settings/apps/portal-access?${query}${options.hash ? `#${options.hash}` : ''}`;
  const status = (await page.goto(url))?.status();
  if (status !== 200) throw new Error(`${url} answered ${status}`);
  return { context, page, frame: await adminFrame(page), errors };
}

/**
 * A page for the customer profile panel alone in its frame (`/module/profile-panel`) in a new client context:
 * `width` wide, its errors watched, and the panel's URL: as Jane (the demo customer persona), or as the portal
 * customer with the address `accountFor` (the Jira emulator makes the account). Go to `url` inside the test's try.
 */
export async function profilePanelPage(
  session: E2eSession,
  options: { lang: 'en' | 'de'; width: number; theme?: 'light' | 'dark'; accountFor?: string },
): Promise<{ page: Page; errors: string[]; url: string }> {
  const page = await session.newPage({ locale: BROWSER_LOCALE[options.lang], quietFavicon: true });
  await page.setViewportSize({ width: options.width, height: 900 });
  const errors = watchPageErrors(page);
  const account = options.accountFor ? session.env.host.jira.ensurePortalCustomer({ email: options.accountFor, displayName: options.accountFor }) : undefined;
  const query = new URLSearchParams({ persona: 'customer', lang: options.lang, ...(options.theme ? { theme: options.theme } : {}), ...(account ? { account } : {}) });
  return { page, errors, url: `${session.env.url}/module/profile-panel?${query}` };
}

/** Nothing on the page scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

/** What has the keyboard focus in `frame`: the element's id, text and aria-label ('' where it has none). */
export interface Focused {
  id: string;
  text: string;
  label: string;
}

export const focused = (frame: Frame): Promise<Focused> =>
  frame.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '', label: document.activeElement?.getAttribute('aria-label') ?? '' }));

/** Presses Tab until `done` holds for what has the focus in `frame`; after `max` presses it fails, naming `what` and where the focus is. */
export async function tabUntil(page: Page, frame: Frame, done: (f: Focused) => boolean, what: string, max = 150): Promise<void> {
  for (let tabs = 0; !done(await focused(frame)); tabs++) {
    if (tabs > max) throw new Error(`Tab never reached ${what} (at ${JSON.stringify(await focused(frame))})`);
    await page.keyboard.press('Tab');
  }
}

/** Retries `read` until its value equals `expected` (UI updates after a resolver call are asynchronous), then expects it equal. */
export async function poll<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toEqual(expected);
}

/** The help center's "Log in" link and the password form, in literal texts (a wrong or missing translation fails). */
export const SIGN_IN_TEXT = {
  en: { logIn: 'Log in', identifier: 'Email address or username', password: 'Password', signIn: 'Sign in' },
  de: { logIn: 'Anmelden', identifier: 'E-Mail-Adresse oder Benutzername', password: 'Passwort', signIn: 'Anmelden' },
} as const;

/** On `page`: the help center of the session's host, its "Log in" link, the password form filled and sent; what comes next is the caller's. */
export async function signInFromHelpCenter(session: E2eSession, page: Page, lang: 'en' | 'de', identifier: string, password: string): Promise<void> {
  const t = SIGN_IN_TEXT[lang];
  await page.goto(`${session.env.url}/help-center?lang=${lang}`);
  await page.getByRole('link', { name: t.logIn, exact: true }).first().click();
  await page.getByLabel(t.identifier).fill(identifier);
  await page.getByLabel(t.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: t.signIn }).click();
}

/** A page in a new client context for `locale` with the CSP bypassed (the pages' strict nonce CSP would block the script tag axe-core is injected with). */
export async function newAxePage(session: E2eSession, locale: ContextOptions['locale']): Promise<Page> {
  return (await session.newContext({ locale, bypassCSP: true })).newPage();
}

/**
 * A customer page as loaded: its status (when `status` and `response` are given), its main heading, its html
 * lang, and no axe violations; on a failure a screenshot `a11y-<label>` is kept.
 */
export async function expectCustomerPage(page: Page, expected: { heading: string; lang: string; label: string; status?: number; response?: { status(): number } | null }): Promise<void> {
  try {
    if (expected.status !== undefined && expected.response) expect(expected.response.status()).toBe(expected.status);
    expect(await page.locator('main h1').textContent()).toBe(expected.heading);
    expect(await page.locator('html').getAttribute('lang')).toBe(expected.lang);
    await expectNoAxeViolations(page, expected.label);
  } catch (error) {
    await saveScreenshot(page, `a11y-${expected.label}`);
    throw error;
  }
}
