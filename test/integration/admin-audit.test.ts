import { parse } from 'csv-parse/sync';
import { normaliseForLookup } from '../../src/domain/identifier';
import { auditEvent } from '../../src/flows/deps';
import type { AuditEvent, AuditKind } from '../../src/domain/audit';
import type { AdminResult, AuditCsvChunk, AuditEntry, AuditPage, AuditPagePayload } from '../../src/surfaces/admin-api';
import { PERSONA_ACCOUNTS } from '../../local/jira-emulator';
import { startTestHost, type TestHost, invokeResolver, type InvokeRequest } from '../support/local-host';

/**
 * The admin page's "Audit log" section through the local host's bridge endpoint (`POST /local/api/invoke`,
 * module `admin-page`): real resolvers on the emulated KVS, with the demo data plus a few hundred seeded
 * events (written by the real directory adapter, as the flows write them).
 */
jest.setTimeout(60_000);

let host: TestHost;
const AGENT = PERSONA_ACCOUNTS.agent.account.accountId;
const ADMIN = PERSONA_ACCOUNTS.admin.account.accountId;
const ids: Record<'jane' | 'erika' | 'dana', string> = { jane: '', erika: '', dana: '' };
const seeded: AuditEvent[] = [];
const EVIL_NAME = '=HYPERLINK("http://evil.example","click")';

function invoke<T>(functionKey: string, payload: unknown = {}, persona: InvokeRequest['persona'] = 'admin'): Promise<AdminResult<T>> {
  return invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload, persona });
}

async function page(payload: AuditPagePayload): Promise<AuditPage> {
  const result = await invoke<AuditPage>('admin/audit', payload);
  if (!result.ok) throw new Error(`admin/audit ${JSON.stringify(payload)}: ${result.error} ${result.field ?? ''}`);
  return result.data;
}

/** Every entry for a filter, following cursors; also the number of calls it took. */
async function all(filter: AuditPagePayload): Promise<{ entries: AuditEntry[]; calls: number; sizes: number[] }> {
  const entries: AuditEntry[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let calls = 1; ; calls++) {
    const p = await page({ ...filter, ...(cursor ? { cursor } : {}) });
    entries.push(...p.entries);
    sizes.push(p.entries.length);
    if (!p.cursor) return { entries, calls, sizes };
    cursor = p.cursor;
    if (calls > 100) throw new Error('too many pages');
  }
}

async function exportCsv(filter: AuditPagePayload): Promise<{ text: string; chunks: number; ms: number[] }> {
  let text = '';
  let cursor: string | undefined;
  const ms: number[] = [];
  for (let chunks = 1; ; chunks++) {
    const started = performance.now();
    const result = await invoke<AuditCsvChunk>('admin/audit/export', { ...filter, ...(cursor ? { cursor } : {}) });
    ms.push(performance.now() - started);
    if (!result.ok) throw new Error(`export: ${result.error}`);
    text += result.data.csv;
    if (!result.data.cursor) return { text, chunks, ms };
    cursor = result.data.cursor;
  }
}

const newestFirst = (entries: AuditEntry[]) => entries.every((e, i) => i === 0 || entries[i - 1].id > e.id);

beforeAll(async () => {
  host = await startTestHost();
  const { directory } = host.deps;
  for (const [name, email] of [
    ['jane', 'jane.doe@example.com'],
    ['erika', 'erika.mustermann@example.de'],
    ['dana', 'dana.disabled@example.com'],
  ] as const) {
    ids[name] = (await directory.findByEmail(normaliseForLookup(email)))!.id;
  }
  // Dana's display name is what a spreadsheet would run as a formula.
  const dana = (await directory.get(ids.dana))!;
  expect(await directory.update({ ...dana, displayName: EVIL_NAME, rev: dana.rev + 1 }, { rev: dana.rev }, [])).toBe(true);

  const add = async (customer: string, kind: AuditKind, actor: string, detail: AuditEvent['detail'] = {}) => {
    const event = auditEvent(host.deps, customer, kind, actor, detail);
    await directory.appendAudit([event]);
    seeded.push(event);
  };
  for (let i = 0; i < 60; i++) await add(ids.jane, 'login.failed', 'customer');
  for (let i = 0; i < 7; i++) await add(ids.erika, 'invite.resent', AGENT, { actorRole: 'agent', actorName: 'Alex Agent' });
  await add(ids.jane, 'invite.resent', AGENT, { actorRole: 'agent', actorName: 'Alex Agent' });
  await add(ids.erika, 'reset.requested', ADMIN, { actorRole: 'admin', actorName: '@SUM(A1:A9)' });
  await add(ids.dana, 'email.failed', 'system', { template: 'reset', attempt: 3, reason: '-2+3, "quoted"\nnext line' });
  for (let i = 0; i < 400; i++) await add(ids.erika, 'email.delivered', 'system', { template: 'invite' });
});

afterAll(async () => {
  await host?.close();
});

describe('who may read the audit log', () => {
  test.each(['agent', 'other-agent', 'customer', 'anonymous'] as const)('%s is refused for both keys', async (persona) => {
    for (const key of ['admin/audit', 'admin/audit/export']) {
      const result = await invoke(key, {}, persona);
      expect(result).toEqual({ ok: false, error: 'forbidden' });
    }
  });
});

describe('admin/audit', () => {
  test('no filter: newest first, pages of 50, every event exactly once', async () => {
    const first = await page({});
    expect(first.entries).toHaveLength(50);
    expect(first.cursor).toEqual(expect.any(String));
    expect(first.entries[0].id).toBe(seeded[seeded.length - 1].id);
    const { entries, sizes } = await all({});
    expect(newestFirst(entries)).toBe(true);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const got = new Set(entries.map((e) => e.id));
    expect(seeded.every((e) => got.has(e.id))).toBe(true);
    expect(entries.length).toBeGreaterThan(seeded.length); // plus the demo data's events
    expect(sizes.slice(0, -1).every((n) => n === 50)).toBe(true);
  });

  test('entries carry customer, actor and detail (without who did it)', async () => {
    const entry = (await page({ customer: ids.erika, kind: 'reset.requested' })).entries[0];
    expect(entry).toMatchObject({
      kind: 'reset.requested',
      customer: { id: ids.erika, displayName: 'Erika Mustermann', email: 'erika.mustermann@example.de' },
      actor: { role: 'admin', accountId: ADMIN, name: '@SUM(A1:A9)' },
      detail: {},
    });
    const failed = (await page({ customer: 'dana.disabled@example.com', kind: 'email.failed' })).entries[0];
    expect(failed.actor).toEqual({ role: 'system' });
    expect(failed.detail).toEqual({ template: 'reset', attempt: 3, reason: '-2+3, "quoted"\nnext line' });
  });

  test('customer by email (any case), username or id gives the same events, only theirs', async () => {
    const byEmail = await all({ customer: '  Jane.Doe@EXAMPLE.com ' });
    const byUsername = await all({ customer: 'Customer2300229' });
    const byId = await all({ customer: ids.jane });
    expect(byEmail.entries.map((e) => e.id)).toEqual(byId.entries.map((e) => e.id));
    expect(byUsername.entries.map((e) => e.id)).toEqual(byId.entries.map((e) => e.id));
    expect(byId.entries.every((e) => e.customer?.id === ids.jane)).toBe(true);
    expect(byId.entries.length).toBeGreaterThanOrEqual(61);
    expect(newestFirst(byId.entries)).toBe(true);
  });

  test.each(['nobody@example.com', 'nobody', 'two words', '#/?'])('an unknown customer (%s) is named as such', async (customer) => {
    expect(await invoke('admin/audit', { customer })).toEqual({ ok: false, error: 'not-found', field: 'customer' });
  });

  test('actor: an account id, or the customer, or the system', async () => {
    const agent = await all({ actor: AGENT });
    expect(agent.entries.map((e) => e.id)).toEqual(seeded.filter((e) => e.actor === AGENT).map((e) => e.id).reverse());
    expect(agent.entries[0].actor).toEqual({ role: 'agent', accountId: AGENT, name: 'Alex Agent' });
    const customer = await all({ actor: 'customer' });
    expect(customer.entries.length).toBeGreaterThanOrEqual(60);
    expect(customer.entries.every((e) => e.actor.role === 'customer')).toBe(true);
    const system = await all({ actor: 'system' });
    expect(system.entries.length).toBeGreaterThanOrEqual(401);
    expect(system.entries.every((e) => e.actor.role === 'system')).toBe(true);
  });

  test('kind: one kind, or a category', async () => {
    const failedLogins = await all({ kind: 'login.failed' });
    expect(failedLogins.entries.filter((e) => seeded.some((s) => s.id === e.id))).toHaveLength(60);
    expect(failedLogins.entries.every((e) => e.kind === 'login.failed')).toBe(true);
    const invites = await all({ kind: 'invite.' });
    expect(invites.entries.every((e) => e.kind.startsWith('invite.'))).toBe(true);
    expect(new Set(invites.entries.map((e) => e.kind))).toEqual(new Set(['invite.sent', 'invite.resent']));
  });

  test('filters combine: customer + kind paginates exactly, customer + actor, actor + kind', async () => {
    const janeFailed = await all({ customer: ids.jane, kind: 'login.failed' });
    expect(janeFailed.sizes).toEqual([50, 10]);
    expect(janeFailed.entries.map((e) => e.id)).toEqual(seeded.filter((e) => e.customerId === ids.jane && e.kind === 'login.failed').map((e) => e.id).reverse());

    const erikaByAgent = await all({ customer: 'erika.mustermann@example.de', actor: AGENT });
    expect(erikaByAgent.entries).toHaveLength(7);
    expect(erikaByAgent.entries.every((e) => e.customer?.id === ids.erika && e.kind === 'invite.resent')).toBe(true);

    const agentInvites = await all({ actor: AGENT, kind: 'invite.' });
    expect(agentInvites.entries).toHaveLength(8);
    expect(await all({ actor: AGENT, kind: 'email.' })).toMatchObject({ entries: [] });

    const all3 = await all({ customer: ids.jane, actor: AGENT, kind: 'invite.resent' });
    expect(all3.entries).toHaveLength(1);
  });

  test.each([
    ['an upper-case kind', { kind: 'EMAIL.' }, 'kind'],
    ['a category without its dot', { kind: 'email' }, 'kind'],
    ['a long kind', { kind: 'x'.repeat(81) }, 'kind'],
    ['an actor with spaces', { actor: 'has spaces' }, 'actor'],
    ['a customer over 200 characters', { customer: 'x'.repeat(201) }, 'customer'],
    ['a cursor over 2000 characters', { cursor: 'x'.repeat(2001) }, 'cursor'],
    ['a made-up cursor', { cursor: 'not-a-cursor' }, 'cursor'],
  ])('%s is refused, naming the field', async (_label, payload, field) => {
    expect(await invoke('admin/audit', payload)).toEqual({ ok: false, error: 'invalid-input', field });
  });

  test('a cursor only continues the filter it came from', async () => {
    const { cursor } = await page({ kind: 'email.' });
    expect(cursor).toEqual(expect.any(String));
    expect(await invoke('admin/audit', { kind: 'login.', cursor })).toEqual({ ok: false, error: 'invalid-input', field: 'cursor' });
    expect((await invoke<AuditPage>('admin/audit', { kind: 'email.', cursor })).ok).toBe(true);
  });
});

describe('admin/audit/export', () => {
  test('the concatenated chunks are one CSV with a header and the same rows as the list', async () => {
    const listed = await all({});
    const { text, chunks, ms } = await exportCsv({});
    const rows = parse(text, { bom: false, relax_column_count: false });
    expect(rows[0]).toEqual(['time', 'kind', 'customer_name', 'customer_email', 'customer_id', 'actor', 'actor_name', 'detail', 'event_id']);
    expect(rows.slice(1).map((r) => r[8])).toEqual(listed.entries.map((e) => e.id));
    expect(chunks).toBe(Math.ceil(listed.entries.length / 200));
    expect(text.endsWith('\r\n')).toBe(true);
    // A figure, not a limit: one chunk of 200 rows on the emulator.
    console.log(`audit export: ${rows.length - 1} rows in ${chunks} chunks, slowest chunk ${Math.max(...ms).toFixed(0)} ms`);
  });

  test('cells a spreadsheet would run as formulas are text; quotes, commas and line breaks survive', async () => {
    const { text } = await exportCsv({ customer: ids.dana, kind: 'email.failed' });
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    const rows = parse(text);
    expect(rows).toHaveLength(2);
    const [time, kind, name, email, customerId, actor, actorName, detail] = rows[1];
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    // Customer ids are random base64url: one in 64 begins with "-", which the export guards like any formula start.
    const asCell = (id: string) => (/^[=+\-@]/.test(id) ? `'${id}` : id);
    expect([kind, name, email, customerId, actor, actorName]).toEqual(['email.failed', `'${EVIL_NAME}`, 'dana.disabled@example.com', asCell(ids.dana), 'system', '']);
    expect(detail).toBe('template=reset; attempt=3; reason=-2+3, "quoted"\nnext line');

    const admin = parse((await exportCsv({ actor: ADMIN })).text);
    expect(admin[1][6]).toBe("'@SUM(A1:A9)");
  });

  test('filters apply to the export as to the list', async () => {
    const rows = parse((await exportCsv({ customer: ids.jane, kind: 'login.' })).text);
    expect(rows.slice(1).every((r) => r[1].startsWith('login.') && r[4] === ids.jane)).toBe(true);
    expect(rows.length - 1).toBe((await all({ customer: ids.jane, kind: 'login.' })).entries.length);
  });

  test('invalid input is refused as in the list', async () => {
    expect(await invoke('admin/audit/export', { kind: 'login' })).toEqual({ ok: false, error: 'invalid-input', field: 'kind' });
  });
});
