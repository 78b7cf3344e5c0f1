import fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { normaliseForLookup } from '../../src/domain/identifier';
import { auditEvent } from '../../src/flows/deps';
import { PERSONA_ACCOUNTS } from '../../local/jira-emulator';
import { expectNoAxeViolations, saveScreenshot, watchPageErrors } from '../support/browser';
import { openAdminPage, useBrowserAndHost } from '../support/e2e';

/**
 * The admin page's "Audit log" section in a real browser, used with the keyboard alone: open it from the
 * navigation, filter by customer and kind, show more, export CSV (the downloaded file is checked), an unknown
 * customer named at its field; axe inside the frame. Texts are literal (sections/AuditLog.i18n.ts).
 */
jest.setTimeout(90_000);

const T = {
  en: {
    locale: 'en-US' as const,
    nav: 'Audit log',
    shown: (n: number, more: boolean) => `${n} entries shown${more ? '; older entries can be loaded' : ''}.`,
    loginFailed: 'Login failed',
    inviteResent: 'Invitation sent again',
    exported: (n: number) => `Export finished: ${n} rows. The file has been downloaded.`,
    unknown: 'There is no customer with this email address, username or ID.',
    agent: 'Alex Agent (agent)',
  },
  de: {
    locale: 'de-DE' as const,
    nav: 'Protokoll',
    shown: (n: number, more: boolean) => `${n} Einträge angezeigt${more ? '; ältere Einträge können geladen werden' : ''}.`,
    loginFailed: 'Anmeldung fehlgeschlagen',
    inviteResent: 'Einladung erneut gesendet',
    exported: (n: number) => `Export abgeschlossen: ${n} Zeilen. Die Datei wurde heruntergeladen.`,
    unknown: 'Es gibt keinen Kunden mit dieser E-Mail-Adresse, diesem Benutzernamen oder dieser ID.',
    agent: 'Alex Agent (Agent)',
  },
};
type Lang = keyof typeof T;

const session = useBrowserAndHost();

beforeAll(async () => {
  const { directory } = session.env.host.deps;
  const jane = (await directory.findByEmail(normaliseForLookup('jane.doe@example.com')))!.id;
  const erika = (await directory.findByEmail(normaliseForLookup('erika.mustermann@example.de')))!.id;
  const agent = PERSONA_ACCOUNTS.agent.account.accountId;
  for (let i = 0; i < 60; i++) await directory.appendAudit([auditEvent(session.env.host.deps, jane, 'login.failed', 'customer')]);
  for (let i = 0; i < 3; i++) await directory.appendAudit([auditEvent(session.env.host.deps, erika, 'invite.resent', agent, { actorRole: 'agent', actorName: 'Alex Agent' })]);
});

async function open(lang: Lang): Promise<{ page: Page; frame: Frame }> {
  const { page, frame } = await openAdminPage(session, { lang });
  await frame.locator('nav.pa-nav').waitFor();
  return { page, frame };
}

/** What has focus inside the frame: the element's id, or its text when it has none. */
const focused = (frame: Frame) =>
  frame.evaluate(() => (document.hasFocus() ? document.activeElement?.id || document.activeElement?.textContent?.trim() || '' : ''));

async function tabTo(page: Page, frame: Frame, target: string, max = 60): Promise<void> {
  for (let tabs = 0; (await focused(frame)) !== target; tabs++) {
    if (tabs > max) throw new Error(`Tab never reached ${target} (last focus: ${await focused(frame)})`);
    await page.keyboard.press('Tab');
  }
}

/** Picks an option of the focused select with the arrow keys (no mouse, no script). */
async function arrowTo(page: Page, frame: Frame, id: string, value: string): Promise<void> {
  const current = () => frame.evaluate((i) => (document.getElementById(i) as HTMLSelectElement).value, id);
  for (let presses = 0; (await current()) !== value; presses++) {
    if (presses > 40) throw new Error(`ArrowDown never selected ${value} in #${id}`);
    await page.keyboard.press('ArrowDown');
  }
}

async function statusSays(frame: Frame, text: string): Promise<void> {
  await frame.locator('#pa-audit-status').filter({ hasText: text }).waitFor({ timeout: 8000 });
  expect((await frame.locator('#pa-audit-status').textContent())?.trim()).toBe(text);
}

async function openAuditLog(page: Page, frame: Frame, lang: Lang): Promise<void> {
  await tabTo(page, frame, T[lang].nav);
  await page.keyboard.press('Enter');
  await frame.locator('#pa-audit-status').filter({ hasText: /\.$/ }).waitFor();
  expect(await focused(frame)).toBe('pa-audit-title');
}

const column = (frame: Frame, n: number) => frame.locator(`.pa-audit-table tbody tr td:nth-child(${n})`).allTextContents();

describe.each(['en', 'de'] as const)('%s, keyboard only', (lang) => {
  const t = T[lang];

  test('filter by customer and kind, show more, export CSV', async () => {
    const { page, frame } = await open(lang);
    const errors = watchPageErrors(page);
    try {
      await openAuditLog(page, frame, lang);
      await tabTo(page, frame, 'pa-audit-customer');
      await page.keyboard.type('jane.doe@example.com');
      await tabTo(page, frame, 'pa-audit-kind');
      await arrowTo(page, frame, 'pa-audit-kind', 'login.failed');
      await tabTo(page, frame, 'pa-audit-apply');
      await page.keyboard.press('Enter');
      await statusSays(frame, t.shown(50, true));
      expect(new Set(await column(frame, 2))).toEqual(new Set([t.loginFailed]));
      expect((await column(frame, 3)).every((c) => c === 'Jane Doejane.doe@example.com')).toBe(true);

      await tabTo(page, frame, 'pa-audit-more');
      await page.keyboard.press('Enter');
      await statusSays(frame, t.shown(60, false));
      expect(await frame.locator('#pa-audit-more').count()).toBe(0);
      // Focus went to the first entry that came in (row 51).
      const rowIds = await frame.locator('.pa-audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.id));
      expect(await focused(frame)).toBe(rowIds[50]);

      // Export what the filter matches; the file is the concatenated chunks.
      await tabTo(page, frame, 'pa-audit-export');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      await statusSays(frame, t.exported(60));
      expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d\d-\d\d\.csv$/);
      const text = fs.readFileSync(await download.path(), 'utf8');
      expect(text.startsWith('\uFEFFtime,kind,customer_name,')).toBe(true);
      const rows = parse<Record<string, string>>(text, { bom: true, columns: true });
      expect(rows).toHaveLength(60);
      expect(rows.every((r) => r.kind === 'login.failed' && r.customer_email === 'jane.doe@example.com' && r.actor === 'customer')).toBe(true);

      await expectNoAxeViolations(frame, `audit log ${lang} filtered`);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-audit-${lang}`);
      throw error;
    }
  });

  test('actor (an agent) and a kind category; an unknown customer is named at its field', async () => {
    const { page, frame } = await open(lang);
    try {
      await openAuditLog(page, frame, lang);
      await tabTo(page, frame, 'pa-audit-actor');
      await arrowTo(page, frame, 'pa-audit-actor', 'account');
      await tabTo(page, frame, 'pa-audit-account');
      await page.keyboard.type(PERSONA_ACCOUNTS.agent.account.accountId);
      await tabTo(page, frame, 'pa-audit-kind');
      await arrowTo(page, frame, 'pa-audit-kind', 'invite.');
      await tabTo(page, frame, 'pa-audit-apply');
      await page.keyboard.press('Enter');
      await statusSays(frame, t.shown(3, false));
      expect(await column(frame, 2)).toEqual([t.inviteResent, t.inviteResent, t.inviteResent]);
      expect(await column(frame, 4)).toEqual([t.agent, t.agent, t.agent]);

      await tabTo(page, frame, 'pa-audit-customer');
      await page.keyboard.type('nobody@example.com');
      await page.keyboard.press('Enter');
      await frame.locator('#pa-audit-customer-error').filter({ hasText: t.unknown }).waitFor();
      await statusSays(frame, t.unknown);
      expect(await focused(frame)).toBe('pa-audit-customer');
      expect(await frame.locator('#pa-audit-customer').getAttribute('aria-invalid')).toBe('true');
      expect(await frame.locator('#pa-audit-customer').getAttribute('aria-describedby')).toContain('pa-audit-customer-error');
      await expectNoAxeViolations(frame, `audit log ${lang} field error`);
    } catch (error) {
      await saveScreenshot(page, `admin-audit-errors-${lang}`);
      throw error;
    }
  });
});
