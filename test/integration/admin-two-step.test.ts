import type { Persona } from '../../local/jira-emulator';
import type { CustomerRow, ImportPreview, ImportRunResult, SettingsData } from '../../src/surfaces/admin-api';
import { rowOfTuple } from '../../src/surfaces/admin-api';
import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';
import { invokeResolver, mails, type TestHost, useTestHost } from '../support/local-host';
import { customerCalls, enrolTotp } from '../support/admin-customers';

/**
 * Two-step verification on the admin side (issue 11): the Security section's policy and methods, the
 * portal administrator mark (row action, invite form, CSV column, export), the admin's "Reset two-step
 * verification", and what the agent panel shows. Through the local host's bridge endpoint, as each persona.
 */
let host: TestHost;
useTestHost((started) => (host = started));

const { invoke, ok, exportCustomers, byEmail, act, auditOf } = customerCalls(() => host);
const enrol = (email: string) => enrolTotp(host, email);
const entry = async (email: string) => (await host.deps.directory.findByEmail(email))!;
const security = async () => (await ok<SettingsData>('admin/settings/get')).security;
const saveTwoStep = (twoStep: unknown) => security().then((s) => invoke<SettingsData>('admin/security/save', { ...s, twoStep }));

async function panel(issueKey: string, persona = 'agent'): Promise<PanelData> {
  const result = await invokeResolver<AgentResult<PanelData>>(host.url, { moduleKey: 'agent-panel', functionKey: 'agent/panel', payload: {}, persona: persona as Persona, issueKey });
  if (!result.ok) throw new Error(`panel: ${result.error}`);
  return result.data;
}

describe('Security section: two-step policy and methods', () => {
  let demo: SettingsData['security']['twoStep'];
  beforeAll(async () => {
    demo = (await security()).twoStep;
  });
  afterAll(async () => {
    expect(await saveTwoStep(demo)).toMatchObject({ ok: true });
  });

  it('reads what is stored, as the settings store loads it', async () => {
    expect((await security()).twoStep).toEqual((await host.deps.settings.load()).twoStep);
    expect(demo.methods).toEqual({ totp: true, sms: false });
  });

  it.each([
    ['optional', { totp: true, sms: false }],
    ['admins', { totp: true, sms: true }],
    ['everyone', { totp: false, sms: true }],
    ['off', { totp: false, sms: false }],
  ])('saves policy %s with methods %j with the rest of the section', async (policy, methods) => {
    const before = await security();
    const saved = await invoke<SettingsData>('admin/security/save', { ...before, resetLinkMinutes: 45, twoStep: { policy, methods } });
    expect(saved).toMatchObject({ ok: true, data: { security: { resetLinkMinutes: 45, twoStep: { policy, methods } } } });
    expect((await security()).twoStep).toEqual({ policy, methods });
    expect((await host.deps.settings.load()).twoStep).toEqual({ policy, methods });
  });

  it('refuses a policy other than off without a method, naming twoStep.methods, and keeps what was stored', async () => {
    expect(await saveTwoStep({ policy: 'admins', methods: { totp: true, sms: false } })).toMatchObject({ ok: true });
    for (const policy of ['optional', 'admins', 'everyone']) {
      expect(await saveTwoStep({ policy, methods: { totp: false, sms: false } })).toEqual({ ok: false, error: 'invalid-input', field: 'twoStep.methods' });
    }
    expect((await security()).twoStep).toEqual({ policy: 'admins', methods: { totp: true, sms: false } });
  });

  it('refuses a malformed twoStep (unknown policy or method, missing part) by its field', async () => {
    expect(await saveTwoStep({ policy: 'sometimes', methods: { totp: true, sms: false } })).toEqual({ ok: false, error: 'invalid-input', field: 'twoStep.policy' });
    expect(await saveTwoStep({ policy: 'optional', methods: { totp: true, sms: false, email: true } })).toMatchObject({ ok: false, error: 'invalid-input', field: 'twoStep.methods' });
    expect(await saveTwoStep({ policy: 'optional' })).toEqual({ ok: false, error: 'invalid-input', field: 'twoStep.methods' });
    const { twoStep: _left, ...rest } = await security();
    expect(await invoke('admin/security/save', rest)).toEqual({ ok: false, error: 'invalid-input', field: 'twoStep' });
  });

  it.each(['agent', 'customer', 'anonymous'] as Persona[])('%s cannot change it', async (persona) => {
    const before = await security();
    expect(await invoke('admin/security/save', { ...before, twoStep: { policy: 'everyone', methods: { totp: true, sms: false } } }, persona)).toEqual({ ok: false, error: 'forbidden' });
    expect((await security()).twoStep).toEqual(before.twoStep);
  });
});

describe('portal administrator mark', () => {
  it('marks and unmarks from the Customers list, each confirmed state audited as customer.updated', async () => {
    const tom = await byEmail('tom.invited@example.com');
    expect(tom).toMatchObject({ portalAdmin: false, actions: { 'mark-admin': true, 'unmark-admin': false } });

    const marked = await act(tom.id, 'mark-admin');
    expect(marked).toMatchObject({ ok: true, data: { portalAdmin: true, status: 'invited', actions: { 'mark-admin': false, 'unmark-admin': true } } });
    expect((await entry('tom.invited@example.com')).portalAdmin).toBe(true);
    expect(await act(tom.id, 'mark-admin')).toEqual({ ok: false, error: 'not-allowed' });

    expect(await act(tom.id, 'unmark-admin')).toMatchObject({ ok: true, data: { portalAdmin: false } });
    expect((await entry('tom.invited@example.com')).portalAdmin).toBe(false);
    expect(await act(tom.id, 'unmark-admin')).toEqual({ ok: false, error: 'not-allowed' });

    const updates = (await auditOf(tom.id)).filter((e) => e.kind === 'customer.updated');
    expect(updates.map((e) => e.detail.portalAdmin).sort()).toEqual([false, true]);
    for (const e of updates) {
      expect(e.detail).toMatchObject({ actorRole: 'admin' });
      expect(e.actor).not.toBe('system');
    }
    expect(await mails(host)).toEqual([]);
  });

  it.each(['agent', 'customer', 'anonymous'] as Persona[])('%s cannot mark anyone', async (persona) => {
    const tom = await byEmail('tom.invited@example.com');
    expect(await act(tom.id, 'mark-admin', persona)).toEqual({ ok: false, error: 'forbidden' });
    expect((await entry('tom.invited@example.com')).portalAdmin).not.toBe(true);
  });

  it('invites a new customer as portal administrator (and without the box, not)', async () => {
    const invited = await invoke<CustomerRow>('admin/customers/invite', { email: 'pa.new@example.net', displayName: 'Pia Admin', locale: 'de', portalAdmin: true });
    expect(invited).toMatchObject({ ok: true, data: { email: 'pa.new@example.net', portalAdmin: true, status: 'invited' } });
    const pia = await entry('pa.new@example.net');
    expect(pia.portalAdmin).toBe(true);
    expect((await auditOf(pia.id)).map((e) => [e.kind, e.detail.portalAdmin])).toEqual(expect.arrayContaining([['customer.updated', true]]));
    await host.idle();
    expect((await mails(host)).map((m) => m.to)).toEqual(['pa.new@example.net']);

    const plain = await invoke<CustomerRow>('admin/customers/invite', { email: 'plain.new@example.net', displayName: 'Paul Plain', locale: 'en' });
    expect(plain).toMatchObject({ ok: true, data: { portalAdmin: false } });
    expect(await invoke('admin/customers/invite', { email: 'x@example.net', displayName: 'X', locale: 'en', portalAdmin: 'yes' })).toMatchObject({ ok: false, error: 'invalid-input', field: 'portalAdmin' });
  });

  it('marks an invited entry that is invited again with the box', async () => {
    const again = await invoke<CustomerRow>('admin/customers/invite', { email: 'plain.new@example.net', displayName: 'Paul Plain', locale: 'en', portalAdmin: true });
    expect(again).toMatchObject({ ok: true, data: { portalAdmin: true } });
    expect((await entry('plain.new@example.net')).portalAdmin).toBe(true);
  });

  it('imports the portal_admin column (yes/no/true/false/1/0/ja/nein, blank = no); an unknown value is a row problem', async () => {
    // Erika is marked first, so that her row's `false` removes the mark.
    expect(await act((await byEmail('erika.mustermann@example.de')).id, 'mark-admin')).toMatchObject({ ok: true });
    const csv = [
      'email;name;portal_admin',
      'csv.yes@example.net;Yes Person;yes',
      'csv.ja@example.net;Ja Person;JA',
      'csv.true@example.net;True Person;true',
      'csv.one@example.net;One Person;1',
      'csv.no@example.net;No Person;no',
      'csv.nein@example.net;Nein Person;nein',
      'csv.zero@example.net;Zero Person;0',
      'csv.blank@example.net;Blank Person;',
      'csv.bad@example.net;Bad Person;maybe',
      'jane.doe@example.com;Jane Doe;yes',
      'erika.mustermann@example.de;Erika Mustermann;false',
    ].join('\n');
    const preview = await ok<ImportPreview>('admin/customers/import-preview', { csv, defaultLocale: 'en' });
    if (!preview.ok) throw new Error(preview.fileError);
    expect(preview.problems).toEqual([{ line: 10, email: 'csv.bad@example.net', problems: ['portal-admin-invalid'] }]);
    expect(preview).toMatchObject({ total: 11, new: 8, invalid: 1 });
    const flags = Object.fromEntries(preview.rows.map((r) => [r[1], r[5]]));
    expect(flags).toMatchObject({
      'csv.yes@example.net': true, 'csv.ja@example.net': true, 'csv.true@example.net': true, 'csv.one@example.net': true,
      'csv.no@example.net': false, 'csv.nein@example.net': false, 'csv.zero@example.net': false, 'csv.blank@example.net': false,
    });

    const run = await ok<ImportRunResult>('admin/customers/import-run', { rows: preview.rows.map(rowOfTuple), invite: false });
    expect(run).toMatchObject({ created: 8, failed: [] });
    for (const email of ['csv.yes@example.net', 'csv.ja@example.net', 'csv.true@example.net', 'csv.one@example.net']) expect((await entry(email)).portalAdmin).toBe(true);
    for (const email of ['csv.no@example.net', 'csv.blank@example.net']) expect((await entry(email)).portalAdmin).not.toBe(true);
    const jane = await entry('jane.doe@example.com');
    expect(jane.portalAdmin).toBe(true);
    expect((await auditOf(jane.id)).find((e) => e.kind === 'customer.updated' && e.detail.portalAdmin === true)).toBeDefined();
    expect((await entry('erika.mustermann@example.de')).portalAdmin).toBe(false);

    // The same file again changes nothing; a file without the column keeps every mark.
    const again = await ok<ImportPreview>('admin/customers/import-preview', { csv, defaultLocale: 'en' });
    expect(again).toMatchObject({ new: 0, changed: 0, invalid: 1 });
    const noColumn = await ok<ImportPreview>('admin/customers/import-preview', { csv: 'email,name\njane.doe@example.com,Jane Doe\ncsv.yes@example.net,Yes Person', defaultLocale: 'en' });
    expect(noColumn).toMatchObject({ changed: 0, unchanged: 2 });
    if (noColumn.ok) expect(noColumn.rows.every((r) => r.length === 5)).toBe(true);

    // The run re-checks what the UI sends: a string where a boolean belongs is refused.
    expect(await invoke('admin/customers/import-run', { rows: [{ line: 2, email: 'x@example.net', name: 'X', username: '', locale: 'en', portalAdmin: 'maybe' }], invite: false })).toMatchObject({
      ok: false,
      error: 'invalid-input',
    });
  });

  it('exports the mark as a portal_admin column that imports back unchanged', async () => {
    const csv = await exportCustomers();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('email,name,username,locale,status,portal_admin');
    expect(lines.find((l) => l.startsWith('jane.doe@example.com,'))).toMatch(/,yes$/);
    expect(lines.find((l) => l.startsWith('csv.no@example.net,'))).toMatch(/,no$/);
    const back = await ok<ImportPreview>('admin/customers/import-preview', { csv, defaultLocale: 'en' });
    expect(back).toMatchObject({ ok: true, new: 0, changed: 0, invalid: 0 });
  });
});

describe('reset two-step verification', () => {
  it('is offered only when a method is enrolled, and refused (not-allowed) otherwise', async () => {
    const dana = await byEmail('dana.disabled@example.com');
    expect(dana).toMatchObject({ twoStep: false, actions: { 'reset-two-step': false } });
    expect(await act(dana.id, 'reset-two-step')).toEqual({ ok: false, error: 'not-allowed' });
    expect((await auditOf(dana.id)).some((e) => e.kind === 'twostep.reset')).toBe(false);
  });

  it('clears the entry, deletes its secrets and audits twostep.reset with the admin as actor', async () => {
    const { customer } = await enrol('erika.mustermann@example.de');
    const row = await byEmail('erika.mustermann@example.de');
    expect(row).toMatchObject({ twoStep: true, actions: { 'reset-two-step': true } });

    const done = await act(customer.id, 'reset-two-step');
    expect(done).toMatchObject({ ok: true, data: { twoStep: false, status: 'active', actions: { 'reset-two-step': false } } });
    const after = await entry('erika.mustermann@example.de');
    expect(after.twoStep).toBeUndefined();
    expect(after.rev).toBe(customer.rev + 1);
    expect(after.passwordRef).toBe(customer.passwordRef);
    expect(await host.deps.factors.getTotp(customer.id, 'k1')).toBeUndefined();
    expect(await host.deps.factors.getRecovery(customer.id, 'r1')).toBeUndefined();

    const events = (await auditOf(customer.id)).filter((e) => e.kind === 'twostep.reset');
    expect(events).toHaveLength(1);
    expect(events[0].detail).toMatchObject({ actorRole: 'admin', methods: 'totp,recovery' });
    expect(JSON.stringify(events[0])).not.toMatch(/JBSWY3DPEHPK3PXP|hash-1/);
    expect(await act(customer.id, 'reset-two-step')).toEqual({ ok: false, error: 'not-allowed' });
    // The customer is told by email, in their language.
    await host.idle();
    const told = (await mails(host)).filter((m) => m.to === 'erika.mustermann@example.de');
    expect(told).toHaveLength(1);
    expect(told[0].subject).toMatch(/two-step verification was reset|Zwei-Schritt-Verifizierung/);
  });

  it('answers conflict when the entry changed meanwhile (the write is conditioned on its revision)', async () => {
    const { customer } = await enrol('erika.mustermann@example.de');
    const directory = host.deps.directory;
    const original = directory.update.bind(directory);
    const spy = jest.spyOn(directory, 'update').mockImplementationOnce(async (next, expected, events) => {
      const stored = (await directory.get(customer.id))!;
      await original({ ...stored, rev: stored.rev + 1, displayName: 'Erika M.' }, { rev: stored.rev }, []);
      return original(next, expected, events);
    });
    try {
      expect(await act(customer.id, 'reset-two-step')).toEqual({ ok: false, error: 'conflict' });
    } finally {
      spy.mockRestore();
    }
    expect((await entry('erika.mustermann@example.de')).twoStep?.totp?.ref).toBe('k1');
    expect(await host.deps.factors.getTotp(customer.id, 'k1')).toBe('JBSWY3DPEHPK3PXP');
    expect(await act(customer.id, 'reset-two-step')).toMatchObject({ ok: true, data: { twoStep: false } });
  });

  it.each(['agent', 'customer', 'anonymous'] as Persona[])('%s cannot reset it', async (persona) => {
    const { customer } = await enrol('larry.locked@example.com');
    expect(await act(customer.id, 'reset-two-step', persona)).toEqual({ ok: false, error: 'forbidden' });
    expect((await entry('larry.locked@example.com')).twoStep?.totp).toBeDefined();
    expect(await act(customer.id, 'reset-two-step')).toMatchObject({ ok: true });
  });
});

describe('agent panel: portal administrator mark and two-step state (read-only)', () => {
  afterAll(async () => {
    expect(await saveTwoStep({ policy: 'off', methods: { totp: true, sms: false } })).toMatchObject({ ok: true });
  });

  it('shows the mark beside the status, and the state per policy: off, required, on', async () => {
    // DEMO-2 is Jane (linked by account); the import above marked her.
    const jane = await entry('jane.doe@example.com');
    if (jane.portalAdmin !== true) expect(await act(jane.id, 'mark-admin')).toMatchObject({ ok: true });

    expect(await saveTwoStep({ policy: 'off', methods: { totp: true, sms: false } })).toMatchObject({ ok: true });
    expect((await panel('DEMO-2')).customer).toMatchObject({ portalAdmin: true, twoStep: 'off' });

    expect(await saveTwoStep({ policy: 'admins', methods: { totp: true, sms: false } })).toMatchObject({ ok: true });
    expect((await panel('DEMO-2')).customer).toMatchObject({ portalAdmin: true, twoStep: 'required' });
    expect((await panel('DEMO-6')).customer).toMatchObject({ portalAdmin: false, twoStep: 'off' });

    expect(await saveTwoStep({ policy: 'optional', methods: { totp: true, sms: false } })).toMatchObject({ ok: true });
    expect((await panel('DEMO-2')).customer).toMatchObject({ twoStep: 'off' });
    await enrol('jane.doe@example.com');
    expect((await panel('DEMO-2')).customer).toMatchObject({ twoStep: 'on', twoStepMethods: { totp: true, sms: null } });

    expect(await saveTwoStep({ policy: 'everyone', methods: { totp: true, sms: false } })).toMatchObject({ ok: true });
    expect((await panel('DEMO-6')).customer).toMatchObject({ twoStep: 'required' });
    expect((await panel('DEMO-2', 'admin')).customer).toMatchObject({ portalAdmin: true, twoStep: 'on' });

    const unmarked = await act(jane.id, 'unmark-admin');
    expect(unmarked).toMatchObject({ ok: true });
    expect((await panel('DEMO-2')).customer).toMatchObject({ portalAdmin: false, twoStep: 'on' });
  });

  it('never carries a secret or reference, and agents have no key to change it', async () => {
    const data = await panel('DEMO-2');
    expect(JSON.stringify(data)).not.toMatch(/JBSWY3DPEHPK3PXP|hash-1|"k1"|"r1"|lastStep|recovery/);
    const jane = await entry('jane.doe@example.com');
    expect(await act(jane.id, 'reset-two-step', 'agent')).toEqual({ ok: false, error: 'forbidden' });
    expect(await act(jane.id, 'mark-admin', 'agent')).toEqual({ ok: false, error: 'forbidden' });
    expect((await entry('jane.doe@example.com')).twoStep?.totp).toBeDefined();
  });
});