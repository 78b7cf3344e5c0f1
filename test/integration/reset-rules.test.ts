import { OWASP_SCRYPT } from '../../src/crypto/password-hasher';
import { form, linkIn, mails, startTestHost, tokenOf, withoutNonce, type TestHost } from '../support/local-host';
import { everythingStored, jobOps, requestPathOps, resetCalls } from '../support/reset-requests';
// Beside the other integration files, not alone (issue 21): no test here asserts a time. Production-cost scrypt makes
// some tests long, not timed; the longest (30 logins, one hash each) has a limit of its own sized for a loaded machine.

/**
 * The rules of the reset flow, proven through the real web-trigger handler on the local Forge runtime
 * (KVS on SQLite, queue, SMTP mailbox).
 */
let host: TestHost;
const { nextClient, requestReset, resetLinkFor } = resetCalls(() => host);

beforeAll(async () => {
  // Production cost: the rules of sign-in and reset are proven at the cost they run at.
  host = await startTestHost({ scrypt: OWASP_SCRYPT });
});
afterAll(async () => {
  await host.close();
});
beforeEach(async () => {
  await host.idle();
  host.mailbox.clear();
  host.clock.advance(16 * 60); // each test starts outside the previous one's per-account window
});

describe('no account enumeration', () => {
  const inputs = {
    unknown: 'nobody@example.com',
    active: 'jane.doe@example.com',
    invited: 'tom.invited@example.com',
    locked: 'larry.locked@example.com',
    disabled: 'dana.disabled@example.com',
    unknownUsername: 'customer9999999',
  };

  it('answers every kind of input with the identical response and page', async () => {
    const answers = [];
    for (const identifier of Object.values(inputs)) {
      const response = await requestReset(identifier);
      const page = await fetch(response.headers.get('location')!);
      answers.push({ status: response.status, location: response.headers.get('location'), pageStatus: page.status, page: withoutNonce(await page.text()) });
    }
    expect(answers[0].status).toBe(303);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0].page).toContain('Check your email');
    expect(answers[0].page).toContain('60 minutes');
    expect(answers[0].page).toContain('spam');
    expect(answers[0].page).toContain('Never completed your registration?');
  });

  it('does the same storage work on the request path whether or not the account exists', async () => {
    const opsFor = (identifier: string) => requestPathOps(host, () => form(host, 'forgot', { identifier }, nextClient()));
    await opsFor('warm-up@example.com'); // settings are cached per warm instance
    const known = await opsFor('jane.doe@example.com');
    const unknown = await opsFor('nobody-at-all@example.com');
    expect(unknown).toEqual(known);
    expect(Object.values(known).reduce((a, b) => a + b, 0)).toBe(2); // the client window: one read, one write
  });

  it('costs the queued job one lookup for an unknown address; for a known one the window claim with the job\'s claim and the link with the job marked done (issue 25)', async () => {
    const jobOpsFor = (identifier: string) => jobOps(host, () => form(host, 'forgot', { identifier }, nextClient()));
    await jobOpsFor('warm-up-2@example.com'); // the jobs worker's settings cache (one read per 10 s)
    await jobOpsFor('paula.admin@example.com'); // and its template cache (English, as Jane's)
    expect(await jobOpsFor('nobody-at-all-2@example.com')).toEqual({ '/api/v1/entity/query': 1 });
    expect(await jobOpsFor('jane.doe@example.com')).toEqual({ '/api/v1/entity/query': 1, '/api/v1/transaction': 2 });
    await jobOpsFor('tom.invited@example.com'); // the invitation again, first with its template's cache read
    expect(await jobOpsFor('tom.invited@example.com')).toEqual({ '/api/v1/entity/query': 1, '/api/v1/transaction': 2 });
    expect((await mails(host)).map((m) => m.to).sort()).toEqual(['jane.doe@example.com', 'paula.admin@example.com', 'tom.invited@example.com', 'tom.invited@example.com']);
  });

  it('mails reset links to accounts that can reset, the invitation again to a never-registered one, nothing otherwise', async () => {
    for (const identifier of Object.values(inputs)) await requestReset(identifier);
    const sent = (await mails(host)).map((m) => `${m.to} ${m.subject}`).sort();
    expect(sent).toEqual([
      'jane.doe@example.com [Demo Service Desk] Reset your password',
      'larry.locked@example.com [Demo Service Desk] Reset your password',
      'tom.invited@example.com [Demo Service Desk] You are invited to the Demo Service Desk portal',
    ]);
  });
});

describe('the reset email and link', () => {
  it('arrives branded, in the customer\'s stored language, with the link in HTML and text', async () => {
    await requestReset('customer2300230'); // Erika, stored locale de, requested from an English page
    const [mail] = await mails(host);
    expect(mail.to).toBe('erika.mustermann@example.de');
    expect(mail.subject).toBe('[Demo Service Desk] Ihr Passwort zurücksetzen');
    expect(mail.text).toContain('Erika Mustermann');
    expect(mail.text).toContain('60 Minuten');
    expect(mail.text).toContain('Demo Company GmbH');
    const link = linkIn(mail.text);
    expect(mail.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
  });

  it('finds accounts by email however it is typed (trim, case, NFC)', async () => {
    await requestReset('  JANE.Doe@Example.COM ');
    expect((await mails(host)).map((m) => m.to)).toEqual(['jane.doe@example.com']);
  });

  it('finds the account of a look-alike the same way (NFKC): fullwidth letters and digits are the username they stand for', async () => {
    await requestReset('\uFF43ustomer\uFF12\uFF13\uFF10\uFF10\uFF12\uFF13\uFF10'); // ｃustomer２３００２３０
    expect((await mails(host)).map((m) => m.to)).toEqual(['erika.mustermann@example.de']);
  });

  it('takes its base URL from the platform, never from the Host header', async () => {
    await requestReset('jane.doe@example.com', { ...nextClient(), host: 'evil.example', 'x-forwarded-host': 'evil.example' });
    const link = linkIn((await mails(host))[0].text);
    expect(link.startsWith(`${host.url}/x/customer-pages/reset?`)).toBe(true);
  });

  it('is stored only as a hash: the secret appears nowhere in storage', async () => {
    const link = await resetLinkFor('jane.doe@example.com');
    const secret = tokenOf(link).split('.')[1];
    const everything = everythingStored(host);
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(secret);
  });

  it('opening it (GET) never consumes it, and pages are not cached or leaked by referrer', async () => {
    const link = await resetLinkFor('jane.doe@example.com');
    for (let i = 0; i < 3; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(await page.text()).toContain('customer2300229');
    }
    const done = await form(host, 'reset', { token: tokenOf(link), password: 'Lantern-Harbour-Violet-1', confirm: 'Lantern-Harbour-Violet-1' }, nextClient());
    expect(done.status).toBe(303);
  });

  it('the "password changed" notice job writes its claim and its audit with the job marked done, nothing else (issue 25)', async () => {
    const link = await resetLinkFor('paula.admin@example.com');
    await host.idle();
    host.pauseQueue();
    expect((await form(host, 'reset', { token: tokenOf(link), password: 'Copper-Notice-Falcon-25', confirm: 'Copper-Notice-Falcon-25' }, nextClient())).status).toBe(303);
    host.kvs.resetStats();
    host.resumeQueue();
    await host.idle();
    const writes = Object.fromEntries(Object.entries(host.kvs.stats).filter(([route, n]) => n > 0 && /set|transaction|delete/.test(route)));
    expect(writes).toEqual({ '/api/v1/set': 1, '/api/v1/transaction': 1 }); // before: three plain sets (claim, sent, done)
    expect((await mails(host)).some((m) => m.to === 'paula.admin@example.com' && /password/i.test(m.subject))).toBe(true);
  });

  it('works once; a newer request kills older links; it expires after 60 minutes', async () => {
    const first = await resetLinkFor('erika.mustermann@example.de');
    const second = await resetLinkFor('erika.mustermann@example.de');
    expect((await fetch(first)).status).toBe(404);
    const pw = { password: 'Sonnenblume-Garten-2026', confirm: 'Sonnenblume-Garten-2026' };
    expect((await form(host, 'reset', { token: tokenOf(second), ...pw }, nextClient())).status).toBe(303);
    expect((await form(host, 'reset', { token: tokenOf(second), ...pw }, nextClient())).status).toBe(404);

    host.clock.advance(16 * 60); // leave the per-account window
    const third = await resetLinkFor('erika.mustermann@example.de');
    host.clock.advance(59 * 60);
    expect((await fetch(third)).status).toBe(200);
    host.clock.advance(60);
    const expired = await fetch(third);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Dieser Link ist abgelaufen'); // Erika's links carry her language
  });

  it('is consumed atomically: of parallel submissions exactly one wins, and its password is the one that works', async () => {
    host.clock.advance(16 * 60);
    const link = await resetLinkFor('jane.doe@example.com');
    const passwords = Array.from({ length: 4 }, (_, i) => `Parallel-Password-Number-${i}`);
    const results = await Promise.all(passwords.map((p) => form(host, 'reset', { token: tokenOf(link), password: p, confirm: p }, nextClient())));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 404)).toHaveLength(3);
    await host.idle();
    const logins = await Promise.all(passwords.map((p) => form(host, 'login', { identifier: 'jane.doe@example.com', password: p }, nextClient())));
    expect(logins.map((r) => r.status).filter((s) => s === 200)).toHaveLength(1);
    expect(passwords[statuses.indexOf(303)]).toBe(passwords[logins.findIndex((r) => r.status === 200)]);
  });
});

describe('completing a reset', () => {
  it('enforces the policy on the server and keeps the link alive on a rejected password', async () => {
    host.clock.advance(16 * 60);
    const link = await resetLinkFor('larry.locked@example.com');
    const token = tokenOf(link);
    const tooShort = await form(host, 'reset', { token, password: 'short', confirm: 'short' }, nextClient());
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain('The password does not meet all of the requirements below.');
    const common = await form(host, 'reset', { token, password: 'passwordpassword', confirm: 'passwordpassword' }, nextClient());
    expect(await common.text()).toMatch(/data-criterion="notCommon" class="unmet"/);
    const mismatch = await form(host, 'reset', { token, password: 'Granite-Meadow-Compass-20', confirm: 'Granite-Meadow-Compass-21' }, nextClient());
    expect(await mismatch.text()).toContain('The passwords do not match.');
    const ok = await form(host, 'reset', { token, password: 'Granite-Meadow-Compass-20', confirm: 'Granite-Meadow-Compass-20' }, nextClient());
    expect(ok.status).toBe(303);
    // A reset is the way out of a lock: the locked account can log in now.
    await host.idle();
    expect((await form(host, 'login', { identifier: 'customer2300233', password: 'Granite-Meadow-Compass-20' }, nextClient())).status).toBe(200);
  });

  it('sends "your password was changed" and leaves an audit trail', async () => {
    host.clock.advance(16 * 60);
    const link = await resetLinkFor('jane.doe@example.com');
    host.mailbox.clear();
    await form(host, 'reset', { token: tokenOf(link), password: 'Audit-Trail-Password-1', confirm: 'Audit-Trail-Password-1' }, nextClient());
    await host.idle();
    expect((await mails(host)).map((m) => m.subject)).toEqual(['[Demo Service Desk] Your password was changed']);
    const jane = await host.deps.directory.findByEmail('jane.doe@example.com');
    const { events } = await host.deps.directory.listAudit(jane!.id, 10);
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(expect.arrayContaining(['password.changed', 'email.sent', 'reset.requested']));
  });
});

describe('rate limits', () => {
  it('per client: beyond the limit the answer stays neutral and no mail is sent', async () => {
    const headers = nextClient();
    const locations = [];
    for (let i = 0; i < 12; i++) {
      const response = await requestReset(i < 10 ? `nobody${i}@example.com` : 'erika.mustermann@example.de', headers);
      locations.push(`${response.status} ${response.headers.get('location')}`);
    }
    expect(new Set(locations).size).toBe(1);
    expect(await mails(host)).toHaveLength(0);
  });

  it('per account: a fourth request within 15 minutes sends nothing and is audited', async () => {
    host.clock.advance(16 * 60);
    for (let i = 0; i < 4; i++) await requestReset('customer2300230');
    expect(await mails(host)).toHaveLength(3);
    const erika = await host.deps.directory.findByUsername('customer2300230');
    const { events } = await host.deps.directory.listAudit(erika!.id, 5);
    expect(events[0].kind).toBe('reset.throttled');
  });

  it('logins: the client limit applies before any hash is computed, to the address the edge appended', async () => {
    await form(host, 'login', { identifier: 'warm-up@example.com', password: 'creates the dummy hash' }, nextClient());
    // The caller writes what it likes left of the edge's entry (issue 23 item 5): a new left-most address each time.
    const edge = nextClient()['x-forwarded-for'];
    const runsBefore = host.deps.hasher.runs;
    const statuses = [];
    for (let i = 0; i < 35; i++) statuses.push((await form(host, 'login', { identifier: 'nobody@example.com', password: 'whatever it is' }, { 'x-forwarded-for': `10.9.${i}.1, ${edge}` })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
    expect(host.deps.hasher.runs - runsBefore).toBe(30);
  }, 120_000); // 30 password checks at the production scrypt cost, one after another: ~11 s on a quiet machine, 30+ s on a loaded one

  it('locks an account after five failed logins; the correct password is refused while locked', async () => {
    const erika = 'customer2300230';
    host.clock.advance(16 * 60);
    const link = await resetLinkFor(erika);
    await form(host, 'reset', { token: tokenOf(link), password: 'Known-Good-Password-9', confirm: 'Known-Good-Password-9' }, nextClient());
    await host.idle();
    for (let i = 0; i < 5; i++) expect((await form(host, 'login', { identifier: erika, password: `wrong guess ${i}` }, nextClient())).status).toBe(401);
    expect((await form(host, 'login', { identifier: erika, password: 'Known-Good-Password-9' }, nextClient())).status).toBe(401);
    host.clock.advance(15 * 60);
    expect((await form(host, 'login', { identifier: erika, password: 'Known-Good-Password-9' }, nextClient())).status).toBe(200);
  });
});

describe('input validation', () => {
  it('answers oversized, malformed and wrongly typed input with a clear page, never a crash', async () => {
    const big = await form(host, 'forgot', { identifier: 'x'.repeat(10_000) }, nextClient());
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('Please check your input');
    const tooLong = await form(host, 'forgot', { identifier: `${'x'.repeat(250)}@example.com` }, nextClient());
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('This is too long.');
    const empty = await form(host, 'forgot', { identifier: '   ' }, nextClient());
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Enter your email address or username.');
    const control = await form(host, 'forgot', { identifier: 'jane\u0000doe' }, nextClient());
    expect(control.status).toBe(400);
    const json = await fetch(`${host.url}/x/customer-pages/forgot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"identifier":"a"}' });
    expect(json.status).toBe(415);
    const badToken = await fetch(`${host.url}/x/customer-pages/reset?token=${'%00'.repeat(50)}`);
    expect(badToken.status).toBe(404);
    const unknownPage = await fetch(`${host.url}/x/customer-pages/admin`);
    expect(unknownPage.status).toBe(404);
    const wrongMethod = await fetch(`${host.url}/x/customer-pages/forgot`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
  });
});

describe('logs', () => {
  it('never contain a token, a password or a full email address', async () => {
    host.clock.advance(16 * 60);
    const link = await resetLinkFor('jane.doe@example.com');
    await form(host, 'reset', { token: tokenOf(link), password: 'Log-Secret-Password-7', confirm: 'Log-Secret-Password-7' }, nextClient());
    await form(host, 'login', { identifier: 'jane.doe@example.com', password: 'Log-Secret-Password-8' }, nextClient());
    await host.idle();
    const all = host.logs.join('\n');
    expect(host.logs.length).toBeGreaterThan(0);
    expect(all).not.toContain(tokenOf(link).split('.')[1]);
    expect(all).not.toContain('Log-Secret-Password');
    expect(all).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
