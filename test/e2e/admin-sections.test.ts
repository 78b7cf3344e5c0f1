import type { Frame, Page } from 'playwright-core';
import { SECTION_IDS } from '../../static/admin/src/sections/types';
import { adminFrame, expectNoAxeViolations, saveScreenshot, watchNetwork, watchPageErrors, type NetworkWatch } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';

/**
 * Every section of the admin page, as a Jira admin, in en and de, light and dark: opened from the navigation
 * with the keyboard alone (Tab to its link, Enter), its content loaded, then axe-core inside the frame (0
 * violations) and no horizontal scrolling at 375 px viewport width (the settings page and the frame). The
 * sections come from the navigation itself, which must list every section the page knows. Non-admins see
 * only the refusal: no navigation, no controls.
 *
 * One admin page per language and theme, as an admin uses it: each section's test moves there from the section
 * the previous test left open (back at desktop width), so every section is entered from another one by keyboard,
 * and the page's errors are counted per test. (One page per test loaded the admin page 52 times, most of this
 * file's time.) A test run on its own (`-t`) opens its page first.
 */
jest.setTimeout(60_000);

const T = {
  en: { locale: 'en-US' as const, loading: 'Loading', forbidden: 'Only Jira administrators can see and change these settings.' },
  de: { locale: 'de-DE' as const, loading: 'Wird geladen', forbidden: 'Nur Jira-Administratoren können diese Einstellungen sehen und ändern.' },
};
type Lang = keyof typeof T;
type Theme = 'light' | 'dark';
const PHONE = { width: 375, height: 812 };
/** The context's default viewport (newClientContext), where each section's test starts. */
const DESKTOP = { width: 1280, height: 720 };

const session = useBrowserAndHost();

interface AdminPage {
  page: Page;
  frame: Frame;
  /** The page's console and page errors since it opened (watchPageErrors). */
  errors: string[];
  network: NetworkWatch;
}

async function open(persona: string, lang: Lang, theme: Theme): Promise<AdminPage> {
  const context = await session.newContext({ locale: T[lang].locale, bypassCSP: true });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const network = watchNetwork(page);
  expect((await page.goto(`${session.env.url}/jira/settings/apps/portal-access?persona=${persona}&lang=${lang}&theme=${theme}`))?.status()).toBe(200);
  const frame = await adminFrame(page);
  await frame.locator('nav.pa-nav, .pa-calm').first().waitFor();
  expect(await frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
  expect(await frame.evaluate(() => document.documentElement.lang)).toBe(lang);
  return { page, frame, errors, network };
}

/** The admin's page in this language and theme, opened by the first test that needs it and kept for the file. */
const adminPages = new Map<string, Promise<AdminPage>>();
function adminPage(lang: Lang, theme: Theme): Promise<AdminPage> {
  const key = `${lang} ${theme}`;
  if (!adminPages.has(key)) adminPages.set(key, open('admin', lang, theme));
  return adminPages.get(key)!;
}

/** Presses Tab (or Shift+Tab, to go back from a section to the navigation) until the navigation link to `#id` has focus. */
async function tabToLink(page: Page, frame: Frame, id: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  const here = () => frame.evaluate(() => (document.hasFocus() ? (document.activeElement?.closest('nav') ? document.activeElement.getAttribute('href') : null) : null));
  for (let tabs = 0; (await here()) !== `#${id}`; tabs++) {
    if (tabs > 80) throw new Error(`${key} never reached the navigation link #${id}`);
    await page.keyboard.press(key);
  }
}

/**
 * Opens a section from the navigation with the keyboard (the section shown first is left and re-entered, so
 * opening it is a real move). From inside a section (where the previous one left the focus) the navigation is
 * behind: Shift+Tab; from the top of the page: Tab.
 */
async function openByKeyboard(page: Page, frame: Frame, id: string): Promise<void> {
  const shown = await frame.locator('nav.pa-nav a[aria-current="page"]').getAttribute('href');
  const direction = async () => ((await frame.evaluate(() => Boolean(document.activeElement?.closest('main')))) ? 'Shift+Tab' : 'Tab');
  if (shown === `#${id}`) {
    const other = SECTION_IDS.find((s) => s !== id)!;
    await tabToLink(page, frame, other, await direction());
    await page.keyboard.press('Enter');
    await frame.locator(`nav.pa-nav a[href="#${other}"][aria-current="page"]`).waitFor();
    await tabToLink(page, frame, id, 'Shift+Tab');
  } else {
    await tabToLink(page, frame, id, await direction());
  }
  await page.keyboard.press('Enter');
  await frame.locator(`nav.pa-nav a[href="#${id}"][aria-current="page"]`).waitFor();
}

/**
 * Waits until the section has loaded: no request of the page is in flight, nothing in main is aria-busy or says
 * "Loading…", and its text is the same after the browser has rendered twice more (so an answer that just came
 * in, and any request its rendering starts, are seen). Follows the page's requests and frames, not a timer.
 */
async function sectionSettled(frame: Frame, network: NetworkWatch, lang: Lang): Promise<void> {
  const snapshot = () =>
    frame.evaluate(async (loading) => {
      for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => setTimeout(resolve, 0));
      const main = document.querySelector('main');
      if (!main || main.querySelector('[aria-busy="true"]') || main.innerText.includes(loading)) return null;
      return main.innerText;
    }, T[lang].loading);
  const until = Date.now() + 10_000;
  let last: string | null = null;
  for (;;) {
    await network.idle(Math.max(0, until - Date.now()));
    const now = await snapshot();
    if (now !== null && now === last && network.inFlight() === 0) return;
    last = now;
    if (Date.now() > until) throw new Error(`section still loading after 10 s: ${(await frame.locator('main').innerText()).slice(0, 200)}`);
  }
}

/** Horizontal overflow of the settings page and of the frame's document, in px (0 = none). */
async function overflow(page: Page, frame: Frame): Promise<{ page: number; frame: number; wide: string[] }> {
  const measure = () => {
    const root = document.documentElement;
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`);
    return { over: root.scrollWidth - root.clientWidth, wide };
  };
  const outer = await page.evaluate(measure);
  const inner = await frame.evaluate(measure);
  return { page: outer.over, frame: inner.over, wide: [...outer.wide.map((w) => `page ${w}`), ...inner.wide.map((w) => `frame ${w}`)] };
}

const combos = (['en', 'de'] as const).flatMap((lang) => (['light', 'dark'] as const).map((theme) => ({ lang, theme })));

describe.each(combos)('admin, $lang $theme', ({ lang, theme }) => {
  test('the navigation lists every section', async () => {
    const { frame } = await adminPage(lang, theme);
    const hrefs = await frame.locator('nav.pa-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(SECTION_IDS.map((id) => `#${id}`));
  });

  test.each(SECTION_IDS.map((id) => ({ id })))('$id: opened by keyboard, axe clean, no horizontal scrolling at 375 px', async ({ id }) => {
    const { page, frame, errors: pageErrors, network } = await adminPage(lang, theme);
    const before = pageErrors.length;
    const label = `admin-section ${id} ${lang} ${theme}`;
    try {
      await page.setViewportSize(DESKTOP);
      await openByKeyboard(page, frame, id);
      await sectionSettled(frame, network, lang);
      // Focus moved into the section (its heading), not left on the link or lost.
      const focusInSection = await frame.evaluate(() => Boolean(document.activeElement?.closest('main')));
      await expectNoAxeViolations(frame, label);

      await page.setViewportSize(PHONE);
      await sectionSettled(frame, network, lang);
      const over = await overflow(page, frame);
      if (lang === 'en' && theme === 'light') await saveScreenshot(page, `admin-section-${id}-375`);
      expect({ ...over, wide: over.page > 0 || over.frame > 0 ? over.wide : [] }).toEqual({ page: 0, frame: 0, wide: [] });
      expect(pageErrors.slice(before)).toEqual([]);
      expect(focusInSection).toBe(true);
    } catch (error) {
      await saveScreenshot(page, label);
      throw error;
    }
  });
});

describe.each(['agent', 'customer', 'anonymous'] as const)('%s', (persona) => {
  test.each(['en', 'de'] as const)('%s: only the refusal, no navigation, axe clean', async (lang) => {
    const { page, frame } = await open(persona, lang, 'light');
    try {
      await frame.getByText(T[lang].forbidden, { exact: true }).waitFor();
      expect(await frame.locator('nav').count()).toBe(0);
      expect(await frame.locator('main a, input, select, textarea, button').count()).toBe(0);
      await expectNoAxeViolations(frame, `admin refused ${persona} ${lang}`);
    } catch (error) {
      await saveScreenshot(page, `admin-refused-${persona}-${lang}`);
      throw error;
    }
  });
});
