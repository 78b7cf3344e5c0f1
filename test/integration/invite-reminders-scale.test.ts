import { kvs } from '@forge/kvs';
import type { Customer } from '../../src/domain/customer';
import { inviteCustomer } from '../../src/flows/invite';
import { KvsSettingsStore, SETTINGS_KEY } from '../../src/forge/settings';
import type { AdminResult, ImportPreview, ImportRunResult } from '../../src/surfaces/admin-api';
import { invokeResolver, mails, startTestHost, type TestHost } from '../support/local-host';

/**
 * Invitation reminders at directory scale: thousands of old "invited" entries without a live link (here: an
 * import without invitations, months ago) must not crowd a due reminder out of the hourly run.
 */
let host: TestHost;

beforeAll(async () => {
  host = await startTestHost();
});

afterAll(async () => {
  await host?.close();
});

async function ok<T>(functionKey: string, payload: unknown): Promise<T> {
  const result = await invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload, persona: 'admin' });
  if (!result.ok) throw new Error(`${functionKey}: ${JSON.stringify(result)}`);
  return result.data;
}

const post = (path: string, body: object = {}) =>
  fetch(`${host.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('a due reminder is sent although 6,000 older invited entries (no live link) come first in the index', async () => {
  const STALE = 6_000;
  const csv = ['email,name', ...Array.from({ length: STALE }, (_, i) => `stale${i}@example.org,Stale ${i}`)].join('\n');
  const preview = await ok<Extract<ImportPreview, { ok: true }>>('admin/customers/import-preview', { csv, defaultLocale: 'en' });
  expect(preview).toMatchObject({ total: STALE, new: STALE, invalid: 0 });
  for (let i = 0; i < preview.rows.length; i += 500) {
    const rows = preview.rows.slice(i, i + 500).map(([line, email, name, username, locale]) => ({ line, email, name, username, locale }));
    await ok<ImportRunResult>('admin/customers/import-run', { rows, invite: false });
  }

  // Months later an agent invites Rita (7-day link); five days on, her two-day reminder window is open.
  expect((await post('/local/api/clock', { advanceSeconds: 90 * 86_400 })).status).toBe(200);
  const agent = { kind: 'agent' as const, accountId: 'agent-test', name: 'Alex Agent' };
  expect((await inviteCustomer(host.deps, { email: 'rita.due@example.com', displayName: 'Rita Due', locale: 'en' }, agent)).ok).toBe(true);
  await host.idle();
  host.mailbox.clear();
  expect((await post('/local/api/clock', { advanceSeconds: 5 * 86_400 + 3600 })).status).toBe(200);
  await host.idle();

  const reminders = (await mails(host)).filter((m) => m.to.includes('rita.due@example.com'));
  expect(reminders).toHaveLength(1);
  expect(((await host.deps.directory.findByEmail('rita.due@example.com')) as Customer).inviteRemindedAt).toBeGreaterThan(0);
}, 120_000);

it('no reminder goes to an address whose domain was made internal after the invitation', async () => {
  const agent = { kind: 'agent' as const, accountId: 'agent-test', name: 'Alex Agent' };
  expect((await inviteCustomer(host.deps, { email: 'sam@staff.example.net', displayName: 'Sam Staff', locale: 'en' }, agent)).ok).toBe(true);
  await host.idle();
  const settings = await host.deps.settings.load();
  await kvs.set(SETTINGS_KEY, { ...settings, internal: { domains: ['staff.example.net'], url: 'https://intranet.example.net/password' } });
  (host.deps.settings as KvsSettingsStore).forget();
  host.mailbox.clear();
  expect((await post('/local/api/clock', { advanceSeconds: 5 * 86_400 + 3600 })).status).toBe(200);
  await host.idle();
  expect((await mails(host)).filter((m) => m.to.includes('sam@staff.example.net'))).toEqual([]);
  expect(((await host.deps.directory.findByEmail('sam@staff.example.net')) as Customer).inviteRemindedAt).toBeUndefined();
});
