import { kvs } from '@forge/kvs';
import { SETTINGS_KEY } from '../../src/forge/kvs-keys';
import { updateStoredSettings } from '../../src/forge/settings';
import type { TestHost } from '../support/local-host';
import { ALL, kinds, useEmailCodeHost } from '../support/email-code-pages';

/**
 * Issue 22 item 2, Security → allowed sign-in methods: what the customer pages offer and refuse when an admin
 * turns the email code or the password off, the defaults for new and existing sites, and the admin page's save
 * (the code itself: email-code.test.ts).
 */
let host: TestHost;
const { call, pages, mails, codeFor, audit, activeCustomer, requestAtLogin, setMethods } = useEmailCodeHost((started) => (host = started));

describe('allowed sign-in methods', () => {
  afterAll(async () => setMethods(ALL));

  it('email code off: not offered, a request is refused and mails nothing, a code asked before is refused', async () => {
    const c = await activeCustomer();
    const reference = await requestAtLogin(c.email);
    const code = await codeFor(c.email);
    await fetch(`${host.url}/mail/api/messages`, { method: 'DELETE' });
    await setMethods({ password: true, passkey: true, emailCode: false });
    expect((await call(`${pages()}/login?lang=en`)).text).not.toContain('Email me a sign-in code');
    const asked = await call(`${pages()}/login/email-code`, { body: { identifier: c.email } });
    expect(asked.status).toBe(403);
    expect(asked.text).toContain('not available');
    expect((await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code } })).status).toBe(403);
    await host.idle();
    expect(await mails()).toEqual([]);
    expect(kinds(await audit(c.id), 'login.succeeded')).toHaveLength(0);
  });

  it('password off: no password field, and a password sign-in is refused (the email code still works)', async () => {
    await setMethods({ password: false, passkey: false, emailCode: true });
    const login = (await call(`${pages()}/login?lang=en`)).text;
    expect(login).not.toContain('id="password"');
    expect(login).not.toContain('Forgot your password?');
    expect(login).toContain('Email me a sign-in code');
    const refused = await call(`${pages()}/login`, { body: { identifier: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' } });
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('You are logged in');
    const c = await activeCustomer();
    const reference = await requestAtLogin(c.email);
    expect((await call(`${pages()}/sign-in/email-code/verify`, { body: { request: reference, code: await codeFor(c.email) } })).text).toContain('You are logged in');
  });

  it('a new site keeps all three through its first save; a site with settings from before keeps the password alone', async () => {
    await kvs.delete(SETTINGS_KEY);
    expect((await updateStoredSettings(() => ({ next: { resetLinkMinutes: 30 } }))).outcome).toBe('saved');
    expect(await kvs.get(SETTINGS_KEY)).toEqual({ resetLinkMinutes: 30, signInMethods: { password: true, passkey: true, emailCode: true } });
    await kvs.set(SETTINGS_KEY, { resetLinkMinutes: 30 });
    expect((await updateStoredSettings((stored) => ({ next: { ...stored, inviteLinkDays: 5 } }))).outcome).toBe('saved');
    expect(await kvs.get(SETTINGS_KEY)).toEqual({ resetLinkMinutes: 30, inviteLinkDays: 5, signInMethods: { password: true, passkey: false, emailCode: false } });
    await setMethods(ALL);
  });

  it('the admin page saves them, at least one', async () => {
    const invoke = async (payload: unknown) =>
      (await (await fetch(`${host.url}/local/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ moduleKey: 'admin-page', functionKey: 'admin/security/save', payload, persona: 'admin' }) })).json()).result;
    const current = (await (await fetch(`${host.url}/local/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ moduleKey: 'admin-page', functionKey: 'admin/settings/get', payload: {}, persona: 'admin' }) })).json()).result.data.security;
    expect(await invoke({ ...current, signInMethods: { password: false, passkey: false, emailCode: false } })).toEqual({ ok: false, error: 'invalid-input', field: 'signInMethods' });
    const saved = await invoke({ ...current, signInMethods: { password: true, passkey: false, emailCode: true } });
    expect(saved.ok).toBe(true);
    expect(saved.data.security.signInMethods).toEqual({ password: true, passkey: false, emailCode: true });
  });
});
