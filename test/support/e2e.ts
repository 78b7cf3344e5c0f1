import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { HostOptions } from '../../local/host';
import { adminFrame, newClientContext, sharedBrowser, startE2eHost, watchPageErrors, type ContextOptions, type E2eHost } from './browser';

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
