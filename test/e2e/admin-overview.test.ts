import type { Frame, Page } from 'playwright-core';
import { OVERVIEW_SERIES, type AdminResult, type OverviewData, type SettingsData } from '../../src/surfaces/admin-api';
import { PHONE, T, downloaded, focusedName, overflow, type Lang } from '../support/admin-overview-page';
import { expectNoAxeViolations, invokeResolver, saveScreenshot } from '../support/browser';
import { openAdminPage, useBrowserAndHost } from '../support/e2e';

/**
 * Section "Overview" (issue 14) in a real browser, as a Jira admin, en and de, light and dark: it is the
 * page's first section and opens without a hash; the charts are reached with the keyboard (Tab) and show
 * the exact day and count on focus, the arrow keys move between days; "Show as table" gives the same
 * figures; the funnel's figures and the "Needs attention" links open the Customers list filtered to exactly
 * what the figure counts (the filter shown selected, as many rows across pages as the figure says); a chart's
 * own "Download CSV" and the all-series one give files with the same figures as the chart's table; axe-core
 * finds nothing in any of these states; at 375 px nothing scrolls sideways. Texts and readers:
 * test/support/admin-overview-page.ts.
 */
jest.setTimeout(120_000);

const session = useBrowserAndHost();
let data: OverviewData;

const admin = <T>(functionKey: string, payload: unknown) => invokeResolver<AdminResult<T>>(session.env.url, { moduleKey: 'admin-page', functionKey, payload, persona: 'admin' });

beforeAll(async () => {
  // Something to draw today: an invitation sent from the admin page's own API.
  const invited = await admin('admin/customers/invite', { email: 'overview.test@example.org', displayName: 'Overview Test', locale: 'en' });
  expect(invited.ok).toBe(true);
  // One that expires within 48 hours: sent while invitation links live one day (the setting put back after).
  const settings = await admin<SettingsData>('admin/settings/get', {});
  if (!settings.ok) throw new Error(JSON.stringify(settings));
  const { twoStep, ...security } = settings.data.security;
  const save = (change: Partial<typeof security>) => admin('admin/security/save', { ...security, ...change, twoStep: { policy: twoStep.policy, methods: twoStep.methods } });
  expect((await save({ inviteLinkDays: 1, inviteReminderDays: 0 })).ok).toBe(true);
  expect((await admin('admin/customers/invite', { email: 'expiring.soon@example.org', displayName: 'Expiring Soon', locale: 'de' })).ok).toBe(true);
  expect((await save({})).ok).toBe(true);
  await session.env.host.idle();
  const result = await invokeResolver<AdminResult<OverviewData>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/overview', payload: {}, persona: 'admin' });
  if (!result.ok) throw new Error(JSON.stringify(result));
  await session.env.host.idle(); // the backfill the first load started
  data = result.data;
});

async function open(lang: Lang, theme: 'light' | 'dark'): Promise<{ page: Page; frame: Frame; errors: string[] }> {
  const { page, frame, errors } = await openAdminPage(session, { lang, theme, quietFavicon: true });
  await frame.getByRole('heading', { level: 2, name: T[lang].nav, exact: true }).waitFor();
  await frame.getByRole('group', { name: new RegExp(`^${T[lang].chart}`) }).waitFor();
  return { page, frame, errors };
}

const combos = (['en', 'de'] as const).flatMap((lang) => (['light', 'dark'] as const).map((theme) => ({ lang, theme })));

describe.each(combos)('$lang $theme', ({ lang, theme }) => {
  test('first in the navigation and opened without a hash; charts by keyboard with a tooltip, table toggle, axe clean, 375 px', async () => {
    const { page, frame, errors } = await open(lang, theme);
    const label = `admin-overview ${lang} ${theme}`;
    try {
      const first = frame.locator('nav.pa-nav a').first();
      expect(await first.innerText()).toBe(T[lang].nav);
      expect(await first.getAttribute('aria-current')).toBe('page');
      await expectNoAxeViolations(frame, `${label} loaded`);

      // Tab to the first chart: the tooltip shows today and its count.
      const chartName = new RegExp(`^${T[lang].chart}`);
      for (let tabs = 0; !chartName.test(await focusedName(frame)); tabs++) {
        if (tabs > 40) throw new Error('Tab never reached the first chart');
        await page.keyboard.press('Tab');
      }
      const chart = frame.getByRole('group', { name: chartName });
      const tip = chart.getByRole('status');
      const last = data.days.length - 1;
      expect(await tip.innerText()).toBe(`${T[lang].day(data.days[last])}: ${data.series.invitations[last]}`);
      expect(data.series.invitations[last]).toBeGreaterThanOrEqual(1);
      await page.keyboard.press('ArrowLeft');
      expect(await tip.innerText()).toBe(`${T[lang].day(data.days[last - 1])}: ${data.series.invitations[last - 1]}`);
      await page.keyboard.press('Home');
      expect(await tip.innerText()).toBe(`${T[lang].day(data.days[0])}: ${data.series.invitations[0]}`);
      await expectNoAxeViolations(frame, `${label} tooltip`);

      // Hover shows a day too.
      await chart.hover({ position: { x: 3, y: 10 } });
      expect(await tip.innerText()).toContain(T[lang].day(data.days[0]));

      // The same figures as a table.
      const figure = frame.locator('figure', { has: frame.getByText(T[lang].chart, { exact: true }) });
      await figure.getByRole('button', { name: T[lang].showTable }).click();
      const table = figure.getByRole('table', { name: T[lang].chart });
      await table.waitFor();
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c as HTMLElement).innerText)));
      expect(rows).toEqual(data.days.map((d, i) => [T[lang].day(d), String(data.series.invitations[i])]));
      await expectNoAxeViolations(frame, `${label} table`);
      await figure.getByRole('button', { name: T[lang].showChart }).click();
      await chart.waitFor();

      await page.setViewportSize(PHONE);
      // The frame has laid out and painted at the new width: two frames of its own, not a fixed wait.
      await frame.evaluate(async () => {
        for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      });
      if (theme === 'light') await saveScreenshot(page, `admin-overview-${lang}-375`);
      expect(await overflow(page, frame)).toBe(0);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, label);
      throw error;
    }
  });
});

describe.each(['en', 'de'] as const)('%s: links into the Customers list', (lang) => {
  test('the "Invited" figure opens Customers filtered to invited customers, focus on its heading', async () => {
    const { page, frame } = await open(lang, 'light');
    try {
      const link = frame.getByRole('link', { name: new RegExp(`^${T[lang].invited} ${data.funnel.invited} `) });
      await link.focus();
      await page.keyboard.press('Enter');
      const heading = frame.getByRole('heading', { level: 2, name: T[lang].customers, exact: true });
      await heading.waitFor();
      expect(await frame.evaluate(() => location.hash)).toBe('#customers?status=invited');
      expect(await frame.locator('#pa-customers-status-filter').inputValue()).toBe('invited');
      await frame.locator('table tbody tr').first().waitFor();
      const statuses = await frame.locator('table tbody .pa-customer-status').allInnerTexts();
      expect(statuses.length).toBe(data.funnel.invited);
      expect(new Set(statuses).size).toBe(1);
      expect(await frame.evaluate(() => document.activeElement?.id)).toBe('pa-customers-title');
    } catch (error) {
      await saveScreenshot(page, `admin-overview-links-${lang}`);
      throw error;
    }
  });
});

/** The Customers list after a link: the filter shown selected, and every row across its pages. */
async function listedAfterLink(frame: Frame, lang: Lang, hash: string, filterValue: string, filterName: string): Promise<string[][]> {
  await frame.getByRole('heading', { level: 2, name: T[lang].customers, exact: true }).waitFor();
  expect(await frame.evaluate(() => location.hash)).toBe(hash);
  const select = frame.getByRole('combobox', { name: T[lang].statusFilter, exact: true });
  expect(await select.inputValue()).toBe(filterValue);
  expect(await select.locator('option:checked').innerText()).toBe(filterName);
  const rows: string[][] = [];
  const busy = frame.locator('section.pa-customers[aria-busy="true"]');
  for (let page = 1; ; page++) {
    await frame.locator('section.pa-customers[aria-busy="false"]').waitFor();
    rows.push(...(await frame.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('td')?.textContent ?? '', tr.querySelector('.pa-customer-status')?.textContent ?? '']))));
    const next = frame.getByRole('button', { name: T[lang].next, exact: true });
    if (await next.isDisabled()) break;
    await next.click();
    await frame.getByRole('table', { name: new RegExp(`${page + 1}$`) }).waitFor();
    await busy.waitFor({ state: 'detached' }).catch(() => undefined);
  }
  return rows;
}

describe.each(['en', 'de'] as const)('%s: figures link to lists of exactly what they count', (lang) => {
  test('"Registered" opens the group of every registered customer (locked and reset link sent included), as many as the figure', async () => {
    const { page, frame, errors } = await open(lang, 'light');
    try {
      expect(data.funnel.active).toBeGreaterThan(0);
      await frame.getByRole('link', { name: new RegExp(`^${T[lang].registered} ${data.funnel.active} `) }).click();
      const rows = await listedAfterLink(frame, lang, '#customers?status=registered', 'registered', T[lang].registered);
      expect(rows).toHaveLength(data.funnel.active);
      const statuses = new Set(rows.map(([, status]) => status));
      expect([...statuses].every((s) => T[lang].registeredStatuses.includes(s))).toBe(true);
      expect(statuses.has(T[lang].registeredStatuses[1])).toBe(true); // the demo's locked customer is registered too
      await expectNoAxeViolations(frame, `admin-overview registered ${lang}`);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-overview-registered-${lang}`);
      throw error;
    }
  });

  test('"Invitations expiring in the next 48 hours" opens exactly those; the delivery-problem link says where it goes', async () => {
    const { page, frame, errors } = await open(lang, 'light');
    try {
      expect(data.attention.expiringSoon).toBeGreaterThanOrEqual(1);
      await frame.getByRole('link', { name: T[lang].expiringLink, exact: true }).click();
      const rows = await listedAfterLink(frame, lang, '#customers?status=invite-expiring', 'invite-expiring', T[lang].expiringFilter);
      expect(rows).toHaveLength(data.attention.expiringSoon);
      expect(rows.map(([email]) => email)).toContain('expiring.soon@example.org');
      expect(rows.map(([email]) => email)).not.toContain('overview.test@example.org');
      await expectNoAxeViolations(frame, `admin-overview expiring ${lang}`);

      await frame.locator('nav.pa-nav a').first().click();
      await frame.getByRole('link', { name: T[lang].deliveryLink, exact: true }).click();
      const problems = await listedAfterLink(frame, lang, '#customers?status=delivery-problem', 'delivery-problem', T[lang].deliveryFilter);
      expect(problems).toHaveLength(data.attention.deliveryProblems);
      if (problems.length === 0) await frame.getByText(T[lang].empty, { exact: true }).waitFor();
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-overview-expiring-${lang}`);
      throw error;
    }
  });
});

describe.each(['en', 'de'] as const)('%s: CSV downloads', (lang) => {
  test('a chart\'s own "Download CSV" (named with its title) and the all-series one hold the figures of the chart\'s table', async () => {
    const { page, frame, errors } = await open(lang, 'light');
    try {
      // One per chart, each told apart by its title; the all-series button keeps its label.
      const names = await frame.locator('figure button[aria-label]').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
      expect(names).toHaveLength(await frame.locator('figure').count());
      expect(new Set(names).size).toBe(names.length);
      expect(names.every((name) => name?.startsWith(`${T[lang].csv}: `))).toBe(true);
      await expectNoAxeViolations(frame, `admin-overview csv ${lang}`);

      const figure = frame.locator('figure', { has: frame.getByText(T[lang].chart, { exact: true }) });
      await figure.getByRole('button', { name: T[lang].showTable }).click();
      const table = await figure
        .getByRole('table', { name: T[lang].chart })
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c as HTMLElement).innerText)));
      expect(table).toHaveLength(30);
      const count = new Intl.NumberFormat(T[lang].locale);
      const asShown = (rows: string[][], column: number) => rows.map((row) => [T[lang].day(row[0]), count.format(Number(row[column]))]);

      const chart = await downloaded(page, () => figure.getByRole('button', { name: T[lang].chartCsv, exact: true }).click());
      const [first, last] = [chart.rows[1][0], chart.rows[chart.rows.length - 1][0]];
      expect(chart.name).toBe(`portal-access-invitations-${first}--${last}.csv`);
      expect(chart.rows[0]).toEqual(['day', 'invitations']);
      expect(chart.rows.slice(1).every(([day, n]) => /^\d{4}-\d\d-\d\d$/.test(day) && /^\d+$/.test(n))).toBe(true);
      expect(asShown(chart.rows.slice(1), 1)).toEqual(table);

      const all = await downloaded(page, () => frame.getByRole('button', { name: T[lang].csv, exact: true }).click());
      expect(all.name).toBe(`${T[lang].allCsvStem}-${first}--${last}.csv`);
      const fresh = await admin<OverviewData>('admin/overview', {});
      if (!fresh.ok) throw new Error(JSON.stringify(fresh));
      const series = [...OVERVIEW_SERIES];
      expect(all.rows[0]).toEqual(['day', ...series]);
      expect(asShown(all.rows.slice(1), 1 + series.indexOf('invitations'))).toEqual(table);
      expect(all.rows.slice(1)).toEqual(fresh.data.days.map((day, i) => [day, ...series.map((s) => String(fresh.data.series[s][i]))]));
      await expectNoAxeViolations(frame, `admin-overview csv ${lang} table`);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-overview-csv-${lang}`);
      throw error;
    }
  });
});
