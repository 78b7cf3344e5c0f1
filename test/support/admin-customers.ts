import { kvs } from '@forge/kvs';
import { DEMO_SETTINGS } from '../../local/demo-data';
import type { Persona } from '../../local/jira-emulator';
import { SETTINGS_KEY, type KvsSettingsStore } from '../../src/forge/settings';
import type { AuditEvent } from '../../src/domain/audit';
import type { Customer } from '../../src/domain/customer';
import type { TwoStepState } from '../../src/domain/two-step';
import type { CustomerPage, CustomerRow, ImportPreview, ImportRowInput, ImportRowTuple, ImportRunResult } from '../../src/surfaces/admin-api';
import { rowOfTuple } from '../../src/surfaces/admin-api';
import { adminCalls, type TestHost } from './local-host';

/**
 * The admin page's "Customers" section on `host()` (test/integration/admin-customers and admin-customers-import):
 * the admin calls (`adminCalls`) and the section's own: list (one page, all pages, one address), an action, a
 * customer's audit trail, the settings changed in place, a CSV import preview and run in chunks.
 */
export function customerCalls(current: () => TestHost) {
  const { invoke, ok, exportCustomers } = adminCalls(current);
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
    return (await current().deps.directory.listAudit(id, 50)).events;
  }
  async function setSettings(change: (s: typeof DEMO_SETTINGS) => typeof DEMO_SETTINGS) {
    await kvs.set(SETTINGS_KEY, change(DEMO_SETTINGS));
    (current().deps.settings as KvsSettingsStore).forget();
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
  return { invoke, ok, exportCustomers, list, listAll, byEmail, act, auditOf, setSettings, runImport, preview };
}

/** The person `richCustomer` creates, with every kind of personal field. */
export const person = { email: 'Petra.Privat@Example.org', displayName: 'Petra Privatperson', username: 'petra-privat-4711', phone: '+4915712345678', accountId: '712020:5e1f0c4a-erase-me-0001' };

/** A customer with everything the app can hold about one: password, two-step factors, phone, sign-ins, mails, SMS. */
export async function richCustomer(host: TestHost, { ok, act }: Pick<ReturnType<typeof customerCalls>, 'ok' | 'act'>): Promise<CustomerRow> {
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

/** An enrolled customer, as the sign-in steps leave one: `twoStep` on the entry and its secrets in secret storage. */
export async function enrolTotp(host: TestHost, email: string): Promise<{ customer: Customer; state: TwoStepState }> {
  const current = (await host.deps.directory.findByEmail(email))!;
  const state: TwoStepState = {
    totp: { ref: 'k1', since: 1_700_000_000, lastStep: 0 },
    recovery: { ref: 'r1', since: 1_700_000_000, total: 10, used: [] },
    failures: 0,
  };
  const next: Customer = { ...current, twoStep: state, rev: current.rev + 1 };
  expect(await host.deps.directory.update(next, { rev: current.rev }, [])).toBe(true);
  await host.deps.factors.putTotp(current.id, 'k1', 'JBSWY3DPEHPK3PXP');
  await host.deps.factors.putRecovery(current.id, 'r1', ['hash-1', 'hash-2']);
  return { customer: next, state };
}

