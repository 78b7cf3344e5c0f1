import type { Page } from 'playwright-core';
import { saveScreenshot, watchPageErrors } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';

/**
 * Issue 13, item 5, in a real browser: when Jira answers 500 or does not answer in time, the agent panel
 * says what happened ("Jira did not answer. Try again in a moment." / German), and "Try again" loads the
 * panel once Jira answers again. Texts are literal (static/agent-panel/src/i18n.ts).
 */
jest.setTimeout(90_000);

const T = {
  en: { locale: 'en-US' as const, message: 'Jira did not answer. Try again in a moment.', retry: 'Try again', invited: 'Invited' },
  de: { locale: 'de-DE' as const, message: 'Jira hat nicht geantwortet. Versuchen Sie es gleich noch einmal.', retry: 'Erneut versuchen', invited: 'Eingeladen' },
};
type Lang = keyof typeof T;

// Jira answers within 500 ms here or counts as unavailable.
const session = useBrowserAndHost({ host: { jiraTimeoutMs: 500 } });

async function faults(body: object): Promise<void> {
  const response = await fetch(`${session.env.url}/local/api/jira/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

async function newPage(lang: Lang): Promise<Page> {
  const context = await session.newContext({ locale: T[lang].locale });
  return context.newPage();
}

describe.each(['en', 'de'] as const)('agent panel (%s) when Jira fails', (lang) => {
  const t = T[lang];
  afterEach(async () => faults({}));

  test.each([
    ['answers 500', { status: 500 }],
    ['does not answer in time', { delayMs: 5_000 }],
  ])('Jira %s → the panel says so; Try again loads it once Jira answers', async (name, fault) => {
    const page = await newPage(lang);
    const errors = watchPageErrors(page);
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(`${r.status()} ${r.url()}`);
    });
    try {
      await faults(fault);
      const response = await page.goto(`${session.env.url}/jira/browse/DEMO-1?persona=agent&lang=${lang}`);
      expect(response?.status()).toBe(200);
      const panel = page.frameLocator('iframe[title="Portal access"]');
      const notice = panel.getByRole('status').filter({ hasText: t.message });
      await notice.waitFor({ timeout: 10_000 });
      expect(await notice.textContent()).toBe(t.message);
      await saveScreenshot(page, `agent-panel-jira-unavailable-${lang}-${name.replace(/\W+/g, '-')}`);
      await faults({});
      await panel.getByRole('button', { name: t.retry, exact: true }).click();
      await panel.getByText(t.invited, { exact: true }).first().waitFor({ timeout: 10_000 });
      expect(await panel.getByText(t.message).count()).toBe(0);
      // Chromium logs the stand-in page's missing favicon as a failed resource; nothing else may fail.
      expect(failed).toEqual([]);
      expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `agent-panel-jira-unavailable-${lang}-failed`);
      throw error;
    }
  });
});

describe.each(['en', 'de'] as const)('agent panel (%s) when its code cannot load', (lang) => {
  it('says so instead of staying blank', async () => {
    const page = await newPage(lang);
    try {
      // The React part of the panel is a chunk of its own (static/agent-panel/src/main.tsx); a network that drops it.
      await page.route(/\/assets\/mount-[^/]*\.js$/, (route) => route.abort());
      await page.goto(`${session.env.url}/jira/browse/DEMO-1?persona=agent&lang=${lang}`);
      const panel = page.frameLocator('iframe[title="Portal access"]');
      const text = lang === 'de' ? 'Das Panel konnte nicht geladen werden. Laden Sie die Seite neu.' : 'The panel could not load. Reload the page to try again.';
      await panel.getByRole('alert').filter({ hasText: text }).waitFor({ timeout: 10_000 });
    } finally {
      await page.context().close();
    }
  });
});
