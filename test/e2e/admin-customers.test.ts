import fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { expectNoAxeViolations, listMail, saveScreenshot } from '../support/browser';
import { focused, openAdminPage, poll, tabUntil, useBrowserAndHost } from '../support/e2e';

/**
 * The admin page's "Customers" section in Chromium, as a Jira admin, in en and de: a search and a row
 * action by keyboard alone (with the confirm step and the live-region result), the invite form, a CSV
 * import through the file input (problems by line in the preview, a progress bar over the chunks, a
 * summary), and axe-core (0 violations) on the directory, the import preview and the invite form. Texts
 * are literal (sections/customers/customers.i18n.ts): a wrong or missing translation fails here.
 */
jest.setTimeout(120_000);

const T = {
  en: {
    locale: 'en-US' as const,
    caption: 'Customers, page 1',
    search: 'Search',
    inviteOpen: 'Invite customer',
    importOpen: 'Import CSV',
    file: 'CSV file',
    inviteEmail: 'Email address',
    inviteName: 'Name',
    inviteSubmit: 'Send invitation',
    badEmail: 'Enter a valid email address.',
    sent: (e: string) => `Invitation sent to ${e}.`,
    problemLine: 'Email address not valid',
    missingName: 'Name missing',
    inviteOption: 'Send invitations to new customers',
    run: 'Import',
    progressLabel: 'Import progress',
    progress: (d: number, t: number) => `Imported part ${d} of ${t}.`,
    finished: 'Import finished',
  },
  de: {
    locale: 'de-DE' as const,
    caption: 'Kundinnen und Kunden, Seite 1',
    search: 'Suche',
    inviteOpen: 'Kunden einladen',
    importOpen: 'CSV importieren',
    file: 'CSV-Datei',
    inviteEmail: 'E-Mail-Adresse',
    inviteName: 'Name',
    inviteSubmit: 'Einladung senden',
    badEmail: 'Geben Sie eine gültige E-Mail-Adresse ein.',
    sent: (e: string) => `Einladung an ${e} gesendet.`,
    problemLine: 'E-Mail-Adresse ungültig',
    missingName: 'Name fehlt',
    inviteOption: 'Neuen Kundinnen und Kunden Einladungen senden',
    run: 'Importieren',
    progressLabel: 'Fortschritt des Imports',
    progress: (d: number, t: number) => `Teil ${d} von ${t} importiert.`,
    finished: 'Import abgeschlossen',
  },
};
type Lang = keyof typeof T;

/** One keyboard action per language, on a different demo customer each. */
const ACTIONS = {
  en: { query: 'larry', name: 'Larry Locked', button: 'Unlock: Larry Locked', confirm: 'Yes, do it', done: 'Larry Locked is unlocked.', status: 'Active' },
  de: { query: 'erika', name: 'Erika Mustermann', button: 'Deaktivieren: Erika Mustermann', confirm: 'Ja, ausführen', done: 'Erika Mustermann ist deaktiviert.', status: 'Deaktiviert' },
};

/** "Delete customer and their data" per language, on a different demo customer each (literal texts: sections/customers/privacy.i18n.ts). */
const ERASE = {
  en: { query: 'tom', name: 'Tom Invited', email: 'tom.invited@example.com', download: 'Download data', downloaded: 'Everything held about Tom Invited was downloaded as a JSON file.', erase: 'Delete customer and their data', confirmLabel: "Type the customer's email address (tom.invited@example.com) to confirm", mismatch: 'This is not the customer’s email address.', done: 'Tom Invited and their data were deleted.' },
  de: { query: 'ines', name: 'Ines Abgelaufen', email: 'ines.abgelaufen@example.de', download: 'Daten herunterladen', downloaded: 'Alles, was über Ines Abgelaufen gespeichert ist, wurde als JSON-Datei heruntergeladen.', erase: 'Kunden und seine Daten löschen', confirmLabel: 'Zur Bestätigung die E-Mail-Adresse des Kunden (ines.abgelaufen@example.de) eingeben', mismatch: 'Das ist nicht die E-Mail-Adresse des Kunden.', done: 'Ines Abgelaufen und seine Daten wurden gelöscht.' },
};

const session = useBrowserAndHost();

async function open(lang: Lang): Promise<{ page: Page; frame: Frame; errors: string[] }> {
  const { page, frame, errors } = await openAdminPage(session, { lang, hash: 'customers', quietFavicon: true });
  await frame.getByRole('table', { name: T[lang].caption }).getByRole('rowheader').first().waitFor();
  return { page, frame, errors };
}

const status = (frame: Frame) => frame.locator('#pa-customers-status');

describe.each(['en', 'de'] as const)('customers section (%s)', (lang) => {
  const t = T[lang];

  it('searches and runs a row action by keyboard alone, with a confirm step; axe finds nothing', async () => {
    const { page, frame, errors } = await open(lang);
    await expectNoAxeViolations(frame, `customers directory (${lang})`);
    const a = ACTIONS[lang];
    await frame.locator('body').focus();
    await tabUntil(page, frame, (f) => f.id === 'pa-customers-q', 'the search field', 80);
    await page.keyboard.type(a.query);
    await page.keyboard.press('Enter');
    const table = frame.getByRole('table', { name: t.caption });
    await poll(() => table.getByRole('rowheader').allTextContents(), [a.name]);
    await tabUntil(page, frame, (f) => f.label === a.button, `the button "${a.button}"`, 80);
    await page.keyboard.press('Enter');
    // The confirm step takes the focus; Enter confirms.
    await poll(async () => (await focused(frame)).text, a.confirm);
    await page.keyboard.press('Enter');
    await poll(() => status(frame).textContent(), a.done);
    await poll(() => table.getByRole('row', { name: new RegExp(a.name) }).getByRole('cell').nth(3).textContent(), a.status);
    expect((await focused(frame)).text).toBe(a.name);
    await expectNoAxeViolations(frame, `customers directory after an action (${lang})`);
    await saveScreenshot(page, `admin-customers-directory-${lang}`);
    expect(errors).toEqual([]);
  });

  it('invites a customer from the form (field error first); axe finds nothing on the form', async () => {
    const { frame } = await open(lang);
    await frame.getByRole('button', { name: t.inviteOpen }).click();
    const form = frame.locator('#pa-customers-invite form');
    await form.getByLabel(t.inviteEmail).fill('not-an-email');
    await form.getByLabel(t.inviteName, { exact: true }).fill('Form Person');
    await form.getByRole('button', { name: t.inviteSubmit }).click();
    await poll(() => form.locator('.pa-field-error').textContent(), t.badEmail);
    await expectNoAxeViolations(frame, `invite form with an error (${lang})`);
    const email = `form.person.${lang}@example.org`;
    await form.getByLabel(t.inviteEmail).fill(email);
    await form.getByRole('button', { name: t.inviteSubmit }).click();
    await poll(() => status(frame).textContent(), t.sent(email));
    await poll(async () => (await listMail(session.env.url)).some((m) => m.to.includes(email)), true);
    await expectNoAxeViolations(frame, `invite form after sending (${lang})`);
  });

  it('downloads a customer\'s data as JSON (no secrets), then deletes the customer and their data after the address is typed again (issue 24)', async () => {
    const { page, frame } = await open(lang);
    const d = ERASE[lang];
    await frame.locator('#pa-customers-q').fill(d.query);
    await frame.locator('#pa-customers-q').press('Enter');
    const table = frame.getByRole('table', { name: t.caption });
    await poll(() => table.getByRole('rowheader').allTextContents(), [d.name]);

    const entry = (await session.env.host.deps.directory.findByEmail(d.email))!;
    const [download] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: `${d.download}: ${d.name}` }).click()]);
    await poll(() => status(frame).textContent(), d.downloaded);
    expect(download.suggestedFilename()).toBe(`customer-data-${entry.username}.json`);
    const text = fs.readFileSync(await download.path(), 'utf8');
    const data = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['format', 'entry', 'factors', 'pendingLink', 'signIns', 'mails', 'activity']));
    expect(data).toMatchObject({ format: 'portal-access/customer-data/v1', entry: { id: entry.id, email: d.email }, factors: { password: 'absent' } });
    expect(entry.link?.hash).toBeTruthy();
    expect(text).not.toContain(entry.link!.hash);

    await table.getByRole('button', { name: `${d.erase}: ${d.name}` }).click();
    const confirm = frame.getByLabel(d.confirmLabel);
    await confirm.fill('someone.else@example.org');
    await table.getByRole('button', { name: d.erase, exact: true }).click();
    await poll(() => table.locator('.pa-field-error').textContent(), d.mismatch);
    await expectNoAxeViolations(frame, `delete customer confirmation (${lang})`);
    await confirm.fill(d.email);
    await table.getByRole('button', { name: d.erase, exact: true }).click();
    await poll(() => status(frame).textContent(), d.done);
    await poll(() => table.getByRole('rowheader').allTextContents(), []);
    expect(await session.env.host.deps.directory.findByEmail(d.email)).toBeUndefined();
  });

  it('imports a CSV through the file input: problems by line, progress over the chunks, a summary', async () => {
    const { page, frame } = await open(lang);
    await frame.getByRole('button', { name: t.importOpen }).click();
    const invite = lang === 'de';
    const n = invite ? 60 : 1200;
    const rows = Array.from({ length: n }, (_, i) => `${lang}.import${i}@example.net,Import ${lang} ${i}`);
    const csv = ['email,name', rows[0], 'broken-address,Broken', rows[1], 'no.name@example.net,', ...rows.slice(2)].join('\n');
    await frame.getByLabel(t.file).setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = frame.locator('.pa-customers-preview');
    const problems = preview.getByRole('table');
    await problems.waitFor();
    expect(await problems.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent)))).toEqual([
      ['3', 'broken-address', t.problemLine],
      ['5', 'no.name@example.net', t.missingName],
    ]);
    await expectNoAxeViolations(frame, `import preview (${lang})`);
    await saveScreenshot(page, `admin-customers-import-preview-${lang}`);
    if (invite) await preview.getByLabel(t.inviteOption).check();
    const chunks = invite ? 2 : 3;
    await preview.getByRole('button', { name: t.run }).click();
    const progress = frame.getByRole('progressbar', { name: t.progressLabel });
    await progress.waitFor();
    expect(await progress.getAttribute('max')).toBe(String(chunks));
    await frame.getByRole('heading', { name: t.finished }).waitFor();
    expect(await progress.getAttribute('value')).toBe(String(chunks));
    expect(await frame.locator('#pa-import-progress-text').textContent()).toBe(t.progress(chunks, chunks));
    const summary = await status(frame).textContent();
    expect(summary).toContain(lang === 'en' ? `${n} created, 0 updated, 0 unchanged, 0 not imported.` : `${n} angelegt, 0 aktualisiert, 0 unverändert, 0 nicht importiert.`);
    if (invite) expect(summary).toContain(`${n} Einladungen gesendet, 0 übersprungen (Limit erreicht), 0 fehlgeschlagen.`);
    await expectNoAxeViolations(frame, `import summary (${lang})`);
  });
});
