import fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';

/**
 * The admin page's section "Overview" (issue 14) as test/e2e/admin-overview.test.ts sees it: its texts and the
 * Customers list's it links to, in English and German (literal: a wrong or missing translation must fail there),
 * and what a test reads off the page: the focused chart's name, sideways overflow, a downloaded CSV file.
 */
export const T = {
  en: {
    locale: 'en-US' as const,
    nav: 'Overview',
    customers: 'Customers',
    invited: 'Invited',
    registered: 'Registered',
    registeredStatuses: ['Active', 'Locked', 'Active, reset link sent'],
    expiringLink: 'Review invitations expiring soon',
    expiringFilter: 'Invitation expires within 48 hours',
    deliveryLink: 'Show customers with a delivery problem',
    deliveryFilter: 'Delivery problem',
    empty: 'No customers match.',
    next: 'Next page',
    chart: 'Invitations sent',
    showTable: 'Show as table',
    showChart: 'Show as chart',
    csv: 'Download CSV',
    chartCsv: 'Download CSV: Invitations sent',
    allCsvStem: 'portal-access-last-30-days',
    statusFilter: 'Status',
    day: (d: string) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`)),
  },
  de: {
    locale: 'de-DE' as const,
    nav: 'Übersicht',
    customers: 'Kunden',
    invited: 'Eingeladen',
    registered: 'Registriert',
    registeredStatuses: ['Aktiv', 'Gesperrt', 'Aktiv, Link zum Zurücksetzen gesendet'],
    expiringLink: 'Bald ablaufende Einladungen prüfen',
    expiringFilter: 'Einladung läuft in 48 Stunden ab',
    deliveryLink: 'Kunden mit Zustellproblem anzeigen',
    deliveryFilter: 'Zustellproblem',
    empty: 'Keine Treffer.',
    next: 'Nächste Seite',
    chart: 'Einladungen gesendet',
    showTable: 'Als Tabelle anzeigen',
    showChart: 'Als Diagramm anzeigen',
    csv: 'CSV herunterladen',
    chartCsv: 'CSV herunterladen: Einladungen gesendet',
    allCsvStem: 'portal-access-letzte-30-tage',
    statusFilter: 'Status',
    day: (d: string) => new Intl.DateTimeFormat('de-DE', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`)),
  },
};
export type Lang = keyof typeof T;
export const PHONE = { width: 375, height: 812 };

export const focusedName = (frame: Frame) => frame.evaluate(() => (document.hasFocus() ? document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '' : ''));

export async function overflow(page: Page, frame: Frame): Promise<number> {
  const measure = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;
  return Math.max(await page.evaluate(measure), await frame.evaluate(measure));
}

/** A downloaded CSV file: UTF-8 with a byte-order mark, CRLF after every row (no bare LF), split into cells. */
export async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  const lines = text.slice(1, -2).split('\r\n');
  expect(lines.some((line) => line.includes('\n') || line.includes('\r'))).toBe(false);
  return { name: download.suggestedFilename(), rows: lines.map((line) => line.split(',')) };
}
