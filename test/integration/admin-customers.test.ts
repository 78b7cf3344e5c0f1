import { kvs } from '@forge/kvs';
import type { KvsSettingsStore } from '../../src/forge/settings';
import type { AuditEvent } from '../../src/domain/audit';
import type { CustomerData, CustomerRow } from '../../src/surfaces/admin-api';
import { DIRECTORY_KEYS } from '../../src/surfaces/admin-api';
import { mails, storeText, type TestHost, useTestHost } from '../support/local-host';
import { customerCalls, person, richCustomer as richCustomerOn } from '../support/admin-customers';

/**
 * The admin page's "Customers" section through the local host (`POST /local/api/invoke`, module
 * `admin-page`), running the real resolver on the KVS emulator with the demo data: list, actions, who may, privacy
 * (the CSV import, export and resending expired invitations: admin-customers-import.test.ts).
 */
let host: TestHost;
useTestHost((started) => (host = started));

const { invoke, ok, list, listAll, byEmail, act, auditOf } = customerCalls(() => host);

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

describe('privacy (issue 24): delete a customer and their data, download their data', () => {
  const richCustomer = () => richCustomerOn(host, { ok, act });
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
