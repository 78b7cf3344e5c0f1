import { kvs } from '@forge/kvs';
import { LOGO_KEY } from '../../src/forge/kvs-keys';
import { adminContext } from '../../src/surfaces/admin/common';
import { SETTINGS_KEY } from '../../src/forge/settings';
import type { Persona } from '../../local/jira-emulator';
import type { BrandingInput, CustomerPagesData, SecurityData, SettingsData } from '../../src/surfaces/admin-api';
import { mails, type TestHost, useTestHost } from '../support/local-host';
import { brandingOf, PNG, settingsCalls } from '../support/admin-settings';

/**
 * Sections "Branding", "Security" and "Customer pages" through the local host: the admin page's resolver
 * (bridge endpoint, persona per call), the customer pages' web trigger and the mailbox (what the "Customer
 * pages" and "Security" settings do on the customer pages: admin-settings-pages.test.ts).
 */
let host: TestHost;
useTestHost((started) => (host = started), {
  eachTest: (started) => started.clock.advance(16 * 60),
});
const { invoke, current, page, requestReset } = settingsCalls(() => host);

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

