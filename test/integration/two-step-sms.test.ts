import { startTestHost, type TestHost } from '../support/local-host';
import { setTwoStep, signInRequests } from '../support/sign-in-requests';
import { submitCode } from '../../src/flows/sign-in/respond';
import { pendingState } from '../../src/domain/saml/pending';

/**
 * SMS as the second factor at the help-center sign-in (issue 11): enrolment with the mobile number (validated,
 * stored as a secret, shown masked), the PIN through the SMS catcher, "Send a new code", wrong PINs counted, and
 * the verification at the next sign-in.
 */
let host: TestHost;
const { pending, post, page } = signInRequests(() => host, { lang: 'de', subnet: '198.18.1', idPrefix: '_sms' });
const ERIKA = { identifier: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7' };

beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
  await setTwoStep(host, { policy: 'everyone', methods: { totp: false, sms: true } });
});
afterAll(async () => {
  await host.close();
});

async function lastPin(): Promise<{ to: string; pin: string }> {
  await host.idle();
  const messages = (await (await fetch(`${host.url}/sms/api/messages`)).json()) as { to: string; text: string }[];
  return { to: messages[0].to, pin: /(\d{6})/.exec(messages[0].text)![1] };
}

it('enrols by SMS (number validated, PIN from the catcher) and signs in with a PIN next time; "Send a new code" keeps the count', async () => {
  const reference = await pending();
  expect((await post('sign-in', { request: reference, ...ERIKA })).status).toBe(303);
  const phonePage = await page(reference);
  expect(phonePage).toContain('Zwei-Schritt-Verifizierung per SMS einrichten');
  expect(phonePage).toContain('type="tel"');
  const bad = await post('sign-in/phone', { request: reference, phone: '030 1234567' });
  expect(bad.status).toBe(400);
  expect(bad.body).toContain('Geben Sie eine gültige Mobilnummer ein');
  expect((await post('sign-in/phone', { request: reference, phone: '0151 23456789' })).status).toBe(303);
  const codePage = await page(reference);
  expect(codePage).toContain('+49 ••• •••• 89');
  expect(codePage).not.toContain('23456789');
  const { to, pin } = await lastPin();
  expect(to).toBe('+4915123456789');
  const wrong = await post('sign-in/enrol', { request: reference, code: pin === '000000' ? '111111' : '000000' });
  expect(wrong.status).toBe(401);
  const enrolled = await post('sign-in/enrol', { request: reference, code: pin });
  expect(enrolled.status).toBe(200);
  expect(enrolled.body.match(/<li><code>/g)).toHaveLength(10);
  const done = await post('sign-in/continue', { request: reference, saved: '1' });
  expect(done.status).toBe(200);
  const xml = Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(done.body)![1], 'base64').toString('utf8');
  expect(xml).toContain('https://refeds.org/profile/mfa');
  const erika = await host.deps.directory.findByEmail('erika.mustermann@example.de');
  expect(erika!.twoStep?.sms?.masked).toBe('+49 ••• •••• 89');
  expect(JSON.stringify(erika)).not.toContain('23456789');

  // Next sign-in: the PIN goes out by itself; a new one keeps the failure count; the right one signs in.
  const again = await pending();
  expect((await post('sign-in', { request: again, ...ERIKA })).status).toBe(303);
  expect(await page(again)).toContain('Neuen Code senden');
  const first = await lastPin();
  expect((await post('sign-in/code', { request: again, code: first.pin === '999999' ? '888888' : '999999' })).body).toContain('Verbleibende Versuche: 4.');
  expect((await post('sign-in/resend', { request: again })).status).toBe(303);
  const second = await lastPin();
  expect(second.pin).not.toBe(undefined);
  // The first PIN died with the new one.
  if (first.pin !== second.pin) expect((await post('sign-in/code', { request: again, code: first.pin })).body).toContain('Verbleibende Versuche: 3.');
  const signIns = async () => (await host.deps.directory.listAudit(erika!.id, 50)).events.filter((e) => e.kind === 'login.succeeded');
  const beforeCode = (await signIns()).length;
  const ok = await post('sign-in/code', { request: again, code: second.pin });
  expect(ok.status).toBe(200);
  expect(ok.body).toContain('name="SAMLResponse"');
  // Recorded as a sign-in only now, with the PIN as its second factor (the enrolment above counted as one too).
  expect(await signIns()).toHaveLength(beforeCode + 1);
  expect((await signIns())[0].detail).toMatchObject({ via: 'sso', factor: 'sms' });
  expect((await signIns())[1].detail).toMatchObject({ via: 'sso', factor: 'enrolled' });
});

it('of 10 submissions of one right PIN at once (in-process, interleaving at every await), exactly one signs in', async () => {
  const erika = (await host.deps.directory.findByEmail(ERIKA.identifier))!;
  expect(erika.twoStep?.sms).toBeDefined();
  const reference = await pending();
  expect((await post('sign-in', { request: reference, ...ERIKA })).status).toBe(303);
  const { pin } = await lastPin();
  const signIns = async () => (await host.deps.directory.listAudit(erika.id, 50)).events.filter((e) => e.kind === 'login.succeeded').length;
  const before = await signIns();
  // The PIN lives on the pending sign-in, which the right code's write does not condition on: the entry's mark
  // that this sign-in's step is done is what stops the other nine (src/flows/account-claims.ts decideSignInCode).
  const answers = await Promise.all(Array.from({ length: 10 }, () => submitCode(host.deps, { reference, code: pin, recovery: false })));
  expect(answers.filter((a) => a.state === 'post')).toHaveLength(1);
  expect(await signIns()).toBe(before + 1);
  expect(pendingState(await host.deps.pendingSignIns.get(reference), Math.floor(host.clock.nowMs() / 1000))).toBe('used');
});

it('the agent panel shows the SMS method with the number masked, never the number', async () => {
  const result = await (await fetch(`${host.url}/local/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: 'agent-panel', functionKey: 'agent/panel', payload: {}, persona: 'agent', issueKey: 'DEMO-6' }),
  })).json() as { result: { data: { customer: { twoStep: string; twoStepMethods: unknown } } } };
  expect(result.result.data.customer).toMatchObject({ twoStep: 'on', twoStepMethods: { totp: false, sms: '+49 ••• •••• 89' } });
  expect(JSON.stringify(result)).not.toContain('23456789');
});

it('an admin reset removes the SMS method and deletes the number', async () => {
  const erika = await host.deps.directory.findByEmail('erika.mustermann@example.de');
  const smsRef = erika!.twoStep!.sms!.ref;
  expect(await host.deps.factors.getSms(erika!.id, smsRef)).toBe('+4915123456789');
  const answer = await (await fetch(`${host.url}/local/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: 'admin-page', functionKey: 'admin/customers/action', payload: { id: erika!.id, action: 'reset-two-step' }, persona: 'admin' }),
  })).json() as { result: { ok: boolean } };
  expect(answer.result.ok).toBe(true);
  expect(await host.deps.factors.getSms(erika!.id, smsRef)).toBeUndefined();
  expect((await host.deps.directory.findByEmail('erika.mustermann@example.de'))!.twoStep).toBeUndefined();
});
