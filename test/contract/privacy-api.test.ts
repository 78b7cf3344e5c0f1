import { privacy } from '@forge/api';
import { installForgeRuntime } from '../../local/forge-runtime';
import { PrivacyEmulator, REPORT_LIMIT } from '../../local/privacy-emulator';
import type { SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { ForgePrivacyReporting } from '../../src/forge/privacy';

/**
 * @forge/api's `privacy.reportPersonalData` against the local host's Privacy API stand-in (issue 24 item 4), through
 * the runtime globals the host installs: the path and request shape the package posts, its split at 90 accounts,
 * 200 with the accounts that need something, 204 as an empty answer, an error status as a rejection.
 */
const clock = { ms: Date.UTC(2026, 11, 7, 12), nowMs: () => clock.ms };
const api = new PrivacyEmulator(clock);
let uninstall: () => void;
beforeAll(() => {
  uninstall = installForgeRuntime({ kvs: {} as SqliteKvs, appId: 'app', baseUrl: () => 'http://localhost', onQueueEvent: () => {}, privacy: api });
});
afterAll(() => uninstall());

const at = (ms: number) => new Date(ms).toISOString();
const accounts = (n: number, prefix = 'acc') => Array.from({ length: n }, (_, i) => ({ accountId: `${prefix}-${i}`, updatedAt: at(clock.ms - 1000) }));

it('posts at most 90 accounts a request (the helper splits), and answers closed and updated ones only', async () => {
  expect(REPORT_LIMIT).toBe(90);
  api.mark('acc-3', 'closed');
  clock.ms += 5000;
  api.mark('acc-92', 'updated');
  const before = api.requests.length;
  const answer = await privacy.reportPersonalData(accounts(95));
  expect(api.requests.slice(before).map((r) => r.accountIds.length).sort()).toEqual([5, 90]);
  expect(answer).toEqual(expect.arrayContaining([{ accountId: 'acc-3', status: 'closed' }, { accountId: 'acc-92', status: 'updated' }]));
  expect(answer).toHaveLength(2);
});

it('answers nothing (204) when no account needs anything, and an update older than `updatedAt` is no update', async () => {
  api.mark('fresh-0', 'updated');
  clock.ms += 5000;
  expect(await privacy.reportPersonalData([{ accountId: 'fresh-0', updatedAt: at(clock.ms) }])).toEqual([]);
  expect(api.requests.at(-1)).toMatchObject({ status: 204, answered: 0 });
});

it('refuses what the API would (400), and a fault set by the scripting API rejects that request', async () => {
  expect(api.respond(JSON.stringify({ accounts: accounts(91) })).status).toBe(400);
  expect(api.respond(JSON.stringify({ accounts: [{ accountId: 'a', updatedAt: 'yesterday' }] })).status).toBe(400);
  expect(api.respond(JSON.stringify({ accounts: [] })).status).toBe(400);
  expect(api.respond('not json').status).toBe(400);
  api.faults = { after: 0, status: 503, count: 1 };
  await expect(privacy.reportPersonalData(accounts(1, 'x'))).rejects.toMatchObject({ status: 503 });
  expect(await privacy.reportPersonalData(accounts(1, 'x'))).toEqual([]);
  // The app's adapter names the status (no account ids) in what it throws.
  api.faults = { after: 0, status: 429, count: 1 };
  await expect(new ForgePrivacyReporting().report(accounts(1, 'x'))).rejects.toThrow('personal data reporting answered 429');
});
