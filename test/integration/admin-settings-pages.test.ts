import { inviteCustomer } from '../../src/flows/invite';
import { form, linkIn, mails, withoutNonce, type TestHost, useTestHost } from '../support/local-host';
import { settingsCalls } from '../support/admin-settings';

/**
 * What the admin's "Customer pages" and "Security" settings do on the customer pages, through the local host: the
 * help texts and internal domains, the password policy on the create-password page and the server (the sections' save
 * and read back: admin-settings.test.ts).
 */
let host: TestHost;
useTestHost((started) => (host = started), {
  eachTest: (started) => started.clock.advance(16 * 60),
});
const { nextClient, invoke, current, page, requestReset } = settingsCalls(() => host);

describe('customer pages: help texts and internal domains', () => {
  it('shows the admin spam hint instead of the built-in one, and the contact text, per language', async () => {
    const before = (await current()).customerPages;
    const builtIn = 'Check your spam or junk folder.';
    expect(await (await page('forgot/sent?lang=en')).text()).toContain(builtIn);
    await invoke('admin/customer-pages/save', { ...before, help: { contact: { en: 'Call 0800 <123>.', de: 'Rufen Sie 0800 an.' }, spamHint: { en: 'Look in the "Quarantine" folder.', de: 'Sehen Sie im Ordner „Quarantäne“ nach.' } } });
    const en = await (await page('forgot/sent?lang=en')).text();
    expect(en).toContain('Look in the &quot;Quarantine&quot; folder.');
    expect(en).not.toContain(builtIn);
    expect(en).toContain('Call 0800 &lt;123&gt;.');
    expect(await (await page('forgot/sent?lang=de')).text()).toContain('Sehen Sie im Ordner „Quarantäne“ nach.');
    await invoke('admin/customer-pages/save', before);
  });

  it('an internal address gets the internal page and no mail, the same for known and unknown; usernames are unaffected', async () => {
    const before = (await current()).customerPages;
    await invoke('admin/customer-pages/save', { ...before, internal: { domains: [], url: '' } });
    // A directory entry under the staff domain, made before the domain was listed.
    const made = await inviteCustomer(host.deps, { email: 'kim@staff.example', displayName: 'Kim Staff', username: 'kimstaff', locale: 'en' }, { kind: 'system' } as never);
    expect(made.ok).toBe(true);
    await host.idle();
    host.mailbox.clear();
    await invoke('admin/customer-pages/save', { ...before, internal: { domains: ['staff.example'], url: 'https://intranet.staff.example/password' } });

    const bodies: string[] = [];
    for (const typed of ['kim@staff.example', 'KIM@Staff.Example', 'nobody@staff.example', 'someone@eu.staff.example']) {
      const response = await requestReset(typed);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`${host.url}/x/customer-pages/forgot/internal?lang=en`);
      bodies.push(withoutNonce(await (await page('forgot/internal?lang=en')).text()));
    }
    expect(await mails(host)).toEqual([]);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('href="https://intranet.staff.example/password"');
    expect(bodies[0]).toContain('Please use the internal self-service');
    expect(await (await page('forgot/internal?lang=de')).text()).toContain('Bitte nutzen Sie den internen Self-Service');

    // A look-alike domain is a customer address like any other: the normal answer.
    expect((await requestReset('jane@evil-staff.example')).headers.get('location')).toBe(`${host.url}/x/customer-pages/forgot/sent?lang=en`);
    // Typed as a username, the page answers as always; the account still gets no invitation mail.
    expect((await requestReset('kimstaff')).headers.get('location')).toBe(`${host.url}/x/customer-pages/forgot/sent?lang=en`);
    expect(await mails(host)).toEqual([]);

    // An agent inviting a staff address from the issue panel gets the panel's own error code.
    const agent = await fetch(`${host.url}/local/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: 'agent-panel', functionKey: 'agent/invite', persona: 'agent', issueKey: 'DEMO-5', payload: { email: 'Lee@Staff.Example', displayName: 'Lee', locale: 'de' } }),
    });
    expect(((await agent.json()) as { result: unknown }).result).toEqual({ ok: false, error: 'internal-address' });
    expect(await host.deps.directory.findByEmail('lee@staff.example')).toBeUndefined();

    // Invitations to staff addresses are refused, whoever asks; nothing is created.
    expect(await inviteCustomer(host.deps, { email: 'new@sub.staff.example', displayName: 'New', locale: 'en' }, { kind: 'system' } as never)).toEqual({ ok: false, error: 'internal-address' });
    expect(await host.deps.directory.findByEmail('new@sub.staff.example')).toBeUndefined();
    await host.idle();
    expect(await mails(host)).toEqual([]);
    await invoke('admin/customer-pages/save', before);
  });
});

describe('password policy reaches the create-password page and the server', () => {
  it('shows the saved criteria and enforces them', async () => {
    const before = (await current()).security;
    await invoke('admin/security/save', { ...before, policy: { ...before.policy, minLength: 20, requireDigit: true, requireUpper: true } });
    await requestReset('erika.mustermann@example.de', 'de');
    const [mail] = await mails(host);
    const link = linkIn(mail.text);
    const body = await (await fetch(link)).text();
    expect(body).toContain('Mindestens 20 Zeichen');
    expect(body).toContain('data-criterion="digit"');
    expect(body).toContain('data-criterion="upper"');
    expect(body).not.toContain('data-criterion="lower"');
    expect(body).toContain('"min":20');
    const token = new URL(link).searchParams.get('token')!;
    // 18 characters with digit and upper case: too short under the new policy.
    const short = await form(host, 'reset', { token, password: 'Harbour-Violet-42x', confirm: 'Harbour-Violet-42x', lang: 'de' }, nextClient());
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(/data-criterion="minLength" class="unmet"/);
    const noDigit = 'Harbour-Lantern-Violet-Meadow';
    const refused = await form(host, 'reset', { token, password: noDigit, confirm: noDigit, lang: 'de' }, nextClient());
    expect(await refused.text()).toMatch(/data-criterion="digit" class="unmet"/);
    const good = 'Harbour-Lantern-Violet-Meadow-7';
    expect((await form(host, 'reset', { token, password: good, confirm: good, lang: 'de' }, nextClient())).status).toBe(303);
    await invoke('admin/security/save', before);
  });
});
