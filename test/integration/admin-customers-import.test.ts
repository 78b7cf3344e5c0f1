import { parseCustomerCsv } from '../../src/domain/csv-import';
import { normaliseForLookup } from '../../src/domain/identifier';
import type { ImportRunResult, ResendExpiredResult } from '../../src/surfaces/admin-api';
import { mails, type TestHost, useTestHost } from '../support/local-host';
import { customerCalls } from '../support/admin-customers';

/**
 * The admin page's "Customers" section through the local host: the CSV import and export, and resending every
 * expired invitation (the second needs the first's customers). The rest of the section: admin-customers.test.ts.
 */
let host: TestHost;
useTestHost((started) => (host = started));

const { invoke, ok, exportCustomers, listAll, byEmail, auditOf, setSettings, runImport, preview } = customerCalls(() => host);

describe('CSV import', () => {
  const file = (n: number, from = 0) =>
    ['email;name;username;locale', ...Array.from({ length: n }, (_, i) => `import${i + from}@example.net;Import Person ${i + from};;${i % 2 ? 'de' : 'en'}`)].join('\n');

  it('previews malformed rows with their line numbers and writes nothing', async () => {
    const before = await listAll();
    const csv = ['email,name,username', 'good@example.net,Good Row,', 'broken,Bad Email,', '', 'good@example.net,Duplicate,', '"multi@example.net","Line', 'Break",', 'jane.doe@example.com,Jane Doe,', 'jane.doe2@example.com,,'].join('\n');
    const p = await preview(csv);
    expect(p.problems).toEqual([
      { line: 3, email: 'broken', problems: ['email-invalid'] },
      { line: 5, email: 'good@example.net', problems: ['duplicate-email'] },
      { line: 6, email: 'multi@example.net', problems: ['name-invalid'] },
      { line: 9, email: 'jane.doe2@example.com', problems: ['name-missing'] },
    ]);
    expect(p).toMatchObject({ total: 6, invalid: 4, new: 1, unchanged: 1, changed: 0 });
    expect(p.rows).toEqual([
      [2, 'good@example.net', 'Good Row', '', 'en'],
      [8, 'jane.doe@example.com', 'Jane Doe', '', 'en'],
    ]);
    expect(await listAll()).toEqual(before);
    expect(await ok('admin/customers/import-preview', { csv: 'mail\nx', defaultLocale: 'en' })).toEqual({ ok: false, fileError: 'missing-columns' });
  });

  it('refuses staff addresses of the internal domains in the preview and on the server, and writes nothing for them', async () => {
    const before = await listAll();
    const p = await preview('email,name\nstaff.member@demo-company.example,Staff Member\n');
    expect(p.problems).toEqual([{ line: 2, email: 'staff.member@demo-company.example', problems: ['internal-address'] }]);
    const run = await ok<ImportRunResult>('admin/customers/import-run', { rows: [{ line: 2, email: 'staff.member@demo-company.example', name: 'Staff Member', username: '', locale: 'en' }], invite: true });
    expect(run).toMatchObject({ created: 0, failed: [{ line: 2, reason: 'internal-address' }] });
    expect(await listAll()).toEqual(before);
  });

  it('imports in chunks, and the same file again changes nothing', async () => {
    const p = await preview(file(1200));
    expect(p).toMatchObject({ total: 1200, new: 1200, invalid: 0 });
    const ops = { ...host.kvs.stats };
    const first = await runImport(p.rows, false);
    expect(first).toMatchObject({ created: 1200, updated: 0, unchanged: 0, failed: [], invited: 0 });
    // Entries with their email and username claims in transactions of 8, audit events in batches of 25 (chunks 500, 500, 200).
    const delta = (path: string) => host.kvs.stats[path] - (ops[path] ?? 0);
    expect(delta('/api/v1/transaction')).toBe(63 + 63 + 25);
    expect(delta('/api/v1/batch/set')).toBe(20 + 20 + 8);
    const count = (await listAll()).length;

    const again = await preview(file(1200));
    expect(again).toMatchObject({ new: 0, changed: 0, unchanged: 1200 });
    expect(await runImport(again.rows, false)).toMatchObject({ created: 0, updated: 0, unchanged: 1200, failed: [] });
    expect((await listAll()).length).toBe(count);
    expect(await mails(host)).toEqual([]);

    const renamed = file(3).replace('Import Person 1', 'Renamed Person');
    const third = await preview(renamed);
    expect(third).toMatchObject({ new: 0, changed: 1, unchanged: 2 });
    expect(await runImport(third.rows, false)).toMatchObject({ updated: 1, unchanged: 2 });
    const renamedRow = await byEmail('import1@example.net');
    expect(renamedRow.displayName).toBe('Renamed Person');
    expect((await auditOf(renamedRow.id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['customer.imported', 'customer.updated']));
  });

  it('checks the rows again on the server and reports usernames in use', async () => {
    const result = await ok<ImportRunResult>('admin/customers/import-run', {
      rows: [
        { line: 2, email: 'fresh@example.net', name: 'Fresh', username: 'customer2300229', locale: 'en' },
        { line: 3, email: 'not-an-email', name: 'Bad', username: '', locale: 'en' },
        { line: 4, email: 'fresh2@example.net', name: '<b>x</b>', username: '', locale: 'en' },
      ],
      invite: false,
    });
    expect(result).toMatchObject({ created: 0, failed: [{ line: 2, reason: 'username-taken' }, { line: 3, reason: 'email-invalid' }, { line: 4, reason: 'name-invalid' }] });
    expect(await invoke('admin/customers/import-run', { rows: JSON.parse(JSON.stringify(Array(51).fill({ line: 2, email: 'a@b.cd', name: 'A', username: '', locale: 'en' }))), invite: true })).toEqual({
      ok: false,
      error: 'invalid-input',
      field: 'rows',
    });
  });

  it('sends invitations to the customers it created (once: a re-run sends none)', async () => {
    const p = await preview(file(30, 5000));
    const first = await runImport(p.rows, true);
    expect(first).toMatchObject({ created: 30, invited: 30, inviteSkipped: 0, inviteFailed: 0 });
    await host.idle();
    const sent = await mails(host);
    expect(sent).toHaveLength(30);
    expect(new Set(sent.map((m) => m.to)).size).toBe(30);
    host.mailbox.clear();
    expect(await runImport((await preview(file(30, 5000))).rows, true)).toMatchObject({ created: 0, unchanged: 30, invited: 0 });
    expect(await mails(host)).toEqual([]);
  });

  it('invites earlier imported customers that never got an invitation', async () => {
    const rows = (await preview(file(4, 7000))).rows;
    await runImport(rows, false);
    expect(await mails(host)).toEqual([]);
    expect(await runImport(rows, true)).toMatchObject({ created: 0, unchanged: 4, invited: 4 });
    expect(await mails(host)).toHaveLength(4);
  });

  it('exports the directory as CSV that imports unchanged, with formula-looking cells made harmless', async () => {
    await runImport((await preview('email,name\nformula@example.net,"=HYPERLINK(""http://evil"")"\nplus@example.net,+49 30 123')).rows, false);
    const csv = await exportCustomers();
    expect(csv.split('\r\n')[0]).toBe('email,name,username,locale,status,portal_admin');
    expect(csv).toContain(`formula@example.net,"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`plus@example.net,'+49 30 123`);
    const parsed = parseCustomerCsv(csv, 'en');
    if (!parsed.ok) throw new Error(parsed.error);
    const all = await listAll();
    expect(parsed.invalid).toBe(0);
    expect(parsed.rows.map((r) => r.emailKey).sort()).toEqual(all.map((c) => normaliseForLookup(c.email)).sort());
    expect(parsed.rows.find((r) => r.emailKey === 'formula@example.net')!.displayName).toBe('=HYPERLINK("http://evil")');
    const back = await preview(csv);
    expect(back).toMatchObject({ new: 0, changed: 0, unchanged: all.length, invalid: 0 });
  });
});

describe('resend all expired invitations', () => {
  it('resends each expired invitation once, skipping those over the per-account limit', async () => {
    // Every invitation so far expires; then, with one invitation per week per account and links valid one
    // day, two more are sent and expire while their accounts are still over the limit.
    host.clock.advance(8 * 86_400);
    await setSettings((s) => ({ ...s, inviteLinkDays: 1, inviteReminderDays: 0, limits: { ...s.limits, invitePerAccount: { limit: 1, windowSec: 7 * 86_400 } } }));
    const limited = ['limited1@example.org', 'limited2@example.org'];
    for (const email of limited) await ok('admin/customers/invite', { email, displayName: 'Limited', locale: 'en' });
    host.clock.advance(2 * 86_400);
    await host.idle();
    host.mailbox.clear();
    const expired = await listAll({ status: 'invite-expired' });
    const fresh = expired.filter((c) => !limited.includes(c.email));
    expect(fresh.length).toBeGreaterThan(30);
    expect((await listAll({ status: 'not-invited' })).length).toBeGreaterThan(1000);

    const summary = { resent: 0, skippedLimit: 0, failed: 0 };
    let cursor: string | undefined;
    let first: ResendExpiredResult | undefined;
    let calls = 0;
    do {
      const step = await ok<ResendExpiredResult>('admin/customers/resend-expired', cursor ? { cursor } : {});
      first ??= step;
      calls++;
      for (const k of ['resent', 'skippedLimit', 'failed'] as const) summary[k] += step[k];
      cursor = step.cursor ?? undefined;
    } while (cursor);
    expect(first.total).toBe(expired.length);
    expect(summary).toEqual({ resent: fresh.length, skippedLimit: limited.length, failed: 0 });
    expect(calls).toBeGreaterThan(1);
    await host.idle();
    const sent = await mails(host);
    expect(sent).toHaveLength(fresh.length);
    expect(sent.some((m) => limited.some((l) => m.to.includes(l)))).toBe(false);
    expect((await listAll({ status: 'invite-expired' })).map((c) => c.email).sort()).toEqual([...limited].sort());
  });

  it('reaches each expired invitation once per run even while the provider refuses mail (no repeated sends)', async () => {
    // Everything resent above expires again; the limit allows several invitations, so only the run's own
    // bookkeeping can keep a customer whose mail is retrying (and who therefore stays expired) from a second send.
    await setSettings((s) => ({ ...s, inviteLinkDays: 1, inviteReminderDays: 0, limits: { ...s.limits, invitePerAccount: { limit: 5, windowSec: 86_400 } } }));
    host.clock.advance(2 * 86_400);
    await host.idle();
    host.mailbox.clear();
    const expired = await listAll({ status: 'invite-expired' });
    expect(expired.length).toBeGreaterThan(30);
    const faults = (body: object) => fetch(`${host.url}/local/api/mail/faults`, { method: 'POST', body: JSON.stringify(body) });
    await faults({ down: true });
    try {
      const summary = { resent: 0, skippedLimit: 0, failed: 0 };
      let cursor: string | undefined;
      do {
        const step = await ok<ResendExpiredResult>('admin/customers/resend-expired', cursor ? { cursor } : {});
        for (const k of ['resent', 'skippedLimit', 'failed'] as const) summary[k] += step[k];
        cursor = step.cursor ?? undefined;
      } while (cursor);
      expect(summary.resent + summary.skippedLimit + summary.failed).toBe(expired.length);
      expect(summary.resent).toBe(expired.length);
    } finally {
      await faults({ down: false });
    }
  });
});
