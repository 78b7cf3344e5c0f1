import { kvs } from '@forge/kvs';
import { LOGO_KEY } from '../../src/forge/kvs-keys';
import { adminContext } from '../../src/surfaces/admin/common';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { inviteCustomer } from '../../src/flows/invite';
import type { Persona } from '../../local/jira-emulator';
import type { AdminResult, BrandingInput, CustomerPagesData, SecurityData, SettingsData } from '../../src/surfaces/admin-api';
import { form, linkIn, mails, withoutNonce, type TestHost, invokeResolver, useTestHost } from '../support/local-host';

/**
 * Sections "Branding", "Security" and "Customer pages" through the local host: the admin page's resolver
 * (bridge endpoint, persona per call), the customer pages' web trigger and the mailbox.
 */
let host: TestHost;
let client = 0;
const nextClient = () => ({ 'x-forwarded-for': `203.0.113.${++client % 250}` });

useTestHost((started) => (host = started), {
  eachTest: (started) => started.clock.advance(16 * 60),
});

function invoke<T = SettingsData>(functionKey: string, payload: unknown = {}, persona: Persona = 'admin'): Promise<AdminResult<T>> {
  return invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload, persona });
}

async function current(): Promise<SettingsData> {
  const result = await invoke('admin/settings/get');
  if (!result.ok) throw new Error(`get failed: ${result.error}`);
  return result.data;
}

const brandingOf = (d: SettingsData): BrandingInput => {
  const { senderAddress: _a, logoUploaded: _u, logoPreview: _p, ...input } = d.branding;
  return input;
};

const page = async (route: string) => fetch(`${host.url}/x/customer-pages/${route}`, { redirect: 'manual' });

async function requestReset(identifier: string, lang = 'en') {
  const response = await form(host, 'forgot', { identifier, lang }, nextClient());
  await host.idle();
  return response;
}

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.from('1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex')]);

describe('only Jira administrators', () => {
  const keys: [string, unknown][] = [
    ['admin/settings/get', {}],
    ['admin/branding/save', { portalName: 'Hijacked' }],
    ['admin/branding/logo', { image: PNG.toString('base64') }],
    ['admin/security/save', { resetLinkMinutes: 5 }],
    ['admin/customer-pages/save', { internal: { domains: [], url: '' } }],
  ];
  it.each(['anonymous', 'customer', 'agent', 'other-agent'] as Persona[])('%s is refused and nothing changes', async (persona) => {
    const before = JSON.stringify([await kvs.get(SETTINGS_KEY), await kvs.get(LOGO_KEY)]);
    for (const [key, payload] of keys) {
      // A complete, valid payload from a non-admin: refused before validation.
      const full = key === 'admin/branding/save' ? { ...brandingOf(await current()), portalName: 'Hijacked' } : payload;
      expect(await invoke(key, full, persona)).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(JSON.stringify([await kvs.get(SETTINGS_KEY), await kvs.get(LOGO_KEY)])).toBe(before);
  });
});

describe('save and read back', () => {
  it('branding round trip, logged with the actor and field names only', async () => {
    const before = await current();
    const next: BrandingInput = {
      ...brandingOf(before),
      portalName: 'ACME Help',
      companyName: 'ACME GmbH',
      primaryColor: '#ff5630',
      senderName: 'ACME Support',
      replyTo: 'help@acme.example',
      footerAddress: 'Musterstraße 1\n12345 Berlin',
      footerPhone: '+49 30 1234-56',
      footerEmail: 'kontakt@acme.example',
      imprintUrl: 'https://acme.example/impressum',
      privacyUrl: 'https://acme.example/datenschutz',
      logoUrl: 'https://acme.example/logo.png',
    };
    const saved = await invoke('admin/branding/save', next);
    expect(saved.ok).toBe(true);
    const after = await current();
    expect(brandingOf(after)).toEqual({ ...next, primaryColor: '#FF5630' });
    expect(after.branding.senderAddress).toBe(before.branding.senderAddress);
    expect(after.security).toEqual(before.security);
    // The same sender fields as "Email delivery".
    const delivery = await invoke<{ senderName: string; replyTo: string }>('admin/delivery/get');
    expect(delivery.ok && [delivery.data.senderName, delivery.data.replyTo]).toEqual(['ACME Support', 'help@acme.example']);
    const line = host.logs.filter((l) => l.includes('admin saved branding')).pop()!;
    expect(line).toContain('"actor"');
    expect(line).toContain('portalName');
    expect(line).not.toContain('help@acme.example');
    expect(line).not.toContain('ACME');
  });

  it('branding refusals name the field and change nothing', async () => {
    const base = brandingOf(await current());
    const stored = JSON.stringify(await kvs.get(SETTINGS_KEY));
    const cases: [Partial<BrandingInput>, string][] = [
      [{ portalName: '' }, 'portalName'],
      [{ portalName: 'x'.repeat(101) }, 'portalName'],
      [{ primaryColor: 'blue' }, 'primaryColor'],
      [{ logoUrl: 'http://acme.example/logo.png' }, 'logoUrl'],
      [{ imprintUrl: 'javascript:alert(1)' }, 'imprintUrl'],
      [{ senderName: 'Evil\r\nBcc: x@y.z' }, 'senderName'],
      [{ replyTo: 'not-an-address' }, 'replyTo'],
      [{ footerPhone: '<b>1</b>' }, 'footerPhone'],
    ];
    for (const [change, field] of cases) {
      expect(await invoke('admin/branding/save', { ...base, ...change })).toEqual({ ok: false, error: 'invalid-input', field });
    }
    expect(await invoke('admin/branding/save', { ...base, extra: 1 })).toMatchObject({ ok: false, error: 'invalid-input' });
    expect(JSON.stringify(await kvs.get(SETTINGS_KEY))).toBe(stored);
  });

  it('saves of different sections at the same moment all land (no lost update)', async () => {
    const before = await current();
    const results = await Promise.all([
      invoke('admin/branding/save', { ...brandingOf(before), portalName: 'Concurrent Portal' }),
      invoke('admin/security/save', { ...before.security, resetLinkMinutes: 45 }),
      invoke('admin/customer-pages/save', { ...before.customerPages, help: { ...before.customerPages.help, spamHint: { en: 'Look in spam.', de: 'Im Spam nachsehen.' } } }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const after = await current();
    expect(after.branding.portalName).toBe('Concurrent Portal');
    expect(after.security.resetLinkMinutes).toBe(45);
    expect(after.customerPages.help.spamHint).toEqual({ en: 'Look in spam.', de: 'Im Spam nachsehen.' });
    await invoke('admin/branding/save', brandingOf(before));
    await invoke('admin/security/save', before.security);
    await invoke('admin/customer-pages/save', before.customerPages);
  });

  it('two changes of the stored value racing each other both land: the loser re-applies its change', async () => {
    const admin = adminContext(host.deps, { define: () => undefined } as never);
    const [a, b] = await Promise.all([
      admin.updateStored((stored) => ({ ...stored, resetLinkMinutes: 35 })),
      admin.updateStored((stored) => ({ ...stored, inviteLinkDays: 9 })),
    ]);
    expect([a, b]).toEqual([undefined, undefined]);
    const stored = (await kvs.get(SETTINGS_KEY)) as { resetLinkMinutes?: number; inviteLinkDays?: number };
    expect([stored.resetLinkMinutes, stored.inviteLinkDays]).toEqual([35, 9]);
    const before = await current();
    await invoke('admin/security/save', { ...before.security, resetLinkMinutes: 60, inviteLinkDays: 7 });
  });

  it('the settings adapter owns the change: a refusal writes nothing, a saved change drops the warm cache', async () => {
    const store = host.deps.settings;
    const minutes = (await store.fresh()).resetLinkMinutes;
    const stored = JSON.stringify(await kvs.get(SETTINGS_KEY));
    expect(await store.update(() => ({ refuse: 'no' }))).toEqual({ outcome: 'refused', reason: 'no' });
    expect(JSON.stringify(await kvs.get(SETTINGS_KEY))).toBe(stored);

    expect((await store.load()).resetLinkMinutes).toBe(minutes); // now cached for this instance
    expect(await store.update((s) => ({ next: { ...s, resetLinkMinutes: minutes + 7 } }))).toEqual({ outcome: 'saved' });
    expect((await store.load()).resetLinkMinutes).toBe(minutes + 7);
    expect(await store.update((s) => ({ next: { ...s, resetLinkMinutes: minutes } }))).toEqual({ outcome: 'saved' });
  });

  it('security round trip and the rules across fields', async () => {
    const before = (await current()).security;
    const next: SecurityData = {
      ...before,
      policy: { ...before.policy, minLength: 16, requireDigit: true, blockCommon: false },
      resetLinkMinutes: 30,
      inviteLinkDays: 10,
      inviteReminderDays: 3,
      limits: { ...before.limits, loginPerClient: { limit: 50, windowSec: 600 } },
      lockout: { threshold: 8, minutes: 30 },
    };
    expect((await invoke('admin/security/save', next)).ok).toBe(true);
    expect((await current()).security).toEqual(next);

    const stored = JSON.stringify(await kvs.get(SETTINGS_KEY));
    const refused: [SecurityData, string][] = [
      [{ ...next, inviteReminderDays: 10 }, 'inviteReminderDays'],
      [{ ...next, inviteLinkDays: 31 }, 'inviteLinkDays'],
      [{ ...next, resetLinkMinutes: 2 }, 'resetLinkMinutes'],
      [{ ...next, policy: { ...next.policy, minLength: 7 } }, 'policy.minLength'],
      [{ ...next, policy: { ...next.policy, maxLength: 1000 } }, 'policy.maxLength'],
      [{ ...next, limits: { ...next.limits, resetPerAccount: { limit: 0, windowSec: 600 } } }, 'limits.resetPerAccount.limit'],
      [{ ...next, lockout: { threshold: 1, minutes: 30 } }, 'lockout.threshold'],
    ];
    for (const [payload, field] of refused) expect(await invoke('admin/security/save', payload)).toEqual({ ok: false, error: 'invalid-input', field });
    expect(JSON.stringify(await kvs.get(SETTINGS_KEY))).toBe(stored);
    expect((await invoke('admin/security/save', before)).ok).toBe(true);
  });

  it('customer pages round trip: domains normalised, bad ones named by position', async () => {
    const before = (await current()).customerPages;
    const next: CustomerPagesData = {
      help: { contact: { en: 'Write to help@acme.example.', de: 'Schreiben Sie an help@acme.example.' }, spamHint: { en: 'Look in “Spam”.', de: 'Sehen Sie im Ordner „Spam“ nach.' } },
      internal: { domains: [' Staff.Example ', 'staff.example', 'corp.example.'], url: 'https://intranet.example/pw' },
    };
    expect((await invoke('admin/customer-pages/save', next)).ok).toBe(true);
    expect((await current()).customerPages).toEqual({ ...next, internal: { domains: ['staff.example', 'corp.example'], url: 'https://intranet.example/pw' } });
    expect(await invoke('admin/customer-pages/save', { ...next, internal: { domains: ['ok.example', 'not a domain'], url: 'https://i.example' } })).toEqual({ ok: false, error: 'invalid-input', field: 'internal.domains.1' });
    expect(await invoke('admin/customer-pages/save', { ...next, internal: { domains: ['ok.example'], url: '' } })).toEqual({ ok: false, error: 'invalid-input', field: 'internal.url' });
    expect(await invoke('admin/customer-pages/save', { ...next, help: { ...next.help, spamHint: { en: 'x'.repeat(501), de: '' } } })).toEqual({ ok: false, error: 'invalid-input', field: 'help.spamHint.en' });
    expect((await invoke('admin/customer-pages/save', before)).ok).toBe(true);
  });
});

describe('branding reaches mail and pages as text', () => {
  it('a brand field with <script> is escaped in the HTML mail and on the customer pages', async () => {
    const before = brandingOf(await current());
    const evil = '<script>alert(1)</script>';
    expect((await invoke('admin/branding/save', { ...before, portalName: `Desk ${evil}`, companyName: `ACME ${evil}`, footerAddress: `Street ${evil}` })).ok).toBe(true);
    await requestReset('jane.doe@example.com');
    const [mail] = await mails(host);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('ACME &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('Street &lt;script&gt;');
    for (const route of ['login?lang=en', 'forgot?lang=de', 'forgot/sent?lang=en']) {
      const body = await (await page(route)).text();
      expect(body).not.toContain('<script>alert');
      expect(body).toContain('Desk &lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect((await invoke('admin/branding/save', before)).ok).toBe(true);
  });

  it('the primary colour drives the page button with a contrast-safe text colour and AA links', async () => {
    const before = brandingOf(await current());
    expect((await invoke('admin/branding/save', { ...before, primaryColor: '#FFD700' })).ok).toBe(true);
    const body = await (await page('login?lang=en')).text();
    expect(body).toContain('--brand:#FFD700;--brand-text:#000000;--link:#0C66E4;');
    expect((await invoke('admin/branding/save', { ...before, primaryColor: '#1D3A8A' })).ok).toBe(true);
    expect(await (await page('login?lang=en')).text()).toContain('--brand:#1D3A8A;--brand-text:#FFFFFF;--link:#1D3A8A;');
    expect((await invoke('admin/branding/save', before)).ok).toBe(true);
  });
});

describe('logo upload', () => {
  it('stores a small image, serves it with its type, nosniff and a long cache, and uses it in mail and pages', async () => {
    const result = await invoke('admin/branding/logo', { image: PNG.toString('base64') });
    expect(result.ok).toBe(true);
    const data = (result as { data: SettingsData }).data;
    expect(data.branding.logoUploaded).toBe(true);
    expect(data.branding.logoPreview).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    const url = data.branding.logoUrl;
    expect(url).toMatch(new RegExp(`^${host.url}/x/customer-pages/logo\\?v=[0-9a-f]{16}$`));

    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    // Another version in the URL: served, but not cached for long.
    expect((await fetch(`${host.url}/x/customer-pages/logo?v=old`)).headers.get('cache-control')).toBe('no-cache');

    expect(await (await page('login?lang=en')).text()).toContain(`<img src="${url.replace(/&/g, '&amp;')}"`);
    await requestReset('jane.doe@example.com');
    const [mail] = await mails(host);
    expect(mail.html).toContain(`src="${url}"`);

    // The app's own logo address with another version would name no image: refused, the upload stays.
    const stale = url.replace(/v=[0-9a-f]+$/, 'v=0000000000000000');
    expect(await invoke('admin/branding/save', { ...brandingOf(data), logoUrl: stale })).toEqual({ ok: false, error: 'invalid-input', field: 'logoUrl' });
    expect((await fetch(url)).status).toBe(200);

    // Typing a URL replaces the upload; the stored image is gone.
    const typed = await invoke('admin/branding/save', { ...brandingOf(data), logoUrl: 'https://cdn.example/logo.png' });
    expect(typed.ok && typed.data.branding.logoUploaded).toBe(false);
    expect((await fetch(url)).status).toBe(404);
  });

  it('refuses SVG, other types, empty and oversized uploads without changing anything', async () => {
    const stored = JSON.stringify([await kvs.get(SETTINGS_KEY), await kvs.get(LOGO_KEY)]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString('base64');
    expect(await invoke('admin/branding/logo', { image: svg })).toEqual({ ok: false, error: 'invalid-input', field: 'image', reason: 'bad-type' });
    expect(await invoke('admin/branding/logo', { image: Buffer.from('GIF8').toString('base64') })).toEqual({ ok: false, error: 'invalid-input', field: 'image', reason: 'bad-type' });
    expect(await invoke('admin/branding/logo', { image: '' })).toEqual({ ok: false, error: 'invalid-input', field: 'image', reason: 'empty' });
    const big = Buffer.concat([PNG, Buffer.alloc(100 * 1024)]).toString('base64');
    expect(await invoke('admin/branding/logo', { image: big })).toEqual({ ok: false, error: 'invalid-input', field: 'image', reason: 'too-large' });
    const justOver = Buffer.concat([PNG, Buffer.alloc(100 * 1024 + 1 - PNG.length)]).toString('base64');
    expect(await invoke('admin/branding/logo', { image: justOver })).toEqual({ ok: false, error: 'invalid-input', field: 'image', reason: 'too-large' });
    expect(await invoke('admin/branding/logo', { image: 'not base64!' })).toMatchObject({ ok: false, error: 'invalid-input', field: 'image' });
    expect(JSON.stringify([await kvs.get(SETTINGS_KEY), await kvs.get(LOGO_KEY)])).toBe(stored);
  });

  it('removes an uploaded logo', async () => {
    const up = await invoke('admin/branding/logo', { image: PNG.toString('base64') });
    expect(up.ok).toBe(true);
    const removed = await invoke('admin/branding/logo', { image: null });
    expect(removed.ok && [removed.data.branding.logoUploaded, removed.data.branding.logoUrl, removed.data.branding.logoPreview]).toEqual([false, '', null]);
    expect((await page('logo')).status).toBe(404);
  });
});

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
