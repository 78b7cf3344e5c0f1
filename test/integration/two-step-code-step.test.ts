import { totpCode } from '../../src/domain/factors/totp';
import { DEMO_TOTP_KEY } from '../../local/demo-data';
import { randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { activeKey } from '../../src/domain/saml/keys';
import { KvsIdpKeys } from '../../src/forge/idp-keys';
import { KvsSettingsStore } from '../../src/forge/settings';
import { certificateBase64 } from '../../src/saml/certificates';
import { startTestHost, type TestHost } from '../support/local-host';
import { signInRequests } from '../support/sign-in-requests';
import { pendingOf, submitCode } from '../../src/flows/sign-in/respond';
import { pendingState, type PendingSignIn } from '../../src/domain/saml/pending';
import { AC_MULTI_FACTOR } from '../../src/domain/saml/constants';
import { pendingSignInKey } from '../../src/forge/kvs-keys';

/**
 * The code step's cost and its single use (issue 11): it starts from the entry the password step stored (kept on
 * the pending sign-in), so a right code costs three KVS operations (pending get, the TOTP key's secret get, one
 * transaction that writes the entry and marks the sign-in used: the outcome's write is the attempt's claim, issue
 * 25, so 30 parallel wrong codes still count 30, src/flows/account-claims.ts); a copy gone stale (the entry changed between the
 * password and the code) only costs a re-read; of two submissions of one code exactly one signs in. Stale
 * instance caches (settings, IdP configuration: 10 s) cost nothing extra: they come with the pending read.
 */
let host: TestHost;
const { pending, post } = signInRequests(() => host, { lang: 'en', subnet: '198.18.7', idPrefix: '_cs' });
const TOBIAS = { identifier: 'customer2300235', password: 'Leuchtturm-Wolke-Anker-35' };

beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
  // The IdP's keys exist (created on first use), as on any site where the help-center sign-in is set up.
  await host.deps.idpKeys.config();
});
afterAll(async () => host.close());

/** A sign-in past the password, on a fresh 30-second step (each step's code is accepted once). */
async function atCodeStep(): Promise<{ reference: string; code: string }> {
  host.clock.advance(30);
  const reference = await pending();
  expect((await post('sign-in', { request: reference, ...TOBIAS })).status).toBe(303);
  await host.idle();
  return { reference, code: await totpCode(DEMO_TOTP_KEY, Math.floor(host.clock.nowMs() / 1000)) };
}
const total = (stats: Record<string, number>) => Object.values(stats).reduce((a, b) => a + b, 0);
/** The KVS operations `work` costs, by path. */
async function counted<T>(work: () => Promise<T>): Promise<{ result: T; used: Record<string, number> }> {
  const before = { ...host.kvs.stats };
  const result = await work();
  const used = Object.fromEntries(Object.entries(host.kvs.stats).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
  return { result, used };
}
const codeNow = () => totpCode(DEMO_TOTP_KEY, Math.floor(host.clock.nowMs() / 1000));
/** The certificate (base64) in the KeyInfo of a response's signatures. */
const signingCertificates = (page: string) => {
  const xml = Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(page)![1], 'base64').toString('utf8');
  return [...xml.matchAll(/<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/g)].map((m) => m[1]);
};

it('a right code costs 3 KVS operations (warm instance): pending get, secret get, one transaction (the claim)', async () => {
  // Warm the instance caches (settings, signing key) with one sign-in first.
  const warm = await atCodeStep();
  expect((await post('sign-in/code', { request: warm.reference, code: warm.code })).body).toContain('name="SAMLResponse"');
  const { reference, code } = await atCodeStep();
  const before = { ...host.kvs.stats };
  const answer = await post('sign-in/code', { request: reference, code });
  const after = { ...host.kvs.stats };
  expect(answer.body).toContain('name="SAMLResponse"');
  const used = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
  expect(used).toEqual({ '/api/v1/get': 1, '/api/v1/secret/get': 1, '/api/v1/transaction': 1 });
  expect(total(used)).toBeLessThanOrEqual(3);
  // The pending sign-in is used: the same form again is refused.
  expect((await post('sign-in/code', { request: reference, code })).body).not.toContain('name="SAMLResponse"');
});

it('stays at 3 KVS operations with stale instance caches (settings and IdP configuration come with the pending read), and shows what changed', async () => {
  // An instance that has signed before keeps the private key for its lifetime (a new instance reads it once).
  await host.deps.idpKeys.signing();
  const { reference } = await atCodeStep();
  // Meanwhile another instance renames the portal, and this one's 10-second copies go stale.
  const original = (await host.deps.settings.fresh()).branding.portalName;
  const rename = (portalName: string) => new KvsSettingsStore(host.clock).update((stored) => ({ next: { ...stored, branding: { ...stored.branding, portalName } } }));
  expect((await rename('Renamed Service Portal')).outcome).toBe('saved');
  try {
    host.clock.advance(11);
    const { result: answer, used } = await counted(async () => post('sign-in/code', { request: reference, code: await codeNow() }));
    expect(answer.body).toContain('name="SAMLResponse"');
    expect(answer.body).toContain('Renamed Service Portal');
    expect(used).toEqual({ '/api/v1/batch/get': 1, '/api/v1/secret/get': 1, '/api/v1/transaction': 1 });
    expect(total(used)).toBeLessThanOrEqual(3);
  } finally {
    await rename(original);
  }
});

it('a refused batch read (a platform limit) falls back to plain reads: the step still signs in', async () => {
  await host.deps.idpKeys.signing();
  const { reference } = await atCodeStep();
  host.clock.advance(11);
  const refused = jest.spyOn(kvs, 'batchGet').mockRejectedValueOnce(new Error('RATE_LIMIT_EXCEEDED'));
  try {
    const { result: answer, used } = await counted(async () => post('sign-in/code', { request: reference, code: await codeNow() }));
    expect(refused).toHaveBeenCalledTimes(1);
    expect(answer.body).toContain('name="SAMLResponse"');
    // (One transaction: the outcome, which is the code's claim.) The pending sign-in, then the settings, the IdP
    // configuration and whether the platform is known to carry cookies (this step has no browser cookie:
    // src/domain/saml/browser-binding.ts) each by their own store.
    expect(used).toEqual({ '/api/v1/get': 4, '/api/v1/secret/get': 1, '/api/v1/transaction': 1 });
  } finally {
    refused.mockRestore();
  }
});

it('signs with a key switched on another instance once this copy is 10 s old, reading its private key once', async () => {
  const other = new KvsIdpKeys({ clock: host.clock, randomBytes });
  const before = await host.deps.idpKeys.config();
  expect((await other.rotate('create-next')).ok).toBe(true);
  const switched = await other.rotate('activate-next');
  if (!switched.ok) throw new Error('the switch did not land');
  const next = certificateBase64(activeKey(switched.config).pem);
  expect(next).not.toBe(certificateBase64(activeKey(before).pem));
  const { reference } = await atCodeStep();
  host.clock.advance(11);
  const { result: first, used } = await counted(async () => post('sign-in/code', { request: reference, code: await codeNow() }));
  expect(signingCertificates(first.body)).toEqual([next, next]);
  // The new key's private half: one secret read on this instance, then never again.
  expect(used).toEqual({ '/api/v1/batch/get': 1, '/api/v1/secret/get': 2, '/api/v1/transaction': 1 });
  const again = await atCodeStep();
  host.clock.advance(11);
  const { result: second, used: usedAgain } = await counted(async () => post('sign-in/code', { request: again.reference, code: await codeNow() }));
  expect(signingCertificates(second.body)).toEqual([next, next]);
  expect(total(usedAgain)).toBe(3);
});

it('of two submissions of one code at once, exactly one signs in', async () => {
  const { reference, code } = await atCodeStep();
  const answers = await Promise.all([post('sign-in/code', { request: reference, code }), post('sign-in/code', { request: reference, code })]);
  expect(answers.filter((a) => a.body.includes('name="SAMLResponse"'))).toHaveLength(1);
});

it('of 10 submissions of one code at once (in-process, interleaving at every await), one signs in and the sign-in stays used', async () => {
  const { reference, code } = await atCodeStep();
  const answers = await Promise.all(Array.from({ length: 10 }, () => submitCode(host.deps, { reference, code, recovery: false })));
  expect(answers.filter((a) => a.state === 'post')).toHaveLength(1);
  // The others learnt the step was done (no write): none counted as a wrong code, none wrote its stale copy of the
  // pending sign-in over the used one.
  const others = answers.filter((a) => a.state !== 'post').map((a) => (a.state === 'code' ? a.outcome.state : a.state === 'request' ? a.request : a.state));
  expect(others.every((o) => o === 'voided' || o === 'used')).toBe(true);
  expect((await host.deps.directory.findByUsername('customer2300235'))!.twoStep!.failures).toBe(0);
  expect(pendingState(await host.deps.pendingSignIns.get(reference), Math.floor(host.clock.nowMs() / 1000))).toBe('used');
});

it('a right code read before another step finished the sign-in (a passkey, an email code) gets "used", not a second response', async () => {
  const { reference, code } = await atCodeStep();
  // The code request read the pending sign-in first (its route reads once); meanwhile another finish lands.
  const read = await pendingOf(host.deps, reference);
  expect(read.state).toBe('valid');
  const other = (await host.deps.pendingSignIns.get(reference))!;
  expect(await host.deps.pendingSignIns.consume(reference, other)).toBe(true);
  const late = await submitCode(host.deps, { reference, code, recovery: false }, read);
  expect(late).toEqual({ state: 'request', request: 'used' });
  // Nothing of a sign-in was recorded for the code: the step is not marked done, no failure counted.
  const slot = (await host.deps.directory.findByUsername('customer2300235'))!.twoStep!.signIn;
  const attempt = read.state === 'valid' ? read.pending.stage?.attempt : undefined;
  expect(attempt).toBeDefined();
  expect(slot?.attempt === attempt && slot?.done).toBeFalsy();
});

it('an entry changed between the password and the code (a stale copy) still signs in, after a re-read', async () => {
  const { reference, code } = await atCodeStep();
  const tobias = (await host.deps.directory.findByUsername('customer2300235'))!;
  expect(await host.deps.directory.update({ ...tobias, displayName: 'Tobias Z.', rev: tobias.rev + 1 }, { rev: tobias.rev }, [])).toBe(true);
  const before = { ...host.kvs.stats };
  const answer = await post('sign-in/code', { request: reference, code });
  expect(answer.body).toContain('name="SAMLResponse"');
  expect(Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(answer.body)![1], 'base64').toString('utf8')).toContain('Tobias Z.');
  const used = total(Object.fromEntries(Object.entries(host.kvs.stats).map(([k, v]) => [k, v - (before[k] ?? 0)])));
  expect(used).toBeGreaterThan(3);
});

it('a wrong code with the copy counts once on the entry, and a disabled account is refused despite the copy', async () => {
  const { reference, code } = await atCodeStep();
  const failuresBefore = (await host.deps.directory.findByUsername('customer2300235'))!.twoStep!.failures;
  const wrong = code === '000000' ? '111111' : '000000';
  expect((await post('sign-in/code', { request: reference, code: wrong })).body).toContain('Attempts left: 4.');
  expect((await host.deps.directory.findByUsername('customer2300235'))!.twoStep!.failures).toBe(failuresBefore + 1);
  const tobias = (await host.deps.directory.findByUsername('customer2300235'))!;
  expect(await host.deps.directory.update({ ...tobias, status: 'disabled', rev: tobias.rev + 1 }, { rev: tobias.rev }, [])).toBe(true);
  try {
    const second = await atCodeStep().catch(() => undefined);
    expect(second).toBeUndefined(); // a disabled account does not get past the password
    const refused = await post('sign-in/code', { request: reference, code: await totpCode(DEMO_TOTP_KEY, Math.floor(host.clock.nowMs() / 1000)) });
    expect(refused.body).not.toContain('name="SAMLResponse"');
  } finally {
    const now = (await host.deps.directory.findByUsername('customer2300235'))!;
    await host.deps.directory.update({ ...now, status: tobias.status, rev: now.rev + 1 }, { rev: now.rev }, []);
  }
});

describe('a sign-in under way during a deploy (stored in the shape before the flow object, issue 21)', () => {
  /** The stored pending sign-in rewritten as the code before the flow object stored it: flags, no kind or factors. */
  async function storedAsBefore(reference: string, flags: Record<string, unknown>): Promise<void> {
    const { kind: _kind, factors: _factors, ...rest } = (await host.deps.pendingSignIns.get(reference))!;
    await host.deps.pendingSignIns.put(reference, { ...rest, ...flags } as unknown as PendingSignIn);
    expect(await kvs.get<Record<string, unknown>>(pendingSignInKey(reference))).not.toHaveProperty('kind');
  }
  const authnContextOf = (page: string) => {
    const xml = Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(page)![1], 'base64').toString('utf8');
    return /AuthnContextClassRef>([^<]+)</.exec(xml)![1];
  };

  it('a help-center sign-in at its code step finishes with the multi-factor context (password and code)', async () => {
    const { reference, code } = await atCodeStep();
    await storedAsBefore(reference, {});
    const answer = await post('sign-in/code', { request: reference, code });
    expect(answer.body).toContain('name="SAMLResponse"');
    expect(authnContextOf(answer.body)).toBe(AC_MULTI_FACTOR);
    expect((await host.deps.pendingSignIns.get(reference))!).toMatchObject({ used: true, kind: { type: 'help-center' }, factors: ['password', 'totp'] });
  });

  it('a wrong code counts on it, and the app’s own log-in page (`loginCheck`) still ends there after the right one', async () => {
    const { reference, code } = await atCodeStep();
    await storedAsBefore(reference, { loginCheck: true });
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await post('sign-in/code', { request: reference, code: wrong })).body).toContain('Attempts left: 4.');
    expect((await host.deps.pendingSignIns.get(reference))!).toMatchObject({ kind: { type: 'login-page' }, factors: ['password'], stage: { failures: 1 } });
    const answer = await post('sign-in/code', { request: reference, code: await codeNow() });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('You are logged in');
    expect(answer.body).not.toContain('name="SAMLResponse"');
  });
});
