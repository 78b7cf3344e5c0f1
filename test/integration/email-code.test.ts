import { totpCode } from '../../src/domain/factors/totp';
import { processEmailCodeRequest, submitEmailCode } from '../../src/flows/sign-in/email-code';
import { pendingOf } from '../../src/flows/sign-in/respond';
import { signInBinding } from '../../src/domain/factors/email-code';
import type { Directory } from '../../src/ports/directory';
import type { JobSteps, SentRecord } from '../../src/ports/jobs';
import { DEMO_TOTP_KEY } from '../../local/demo-data';
import { invokeResolver, withoutNonce, type TestHost } from '../support/local-host';
import { BURST, codeIn, kinds, wrongOf, useEmailCodeHost, type Answer } from '../support/email-code-pages';

/**
 * Issue 22 item 2: "Email me a sign-in code", through the local host's customer pages (plain form posts, as
 * without JavaScript) and, for the bursts, through the flow on the emulated runtime (parallel invocations
 * interleave at every await there, as on Forge; see test/integration/concurrent-limits.test.ts). Both sites.
 * The allowed sign-in methods (Security): email-code-methods.test.ts.
 */
let host: TestHost;
const { now, call, pages, referenceOf, mails, codeFor, audit, activeCustomer, requestAtLogin, helpCenterSignIn } = useEmailCodeHost((started) => (host = started));

describe('requesting a code', () => {
  it('answers an unknown address exactly as a known one, and mails only the known one', async () => {
    const c = await activeCustomer();
    const known = await call(`${pages()}/login/email-code`, { body: { identifier: c.email } });
    const unknown = await call(`${pages()}/login/email-code`, { body: { identifier: 'nobody-here@example.org' } });
    expect([known.status, unknown.status]).toEqual([303, 303]);
    const page = async (r: Answer, identifier: string) => withoutNonce((await call(r.location)).text).replaceAll(referenceOf(r.location), 'REF').replaceAll(identifier, 'WHO');
    const [a, b] = [await page(known, c.email), await page(unknown, 'nobody-here@example.org')];
    expect(a).toBe(b);
    expect(a).toContain('Check your email');
    expect(a).toContain('autocomplete="one-time-code"');
    await host.idle();
    const sent = await mails();
    expect(sent.map((m) => m.to)).toEqual([expect.stringContaining(c.email)]);
    expect(sent[0].subject).toContain('Your sign-in code');
    expect(codeIn(sent[0])).toMatch(/^\d{6}$/);
    expect(kinds(await audit(c.id), 'login.code-sent')).toHaveLength(1);
    // Never the code in a log line.
    expect(host.logs.join('\n')).not.toContain(codeIn(sent[0]));
  });

  it('makes the same storage calls on the request path for a known, an unknown, a locked, a disabled and a not-registered address, on both pages', async () => {
    /** The request path's KVS calls (the queue held until the answer is in), and then the queued job's writes. */
    const paths = async (identifier: string, helpCenter: boolean) => {
      await host.idle();
      // The settings cache of the warm instance (10 s) fresh, so that no refresh read falls into the measured call.
      await call(`${pages()}/login?lang=en`);
      const reference = helpCenter ? await helpCenterSignIn() : '';
      host.pauseQueue();
      const before = { ...host.kvs.stats };
      const r = helpCenter
        ? await call(`${pages()}/sign-in/email-code`, { body: { request: reference, identifier } })
        : await call(`${pages()}/login/email-code`, { body: { identifier } });
      const after = { ...host.kvs.stats };
      host.resumeQueue();
      await host.idle();
      expect(r.status).toBe(303);
      const since = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]).filter(([, v]) => v !== 0));
      const job = since({ ...host.kvs.stats }, after);
      return { request: since(after, before), jobWrites: Object.fromEntries(Object.entries(job).filter(([k]) => !/get|query/.test(k))) };
    };
    const others = ['nobody-at-all@example.org', 'larry.locked@example.com', 'dana.disabled@example.com', 'tom.invited@example.com'];
    for (const helpCenter of [false, true]) {
      const known = await paths((await activeCustomer()).email, helpCenter);
      expect(Object.keys(known.request).length).toBeGreaterThan(0);
      for (const other of others) expect([other, (await paths(other, helpCenter)).request]).toEqual([other, known.request]);
      // Off the request path (another invocation): the job claims its ledger entry only once it found an account, and
      // its done mark rides in the audit's transaction (no separate sent and done writes).
      expect(known.jobWrites).toEqual({ '/api/v1/set': 1, '/api/v1/transaction': 2 });
      expect((await paths('nobody-again@example.org', helpCenter)).jobWrites).toEqual({});
      expect((await paths('larry.locked@example.com', helpCenter)).jobWrites).toEqual({ '/api/v1/set': 1, '/api/v1/transaction': 1 });
    }
  });

  it.each(['claim', 'send', 'record'] as const)('the job stopped after %s is delivered again: exactly one mail, its code signs in, audited once', async (step) => {
    const c = await activeCustomer();
    host.stopNextJobAfter(step);
    const reference = await requestAtLogin(c.email);
    await host.idle();
    expect(host.logs.some((l) => l.includes(`job stopped after ${step}`))).toBe(true);
    const advance = async (seconds: number) => {
      await fetch(`${host.url}/local/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
      await new Promise((resolve) => setImmediate(resolve));
      await host.idle();
    };
    await advance(30); // the first redelivery after a thrown error: 30 s on the host clock
    const code = await codeFor(c.email);
    expect((await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code } })).text).toContain('You are logged in');
    await advance(15 * 60); // later redeliveries, if any were due, have run
    expect((await mails()).filter((m) => m.to.includes(c.email))).toHaveLength(1);
    expect(kinds(await audit(c.id), 'login.code-sent')).toHaveLength(1);
    expect(kinds(await audit(c.id), 'email.sent')).toHaveLength(1);
  });

  it('should the audit with the done mark fail after the mail went out, the sent mark carries the events (a delivery again stores them and sends nothing)', async () => {
    const c = await activeCustomer();
    const sent: SentRecord[] = [];
    const job: JobSteps = { begin: () => Promise.resolve(true), sent: (record) => Promise.resolve(void sent.push(record)), doneMark: () => ({ key: 'job-test', value: { state: 'done' }, ttlSec: 60 }), claimMark: () => undefined, claimed: () => Promise.resolve(), recorded: () => Promise.resolve() };
    const directory: Directory = Object.assign(Object.create(host.deps.directory) as Directory, { appendAudit: () => Promise.reject(new Error('storage down')) });
    const request = { type: 'email-code' as const, signIn: signInBinding('r'.repeat(43)), identifier: c.email, locale: 'en' as const, requestedAt: now() };
    await expect(processEmailCodeRequest({ ...host.deps, directory, job }, request)).rejects.toThrow('storage down');
    expect(sent).toEqual([{ channel: 'mail', customerId: c.id, events: [expect.objectContaining({ kind: 'login.code-sent' }), expect.objectContaining({ kind: 'email.sent' })] }]);
    await host.idle();
    expect((await mails()).filter((m) => m.to.includes(c.email))).toHaveLength(1);
  });

  it('per-client limit (the reset\'s, 10 in 15 minutes): the 11th request from one client is answered alike and mails nothing', async () => {
    const customers = await Promise.all(Array.from({ length: 11 }, () => activeCustomer()));
    const answers: number[] = [];
    for (const c of customers) answers.push((await call(`${pages()}/login/email-code`, { body: { identifier: c.email }, client: '203.0.113.77' })).status);
    expect(answers.every((s) => s === 303)).toBe(true);
    await host.idle();
    const sent = (await mails()).map((m) => m.to);
    expect(sent).toHaveLength(10);
    expect(sent.some((to) => to.includes(customers[10].email))).toBe(false);
  });

  it('the sign-in forms offer it, without JavaScript (a second submit button of the form)', async () => {
    const login = (await call(`${pages()}/login?lang=de`)).text;
    expect(login).toContain('formaction="');
    expect(login).toContain('Anmeldecode per E-Mail senden');
    expect(login).toContain('id="password"');
    const reference = await helpCenterSignIn();
    const signIn = (await call(`${pages()}/sign-in?request=${reference}&lang=en`)).text;
    expect(signIn).toContain('Email me a sign-in code');
  });

  it('passkeys need a host name: on an IP address neither log-in page offers them, and the options are refused', async () => {
    expect((await host.deps.settings.load()).signInMethods.passkey).toBe(true);
    const login = (await call(`${pages()}/login?lang=en`)).text;
    expect(login).not.toContain('passkey-config');
    expect(login).toContain('autocomplete="username"');
    expect((await call(`${pages()}/login/passkey/options`, { body: { request: '' } })).status).toBe(409);
  });
});

describe('signing in with it', () => {
  it('the right code signs in once (log-in page); audited as used and signed in, the code by email', async () => {
    const c = await activeCustomer();
    const reference = await requestAtLogin(c.username);
    const code = await codeFor(c.email);
    const wrong = await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code: wrongOf(code) } });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Tries left: 4');
    const right = await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code } });
    expect(right.status).toBe(200);
    expect(right.text).toContain('You are logged in');
    const events = await audit(c.id);
    expect(kinds(events, 'login.code-used')).toHaveLength(1);
    expect(kinds(events, 'login.succeeded').map((e) => e.detail)).toEqual([{ via: 'page', factor: 'email-code' }]);
    expect(kinds(events, 'login.code-refused').map((e) => e.detail.reason)).toEqual(['wrong']);
    expect((await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code } })).status).toBe(410);
    // The admin's audit log lists them (category "login."; events of one second in any order).
    const log = await invokeResolver<{ ok: boolean; data: { entries: { kind: string }[] } }>(host.url, { moduleKey: 'admin-page', functionKey: 'admin/audit', persona: 'admin', payload: { customer: c.email, kind: 'login.' } });
    expect(log.data.entries.map((e) => e.kind).sort()).toEqual(['login.code-refused', 'login.code-sent', 'login.code-used', 'login.succeeded']);
  });

  it('single use under a burst: 30 parallel submissions of the right code sign in once', async () => {
    const c = await activeCustomer();
    const reference = await requestAtLogin(c.email);
    const code = await codeFor(c.email);
    const outcomes = await Promise.all(Array.from({ length: BURST }, () => submitEmailCode(host.deps, { reference, code })));
    expect(outcomes.filter((o) => o.state === 'checked')).toHaveLength(1);
    const events = await audit(c.id);
    expect(kinds(events, 'login.code-used')).toHaveLength(1);
    expect(kinds(events, 'login.succeeded')).toHaveLength(1);
  });

  it('5 wrong tries void the code, counted under a burst of 30: the right code is refused after them', async () => {
    const c = await activeCustomer();
    const reference = await requestAtLogin(c.email);
    const code = await codeFor(c.email);
    await Promise.all(Array.from({ length: BURST }, () => submitEmailCode(host.deps, { reference, code: wrongOf(code) })));
    const refused = kinds(await audit(c.id), 'login.code-refused');
    expect(refused.map((e) => e.detail.attempt).sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await host.deps.directory.get(c.id))!.emailCode?.code?.failures).toBe(5);
    // Even on a pending sign-in that still asks for a code (a new request for it without a new code: over the limit).
    const right = await submitEmailCode(host.deps, { reference, code });
    expect(right.state).not.toBe('checked');
    expect(kinds(await audit(c.id), 'login.succeeded')).toHaveLength(0);
  });

  it('newest only: after a new code, the earlier one no longer works', async () => {
    const c = await activeCustomer();
    const reference = await requestAtLogin(c.email);
    const first = await codeFor(c.email);
    await fetch(`${host.url}/mail/api/messages`, { method: 'DELETE' });
    expect((await call(`${pages()}/sign-in/email-code`, { body: { request: reference, resend: '1' } })).status).toBe(303);
    const second = await codeFor(c.email);
    if (first !== second) expect((await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code: first } })).status).toBe(401);
    expect((await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code: second } })).text).toContain('You are logged in');
  });

  it('an unknown address answers a typed code as a known one does (tries left), and is void after 5', async () => {
    const reference = await requestAtLogin('nobody-else@example.org');
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push((await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code: '123456' } })).text);
    expect(answers[0]).toContain('Tries left: 4');
    expect(answers[3]).toContain('Tries left: 1');
    expect(answers[4]).toContain('can no longer be used');
  });

  it('where two-step verification applies, the second step follows the code (an email code is never the second factor)', async () => {
    const tobias = (await host.deps.directory.findByEmail('tobias.zweifaktor@example.de'))!;
    const reference = await helpCenterSignIn();
    expect((await call(`${pages()}/sign-in/email-code`, { body: { request: reference, identifier: tobias.email } })).status).toBe(303);
    const code = await codeFor(tobias.email);
    const after = await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code } });
    expect(after.status).toBe(303);
    expect(after.text).not.toContain('SAMLResponse');
    const step = (await call(after.location)).text;
    expect(step).toContain('name="code"');
    expect(step).toContain('sign-in/code');
    expect(kinds(await audit(tobias.id), 'login.succeeded')).toHaveLength(0);
    const done = await call(`${pages()}/sign-in/code`, { body: { request: reference, code: await totpCode(DEMO_TOTP_KEY, now()) } });
    expect(done.text).toContain('SAMLResponse');
    const xml = Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(done.text)![1], 'base64').toString('utf8');
    expect(xml).toContain('https://refeds.org/profile/mfa');
    expect(kinds(await audit(tobias.id), 'login.succeeded').map((e) => e.detail.factor)).toEqual(['totp']);
  });

  it('the help center: a code alone answers with AuthnContextClassRef "unspecified" (no password, no MFA claimed)', async () => {
    const c = await activeCustomer();
    const reference = await helpCenterSignIn();
    await call(`${pages()}/sign-in/email-code`, { body: { request: reference, identifier: c.email } });
    const done = await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code: await codeFor(c.email) } });
    const xml = Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(done.text)![1], 'base64').toString('utf8');
    expect(xml).toContain('<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</saml:AuthnContextClassRef>');
    expect(xml).not.toContain('PasswordProtectedTransport');
    expect(xml).not.toContain('refeds.org/profile/mfa');
  });

  it('a right code read before another step finished the sign-in (a passkey, a password) gets "used": no second response, nothing recorded', async () => {
    const c = await activeCustomer();
    const reference = await helpCenterSignIn();
    await call(`${pages()}/sign-in/email-code`, { body: { request: reference, identifier: c.email } });
    const code = await codeFor(c.email);
    // The code request read the pending sign-in first (its route reads once); meanwhile another finish lands.
    const read = await pendingOf(host.deps, reference);
    expect(read.state).toBe('valid');
    expect(await host.deps.pendingSignIns.consume(reference, (await host.deps.pendingSignIns.get(reference))!)).toBe(true);
    expect(await submitEmailCode(host.deps, { reference, code }, read)).toEqual({ state: 'request', request: 'used' });
    // The finish's write carried the sign-in: the code is not spent and no sign-in was recorded for it.
    expect(kinds(await audit(c.id), 'login.code-used')).toHaveLength(0);
    expect(kinds(await audit(c.id), 'login.succeeded')).toHaveLength(0);
  });

  it('both sites: a code mailed at one site does not work at the other', async () => {
    const nordwind = host.sites.nordwind.url;
    const atDemo = await requestAtLogin('jane.doe@example.com');
    const demoCode = await codeFor('jane.doe@example.com');
    await fetch(`${host.url}/mail/api/messages`, { method: 'DELETE' });
    const atNordwind = await requestAtLogin('jane.doe@example.com', nordwind);
    const nordwindCode = await codeFor('jane.doe@example.com');
    // The demo site's sign-in is unknown at Nordwind; the demo code on Nordwind's own sign-in is wrong.
    expect((await call(`${pages(nordwind)}/sign-in/email-code/verify`, { body: { request: atDemo, code: demoCode } })).status).toBe(404);
    if (demoCode !== nordwindCode) expect((await call(`${pages(nordwind)}/sign-in/email-code/verify`, { body: { request: atNordwind, code: demoCode } })).status).toBe(401);
    expect((await call(`${pages(nordwind)}/sign-in/email-code/verify`, { body: { request: atNordwind, code: nordwindCode } })).text).toContain('nw-100001');
  });
});
