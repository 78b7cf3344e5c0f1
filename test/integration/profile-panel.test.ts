import type { CustomerData } from '../../src/flows/customer-data';
import { PROFILE_KEYS, type ProfileData, type ProfileResult } from '../../src/surfaces/profile-api';
import { form, linkIn, mails, type TestHost, useTestHost } from '../support/local-host';

/**
 * The customer profile panel's resolver ("Sign-in and security") through the local host's bridge endpoint:
 * who is served which entry (the caller only from the platform and Jira), linking by email on first use,
 * the password change with its policy, lockout, audit and "password changed" mail.
 */
let host: TestHost;
useTestHost((started) => (host = started));

const JANE = { email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42', accountId: '5b10ac8d82e05b22cc7d4ef1' };
const ERIKA = { email: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7' };

async function invokeRaw(functionKey: string, options: { persona?: string; accountId?: string; payload?: unknown } = {}) {
  return fetch(`${host.url}/local/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: 'profile-panel', functionKey, payload: options.payload ?? {}, persona: options.persona ?? 'customer', accountId: options.accountId }),
  });
}

async function invoke(functionKey: string, options: { persona?: string; accountId?: string; payload?: unknown } = {}): Promise<ProfileResult<ProfileData>> {
  const response = await invokeRaw(functionKey, options);
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: ProfileResult<ProfileData> }).result;
}

const data = (result: ProfileResult<ProfileData>): ProfileData => {
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.data;
};

/** Each sign-in from an address of its own (a counter, not chance), so the per-client limit never counts. */
let clients = 0;
const signInWith = async (identifier: string, password: string) => (await form(host, 'login', { identifier, password }, { 'X-Forwarded-For': `10.9.${Math.floor(++clients / 250)}.${clients % 250}` })).status;

describe('who is served which entry', () => {
  it('the module and its keys are listed for the bridge', async () => {
    const modules = (await (await fetch(`${host.url}/local/api/modules`)).json()) as { modules: { moduleKey: string; type: string; function: string; resolverKeys: string[] }[] };
    expect(modules.modules.find((m) => m.moduleKey === 'profile-panel')).toEqual({
      type: 'jiraServiceManagement:portalProfilePanel',
      moduleKey: 'profile-panel',
      function: 'profile',
      resolverKeys: [...PROFILE_KEYS],
    });
    // Each listed key is one the function answers (its resolver defines it): refused for an anonymous caller, not unknown.
    for (const key of PROFILE_KEYS) expect(await invoke(key, { persona: 'anonymous' })).toEqual({ ok: false, error: 'forbidden' });
  });

  it('anonymous visitors are refused', async () => {
    expect(await invoke('profile/get', { persona: 'anonymous' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await invoke('profile/change-password', { persona: 'anonymous', payload: { current: 'x', password: 'y', confirm: 'y' } })).toEqual({ ok: false, error: 'forbidden' });
  });

  it.each(['agent', 'admin', 'other-agent'])('%s (no directory entry) gets not-found', async (persona) => {
    expect(await invoke('profile/get', { persona })).toEqual({ ok: false, error: 'not-found' });
  });

  it('a customer sees their own entry: username, email, sign-ins, the policy; never a hash or reference', async () => {
    const before = host.jira.calls.length;
    const result = await invoke('profile/get');
    const d = data(result);
    expect(d).toMatchObject({ username: 'customer2300229', email: JANE.email, displayName: 'Jane Doe', canChangePassword: true, lockedUntil: 0 });
    expect(d.password.policy.minLength).toBe(12);
    expect(d.password.personal).toEqual(['customer2300229', 'jane.doe']);
    expect(Array.isArray(d.password.common)).toBe(true);
    const calls = host.jira.calls.slice(before);
    expect(calls).toEqual([{ persona: 'customer', path: '/rest/api/3/myself' }]);
    const text = JSON.stringify(result);
    for (const secret of ['scrypt', 'passwordRef', 'linkHash', '"hash"', 'token', 'resetWindow']) expect(text).not.toContain(secret);
  });

  it('"Download my data" (issue 24): the caller\'s own entry, factors and trail as JSON; staff named by role only; audited', async () => {
    const jane = (await host.deps.directory.findByEmail(JANE.email))!;
    // An admin acted on Jane: her copy names the role, never the admin's account id or name.
    await host.deps.directory.appendAudit([{ id: `${String(Date.now()).padStart(14, '0')}-999998-00000002`, customerId: jane.id, at: 1, kind: 'customer.unlocked', actor: '557058:admin-account', detail: { actorRole: 'admin', actorName: 'Alice Admin', from: 'locked' } }]);
    const result = (await invoke('profile/data', { payload: { id: 'someone-else' } })) as unknown as ProfileResult<CustomerData>;
    if (!result.ok) throw new Error(result.error);
    expect(result.data).toMatchObject({ format: 'portal-access/customer-data/v1', entry: { id: jane.id, email: JANE.email, atlassianAccountId: JANE.accountId }, factors: { password: 'present' } });
    expect(result.data.activity.find((e) => e.kind === 'customer.unlocked')).toEqual({ at: '1970-01-01T00:00:01.000Z', kind: 'customer.unlocked', actor: 'admin', detail: { actorRole: 'admin', from: 'locked' } });
    const text = JSON.stringify(result);
    for (const secret of ['557058:admin-account', 'Alice Admin', 'scrypt', jane.passwordRef]) expect(text).not.toContain(secret);
    expect((await host.deps.directory.listAudit(jane.id, 1)).events[0]).toMatchObject({ kind: 'customer.exported', actor: 'customer' });
    expect(await invoke('profile/data', { persona: 'anonymous' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await invoke('profile/data', { persona: 'agent' })).toEqual({ ok: false, error: 'not-found' });
  });

  it('the payload cannot choose another entry', async () => {
    const d = data(await invoke('profile/get', { payload: { email: ERIKA.email, accountId: 'other', customerId: 'x' } }));
    expect(d.email).toBe(JANE.email);
  });

  it('the bridge endpoint refuses an accountId it does not know, or with another persona', async () => {
    expect((await invokeRaw('profile/get', { accountId: 'qm:not-a-customer' })).status).toBe(400);
    expect((await invokeRaw('profile/get', { persona: 'agent', accountId: JANE.accountId })).status).toBe(400);
  });

  it('a portal customer without an entry gets not-found, and nothing is written', async () => {
    const accountId = host.jira.ensurePortalCustomer({ email: 'nobody.here@example.com', displayName: 'Nobody Here' });
    expect(accountId).toMatch(/^qm:/);
    expect(host.jira.ensurePortalCustomer({ email: 'Nobody.Here@example.com', displayName: 'Nobody' })).toBe(accountId);
    expect(await invoke('profile/get', { accountId })).toEqual({ ok: false, error: 'not-found' });
  });

  it('ensurePortalCustomer keeps the persona\'s and the demo reporters\' account ids', () => {
    expect(host.jira.ensurePortalCustomer({ email: JANE.email, displayName: 'Jane Doe' })).toBe(JANE.accountId);
    expect(host.jira.ensurePortalCustomer({ email: ERIKA.email, displayName: 'Erika Mustermann' })).toBe('5b10ac8d82e05b22cc7d4e06');
  });
});

describe('linking on first use', () => {
  it('finds the entry by the email Jira returns, links it to the account (audited), then by account', async () => {
    const accountId = host.jira.ensurePortalCustomer({ email: ERIKA.email, displayName: 'Erika Mustermann' });
    const before = await host.deps.directory.findByEmail(ERIKA.email);
    expect(before?.accountId).toBe('');
    const d = data(await invoke('profile/get', { accountId }));
    expect(d).toMatchObject({ email: ERIKA.email, username: 'customer2300230' });
    const after = await host.deps.directory.findByEmail(ERIKA.email);
    expect(after).toMatchObject({ accountId, rev: before!.rev + 1 });
    expect((await host.deps.directory.findByAccount(accountId))?.id).toBe(before!.id);
    const audit = await host.deps.directory.listAudit(before!.id, 5);
    expect(audit.events[0]).toMatchObject({ kind: 'customer.updated', actor: 'customer', detail: { linked: 'account' } });
    // The second call finds it by account and writes nothing.
    data(await invoke('profile/get', { accountId }));
    expect((await host.deps.directory.findByEmail(ERIKA.email))?.rev).toBe(after!.rev);
  });

  it('an entry linked to another account is not handed to a caller with the same address', async () => {
    const dana = await host.deps.directory.findByEmail('dana.disabled@example.com');
    await host.deps.directory.update({ ...dana!, accountId: 'someone-else', rev: dana!.rev + 1 }, { rev: dana!.rev }, []);
    const accountId = host.jira.ensurePortalCustomer({ email: 'dana.disabled@example.com', displayName: 'Dana Disabled' });
    expect(await invoke('profile/get', { accountId })).toEqual({ ok: false, error: 'not-found' });
    expect((await host.deps.directory.findByEmail('dana.disabled@example.com'))?.accountId).toBe('someone-else');
  });
});

describe('change password', () => {
  const erika = () => host.jira.ensurePortalCustomer({ email: ERIKA.email, displayName: 'Erika Mustermann' });
  const change = (payload: { current: string; password: string; confirm: string }, accountId = erika()) => invoke('profile/change-password', { accountId, payload });

  it('the policy rejects a weak new password with its criteria, before any hash', async () => {
    const hash = jest.spyOn(host.deps.hasher, 'hash');
    const verify = jest.spyOn(host.deps.hasher, 'verify');
    try {
      const short = await change({ current: ERIKA.password, password: 'kurz', confirm: 'kurz' });
      expect(short).toMatchObject({ ok: false, error: 'rejected', field: 'password' });
      expect(!short.ok && short.criteria?.find((c) => c.id === 'minLength')).toEqual({ id: 'minLength', met: false });
      const common = await change({ current: ERIKA.password, password: 'qwerty123456', confirm: 'qwerty123456' });
      expect(!common.ok && common.criteria?.find((c) => c.id === 'notCommon')).toEqual({ id: 'notCommon', met: false });
      const personal = await change({ current: ERIKA.password, password: 'erika.mustermann-2026', confirm: 'erika.mustermann-2026' });
      expect(!personal.ok && personal.criteria?.find((c) => c.id === 'notPersonal')).toEqual({ id: 'notPersonal', met: false });
      expect(await change({ current: ERIKA.password, password: 'Lange-Wanderung-Birke-31', confirm: 'Lange-Wanderung-Birke-32' })).toEqual({ ok: false, error: 'mismatch', field: 'confirm' });
      expect(hash).not.toHaveBeenCalled();
      expect(verify).not.toHaveBeenCalled();
    } finally {
      hash.mockRestore();
      verify.mockRestore();
    }
  });

  it('a wrong current password counts as a failed sign-in toward the lockout', async () => {
    const before = await host.deps.directory.findByEmail(ERIKA.email);
    const verify = jest.spyOn(host.deps.hasher, 'verify');
    try {
      expect(await change({ current: 'not-my-password', password: 'Lange-Wanderung-Birke-31', confirm: 'Lange-Wanderung-Birke-31' })).toEqual({ ok: false, error: 'wrong-password', field: 'current' });
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
    const after = await host.deps.directory.findByEmail(ERIKA.email);
    expect(after?.failedLogins).toBe(before!.failedLogins + 1);
    expect(after?.passwordRef).toBe(before!.passwordRef);
    const d = data(await invoke('profile/get', { accountId: erika() }));
    expect(d.signIns[0]).toMatchObject({ outcome: 'failed' });
    expect(await mails(host)).toEqual([]);
  });

  it('success: one scrypt to check, one to hash; the new password signs in, the old does not; mail and audit', async () => {
    const before = await host.deps.directory.findByEmail(ERIKA.email);
    const hash = jest.spyOn(host.deps.hasher, 'hash');
    const verify = jest.spyOn(host.deps.hasher, 'verify');
    let result: ProfileResult<ProfileData>;
    try {
      result = await change({ current: ERIKA.password, password: 'Lange-Wanderung-Birke-31', confirm: 'Lange-Wanderung-Birke-31' });
      expect(hash).toHaveBeenCalledTimes(1);
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      hash.mockRestore();
      verify.mockRestore();
    }
    const d = data(result);
    expect(d.passwordChangedAt).toBeGreaterThan(0);
    const after = await host.deps.directory.findByEmail(ERIKA.email);
    // Two writes: the attempt's claim before the hash (issue 23 item 1), then the change (which forgets it).
    expect(after).toMatchObject({ failedLogins: 0, rev: before!.rev + 2 });
    expect(after!.passwordRef).not.toBe(before!.passwordRef);
    expect(await host.deps.passwords.get(before!.id, before!.passwordRef)).toBeUndefined();
    const audit = await host.deps.directory.listAudit(before!.id, 5);
    expect(audit.events.find((e) => e.kind === 'password.changed')).toMatchObject({ actor: 'customer', detail: { via: 'profile' } });

    await host.idle();
    const mail = (await mails(host)).find((m) => m.to.includes(ERIKA.email));
    expect(mail?.subject).toBe('[Demo Service Desk] Ihr Passwort wurde geändert');

    expect(await signInWith(ERIKA.email, 'Lange-Wanderung-Birke-31')).toBe(200);
    expect(await signInWith(ERIKA.email, ERIKA.password)).toBe(401);
    const signIns = data(await invoke('profile/get', { accountId: erika() })).signIns;
    expect(signIns.slice(0, 2).map((s) => s.outcome)).toEqual(['failed', 'succeeded']);
    expect(signIns.length).toBeLessThanOrEqual(10);
  });

  it('a pending reset link dies with the change', async () => {
    await form(host, 'forgot', { identifier: ERIKA.email, lang: 'de' }, { 'X-Forwarded-For': '10.9.1.1' });
    await host.idle();
    const link = linkIn((await mails(host)).find((m) => m.to.includes(ERIKA.email))!.text);
    expect((await fetch(link)).status).toBe(200);
    data(await change({ current: 'Lange-Wanderung-Birke-31', password: 'Heller-Morgen-Fluss-77', confirm: 'Heller-Morgen-Fluss-77' }));
    expect((await fetch(link)).status).toBe(404);
    expect((await host.deps.directory.findByEmail(ERIKA.email))?.linkHash).toBe('');
    expect(await signInWith(ERIKA.email, 'Heller-Morgen-Fluss-77')).toBe(200);
  });

  it('input is validated (no current password, oversized fields)', async () => {
    expect(await change({ current: '', password: 'Lange-Wanderung-Birke-31', confirm: 'Lange-Wanderung-Birke-31' })).toEqual({ ok: false, error: 'invalid-input', field: 'current' });
    expect(await change({ current: 'x', password: 'a'.repeat(2000), confirm: 'x' })).toEqual({ ok: false, error: 'invalid-input', field: 'password' });
  });

  it('an invited customer (no password yet) cannot change one', async () => {
    const accountId = host.jira.ensurePortalCustomer({ email: 'tom.invited@example.com', displayName: 'Tom Invited' });
    expect(data(await invoke('profile/get', { accountId })).canChangePassword).toBe(false);
    expect(await change({ current: 'whatever', password: 'Lange-Wanderung-Birke-31', confirm: 'Lange-Wanderung-Birke-31' }, accountId)).toEqual({ ok: false, error: 'wrong-state' });
  });

  it('five wrong current passwords lock the account; then even the right one is refused, without a hash', async () => {
    const wrong = { current: 'not-my-password', password: 'Lange-Wanderung-Birke-31', confirm: 'Lange-Wanderung-Birke-31' };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await invoke('profile/change-password', { payload: wrong }));
    expect(answers.slice(0, 4).every((a) => !a.ok && a.error === 'wrong-password')).toBe(true);
    expect(answers[4]).toMatchObject({ ok: false, error: 'locked' });
    const verify = jest.spyOn(host.deps.hasher, 'verify');
    try {
      const right = await invoke('profile/change-password', { payload: { ...wrong, current: JANE.password } });
      expect(right).toMatchObject({ ok: false, error: 'locked' });
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
    const jane = await host.deps.directory.findByEmail(JANE.email);
    const kinds = (await host.deps.directory.listAudit(jane!.id, 10)).events.map((e) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['login.locked', 'login.failed']);
    expect(data(await invoke('profile/get')).lockedUntil).toBeGreaterThan(0);
  });

  it('attempts per account are limited, before any hash (after the lockout has passed)', async () => {
    await fetch(`${host.url}/local/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 16 * 60 }) });
    expect(data(await invoke('profile/get')).lockedUntil).toBe(0);
    const weak = { current: JANE.password, password: 'kurz', confirm: 'kurz' };
    const limit = (await host.deps.settings.load()).limits.loginPerClient.limit;
    for (let i = 0; i < limit; i++) expect(await invoke('profile/change-password', { payload: weak })).toMatchObject({ error: 'rejected' });
    const verify = jest.spyOn(host.deps.hasher, 'verify');
    try {
      expect(await invoke('profile/change-password', { payload: { ...weak, password: 'Lange-Wanderung-Birke-31', confirm: 'Lange-Wanderung-Birke-31' } })).toEqual({ ok: false, error: 'too-many' });
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });
});
