import { kvs } from '@forge/kvs';
import { DEMO_SETTINGS } from '../../local/demo-data';
import type { Persona } from '../../local/jira-emulator';
import { parseCustomerCsv } from '../../src/domain/csv-import';
import { normaliseForLookup } from '../../src/domain/identifier';
import { SETTINGS_KEY, type KvsSettingsStore } from '../../src/forge/settings';
import type { AuditEvent } from '../../src/domain/audit';
import type {
  CustomerPage, CustomerRow, ImportPreview, ImportRowInput, ImportRowTuple, ImportRunResult, ResendExpiredResult,
} from '../../src/surfaces/admin-api';
import { DIRECTORY_KEYS, rowOfTuple, type CustomerData } from '../../src/surfaces/admin-api';
import { mails, storeText, type TestHost, useTestHost, adminCalls } from '../support/local-host';

/**
 * The admin page's "Customers" section through the local host (`POST /local/api/invoke`, module
 * `admin-page`), running the real resolver on the KVS emulator with the demo data.
 */
let host: TestHost;
useTestHost((started) => (host = started));

const { invoke, ok, exportCustomers } = adminCalls(() => host);
const list = (payload: object = {}) => ok<CustomerPage>('admin/customers/list', payload);
async function listAll(payload: object = {}): Promise<CustomerRow[]> {
  const rows: CustomerRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...payload, ...(cursor ? { cursor } : {}) });
    rows.push(...page.customers);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return rows;
}
const byEmail = async (email: string) => (await list({ search: email })).customers.find((c) => c.email === email)!;
const act = (id: string, action: string, persona: Persona = 'admin') => invoke<CustomerRow>('admin/customers/action', { id, action }, persona);
async function auditOf(id: string): Promise<AuditEvent[]> {
  return (await host.deps.directory.listAudit(id, 50)).events;
}
async function setSettings(change: (s: typeof DEMO_SETTINGS) => typeof DEMO_SETTINGS) {
  await kvs.set(SETTINGS_KEY, change(DEMO_SETTINGS));
  (host.deps.settings as KvsSettingsStore).forget();
}
async function runImport(tuples: ImportRowTuple[], invite: boolean, chunk = invite ? 50 : 500): Promise<ImportRunResult> {
  const rows: ImportRowInput[] = tuples.map(rowOfTuple);
  const total: ImportRunResult = { created: 0, updated: 0, unchanged: 0, failed: [], invited: 0, inviteSkipped: 0, inviteFailed: 0 };
  for (let i = 0; i < rows.length; i += chunk) {
    const r = await ok<ImportRunResult>('admin/customers/import-run', { rows: rows.slice(i, i + chunk), invite });
    for (const k of ['created', 'updated', 'unchanged', 'invited', 'inviteSkipped', 'inviteFailed'] as const) total[k] += r[k];
    total.failed.push(...r.failed);
  }
  return total;
}
async function preview(csv: string): Promise<Extract<ImportPreview, { ok: true }>> {
  const p = await ok<ImportPreview>('admin/customers/import-preview', { csv, defaultLocale: 'en' });
  if (!p.ok) throw new Error(p.fileError);
  return p;
}

describe('list, search and filter', () => {
  it('filters by derived status, each demo customer where its state says', async () => {
    const emails = async (status: string) => (await listAll({ status })).map((c) => c.email).sort();
    expect(await emails('active')).toEqual(['erika.mustermann@example.de', 'jane.doe@example.com', 'paula.admin@example.com', 'tobias.zweifaktor@example.de']);
    expect(await emails('invited')).toEqual(['tom.invited@example.com']);
    expect(await emails('invite-expired')).toEqual(['ines.abgelaufen@example.de']);
    expect(await emails('locked')).toEqual(['larry.locked@example.com']);
    expect(await emails('disabled')).toEqual(['dana.disabled@example.com']);
    expect(await emails('reset-pending')).toEqual([]);
    expect((await listAll()).length).toBe(8);
  });

  it('searches by email or username prefix, case-insensitively, with or without a status', async () => {
    expect((await list({ search: 'JANE' })).customers.map((c) => c.email)).toEqual(['jane.doe@example.com']);
    expect((await list({ search: 'customer2300233', searchBy: 'username' })).customers.map((c) => c.displayName)).toEqual(['Larry Locked']);
    expect((await list({ search: 'customer23002', searchBy: 'username' })).customers).toHaveLength(8);
    expect((await list({ search: 'customer23002', searchBy: 'username', status: 'locked' })).customers.map((c) => c.email)).toEqual(['larry.locked@example.com']);
    expect((await list({ search: 'nobody' })).customers).toEqual([]);
  });

  it('answers rows with the actions that fit each state', async () => {
    const larry = await byEmail('larry.locked@example.com');
    expect(larry.status).toBe('locked');
    expect(larry.actions).toEqual({ unlock: true, disable: true, enable: false, 'send-reset': true, 'resend-invite': false, 'mark-admin': true, 'unmark-admin': false, 'reset-two-step': false, 'remove-passkeys': false });
    const tom = await byEmail('tom.invited@example.com');
    expect(tom.actions).toEqual({ unlock: false, disable: true, enable: false, 'send-reset': false, 'resend-invite': true, 'mark-admin': true, 'unmark-admin': false, 'reset-two-step': false, 'remove-passkeys': false });
  });

  it('pages with an exact cursor and refuses a forged one', async () => {
    const all = await listAll();
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(await invoke('admin/customers/list', { cursor: 'bm90LWEtY3Vyc29y' })).toEqual({ ok: false, error: 'invalid-input', field: 'cursor' });
    expect(await invoke('admin/customers/list', { status: 'gone' })).toMatchObject({ ok: false, error: 'invalid-input', field: 'status' });
  });
});

describe('per-customer actions (audited, refused when they do not fit)', () => {
  it('unlocks a locked customer once, with the admin as actor', async () => {
    const larry = await byEmail('larry.locked@example.com');
    const done = await act(larry.id, 'unlock');
    expect(done).toMatchObject({ ok: true, data: { status: 'active' } });
    expect(await act(larry.id, 'unlock')).toEqual({ ok: false, error: 'not-allowed' });
    const event = (await auditOf(larry.id)).find((e) => e.kind === 'customer.unlocked')!;
    expect(event.detail).toMatchObject({ actorRole: 'admin', from: 'locked' });
    expect(event.actor).not.toBe('system');
  });

  it('disables (refusing a reset meanwhile) and enables again', async () => {
    const jane = await byEmail('jane.doe@example.com');
    expect(await act(jane.id, 'disable')).toMatchObject({ ok: true, data: { status: 'disabled' } });
    expect(await act(jane.id, 'disable')).toEqual({ ok: false, error: 'not-allowed' });
    expect(await act(jane.id, 'send-reset')).toEqual({ ok: false, error: 'not-allowed' });
    expect(await mails(host)).toEqual([]);
    expect(await act(jane.id, 'enable')).toMatchObject({ ok: true, data: { status: 'active' } });
    const kinds = (await auditOf(jane.id)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['customer.disabled', 'customer.enabled', 'reset.refused']));
  });

  it('sends a reset link to an active customer and refuses one to an invited customer', async () => {
    const erika = await byEmail('erika.mustermann@example.de');
    expect(await act(erika.id, 'send-reset')).toMatchObject({ ok: true, data: { status: 'reset-pending' } });
    await host.idle();
    expect((await mails(host)).map((m) => m.to)).toEqual([expect.stringContaining('erika.mustermann@example.de')]);
    expect((await listAll({ status: 'reset-pending' })).map((c) => c.email)).toEqual(['erika.mustermann@example.de']);
    const tom = await byEmail('tom.invited@example.com');
    expect(await act(tom.id, 'send-reset')).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('resends an invitation within the per-account limit, then answers `limit`', async () => {
    const ines = await byEmail('ines.abgelaufen@example.de');
    expect(await act(ines.id, 'resend-invite')).toMatchObject({ ok: true, data: { status: 'invited' } });
    for (let i = 0; i < 4; i++) expect(await act(ines.id, 'resend-invite')).toMatchObject({ ok: true });
    expect(await act(ines.id, 'resend-invite')).toEqual({ ok: false, error: 'limit' });
    expect(await mails(host)).toHaveLength(5);
    expect(await act('no-such-id', 'unlock')).toEqual({ ok: false, error: 'not-found' });
  });

  it('invites one new customer, and refuses a username in use', async () => {
    const row = await ok<CustomerRow>('admin/customers/invite', { email: 'New.Person@example.org', displayName: 'New Person', locale: 'de' });
    expect(row).toMatchObject({ email: 'New.Person@example.org', status: 'invited', locale: 'de' });
    expect((await mails(host)).map((m) => m.to)).toEqual([expect.stringContaining('New.Person@example.org')]);
    expect(await invoke('admin/customers/invite', { email: 'other@example.org', displayName: 'Other', username: 'customer2300229', locale: 'en' })).toEqual({
      ok: false,
      error: 'invalid-input',
      field: 'username',
      reason: 'taken',
    });
    expect(await invoke('admin/customers/invite', { email: 'not-an-email', displayName: 'X', locale: 'en' })).toMatchObject({ error: 'invalid-input', field: 'email' });
    expect(await invoke('admin/customers/invite', { email: 'jane.doe@example.com', displayName: 'Jane', locale: 'en' })).toEqual({ ok: false, error: 'not-allowed' });
  });
});

describe('who may', () => {
  it.each(['anonymous', 'customer', 'agent', 'other-agent'] as const)('refuses %s on every key, and nothing changes', async (persona) => {
    const dana = await byEmail('dana.disabled@example.com');
    const before = await listAll();
    const payloads: Record<string, unknown> = {
      'admin/customers/list': {},
      'admin/customers/invite': { email: 'intruder@example.com', displayName: 'Intruder', locale: 'en' },
      'admin/customers/action': { id: dana.id, action: 'enable' },
      'admin/customers/import-preview': { csv: 'email,name\nx@example.com,X', defaultLocale: 'en' },
      'admin/customers/import-run': { rows: [{ line: 2, email: 'x@example.com', name: 'X', username: '', locale: 'en' }], invite: true },
      'admin/customers/export': {},
      'admin/customers/resend-expired': {},
    };
    for (const key of DIRECTORY_KEYS) expect(await invoke(key, payloads[key], persona)).toEqual({ ok: false, error: 'forbidden' });
    await host.idle();
    expect(await listAll()).toEqual(before);
    expect(await mails(host)).toEqual([]);
  });
});

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

describe('privacy (issue 24): delete a customer and their data, download their data', () => {
  const person = { email: 'Petra.Privat@Example.org', displayName: 'Petra Privatperson', username: 'petra-privat-4711', phone: '+4915712345678', accountId: '712020:5e1f0c4a-erase-me-0001' };

  /** A customer with everything the app can hold about one: password, two-step factors, phone, sign-ins, mails, SMS. */
  async function richCustomer(): Promise<CustomerRow> {
    const invited = await ok<CustomerRow>('admin/customers/invite', { email: person.email, displayName: person.displayName, username: person.username, locale: 'de' });
    const deps = host.deps;
    const entry = (await deps.directory.get(invited.id))!;
    await deps.passwords.put(entry.id, 'pw1', 'scrypt$not-a-real-hash');
    await deps.factors.putTotp(entry.id, 't1', 'JBSWY3DPEHPK3PXP');
    await deps.factors.putRecovery(entry.id, 'r1', ['hash-a', 'hash-b']);
    await deps.factors.putSms(entry.id, 's1', person.phone);
    await deps.factors.putProfileEnrolment(entry.id, { attempt: 'attempt-petra', at: 1, failures: 0, method: 'sms' });
    await deps.factors.putEnrolment('attempt-petra-sms', person.phone);
    const next = {
      ...entry, accountId: person.accountId, status: 'active' as const, passwordRef: 'pw1', activatedAt: entry.createdAt, rev: entry.rev + 1,
      twoStep: { totp: { ref: 't1', since: 1, lastStep: 0 }, sms: { ref: 's1', since: 1, masked: '+49 ••• •••• 78' }, recovery: { ref: 'r1', since: 1, total: 10, used: [] }, failures: 0 },
    };
    expect(await deps.directory.update(next, { rev: entry.rev }, [])).toBe(true);
    // A sign-in under way at its second step carries a copy of the entry.
    await deps.pendingSignIns.put('p'.repeat(43), { requestId: 'r', relayState: 's', createdAt: 1, expiresAt: 4_000_000_000, used: false, kind: { type: 'help-center' }, factors: ['password'], stage: { customerId: entry.id, step: 'verify', failures: 0, attempt: 'a1', entry: next } });
    // An SMS sent to them (its record and event) and a mail whose first attempt failed (outbox record).
    await deps.smsOutbox.markSent('sms-petra-1', { customerId: entry.id, masked: '+49 ••• •••• 78', provider: 'seven' });
    await deps.directory.appendAudit([{ id: `${String(Date.now()).padStart(14, '0')}-999999-00000001`, customerId: entry.id, at: 1, kind: 'sms.sent', actor: person.accountId, detail: { messageId: 'sms-petra-1', to: '+49 ••• •••• 78' } }]);
    await deps.limits.put(`sms-acct-${entry.id}`, { start: 1, count: 1 }, 3600);
    await fetch(`${host.url}/local/api/mail/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refuseNext: 1 }) });
    expect(await act(entry.id, 'send-reset')).toMatchObject({ ok: true });
    return invited;
  }

  it('downloads everything held about one customer as JSON: entry, factors as present (never a secret), trail, sign-ins and mails; audited', async () => {
    const tobias = await byEmail('tobias.zweifaktor@example.de');
    const entry = (await host.deps.directory.get(tobias.id))!;
    const totpKey = (await host.deps.factors.getTotp(entry.id, entry.twoStep!.totp!.ref))!;
    const hash = (await host.deps.passwords.get(entry.id, entry.passwordRef))!;
    expect(await act(tobias.id, 'send-reset')).toMatchObject({ ok: true });
    expect(await invoke('admin/customers/download', { id: tobias.id }, 'agent')).toEqual({ ok: false, error: 'forbidden' });
    const data = await ok<CustomerData>('admin/customers/download', { id: tobias.id });
    expect(data).toMatchObject({
      format: 'portal-access/customer-data/v1',
      entry: { id: tobias.id, email: 'tobias.zweifaktor@example.de', username: 'customer2300235', displayName: 'Tobias Zweifaktor', status: 'reset-pending' },
      factors: { password: 'present', authenticatorApp: 'present', sms: 'absent', recoveryCodes: 'absent' },
      pendingLink: { purpose: 'reset' },
      truncated: false,
    });
    expect(data.mails.map((m) => m.kind)).toContain('email.sent');
    expect(data.activity.map((e) => e.kind)).toEqual(expect.arrayContaining(['reset.requested', 'email.sent']));
    const text = JSON.stringify(data);
    const linkHash = (await host.deps.directory.get(tobias.id))!.link!.hash;
    for (const secret of [totpKey, hash, linkHash]) expect(text).not.toContain(secret);
    expect((await auditOf(tobias.id))[0]).toMatchObject({ kind: 'customer.exported', detail: { actorRole: 'admin' } });
    expect(await invoke('admin/customers/download', { id: 'no-such-customer' })).toEqual({ ok: false, error: 'not-found' });
  });

  it('data retention (Security): the hourly run deletes audit events past 365 days and email/SMS activity past 90, in batches; the admin sets the days', async () => {
    const now = host.deps.clock.nowMs();
    const day = 86_400_000;
    const id = (ageDays: number, n: number) => `${String(now - ageDays * day).padStart(14, '0')}-99999${n}-0000000${n}`;
    const event = (ageDays: number, n: number, kind: AuditEvent['kind']): AuditEvent => ({ id: id(ageDays, n), customerId: 'retention-probe', at: Math.floor((now - ageDays * day) / 1000), kind, actor: 'customer', detail: {} });
    const events = [event(400, 1, 'login.succeeded'), event(100, 2, 'email.sent'), event(100, 3, 'sms.sent'), event(100, 4, 'login.failed'), event(10, 5, 'email.sent')];
    for (const e of events) await kvs.entity<AuditEvent>('audit').set(e.id, e);
    const oldMail = { id: 'retention-mail-1', customerId: 'retention-probe', kind: 'reset', locale: 'en', actor: { kind: 'system' }, attempts: 1, status: 'sent', lastReason: 'none', createdAt: 1, updatedAt: Math.floor((now - 100 * day) / 1000), rev: 1 };
    await kvs.entity('outbox').set(oldMail.id, oldMail);
    const security = (await ok<{ security: object }>('admin/settings/get')).security as Record<string, unknown>;
    expect(security.retention).toEqual({ auditDays: 365, activityDays: 90, inviteesDays: 0 });
    expect(await invoke('admin/security/save', { ...security, retention: { auditDays: 365, activityDays: 3 } })).toMatchObject({ ok: false, error: 'invalid-input', field: 'retention.activityDays' });

    expect((await fetch(`${host.url}/local/api/scheduled/run`, { method: 'POST' })).status).toBe(200);
    await host.idle();
    const kept = (await host.deps.directory.listAudit('retention-probe', 10)).events.map((e) => e.kind);
    expect(kept.sort()).toEqual(['email.sent', 'login.failed']);
    expect(await kvs.entity('outbox').get(oldMail.id)).toBeUndefined();

    // A shorter retention the admin sets applies at the next run.
    expect(await invoke('admin/security/save', { ...security, retention: { auditDays: 60, activityDays: 7 } })).toMatchObject({ ok: true, data: { security: { retention: { auditDays: 60, activityDays: 7 } } } });
    (host.deps.settings as KvsSettingsStore).forget();
    await fetch(`${host.url}/local/api/scheduled/run`, { method: 'POST' });
    await host.idle();
    expect((await host.deps.directory.listAudit('retention-probe', 10)).events).toEqual([]);
    expect(await invoke('admin/security/save', { ...security, retention: { auditDays: 365, activityDays: 90 } })).toMatchObject({ ok: true });
  });

  it('customers invited but never registered are removed by the hourly run once the admin sets the days (off by default), audited without personal data', async () => {
    const day = 86_400;
    const now = Math.floor(host.deps.clock.nowMs() / 1000);
    const invite = async (email: string, displayName: string) => ok<CustomerRow>('admin/customers/invite', { email, displayName, locale: 'en' });
    /** The entry as if invited `days` ago and untouched since (and, with `registered`, registered then). */
    async function age(id: string, days: number, registered = false) {
      const entry = (await host.deps.directory.get(id))!;
      const then = now - days * day;
      const next = { ...entry, invitedAt: then, updatedAt: then, rev: entry.rev + 1, ...(registered ? { status: 'active' as const, activatedAt: then, passwordRef: 'pw-old' } : {}) };
      expect(await host.deps.directory.update(next, { rev: entry.rev, ...(entry.linkHash ? { linkHash: entry.linkHash } : {}) }, [])).toBe(true);
    }
    const stale = await invite('never.registered@example.org', 'Nora Neverregistered');
    const recent = await invite('recently.invited@example.org', 'Rita Recent');
    const registered = await invite('long.registered@example.org', 'Rolf Registered');
    await age(stale.id, 40);
    await age(recent.id, 10);
    await age(registered.id, 40, true);
    const security = (await ok<{ security: object }>('admin/settings/get')).security as Record<string, unknown>;
    const retention = security.retention as Record<string, number>;
    expect(retention.inviteesDays).toBe(0);
    const run = async () => {
      expect((await fetch(`${host.url}/local/api/scheduled/run`, { method: 'POST' })).status).toBe(200);
      await host.idle();
    };
    await run();
    expect(await host.deps.directory.get(stale.id)).toBeDefined();

    // Not longer than an invitation link lives is refused; 30 days (or just past the link's life) applies at the next run.
    const linkDays = security.inviteLinkDays as number;
    const days = Math.max(30, linkDays + 1);
    expect(await invoke('admin/security/save', { ...security, retention: { ...retention, inviteesDays: linkDays } })).toMatchObject({ ok: false, error: 'invalid-input', field: 'retention.inviteesDays' });
    expect(await invoke('admin/security/save', { ...security, retention: { ...retention, inviteesDays: days } })).toMatchObject({ ok: true, data: { security: { retention: { inviteesDays: days } } } });
    // A save that leaves the field out keeps it.
    expect(await invoke('admin/security/save', { ...security, retention: { auditDays: 365, activityDays: 90 } })).toMatchObject({ ok: true, data: { security: { retention: { inviteesDays: days } } } });
    (host.deps.settings as KvsSettingsStore).forget();
    await run();
    expect(await host.deps.directory.get(stale.id)).toBeUndefined();
    expect(await host.deps.directory.get(recent.id)).toBeDefined();
    expect(await host.deps.directory.get(registered.id)).toBeDefined();
    const erased = (await kvs.entity<AuditEvent>('audit').query().index('by-actor', { partition: ['system'] }).limit(100).getMany()).results.map((r) => r.value).filter((e) => e.kind === 'customer.erased' && e.detail.reason === 'never-registered');
    expect(erased).toHaveLength(1);
    expect(JSON.stringify(erased[0]).toLowerCase()).not.toMatch(/nora|never\.registered/);
    expect(await invoke('admin/security/save', { ...security, retention: { ...retention, inviteesDays: 0 } })).toMatchObject({ ok: true });
    (host.deps.settings as KvsSettingsStore).forget();
  });

  /** The Overview's event series of every day item (merged and per-instance shards), keyed by the item. */
  async function overviewSeries(): Promise<Record<string, unknown>> {
    const series: Record<string, unknown> = {};
    let cursor: string | undefined;
    do {
      let query = kvs.entity<{ s?: Record<string, unknown> }>('overview-day').query().index('by-day').limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      for (const r of page.results) series[r.key] = r.value.s ?? {};
      cursor = page.nextCursor;
    } while (cursor);
    return series;
  }

  it('an erasure that fails midway is finished by running it again, under the same reference', async () => {
    const { eraseCustomer } = await import('../../src/flows/erase-customer');
    const invited = await ok<CustomerRow>('admin/customers/invite', { email: 'half.erased@example.org', displayName: 'Half Erased', locale: 'en' });
    const trail = (await auditOf(invited.id)).length;
    const store = host.deps.erasure;
    const failing = { ...store, auditOf: store.auditOf.bind(store), rewriteAudit: store.rewriteAudit.bind(store), removeTraces: store.removeTraces.bind(store), removeEntry: () => Promise.reject(new Error('KVS unavailable')) };
    await expect(eraseCustomer({ ...host.deps, erasure: failing }, invited.id, { kind: 'system' })).rejects.toThrow('KVS unavailable');
    const half = (await host.deps.directory.get(invited.id))!;
    expect(half).toMatchObject({ status: 'disabled', erasingAs: expect.stringMatching(/^erased-[0-9a-f]{32}$/) });
    const done = await eraseCustomer(host.deps, invited.id, { kind: 'system' });
    expect(done).toMatchObject({ ok: true, reference: half.erasingAs });
    expect(await host.deps.directory.get(invited.id)).toBeUndefined();
    expect((await host.deps.directory.listAudit(half.erasingAs!, 50)).events).toHaveLength(trail + 1);
    expect(await invoke('admin/customers/invite', { email: 'half.erased@example.org', displayName: 'Again', locale: 'en' })).toMatchObject({ ok: true });
  });

  it('asks for the address typed again, then leaves no trace of the person in the whole store; the trail stays, pseudonymised', async () => {
    const petra = await richCustomer();
    const before = await storeText(host);
    for (const trace of [person.email.toLowerCase(), person.displayName, person.username, person.phone, person.accountId, petra.id]) expect(before.toLowerCase()).toContain(trace.toLowerCase());
    const trail = (await auditOf(petra.id)).length;
    expect(trail).toBeGreaterThanOrEqual(3);

    expect(await invoke('admin/customers/erase', { id: petra.id, confirm: 'someone.else@example.org' })).toEqual({ ok: false, error: 'invalid-input', field: 'confirm' });
    expect(await invoke('admin/customers/erase', { id: petra.id, confirm: person.email }, 'agent')).toEqual({ ok: false, error: 'forbidden' });
    expect(await host.deps.directory.get(petra.id)).toBeDefined();

    const series = await overviewSeries();
    expect(Object.keys(series).length).toBeGreaterThan(0);
    const erased = await ok<{ reference: string; events: number }>('admin/customers/erase', { id: petra.id, confirm: ` ${person.email.toUpperCase()} ` });
    expect(erased.events).toBe(trail);
    const after = (await storeText(host)).toLowerCase();
    for (const trace of [person.email.toLowerCase(), person.displayName, person.username, person.phone, '4915712345678', person.accountId, petra.id, '•••• 78']) {
      expect({ trace, found: after.includes(trace.toLowerCase()) }).toEqual({ trace, found: false });
    }
    // The events stay under the opaque reference (the Overview's counts and the trail), and the erasure is audited.
    expect(await overviewSeries()).toEqual(series);
    const kept = (await host.deps.directory.listAudit(erased.reference, 100)).events;
    expect(kept).toHaveLength(trail + 1);
    expect(kept[0]).toMatchObject({ kind: 'customer.erased', customerId: erased.reference, detail: { actorRole: 'admin', events: trail } });
    expect(kept.map((e) => e.kind)).toEqual(expect.arrayContaining(['invite.sent', 'sms.sent', 'reset.requested']));
    expect(await list({ search: 'petra' })).toMatchObject({ customers: [] });
    expect(await invoke('admin/customers/erase', { id: petra.id, confirm: person.email })).toEqual({ ok: false, error: 'not-found' });
    // The address is free again: the person can be invited anew.
    expect(await invoke('admin/customers/invite', { email: person.email, displayName: 'P', locale: 'de' })).toMatchObject({ ok: true });
  });
});
