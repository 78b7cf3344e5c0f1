import { totpCode } from '../../src/domain/factors/totp';
import { DEMO_TOTP_KEY } from '../../local/demo-data';
import type { AuditEvent } from '../../src/domain/audit';
import { form, linkIn, mails, startTestHost, tokenOf, type TestHost } from '../support/local-host';
import { setTwoStep, signInRequests } from '../support/sign-in-requests';

/**
 * Two-step verification at the help-center sign-in (issue 11): enrolment that cannot be skipped, the code
 * step with the replay guard, recovery codes, the limits, and the assertion's AuthnContextClassRef.
 */
let host: TestHost;
const { nextClient, pages, pending, post, page } = signInRequests(() => host, { lang: 'en', subnet: '198.18.0', idPrefix: '_two' });

beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
});
afterAll(async () => {
  await host.close();
});

async function policy(value: 'off' | 'optional' | 'admins' | 'everyone') {
  await setTwoStep(host, { policy: value, methods: { totp: true, sms: false } });
}

const nowSec = () => Math.floor(host.clock.nowMs() / 1000);

const JANE = { identifier: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };
const NEW_PASSWORD = 'Quartz-Meadow-Lantern-81';

function assertionOf(body: string): string {
  const value = /name="SAMLResponse" value="([^"]+)"/.exec(body)?.[1];
  if (!value) throw new Error(`no SAMLResponse in ${body.slice(0, 300)}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

async function audit(kind: string): Promise<AuditEvent[]> {
  const jane = await host.deps.directory.findByEmail('jane.doe@example.com');
  const { events } = await host.deps.directory.listAudit(jane!.id, 50);
  return events.filter((e) => e.kind === kind);
}

let key = '';
let recoveryCodes: string[] = [];
/** The code that confirmed the enrolment: spent, whatever 30-second step the clock has moved on to. */
let enrolmentCode = '';

it('demo data: required for portal administrators; Tobias has the app (README key), Paula must set it up, Jane is not asked', async () => {
  const tobias = await pending();
  expect((await post('sign-in', { request: tobias, identifier: 'customer2300235', password: 'Leuchtturm-Wolke-Anker-35' })).status).toBe(303);
  expect(await page(tobias)).toContain('Enter the 6-digit code from your authenticator app.');
  const ok = await post('sign-in/code', { request: tobias, code: await totpCode(DEMO_TOTP_KEY, nowSec()) });
  expect(ok.status).toBe(200);
  expect(ok.body).toContain('name="SAMLResponse"');
  const paula = await pending();
  expect((await post('sign-in', { request: paula, identifier: 'paula.admin@example.com', password: 'Copper-Harbor-Falcon-64' })).status).toBe(303);
  expect(await page(paula)).toContain('Set up two-step verification');
  const jane = await pending();
  expect((await post('sign-in', { request: jane, ...JANE })).status).toBe(200);
});

it('policy off: the password alone signs in (password-protected transport)', async () => {
  await policy('off');
  const reference = await pending();
  const signedIn = await post('sign-in', { request: reference, ...JANE });
  expect(signedIn.status).toBe(200);
  expect(assertionOf(signedIn.body)).toContain('urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport');
});

it('required for everyone: enrolment cannot be skipped; QR code, key in groups of four, one code, 10 recovery codes shown once', async () => {
  await policy('everyone');
  const reference = await pending();
  const succeeded = (await audit('login.succeeded')).length;
  const afterPassword = await post('sign-in', { request: reference, ...JANE });
  expect(afterPassword.status).toBe(303);
  // The password alone is not a sign-in while the second step is outstanding.
  expect(await audit('login.succeeded')).toHaveLength(succeeded);
  expect(afterPassword.location).toContain(`/sign-in?request=${reference}`);
  const enrol = await page(reference);
  expect(enrol).toContain('Set up two-step verification');
  expect(enrol).toMatch(/<svg[^>]*>/);
  const shown = /id="key" type="text" value="([A-Z2-7 ]+)"/.exec(enrol)![1];
  expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  key = shown.replace(/ /g, '');
  // There is no way around it: the continue step refuses, the hand-back never comes.
  expect((await post('sign-in/continue', { request: reference, saved: '1' })).status).toBe(303);
  expect((await post('sign-in/code', { request: reference, code: '123456' })).status).toBe(303);
  const wrong = await post('sign-in/enrol', { request: reference, code: '000000' === (await totpCode(key, nowSec())) ? '111111' : '000000' });
  expect(wrong.status).toBe(401);
  expect(wrong.body).toContain('Attempts left: 4');
  enrolmentCode = await totpCode(key, nowSec());
  const confirmed = await post('sign-in/enrol', { request: reference, code: enrolmentCode });
  expect(confirmed.status).toBe(200);
  // The confirmed code completes the sign-in (in the same write as the enrolment).
  expect(await audit('login.succeeded')).toHaveLength(succeeded + 1);
  expect((await audit('login.succeeded'))[0].detail).toMatchObject({ via: 'sso', factor: 'enrolled' });
  recoveryCodes = [...confirmed.body.matchAll(/<li><code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})<\/code><\/li>/g)].map((m) => m[1]);
  expect(recoveryCodes).toHaveLength(10);
  expect(new Set(recoveryCodes).size).toBe(10);
  expect(confirmed.body).toContain('I have saved these codes');
  // Shown once: a reload does not show them again.
  expect(await page(reference)).not.toContain(recoveryCodes[0]);
  expect((await post('sign-in/continue', { request: reference })).status).toBe(400);
  const done = await post('sign-in/continue', { request: reference, saved: '1' });
  expect(done.status).toBe(200);
  expect(assertionOf(done.body)).toContain('<saml:AuthnContextClassRef>https://refeds.org/profile/mfa</saml:AuthnContextClassRef>');
  expect(await audit('twostep.enrolled')).toHaveLength(1);
  // Nothing secret on the entry: only references.
  const jane = await host.deps.directory.findByEmail('jane.doe@example.com');
  expect(JSON.stringify(jane)).not.toContain(key);
  expect(JSON.stringify(jane)).not.toContain(recoveryCodes[0]);
});

it('the code step: a replayed code is refused and logged as such; the next code works; no scrypt', async () => {
  const reference = await pending();
  const before = { succeeded: (await audit('login.succeeded')).length, lastSignInAt: (await host.deps.directory.findByEmail(JANE.identifier))!.lastSignInAt };
  host.clock.advance(5);
  expect((await post('sign-in', { request: reference, ...JANE })).status).toBe(303);
  const codePage = await page(reference);
  expect(codePage).toContain('autocomplete="one-time-code"');
  expect(codePage).toContain('inputmode="numeric"');
  // The code used to confirm the enrolment is spent (still within the one step of tolerance when the clock has
  // crossed into the next 30-second step since: the test must not depend on where in its step it started).
  const replay = await post('sign-in/code', { request: reference, code: enrolmentCode });
  expect(replay.status).toBe(401);
  expect((await audit('twostep.failed'))[0].detail).toMatchObject({ replayed: true });
  // Right password, refused code: no sign-in recorded, the last sign-in time unchanged.
  expect(await audit('login.succeeded')).toHaveLength(before.succeeded);
  expect((await host.deps.directory.findByEmail(JANE.identifier))!.lastSignInAt).toBe(before.lastSignInAt);
  host.clock.advance(30);
  const runs = (host.deps.hasher as unknown as { runs: number }).runs;
  const signingIn = nowSec();
  const ok = await post('sign-in/code', { request: reference, code: await totpCode(key, nowSec()) });
  expect(ok.status).toBe(200);
  expect((host.deps.hasher as unknown as { runs: number }).runs).toBe(runs);
  expect(assertionOf(ok.body)).toContain('https://refeds.org/profile/mfa');
  expect(await audit('login.succeeded')).toHaveLength(before.succeeded + 1);
  expect((await audit('login.succeeded'))[0].detail).toMatchObject({ via: 'sso', factor: 'totp' });
  // The sign-in's own second: on a busy machine the clock may have passed into the next one since.
  const { lastSignInAt } = (await host.deps.directory.findByEmail(JANE.identifier))!;
  expect(lastSignInAt).toBeGreaterThanOrEqual(signingIn);
  expect(lastSignInAt).toBeLessThanOrEqual(nowSec());
});

it('a recovery code works once', async () => {
  for (const expected of [200, 401]) {
    const reference = await pending();
    await post('sign-in', { request: reference, ...JANE });
    expect(await page(reference, '&recovery=1')).toContain('Recovery code');
    const r = await post('sign-in/code', { request: reference, code: recoveryCodes[3].toLowerCase(), recovery: '1' });
    expect(r.status).toBe(expected);
  }
  expect(await audit('twostep.recovery-used')).toHaveLength(1);
  expect((await audit('login.succeeded'))[0].detail).toMatchObject({ factor: 'recovery' });
});

it('5 wrong codes void the attempt (back to the password); letters, 7 digits and 10 KB get a clear answer', async () => {
  const reference = await pending();
  await post('sign-in', { request: reference, ...JANE });
  for (const code of ['abcdef', '1234567', 'x'.repeat(5000), '000000']) {
    const r = await post('sign-in/code', { request: reference, code });
    expect([401, 413]).toContain(r.status);
  }
  const fifth = await post('sign-in/code', { request: reference, code: '999999' === (await totpCode(key, nowSec())) ? '888888' : '999999' });
  expect(fifth.status).toBe(401);
  expect(fifth.body).toContain('Too many wrong codes. Sign in again with your password.');
  // The stage is gone: a right code now does nothing, the password page is back.
  host.clock.advance(30);
  expect((await post('sign-in/code', { request: reference, code: await totpCode(key, nowSec()) })).status).toBe(303);
  expect(await page(reference)).toContain('name="password"');
});

it('a reset never bypasses it: the new password takes effect only with a code', async () => {
  host.mailbox.clear();
  expect((await form(host, 'forgot', { identifier: 'jane.doe@example.com', lang: 'en' }, nextClient())).status).toBe(303);
  await host.idle();
  const token = tokenOf(linkIn((await mails(host))[0].text));
  const open = await (await fetch(`${pages()}/reset?token=${token}&lang=en`)).text();
  expect(open).toContain('autocomplete="one-time-code"');
  expect(open).toContain('takes effect only with a code');
  const without = await form(host, 'reset', { token, password: NEW_PASSWORD, confirm: NEW_PASSWORD, lang: 'en' }, nextClient());
  expect(without.status).toBe(400);
  expect(await without.text()).toContain('Enter the code from your authenticator app.');
  const wrong = await form(host, 'reset', { token, password: NEW_PASSWORD, confirm: NEW_PASSWORD, code: '000000' === (await totpCode(key, nowSec())) ? '111111' : '000000', lang: 'en' }, nextClient());
  expect(wrong.status).toBe(400);
  expect(await wrong.text()).toContain('That code is not right.');
  // The old password still signs in: nothing changed yet.
  const reference = await pending();
  expect((await post('sign-in', { request: reference, ...JANE })).status).toBe(303);
  host.clock.advance(30);
  const done = await form(host, 'reset', { token, password: NEW_PASSWORD, confirm: NEW_PASSWORD, code: await totpCode(key, nowSec()), lang: 'en' }, nextClient());
  expect(done.status).toBe(303);
  JANE.password = NEW_PASSWORD;
  const again = await pending();
  expect((await post('sign-in', { request: again, ...JANE })).status).toBe(303);
  // With a recovery code instead.
  host.mailbox.clear();
  await form(host, 'forgot', { identifier: 'jane.doe@example.com', lang: 'en' }, nextClient());
  await host.idle();
  const token2 = tokenOf(linkIn((await mails(host))[0].text));
  expect(await (await fetch(`${pages()}/reset?token=${token2}&lang=en&recovery=1`)).text()).toContain('Recovery code');
  const viaRecovery = await form(host, 'reset', { token: token2, password: 'Harbour-Lantern-Violet-42', confirm: 'Harbour-Lantern-Violet-42', code: recoveryCodes[5], recovery: '1', lang: 'en' }, nextClient());
  expect(viaRecovery.status).toBe(303);
  JANE.password = 'Harbour-Lantern-Violet-42';
});

it('10 wrong codes in a row lock the account like failed passwords', async () => {
  for (let round = 0; round < 3; round++) {
    const reference = await pending();
    await post('sign-in', { request: reference, ...JANE });
    for (let i = 0; i < 4; i++) await post('sign-in/code', { request: reference, code: '000001' });
  }
  const jane = await host.deps.directory.findByEmail('jane.doe@example.com');
  expect(jane!.lockedUntil).toBeGreaterThan(nowSec());
  await policy('off');
});

it('registration where verification is required: enrolment follows "Create new password" at once, then the done page', async () => {
  await policy('everyone');
  host.mailbox.clear();
  const resent = await (await fetch(`${host.url}/local/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: 'agent-panel', functionKey: 'agent/resend-invite', payload: {}, persona: 'agent', issueKey: 'DEMO-1' }),
  })).json() as { result: { ok: boolean } };
  expect(resent.result.ok).toBe(true);
  await host.idle();
  const token = tokenOf(linkIn((await mails(host)).find((m) => m.to === 'tom.invited@example.com')!.text));
  const registered = await form(host, 'reset', { token, password: 'Sapphire-Glacier-Tundra-52', confirm: 'Sapphire-Glacier-Tundra-52', lang: 'en' }, nextClient());
  expect(registered.status).toBe(303);
  const next = registered.headers.get('location')!;
  expect(next).toContain('/sign-in?request=');
  const reference = new URL(next).searchParams.get('request')!;
  const enrol = await page(reference);
  expect(enrol).toContain('Set up two-step verification');
  const tomKey = /id="key" type="text" value="([A-Z2-7 ]+)"/.exec(enrol)![1].replace(/ /g, '');
  expect((await post('sign-in/enrol', { request: reference, code: await totpCode(tomKey, nowSec()) })).status).toBe(200);
  const done = await post('sign-in/continue', { request: reference, saved: '1' });
  expect(done.status).toBe(303);
  expect(done.location).toContain('/reset/done?lang=en&kind=invite&twostep=1');
  expect(await (await fetch(done.location!)).text()).toContain('Two-step verification is set up');
  await policy('off');
});
