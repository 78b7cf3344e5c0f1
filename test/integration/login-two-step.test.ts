import { kvs } from '@forge/kvs';
import { totpCode } from '../../src/domain/factors/totp';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { DEMO_TOTP_KEY } from '../../local/demo-data';
import { startTestHost, type TestHost } from '../support/local-host';

/**
 * The app's own log-in page (`/x/customer-pages/login`, issue 11): where the customer has two-step verification
 * (or must set it up), a right password alone no longer says "You are logged in": the same second step as the
 * help-center sign-in follows (its pages, 5 wrong codes void the attempt, wrong codes count toward the lock),
 * then the log-in page's success. Plain forms: no JavaScript needed.
 */
let host: TestHost;
let client = 0;
const nextClient = () => ({ 'x-forwarded-for': `198.18.9.${++client % 250}` });
const PAGES = () => `${host.url}/x/customer-pages`;
const TOBIAS = { identifier: 'customer2300235', password: 'Leuchtturm-Wolke-Anker-35' };
const JANE = { identifier: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };
const PAULA = { identifier: 'paula.admin@example.com', password: 'Copper-Harbor-Falcon-64' };

beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
});
afterAll(async () => host.close());

async function post(route: string, fields: Record<string, string>) {
  const r = await fetch(`${PAGES()}/${route}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...nextClient() }, body: new URLSearchParams({ lang: 'en', ...fields }).toString() });
  return { status: r.status, body: await r.text(), location: r.headers.get('location') };
}
const referenceOf = (location: string | null) => new URL(location!).searchParams.get('request')!;
const page = async (reference: string) => (await fetch(`${PAGES()}/sign-in?request=${reference}&lang=en`, { headers: nextClient() })).text();
const code = () => totpCode(DEMO_TOTP_KEY, Math.floor(host.clock.nowMs() / 1000));

it('without two-step verification the password alone logs in, as before', async () => {
  const answer = await post('login', JANE);
  expect(answer.status).toBe(200);
  expect(answer.body).toContain('You are logged in');
});

it('with the authenticator app the password leads to the code page; the right code logs in (once), no SAML response', async () => {
  host.clock.advance(30);
  const answer = await post('login', TOBIAS);
  expect(answer.status).toBe(303);
  expect(answer.body).not.toContain('You are logged in');
  const reference = referenceOf(answer.location);
  const codePage = await page(reference);
  expect(codePage).toContain('autocomplete="one-time-code"');
  expect(codePage).toContain('inputmode="numeric"');
  const right = await code();
  const wrong = await post('sign-in/code', { request: reference, code: right === '000000' ? '111111' : '000000' });
  expect(wrong.body).toContain('Attempts left: 4.');
  const ok = await post('sign-in/code', { request: reference, code: right });
  expect(ok.status).toBe(200);
  expect(ok.body).toContain('You are logged in');
  expect(ok.body).not.toContain('SAMLResponse');
  // Used: the same form again does not log in again, and the code was spent (replay).
  expect((await post('sign-in/code', { request: reference, code: right })).body).not.toContain('You are logged in');
  const again = referenceOf((await post('login', TOBIAS)).location);
  expect((await post('sign-in/code', { request: again, code: right })).body).toContain('That code is not right');
});

it('5 wrong codes void the attempt: back to the password', async () => {
  host.clock.advance(30);
  const reference = referenceOf((await post('login', TOBIAS)).location);
  const right = await code();
  const wrong = right === '000000' ? '111111' : '000000';
  for (let i = 0; i < 4; i++) await post('sign-in/code', { request: reference, code: wrong });
  const voided = await post('sign-in/code', { request: reference, code: wrong });
  expect(voided.status).toBe(401);
  expect(voided.body).toContain('name="password"');
  expect((await post('sign-in/code', { request: reference, code: right })).body).not.toContain('You are logged in');
});

it('where verification is required and none is set up, the log-in page leads to the enrolment that cannot be skipped', async () => {
  const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
  await kvs.set(SETTINGS_KEY, { ...stored, twoStep: { policy: 'admins', methods: { totp: true, sms: false } } });
  (host.deps.settings as { forget?: () => void }).forget?.();
  const answer = await post('login', PAULA);
  expect(answer.status).toBe(303);
  expect(await page(referenceOf(answer.location))).toContain('Set up two-step verification');
});
