import fs from 'node:fs';
import { expectNoAxeViolations, saveScreenshot } from '../support/browser';
import { openAdminPage, useBrowserAndHost } from '../support/e2e';

/**
 * Section "Diagnostics" (issue 20, item 7) in a real browser, as a Jira admin, in en and de: opened by its
 * visible label, "Run checks" runs every check on the local host (all pass once the hourly trigger has run),
 * the results show with what to do (also at 375 px), and "Download results" gives support a JSON file. axe-core
 * before and after, German in the dark theme.
 */
jest.setTimeout(90_000);

const T = {
  en: {
    nav: 'Diagnostics',
    run: 'Run checks',
    download: 'Download results',
    finished: 'Checks finished: 14 passed, 0 degraded, 0 failed.',
    passed: 'Passed',
    check: 'A cookie set by the customer pages comes back',
    nothing: 'Nothing to do.',
    lastRun: 'Last run: ',
  },
  de: {
    nav: 'Diagnose',
    run: 'Prüfungen ausführen',
    download: 'Ergebnisse herunterladen',
    finished: 'Prüfungen beendet: 14 bestanden, 0 eingeschränkt, 0 fehlgeschlagen.',
    passed: 'Bestanden',
    check: 'Ein Cookie der Kundenseiten kommt zurück',
    nothing: 'Nichts zu tun.',
    lastRun: 'Zuletzt ausgeführt: ',
  },
};

// A cheaper password hash than production: how long OWASP's cost takes depends on the machine, not on the page.
const session = useBrowserAndHost({ host: { scrypt: { N: 2 ** 14, r: 8, p: 1 } } });

beforeAll(async () => {
  // A first install's hourly trigger has not run yet (the check would say "degraded"): run it once.
  await fetch(`${session.env.url}/local/api/scheduled/run`, { method: 'POST' });
});

describe.each(['en', 'de'] as const)('%s', (lang) => {
  const t = T[lang];
  test('open by its label, run the checks, see every result and download them', async () => {
    // German in the dark theme, so the status colours are checked by axe in both themes.
    const { page, frame, errors } = await openAdminPage(session, { lang, theme: lang === 'de' ? 'dark' : 'light', quietFavicon: true });
    try {
      await frame.getByRole('link', { name: t.nav, exact: true }).click();
      await frame.getByRole('heading', { level: 2, name: t.nav, exact: true }).waitFor();
      const run = frame.getByRole('button', { name: t.run, exact: true });
      await run.waitFor();
      await expectNoAxeViolations(frame, `diagnostics ${lang} before`);

      await run.click();
      await frame.getByRole('status').filter({ hasText: t.finished }).waitFor({ timeout: 30_000 });
      const list = frame.getByRole('list', { name: t.nav, exact: true });
      expect(await list.getByRole('listitem').count()).toBe(14);
      const cookie = list.getByRole('listitem').filter({ hasText: t.check });
      expect(await cookie.innerText()).toContain(t.passed);
      expect(await cookie.innerText()).toContain(t.nothing);
      await frame.getByText(t.lastRun).waitFor();
      await expectNoAxeViolations(frame, `diagnostics ${lang} results`);
      // On a phone the results wrap: no horizontal scrolling in the frame.
      await page.setViewportSize({ width: 375, height: 812 });
      expect(await frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await page.setViewportSize({ width: 1280, height: 800 });

      const [download] = await Promise.all([page.waitForEvent('download'), frame.getByRole('button', { name: t.download, exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(/^portal-access-diagnostics-\d{4}-\d\d-\d\d\.json$/);
      const file = JSON.parse(fs.readFileSync((await download.path()), 'utf8'));
      expect(file.ranAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(file.results).toHaveLength(14);
      expect(file.results.find((r: { id: string }) => r.id === 'cookie')).toMatchObject({ status: 'passed', title: t.check, advice: t.nothing });
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-diagnostics-${lang}`);
      throw error;
    }
  });
});
