import { type Customer } from '../../src/domain/customer';
import { newTotpSecret, totpCode } from '../../src/domain/factors/totp';
import { completeLink } from '../../src/flows/complete-reset';
import { sendResetLink } from '../../src/flows/request-reset';
import { renewRecoveryCodes } from '../../src/flows/profile-two-step';
import { submitCode } from '../../src/flows/sign-in/respond';
import { linkIn, tokenOf, type TestHost } from '../support/local-host';
import { BURST, kinds, PASSWORD, useBurstHost } from '../support/burst-requests';

/**
 * Issue 23, item 1: every counter that guards an account is claimed before the work it guards (a conditioned
 * write, retried on conflict), so bursts of parallel requests count every request. The local host serves HTTP
 * requests concurrently (each web-trigger invocation runs on the emulated runtime and awaits its KVS calls, so
 * parallel invocations interleave between their reads and writes, as on Forge); the queued mail jobs run in the
 * jobs worker, also concurrently. Each burst is 30 requests at one fresh account.
 *
 * Issue 23, item 6: the password step makes the same storage calls (number and kind) for unknown, known, locked
 * and disabled accounts, and the code step the same for a wrong code, a locked and a disabled account.
 * (Enrolment codes and the sends a burst may cause: concurrent-limits-enrolment.test.ts.)
 */
let host: TestHost;
let seq = 0;
const { nextClient, PAGES, now, activeCustomer, audit, burst, post, pending, expectLockedAfterBurst } = useBurstHost((started) => (host = started), () => ++seq);

describe('item 1: bursts of parallel wrong passwords count every attempt', () => {
  it('the login page: 30 parallel wrong passwords lock the account at 5; the right password then fails', async () => {
    const c = await activeCustomer();
    const answers = await burst(() => post('login', { identifier: c.email, password: 'wrong-password-1' }));
    expect(answers.every((a) => a.status === 401)).toBe(true);
    await expectLockedAfterBurst(c, 'page');
    expect((await post('login', { identifier: c.email, password: PASSWORD })).status).toBe(401);
  });

  it('the help-center sign-in: 30 parallel wrong passwords on one request lock the account; no signed response follows', async () => {
    const c = await activeCustomer();
    const reference = await pending();
    await burst(() => post('sign-in', { request: reference, identifier: c.username, password: 'wrong-password-2' }));
    await expectLockedAfterBurst(c, 'sso');
    const right = await post('sign-in', { request: reference, identifier: c.username, password: PASSWORD });
    expect(right.body).not.toContain('SAMLResponse');
  });

  it('the profile\'s "current password": 30 parallel wrong ones lock the account at 5', async () => {
    const n = seq + 1;
    const accountId = host.jira.ensurePortalCustomer({ email: `burst${n}@example.org`, displayName: `Burst ${n}` });
    const c = await activeCustomer({ accountId });
    const change = (current: string) =>
      fetch(`${host.url}/local/api/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ moduleKey: 'profile-panel', functionKey: 'profile/change-password', payload: { current, password: 'Brand-New-Quartz-Heron-77', confirm: 'Brand-New-Quartz-Heron-77' }, persona: 'customer', accountId }),
      }).then((r) => r.json());
    await burst(() => change('wrong-password-3'));
    await expectLockedAfterBurst(c, 'profile', false);
    expect(await change(PASSWORD)).toMatchObject({ result: { ok: false } });
  });

  it('the code step: bursts of 30 parallel wrong codes count every code checked, and the tenth locks the account', async () => {
    const secret = newTotpSecret();
    const c = await activeCustomer({ totp: secret });
    // Each burst goes at a sign-in of its own (5 wrong codes void one); the account's count goes on across them.
    for (let round = 0; round < 3 && !((await host.deps.directory.get(c.id))!.lockedUntil > now()); round++) {
      const reference = await pending();
      expect((await post('sign-in', { request: reference, identifier: c.email, password: PASSWORD })).status).toBe(303);
      const right = await totpCode(secret, now());
      const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
      // Driven in-process through the emulated runtime: these requests are short enough that HTTP hands them to
      // the host one after the other, while parallel invocations on Forge (and these calls) interleave at every await.
      await burst(() => submitCode(host.deps, { reference, code: wrong, recovery: false }));
    }
    expect((await host.deps.directory.get(c.id))!.lockedUntil).toBeGreaterThan(now());
    const events = await audit(c.id);
    // Every code checked was counted, with a number of its own, and audited; the tenth locked.
    expect(kinds(events, 'twostep.failed').map((e) => Number(e.detail.attempt)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(kinds(events, 'login.locked')).toHaveLength(1);
  });

  it('one sign-in\'s code step: 30 parallel wrong codes check exactly 5, then that sign-in is void', async () => {
    const secret = newTotpSecret();
    const c = await activeCustomer({ totp: secret });
    const reference = await pending();
    expect((await post('sign-in', { request: reference, identifier: c.email, password: PASSWORD })).status).toBe(303);
    const wrong = String((Number(await totpCode(secret, now())) + 1) % 1_000_000).padStart(6, '0');
    const answers = await burst(() => submitCode(host.deps, { reference, code: wrong, recovery: false }));
    // The sign-in's 5 codes were checked and counted, each with a number of its own; the rest were refused unchecked.
    expect(kinds(await audit(c.id), 'twostep.failed').map((e) => Number(e.detail.attempt)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    const outcomes = answers.map((a) => (a.state === 'code' ? a.outcome.state : a.state));
    expect(outcomes.filter((o) => o === 'wrong')).toHaveLength(4);
    expect(outcomes.filter((o) => o !== 'wrong').every((o) => o === 'voided' || o === 'second-step')).toBe(true);
    // Not locked (5 of the 10), and the sign-in is over: even the right code no longer completes it.
    expect((await host.deps.directory.get(c.id))!.lockedUntil).toBeLessThanOrEqual(now());
    const right = await submitCode(host.deps, { reference, code: await totpCode(secret, now()), recovery: false });
    expect(['second-step', 'voided']).toContain(right.state === 'code' ? right.outcome.state : right.state);
  });

  it('the code at a reset link: 30 parallel wrong codes check exactly 10, then the account is locked', async () => {
    const secret = newTotpSecret();
    const c = await activeCustomer({ totp: secret });
    const settings = await host.deps.settings.load();
    expect(await sendResetLink(host.deps, settings, c, { kind: 'anonymous' }, 'en')).toMatchObject({ ok: true });
    const mail = ((await (await fetch(`${host.url}/mail/api/messages`)).json()) as { to: string; text: string }[]).find((m) => m.to.includes(c.email))!;
    const token = tokenOf(linkIn(mail.text));
    const wrong = String((Number(await totpCode(secret, now())) + 1) % 1_000_000).padStart(6, '0');
    const fresh = 'Brand-New-Quartz-Heron-77';
    // In-process, as the code step above: the awaits of parallel invocations interleave.
    await burst((i) => completeLink(host.deps, { token, password: fresh, confirm: fresh, clientAddress: `198.19.0.${i}`, code: wrong }));
    expect((await host.deps.directory.get(c.id))!.lockedUntil).toBeGreaterThan(now());
    const events = await audit(c.id);
    expect(kinds(events, 'twostep.failed').map((e) => Number(e.detail.attempt)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('item 1: the profile\'s code checks are claimed before the check', () => {
  it('new recovery codes: 30 parallel wrong codes check exactly 10, the tenth locks, the rest are refused', async () => {
    const secret = newTotpSecret();
    const c = await activeCustomer({ totp: secret });
    const wrong = String((Number(await totpCode(secret, now())) + 1) % 1_000_000).padStart(6, '0');
    // In-process, as the code step above; each call starts from the entry as the panel read it.
    const answers = await burst(() => renewRecoveryCodes(host.deps, c, { code: wrong, recovery: false }));
    expect((await host.deps.directory.get(c.id))!.lockedUntil).toBeGreaterThan(now());
    const events = await audit(c.id);
    expect(kinds(events, 'twostep.failed').map((e) => Number(e.detail.attempt)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(kinds(events, 'login.locked')).toHaveLength(1);
    // Nine answered "wrong code"; the tenth and every code behind the lock answered "locked" (never checked).
    expect(answers.filter((a) => a.state === 'wrong-code')).toHaveLength(9);
    expect(answers.filter((a) => a.state === 'locked')).toHaveLength(BURST - 9);
  });
});


describe('item 6: the password and the code step make the same storage calls for every kind of account', () => {
  /** The KVS calls (by route) one login POST costs, after a warm-up that fills the instance caches. */
  async function callsOf(identifier: string): Promise<Record<string, number>> {
    await post('login', { identifier: 'warm-up@example.org', password: 'x' });
    const before = { ...host.kvs.stats };
    expect((await post('login', { identifier, password: 'wrong-password-6' })).status).toBe(401);
    return Object.fromEntries(Object.entries(host.kvs.stats).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => Number(v) > 0));
  }

  it('unknown, known (wrong password), locked, disabled and never registered: the same calls, route by route', async () => {
    const known = await activeCustomer();
    const locked = await activeCustomer({ lockedUntil: now() + 3600 });
    const disabled = await activeCustomer({ status: 'disabled' });
    const invited = await activeCustomer({ status: 'invited', passwordRef: '', activatedAt: 0, passwordChangedAt: 0, invitedAt: now() });
    const expected = await callsOf(known.email);
    // A query for the entry, the client's window read, a claim before the hash (with the client's window written in
    // it, issue 25), a password-hash read, and the outcome's write.
    expect(expected).toEqual({ '/api/v1/entity/query': 1, '/api/v1/transaction': 2, '/api/v1/secret/get': 1, '/api/v1/get': 1 });
    expect(await callsOf(`nobody-${seq}@example.org`)).toEqual(expected);
    expect(await callsOf(locked.username)).toEqual(expected);
    expect(await callsOf(disabled.email)).toEqual(expected);
    expect(await callsOf(invited.email)).toEqual(expected);
  });

  it('issue 25: the client\'s window is written in the claim\'s transaction (or the decoy\'s) and the password hash read beside it, for a known, an unknown and a locked account', async () => {
    const known = await activeCustomer();
    const locked = await activeCustomer({ lockedUntil: now() + 3600 });
    const { passwords, directory, limits } = host.deps;
    const originals = { get: passwords.get.bind(passwords), update: directory.update.bind(directory), decoy: directory.decoy.bind(directory), put: limits.put.bind(limits) };
    let log: string[] = [];
    const traced =
      <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
      (...args: A) => {
        log.push(`${name} sent`);
        // The client's window (key rl-login-…) among the writes that land with this one.
        const alongside = args.find((a): a is { key: string }[] => Array.isArray(a) && a.some((w) => typeof (w as { key?: unknown })?.key === 'string'));
        if (alongside?.some((w) => w.key.startsWith('rl-login-'))) log.push(`window in ${name}`);
        return fn(...args).finally(() => log.push(`${name} done`));
      };
    passwords.get = traced('hash', originals.get);
    directory.update = traced('claim', originals.update);
    directory.decoy = traced('claim', originals.decoy);
    limits.put = traced('window', originals.put);
    try {
      for (const identifier of [known.email, `nobody-${seq}@example.org`, locked.username]) {
        await post('login', { identifier: 'warm-up@example.org', password: 'x' });
        log = [];
        expect((await post('login', { identifier, password: 'wrong-password-25' })).status).toBe(401);
        // Both are under way before either has answered: one round trip, not two; the window is no write of its own.
        const firstDone = Math.min(...['hash', 'claim'].map((name) => log.indexOf(`${name} done`)));
        for (const name of ['hash', 'claim']) expect(log.indexOf(`${name} sent`)).toBeLessThan(firstDone);
        expect(log).toContain('window in claim');
        expect(log).not.toContain('window sent');
      }
    } finally {
      // The adapters' own methods again (class methods, on their prototypes).
      Reflect.deleteProperty(passwords, 'get');
      Reflect.deleteProperty(directory, 'update');
      Reflect.deleteProperty(directory, 'decoy');
      Reflect.deleteProperty(limits, 'put');
    }
  });

  it('the code step: a wrong code, a locked and a disabled account cost the same calls, route by route', async () => {
    /** The KVS calls of one code after the password, the entry changed in between by `change` (as a lock or a disabling changes it). */
    async function measureCode(change: Partial<Customer>): Promise<Record<string, number>> {
      const secret = newTotpSecret();
      const c = await activeCustomer({ totp: secret });
      const reference = await pending();
      expect((await post('sign-in', { request: reference, identifier: c.email, password: PASSWORD })).status).toBe(303);
      await host.idle();
      const stored = (await host.deps.directory.get(c.id))!;
      expect(await host.deps.directory.update({ ...stored, ...change, rev: stored.rev + 1, updatedAt: now() }, { rev: stored.rev }, [])).toBe(true);
      const wrong = String((Number(await totpCode(secret, now())) + 1) % 1_000_000).padStart(6, '0');
      // The instance caches (settings, the customer pages' base) warm, as for any request but the first in a while.
      await (await fetch(`${PAGES()}/login`, { headers: nextClient() })).text();
      const before = { ...host.kvs.stats };
      await post('sign-in/code', { request: reference, code: wrong });
      return Object.fromEntries(Object.entries(host.kvs.stats).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => Number(v) > 0));
    }
    /**
     * As callsOfCode, measured again once when the settings cache was refreshed on the way (its read joins the
     * pending sign-in's in a `batch/get`; it happened once in a suite run on a loaded machine): that refresh
     * depends on the clock, not on the account, and the second measurement must then be a plain one.
     */
    async function callsOfCode(change: Partial<Customer>): Promise<Record<string, number>> {
      const first = await measureCode(change);
      return first['/api/v1/batch/get'] ? measureCode(change) : first;
    }
    const wrong = await callsOfCode({ displayName: 'Renamed Meanwhile' });
    // The pending sign-in read, the claim (lost once: the entry changed) and the entry read again, the claim, the
    // TOTP key's secret read, the audit event, the pending sign-in's write.
    expect(wrong).toEqual({ '/api/v1/get': 1, '/api/v1/transaction': 2, '/api/v1/entity/get': 1, '/api/v1/secret/get': 1, '/api/v1/entity/set': 1, '/api/v1/set': 1 });
    expect(await callsOfCode({ lockedUntil: now() + 3600 })).toEqual(wrong);
    expect(await callsOfCode({ status: 'disabled' })).toEqual(wrong);
  });
});
