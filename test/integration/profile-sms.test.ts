import { kvs } from '@forge/kvs';
import { totpCode } from '../../src/domain/factors/totp';
import { enrolmentSecretKey } from '../../src/flows/factors/methods';
import { SETTINGS_KEY } from '../../src/forge/settings';
import type { ProfileData, ProfileResult, SmsSent, TwoStepCodes, TwoStepEnrolment } from '../../src/surfaces/profile-api';
import { invokeResolver, startTestHost, type TestHost } from '../support/local-host';

/**
 * SMS from the profile panel (issue 11, item 5), as Jane through the local host's bridge endpoint, PINs read from
 * the SMS catcher: the number validated to E.164 and shown masked afterwards; confirmed with a PIN; the first
 * method brings 10 recovery codes; with the app on, adding SMS needs the password and a current code; "Send a new
 * code" keeps the failure count; 5 wrong PINs end the setup; removal with password and a code (a PIN by "Send a
 * code" when SMS is the only method); the number never in an answer, log line or audit detail.
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
});
afterAll(async () => host.close());
beforeEach(() => host.clock.advance(3601)); // each test within the account's 5 SMS per hour

const JANE = { email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };
const NUMBER = '0151 23456789';

async function policy(value: 'off' | 'optional' | 'everyone', methods = { totp: true, sms: true }) {
  const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
  await kvs.set(SETTINGS_KEY, { ...stored, twoStep: { policy: value, methods } });
  (host.deps.settings as { forget?: () => void }).forget?.();
}
const call = <T>(functionKey: string, payload: unknown = {}, persona: 'customer' | 'anonymous' = 'customer') =>
  invokeResolver<ProfileResult<T>>(host.url, { moduleKey: 'profile-panel', functionKey, payload, persona });
const ok = <T>(result: ProfileResult<T>): T => {
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.data;
};
async function lastPin(): Promise<{ to: string; pin: string }> {
  await host.idle();
  const messages = (await (await fetch(`${host.url}/sms/api/messages`)).json()) as { to: string; text: string }[];
  return { to: messages[0].to, pin: /(\d{6})/.exec(messages[0].text)![1] };
}
const other = (pin: string) => (pin === '000000' ? '111111' : '000000');
const jane = async () => (await host.deps.directory.findByEmail(JANE.email))!;
function expectNoNumber(value: unknown) {
  expect(JSON.stringify(value)).not.toContain('15123456789');
}

it('anonymous callers are refused; policy off or SMS not allowed offers nothing', async () => {
  for (const k of ['profile/two-step/sms/start', 'profile/two-step/sms/resend', 'profile/two-step/sms/confirm', 'profile/two-step/sms/code']) {
    expect(await call(k, { phone: NUMBER, code: '123456' }, 'anonymous')).toEqual({ ok: false, error: 'forbidden' });
  }
  await policy('optional', { totp: true, sms: false });
  expect(ok(await call<ProfileData>('profile/get')).twoStep).toMatchObject({ canAddSms: false, sms: null });
  expect(await call('profile/two-step/sms/start', { phone: NUMBER })).toEqual({ ok: false, error: 'not-allowed' });
});

it('a second start replaces the first setup: the number being added is removed with it, not left for its hour', async () => {
  await policy('optional');
  const numberOf = async () => {
    const enrolment = (await host.deps.factors.getProfileEnrolment((await jane()).id))!;
    return { key: enrolmentSecretKey(enrolment), number: await host.deps.factors.getEnrolment(enrolmentSecretKey(enrolment)) };
  };
  ok(await call<SmsSent>('profile/two-step/sms/start', { phone: NUMBER }));
  const first = await numberOf();
  expect(first.number).toBe('+4915123456789');
  ok(await call<SmsSent>('profile/two-step/sms/start', { phone: NUMBER }));
  const second = await numberOf();
  expect(second.key).not.toBe(first.key);
  expect(second.number).toBe('+4915123456789');
  expect(await host.deps.factors.getEnrolment(first.key)).toBeUndefined();
});

it('adds SMS as the first method: bad numbers refused by field, the PIN from the catcher, 10 recovery codes, the number masked', async () => {
  await policy('optional');
  expect(ok(await call<ProfileData>('profile/get')).twoStep).toMatchObject({ canAddSms: true, sms: null });
  for (const bad of ['abc', '030 1234567', '0900 1234567', '+49 171 1111111111111111111111']) {
    expect(await call('profile/two-step/sms/start', { phone: bad })).toEqual({ ok: false, error: 'invalid-input', field: 'phone' });
  }
  expect(await call('profile/two-step/sms/start', { phone: 'x'.repeat(10 * 1024) })).toMatchObject({ ok: false, error: 'invalid-input', field: 'phone' });
  const sent = ok(await call<SmsSent>('profile/two-step/sms/start', { phone: NUMBER }));
  expect(sent).toEqual({ masked: '+49 ••• •••• 89' });
  const first = await lastPin();
  expect(first.to).toBe('+4915123456789');

  // A wrong PIN counts; "Send a new code" keeps the count (4 left → 3 left), and the first PIN died with it.
  expect(await call('profile/two-step/sms/confirm', { code: other(first.pin) })).toEqual({ ok: false, error: 'wrong-code', field: 'code', left: 4 });
  ok(await call<SmsSent>('profile/two-step/sms/resend'));
  const second = await lastPin();
  expect(await call('profile/two-step/sms/confirm', { code: other(second.pin) })).toMatchObject({ error: 'wrong-code', left: 3 });
  if (first.pin !== second.pin) expect(await call('profile/two-step/sms/confirm', { code: first.pin })).toMatchObject({ error: 'wrong-code', left: 2 });
  expect(await call('profile/two-step/sms/confirm', { code: 'abcdef' })).toMatchObject({ error: 'wrong-code' });

  const done = ok(await call<TwoStepCodes>('profile/two-step/sms/confirm', { code: second.pin }));
  expect(done.codes).toHaveLength(10);
  expect(done.profile.twoStep).toMatchObject({ sms: { masked: '+49 ••• •••• 89', since: expect.any(Number) }, canAddSms: false, recovery: { left: 10, total: 10 } });
  expectNoNumber(done);
  expectNoNumber(await jane());
  // The PIN was single use.
  expect(await call('profile/two-step/sms/confirm', { code: second.pin })).toEqual({ ok: false, error: 'not-allowed' });
  const { events } = await host.deps.directory.listAudit((await jane()).id, 50);
  expect(events.find((e) => e.kind === 'twostep.enrolled')?.detail).toEqual({ method: 'sms', via: 'profile' });
  expect(events.filter((e) => e.kind === 'sms.sent').length).toBeGreaterThanOrEqual(2);
  expectNoNumber(events);
  expect(host.logs.join('\n')).not.toContain('15123456789');
  expect(host.logs.join('\n')).not.toContain(second.pin);
});

it('with SMS on, adding the authenticator app asks for the password and a current code (a PIN sent by SMS) first', async () => {
  expect(await call('profile/two-step/start')).toMatchObject({ ok: false, error: 'wrong-code' });
  ok(await call<SmsSent>('profile/two-step/sms/code'));
  const { pin } = await lastPin();
  expect(await call('profile/two-step/start', { password: 'wrong', code: pin })).toMatchObject({ ok: false, error: 'wrong-password' });
  // That PIN is spent (the code is checked first); a new one and the password start the setup.
  expect(await call('profile/two-step/start', { password: JANE.password, code: pin })).toMatchObject({ ok: false, error: 'wrong-code' });
  ok(await call<SmsSent>('profile/two-step/sms/code'));
  const fresh = await lastPin();
  const started = ok(await call<TwoStepEnrolment>('profile/two-step/start', { password: JANE.password, code: fresh.pin }));
  expect(started.key).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
});

it('removes SMS, its only method, with the password and a PIN sent by "Send a code"; a wrong PIN counts toward the lock', async () => {
  const before = (await jane()).twoStep!.failures;
  const sent = ok(await call<SmsSent>('profile/two-step/sms/code'));
  expect(sent.masked).toBe('+49 ••• •••• 89');
  const { pin } = await lastPin();
  expect(await call('profile/two-step/remove', { method: 'sms', password: JANE.password, code: other(pin) })).toMatchObject({ ok: false, error: 'wrong-code' });
  expect((await jane()).twoStep!.failures).toBe(before + 1);
  expect(await call('profile/two-step/remove', { method: 'sms', password: 'wrong password', code: pin })).toMatchObject({ ok: false, error: 'wrong-password' });
  // That PIN is used now (the code is checked before the password); a new one removes it.
  ok(await call<SmsSent>('profile/two-step/sms/code'));
  const fresh = await lastPin();
  const removed = ok(await call<ProfileData>('profile/two-step/remove', { method: 'sms', password: JANE.password, code: fresh.pin }));
  expect(removed.twoStep).toMatchObject({ sms: null, recovery: null, canAddSms: true });
  expect((await jane()).twoStep).toBeUndefined();
});

it('with the app on, adding SMS needs the password and a current app code; no new recovery codes; removing SMS keeps the app', async () => {
  await policy('optional');
  const enrolment = ok(await call<TwoStepEnrolment>('profile/two-step/start'));
  const key = enrolment.key.replace(/ /g, '');
  const nowSec = () => Math.floor(host.clock.nowMs() / 1000);
  ok(await call<TwoStepCodes>('profile/two-step/confirm', { code: await totpCode(key, nowSec()) }));
  host.clock.advance(60);

  expect(await call('profile/two-step/sms/start', { phone: NUMBER })).toMatchObject({ ok: false, error: 'wrong-code' });
  host.clock.advance(30);
  expect(await call('profile/two-step/sms/start', { phone: NUMBER, password: 'wrong', code: await totpCode(key, nowSec()) })).toMatchObject({ ok: false, error: 'wrong-password' });
  host.clock.advance(30);
  ok(await call<SmsSent>('profile/two-step/sms/start', { phone: NUMBER, password: JANE.password, code: await totpCode(key, nowSec()) }));
  const { pin } = await lastPin();
  const done = ok(await call<TwoStepCodes>('profile/two-step/sms/confirm', { code: pin }));
  expect(done.codes).toEqual([]);
  expect(done.profile.twoStep).toMatchObject({ totpSince: expect.any(Number), sms: { masked: '+49 ••• •••• 89' }, recovery: { left: 10 } });

  host.clock.advance(30);
  const removed = ok(await call<ProfileData>('profile/two-step/remove', { method: 'sms', password: JANE.password, code: await totpCode(key, nowSec()) }));
  expect(removed.twoStep).toMatchObject({ sms: null, totpSince: expect.any(Number), recovery: { left: 10 } });
  expect((await jane()).twoStep?.totp).toBeDefined();
});

it('5 wrong PINs end the setup (start again); where verification is required the last method cannot be removed', async () => {
  await policy('everyone', { totp: false, sms: true });
  const customer = await jane();
  // Jane still has the app from the last test (adding SMS asks for its code).
  expect(customer.twoStep?.totp).toBeDefined();
  ok(await call<SmsSent>('profile/two-step/sms/start', { phone: '+4917612345678', password: JANE.password, code: await totpCode((await host.deps.factors.getTotp(customer.id, customer.twoStep!.totp!.ref))!, Math.floor(host.clock.nowMs() / 1000)) }));
  const { pin } = await lastPin();
  for (let left = 4; left >= 1; left--) expect(await call('profile/two-step/sms/confirm', { code: other(pin) })).toMatchObject({ error: 'wrong-code', left });
  expect(await call('profile/two-step/sms/confirm', { code: other(pin) })).toEqual({ ok: false, error: 'expired' });
  expect(await call('profile/two-step/sms/confirm', { code: pin })).toEqual({ ok: false, error: 'expired' });
  // The app is Jane's only method and verification is required: it stays.
  host.clock.advance(30);
  const secret = (await host.deps.factors.getTotp(customer.id, customer.twoStep!.totp!.ref))!;
  expect(await call('profile/two-step/remove', { method: 'totp', password: JANE.password, code: await totpCode(secret, Math.floor(host.clock.nowMs() / 1000)) })).toEqual({ ok: false, error: 'required' });
});
