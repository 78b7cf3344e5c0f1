import { kvs } from '@forge/kvs';
import { totpCode } from '../../src/domain/factors/totp';
import { profileEnrolmentKey, recoverySecretKey, totpSecretKey } from '../../src/forge/kvs-keys';
import type { AuditEvent } from '../../src/domain/audit';
import { PROFILE_KEYS, type ProfileData, type ProfileResult, type TwoStepCodes, type TwoStepEnrolment } from '../../src/surfaces/profile-api';
import { invokeResolver, mails, startTestHost, type TestHost } from '../support/local-host';
import { setTwoStep } from '../support/sign-in-requests';

/**
 * Two-step verification in the customer profile panel (issue 11, item 5) through the local host's bridge
 * endpoint as the customer persona (Jane): add the authenticator app (QR modules, key in groups of four, one
 * code), recovery codes answered once, a replayed code refused, new recovery codes (the old ones die, the new
 * ones work once), removal with password and code (one scrypt), refused where the policy requires it, wrong
 * codes toward the lock, a locked account refused. Codes are computed at the host's clock.
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
});
afterAll(async () => host.close());

const JANE = { email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };

async function policy(value: 'off' | 'optional' | 'admins' | 'everyone') {
  await setTwoStep(host, { policy: value, methods: { totp: true, sms: false } });
}

const call = <T>(functionKey: string, payload: unknown = {}, persona: 'customer' | 'anonymous' | 'agent' = 'customer') =>
  invokeResolver<ProfileResult<T>>(host.url, { moduleKey: 'profile-panel', functionKey, payload, persona });

const ok = <T>(result: ProfileResult<T>): T => {
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.data;
};

const nowSec = () => Math.floor(host.clock.nowMs() / 1000);
const code = (key: string) => totpCode(key, nowSec());
const jane = async () => (await host.deps.directory.findByEmail(JANE.email))!;
/** Subjects of the mails Jane got since the mailbox was last cleared (the queue run first). */
async function janesSubjects(): Promise<string[]> {
  await host.idle();
  return (await mails(host)).filter((m) => m.to.includes(JANE.email)).map((m) => m.subject);
}

const scrypts = () => (host.deps.hasher as unknown as { runs: number }).runs;

async function audit(kind: string): Promise<AuditEvent[]> {
  const { events } = await host.deps.directory.listAudit((await jane()).id, 100);
  return events.filter((e) => e.kind === kind);
}

/** A code that is certainly not the current one. */
async function wrong(key: string): Promise<string> {
  const right = await code(key);
  return right === '000000' ? '111111' : '000000';
}

let key = '';
let first: string[] = [];
/** The code that confirmed the key: spent, whatever 30-second step the clock has moved on to. */
let confirmingCode = '';

it('the panel lists the two-step keys; anonymous callers are refused', async () => {
  const modules = (await (await fetch(`${host.url}/local/api/modules`)).json()) as { modules: { moduleKey: string; resolverKeys: string[] }[] };
  expect(modules.modules.find((m) => m.moduleKey === 'profile-panel')?.resolverKeys).toEqual([...PROFILE_KEYS]);
  for (const k of ['profile/two-step/start', 'profile/two-step/confirm', 'profile/two-step/remove', 'profile/two-step/recovery-codes']) {
    expect(await call(k, { code: '123456', password: 'x' }, 'anonymous')).toEqual({ ok: false, error: 'forbidden' });
  }
});

it('policy off: the panel shows it off and offers nothing to add', async () => {
  await policy('off');
  const d = ok(await call<ProfileData>('profile/get'));
  expect(d.twoStep).toEqual({ policy: 'off', required: false, canAdd: false, totpSince: 0, canAddSms: false, sms: null, recovery: null });
  expect(await call('profile/two-step/start')).toEqual({ ok: false, error: 'not-allowed' });
});

it('add the authenticator app: QR modules, the key in groups of four, one code; 10 recovery codes answered once', async () => {
  await policy('optional');
  expect(ok(await call<ProfileData>('profile/get')).twoStep).toEqual({ policy: 'optional', required: false, canAdd: true, totpSince: 0, canAddSms: false, sms: null, recovery: null });
  const started = ok(await call<TwoStepEnrolment>('profile/two-step/start'));
  expect(started.key).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  expect(started).toMatchObject({ account: 'customer2300229', issuer: expect.any(String) });
  expect(started.qr.size).toBeGreaterThanOrEqual(21);
  expect(started.qr.rows).toHaveLength(started.qr.size);
  expect(started.qr.rows.every((row) => row.length === started.qr.size && row.every((m) => typeof m === 'boolean'))).toBe(true);
  // The finder pattern's corner is dark, its inner ring light.
  expect([started.qr.rows[0][0], started.qr.rows[1][1], started.qr.rows[3][3]]).toEqual([true, false, true]);
  key = started.key.replace(/ /g, '');
  // The attempt stays server-side, keyed by the customer: the answer names none, the entry holds nothing.
  const jId = (await jane()).id;
  const kept = await kvs.get<{ attempt: string }>(profileEnrolmentKey(jId));
  expect(kept?.attempt).toBeTruthy();
  expect(JSON.stringify(started)).not.toContain(kept!.attempt);
  expect(JSON.stringify(await jane())).not.toContain(key);

  // Another customer cannot confirm Jane's key, whatever the payload says.
  const erika = host.jira.ensurePortalCustomer({ email: 'erika.mustermann@example.de', displayName: 'Erika Mustermann' });
  const foreign = await fetch(`${host.url}/local/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: 'profile-panel', functionKey: 'profile/two-step/confirm', payload: { code: await code(key), attempt: kept!.attempt, customerId: jId }, persona: 'customer', accountId: erika }),
  });
  expect(((await foreign.json()) as { result: unknown }).result).toEqual({ ok: false, error: 'expired' });

  expect(await call('profile/two-step/confirm', { code: 'abcdef' })).toEqual({ ok: false, error: 'wrong-code', field: 'code', left: 4 });
  expect(await call('profile/two-step/confirm', { code: 'x'.repeat(5000) })).toEqual({ ok: false, error: 'invalid-input', field: 'code' });
  expect(await call('profile/two-step/confirm', { code: await wrong(key) })).toEqual({ ok: false, error: 'wrong-code', field: 'code', left: 3 });
  host.mailbox.clear();
  const since = nowSec();
  confirmingCode = await code(key);
  const confirmed = ok(await call<TwoStepCodes>('profile/two-step/confirm', { code: confirmingCode }));
  first = confirmed.codes;
  expect(first).toHaveLength(10);
  expect(new Set(first).size).toBe(10);
  for (const c of first) expect(c).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
  expect(confirmed.profile.twoStep).toEqual({ policy: 'optional', required: false, canAdd: false, totpSince: expect.any(Number), canAddSms: false, sms: null, recovery: { left: 10, total: 10 } });
  expect(confirmed.profile.twoStep.totpSince).toBeGreaterThanOrEqual(since);
  expect(confirmed.profile.twoStep.totpSince).toBeLessThanOrEqual(nowSec());
  expect(await audit('twostep.enrolled')).toHaveLength(1);
  expect((await audit('twostep.enrolled'))[0]).toMatchObject({ actor: 'customer', detail: { method: 'totp', via: 'profile' } });
  expect(await kvs.get(profileEnrolmentKey(jId))).toBeUndefined();
  expect(await janesSubjects()).toEqual(['[Demo Service Desk] Two-step verification was turned on']);

  // Answered once: the panel never shows them (nor the key) again; the entry keeps references only.
  const again = JSON.stringify(await call('profile/get'));
  for (const secret of [first[0], key, started.key]) expect(again).not.toContain(secret);
  expect(JSON.stringify(await jane())).not.toContain(first[0]);
  // Already on: neither a new key nor a second confirmation.
  expect(await call('profile/two-step/start')).toEqual({ ok: false, error: 'not-allowed' });
  expect(await call('profile/two-step/confirm', { code: await code(key) })).toEqual({ ok: false, error: 'not-allowed' });
});

it('a replayed code is refused (and logged as such), counted toward the lock', async () => {
  // The code that confirmed the key is spent (also when the clock has crossed into the next 30-second step).
  expect(await call('profile/two-step/recovery-codes', { code: confirmingCode })).toEqual({ ok: false, error: 'wrong-code', field: 'code' });
  expect((await audit('twostep.failed'))[0]).toMatchObject({ actor: 'customer', detail: { via: 'profile', replayed: true, attempt: 1 } });
  expect((await jane()).twoStep?.failures).toBe(1);
});

it('new recovery codes: a current code; the old ones die, the new ones work once', async () => {
  host.clock.advance(30);
  const before = (await jane()).twoStep!.recovery!.ref;
  host.mailbox.clear();
  const renewed = ok(await call<TwoStepCodes>('profile/two-step/recovery-codes', { code: await code(key) }));
  expect(renewed.codes).toHaveLength(10);
  expect(renewed.codes.some((c) => first.includes(c))).toBe(false);
  expect(renewed.profile.twoStep.recovery).toEqual({ left: 10, total: 10 });
  expect((await jane()).twoStep?.failures).toBe(0);
  expect(await kvs.getSecret(recoverySecretKey((await jane()).id, before))).toBeUndefined();
  expect(await audit('twostep.recovery-created')).toHaveLength(1);
  expect(await janesSubjects()).toContain('[Demo Service Desk] New recovery codes were created');

  // The old set is dead.
  expect(await call('profile/two-step/recovery-codes', { code: first[0], recovery: true })).toEqual({ ok: false, error: 'wrong-code', field: 'code' });
  // A new code works (it makes another set)...
  const third = ok(await call<TwoStepCodes>('profile/two-step/recovery-codes', { code: renewed.codes[2].toLowerCase(), recovery: true }));
  expect(third.codes).toHaveLength(10);
  // ...once.
  expect(await call('profile/two-step/recovery-codes', { code: renewed.codes[2], recovery: true })).toEqual({ ok: false, error: 'wrong-code', field: 'code' });
  expect(await audit('twostep.recovery-created')).toHaveLength(2);
  first = third.codes;
});

it('removal is refused while the policy requires verification for this customer', async () => {
  await policy('everyone');
  expect(ok(await call<ProfileData>('profile/get')).twoStep).toMatchObject({ policy: 'everyone', required: true, canAdd: false });
  host.clock.advance(30);
  const runs = scrypts();
  expect(await call('profile/two-step/remove', { password: JANE.password, code: await code(key) })).toEqual({ ok: false, error: 'required' });
  expect(scrypts()).toBe(runs);
  // Portal administrators only: Jane is none, so optional for her; marked, required.
  await policy('admins');
  const j = await jane();
  await host.deps.directory.update({ ...j, portalAdmin: true, rev: j.rev + 1 }, { rev: j.rev }, []);
  expect(await call('profile/two-step/remove', { password: JANE.password, code: await code(key) })).toEqual({ ok: false, error: 'required' });
  const marked = await jane();
  await host.deps.directory.update({ ...marked, portalAdmin: false, rev: marked.rev + 1 }, { rev: marked.rev }, []);
  await policy('optional');
});

it('wrong codes count toward the lock; a locked account is refused before any check', async () => {
  const j = await jane();
  await host.deps.directory.update({ ...j, twoStep: { ...j.twoStep!, failures: 8 }, rev: j.rev + 1 }, { rev: j.rev }, []);
  expect(await call('profile/two-step/remove', { password: JANE.password, code: await wrong(key) })).toEqual({ ok: false, error: 'wrong-code', field: 'code' });
  const locked = await call('profile/two-step/recovery-codes', { code: await wrong(key) });
  expect(locked).toMatchObject({ ok: false, error: 'locked', until: expect.any(Number) });
  expect(await audit('login.locked')).toHaveLength(1);
  host.clock.advance(30);
  const runs = scrypts();
  expect(await call('profile/two-step/remove', { password: JANE.password, code: await code(key) })).toMatchObject({ ok: false, error: 'locked' });
  expect(scrypts()).toBe(runs);
  const l = await jane();
  await host.deps.directory.update({ ...l, lockedUntil: 0, rev: l.rev + 1 }, { rev: l.rev }, []);
});

it('remove: the current password (one scrypt) and a current code; the secrets are deleted, audited', async () => {
  host.clock.advance(30);
  let runs = scrypts();
  expect(await call('profile/two-step/remove', { password: 'not-the-password', code: await code(key) })).toEqual({ ok: false, error: 'wrong-password', field: 'password' });
  expect(scrypts()).toBe(runs + 1);
  expect((await audit('login.failed'))[0].detail).toMatchObject({ via: 'profile' });
  expect(await call('profile/two-step/remove', { code: await code(key) })).toEqual({ ok: false, error: 'invalid-input', field: 'password' });

  const refs = (await jane()).twoStep!;
  host.mailbox.clear();
  runs = scrypts();
  const removed = ok(await call<ProfileData>('profile/two-step/remove', { password: JANE.password, code: await code(key) }));
  expect(scrypts()).toBe(runs + 1);
  expect(removed.twoStep).toEqual({ policy: 'optional', required: false, canAdd: true, totpSince: 0, canAddSms: false, sms: null, recovery: null });
  expect((await jane()).twoStep).toBeUndefined();
  const id = (await jane()).id;
  expect(await kvs.getSecret(totpSecretKey(id, refs.totp!.ref))).toBeUndefined();
  expect(await kvs.getSecret(recoverySecretKey(id, refs.recovery!.ref))).toBeUndefined();
  expect((await audit('twostep.removed'))[0]).toMatchObject({ actor: 'customer', detail: { methods: 'totp,recovery', via: 'totp' } });
  expect(await janesSubjects()).toContain('[Demo Service Desk] Two-step verification was turned off');
  // Nothing left to remove or renew.
  expect(await call('profile/two-step/remove', { password: JANE.password, code: await code(key) })).toEqual({ ok: false, error: 'not-allowed' });
  expect(await call('profile/two-step/recovery-codes', { code: first[0], recovery: true })).toEqual({ ok: false, error: 'not-allowed' });
});

it('an enrolment not confirmed within 5 codes ends; it can be started again', async () => {
  const started = ok(await call<TwoStepEnrolment>('profile/two-step/start'));
  const k = started.key.replace(/ /g, '');
  for (const left of [4, 3, 2, 1]) expect(await call('profile/two-step/confirm', { code: await wrong(k) })).toMatchObject({ error: 'wrong-code', left });
  expect(await call('profile/two-step/confirm', { code: await wrong(k) })).toEqual({ ok: false, error: 'expired' });
  expect(await call('profile/two-step/confirm', { code: await code(k) })).toEqual({ ok: false, error: 'expired' });
  // Enrolment failures are the setup's own: they do not lock the account.
  expect((await jane()).lockedUntil).toBe(0);
  const again = ok(await call<TwoStepEnrolment>('profile/two-step/start'));
  expect(again.key).not.toBe(started.key);
  expect(await call('profile/two-step/confirm', { code: await code(again.key.replace(/ /g, '')) })).toMatchObject({ ok: true });
});
