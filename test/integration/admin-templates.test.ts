import { kvs } from '@forge/kvs';
import type { Persona } from '../../local/jira-emulator';
import type { Customer } from '../../src/domain/customer';
import { inviteCustomer } from '../../src/flows/invite';
import { nextVersion } from '../../src/domain/template-versions';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { DEFAULT_TEMPLATES } from '../../src/mail/default-templates';
import type { TemplateContent, TemplateDetail, TemplateListEntry, TemplatePreview, TemplateProblem } from '../../src/surfaces/admin-api';
import { form, linkIn, mails, type TestHost, useTestHost, adminCalls } from '../support/local-host';

/**
 * "Email templates" through the local host's bridge endpoint (module admin-page), as each persona, and
 * the invitation reminder through the host's scheduled-trigger endpoints. Real handlers, KVS and mailbox.
 */
let host: TestHost;
useTestHost((started) => (host = started), {
  eachTest: (started) => started.clock.advance(16 * 60), // outside the previous test's per-account reset window
});

const { invoke, ok: data } = adminCalls(() => host);

const get = (kind: string, locale: string) => data<TemplateDetail>('admin/templates/get', { kind, locale });
const storedKeys = async () => JSON.stringify(await Promise.all(['reset', 'invite'].flatMap((k) => ['en', 'de'].map((l) => kvs.get(`template:${k}:${l}`)))));

describe('editing templates', () => {
  it('lists every kind × locale, shipped defaults at first', async () => {
    const { entries } = await data<{ entries: TemplateListEntry[] }>('admin/templates/list');
    expect(entries).toHaveLength(24);
    const kinds = ['invite', 'invite-reminder', 'passkey-added', 'passkey-removed', 'password-changed', 'reset', 'sign-in-code', 'twostep-on', 'twostep-off', 'twostep-codes', 'twostep-reset', 'twostep-recovery-used'];
    expect(entries.map((e) => `${e.kind}/${e.locale}`).sort()).toEqual(kinds.flatMap((k) => [`${k}/de`, `${k}/en`]).sort());
    expect(entries.every((e) => !e.customized && e.savedAt === null)).toBe(true);
    const detail = await get('invite-reminder', 'de');
    expect(detail).toMatchObject({ isDefault: true, version: 0, versions: [], template: DEFAULT_TEMPLATES['invite-reminder'].de });
    expect(detail.variables.map((v) => v.name)).toEqual(['customer.name', 'customer.username', 'portal.name', 'support.contact', 'link.url', 'link.days']);
    expect(detail.variables.every((v) => v.description.en && v.description.de)).toBe(true);
  });

  it('previews an unsaved draft with sample data and the saved branding, storing nothing', async () => {
    const before = await storedKeys();
    const template = { ...DEFAULT_TEMPLATES.reset.de, subject: 'Vorschau {{ customer.name }}', html: '<p>Hallo {{ customer.name }}</p>{{ link.url | button: "Los" }}' };
    const preview = await data<TemplatePreview>('admin/templates/preview', { kind: 'reset', locale: 'de', template });
    expect(preview.subject).toBe('Vorschau Alex Example');
    expect(preview.html).toContain('<p>Hallo Alex Example</p>');
    const { branding } = await host.deps.settings.load();
    expect(preview.html).toContain(branding.companyName || branding.portalName);
    expect(preview.text).toContain('Hallo Alex Example');
    expect(await storedKeys()).toBe(before);
  });

  it('refuses an invalid draft with part, line and column, and stores nothing', async () => {
    const before = await storedKeys();
    const template: TemplateContent = { ...DEFAULT_TEMPLATES.reset.en, html: '<p>Hi</p>\n<p>{{ customer.nmae }}</p>', text: 'no link here', subject: 'a\nb' };
    for (const key of ['admin/templates/preview', 'admin/templates/save']) {
      const result = await invoke(key, { kind: 'reset', locale: 'en', template, baseVersion: 0 });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error).toBe('invalid-template');
      const problems = result.problems as TemplateProblem[];
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ part: 'html', code: 'unknown-variable', variable: 'customer.nmae', line: 2, column: 7 }),
          expect.objectContaining({ part: 'html', code: 'missing-link' }),
          expect.objectContaining({ part: 'text', code: 'missing-link' }),
          expect.objectContaining({ part: 'subject', code: 'subject-line-break' }),
        ]),
      );
    }
    const syntax = await invoke('admin/templates/save', { kind: 'reset', locale: 'en', template: { ...DEFAULT_TEMPLATES.reset.en, text: '{{ link.url }}\n{% if %}' }, baseVersion: 0 });
    expect(syntax).toMatchObject({ ok: false, error: 'invalid-template', problems: [expect.objectContaining({ part: 'text', code: 'syntax', line: 2 })] });
    expect(await storedKeys()).toBe(before);
    expect((await get('reset', 'en')).isDefault).toBe(true);
  });

  it('bounds payloads: oversized parts and unknown kinds are refused before anything runs', async () => {
    expect(await invoke('admin/templates/save', { kind: 'reset', locale: 'en', template: { ...DEFAULT_TEMPLATES.reset.en, html: 'x'.repeat(30_000) }, baseVersion: 0 })).toMatchObject({ ok: false, error: 'invalid-input', field: 'template.html' });
    expect(await invoke('admin/templates/get', { kind: 'welcome', locale: 'en' })).toMatchObject({ ok: false, error: 'invalid-input', field: 'kind' });
    expect(await invoke('admin/templates/get', { kind: 'reset', locale: 'fr' })).toMatchObject({ ok: false, error: 'invalid-input', field: 'locale' });
    const tooLong = await invoke('admin/templates/save', { kind: 'reset', locale: 'en', template: { ...DEFAULT_TEMPLATES.reset.en, html: `${DEFAULT_TEMPLATES.reset.en.html}${'x'.repeat(20_001)}` }, baseVersion: 0 });
    expect(tooLong).toMatchObject({ ok: false, error: 'invalid-template', problems: [expect.objectContaining({ part: 'html', code: 'too-long' })] });
  });

  it('saves, keeps versions, resets to the default and restores; stale saves conflict', async () => {
    const v1 = await data<TemplateDetail>('admin/templates/save', { kind: 'reset', locale: 'en', template: { ...DEFAULT_TEMPLATES.reset.en, subject: 'Version one' }, baseVersion: 0 });
    expect(v1).toMatchObject({ isDefault: false, version: 1, template: { subject: 'Version one' } });
    expect(v1.versions).toEqual([expect.objectContaining({ version: 1, origin: 'saved', savedBy: expect.any(String), savedByName: 'Ada Admin', isDefault: false })]);
    expect(await invoke('admin/templates/save', { kind: 'reset', locale: 'en', template: DEFAULT_TEMPLATES.reset.en, baseVersion: 0 })).toMatchObject({ ok: false, error: 'conflict' });
    const v2 = await data<TemplateDetail>('admin/templates/save', { kind: 'reset', locale: 'en', template: { ...DEFAULT_TEMPLATES.reset.en, subject: 'Version two' }, baseVersion: 1 });
    const reset = await data<TemplateDetail>('admin/templates/reset', { kind: 'reset', locale: 'en', baseVersion: v2.version });
    expect(reset).toMatchObject({ isDefault: true, version: 3, template: DEFAULT_TEMPLATES.reset.en });
    expect(reset.versions.map((v) => [v.version, v.origin])).toEqual([[3, 'reset'], [2, 'saved'], [1, 'saved']]);
    const restored = await data<TemplateDetail>('admin/templates/restore', { kind: 'reset', locale: 'en', version: 1, baseVersion: 3 });
    expect(restored).toMatchObject({ isDefault: false, version: 4, template: { subject: 'Version one' } });
    expect(restored.versions[0]).toMatchObject({ version: 4, origin: 'restored', from: 1 });
    expect(await invoke('admin/templates/restore', { kind: 'reset', locale: 'en', version: 99, baseVersion: 4 })).toMatchObject({ ok: false, error: 'not-found' });
    const { entries } = await data<{ entries: TemplateListEntry[] }>('admin/templates/list');
    expect(entries.find((e) => e.kind === 'reset' && e.locale === 'en')).toMatchObject({ customized: true, savedByName: 'Ada Admin' });
    // Back to the default for the tests that follow.
    await data('admin/templates/reset', { kind: 'reset', locale: 'en', baseVersion: 4 });
  });

  it('refuses agents, customers, other agents and anonymous visitors, and nothing changes', async () => {
    const before = await storedKeys();
    const template = { ...DEFAULT_TEMPLATES.reset.en, subject: 'Hijacked' };
    for (const persona of ['anonymous', 'customer', 'agent', 'other-agent'] as Persona[]) {
      for (const [key, payload] of [
        ['admin/templates/list', {}],
        ['admin/templates/get', { kind: 'reset', locale: 'en' }],
        ['admin/templates/preview', { kind: 'reset', locale: 'en', template }],
        ['admin/templates/save', { kind: 'reset', locale: 'en', template, baseVersion: 5 }],
        ['admin/templates/reset', { kind: 'reset', locale: 'en', baseVersion: 5 }],
        ['admin/templates/restore', { kind: 'reset', locale: 'en', version: 1, baseVersion: 5 }],
        ['admin/templates/test', { kind: 'reset', locale: 'en' }],
      ] as const) {
        expect(await invoke(key, payload, persona)).toEqual({ ok: false, error: 'forbidden' });
      }
    }
    expect(await storedKeys()).toBe(before);
    expect(await mails(host)).toHaveLength(0);
  });

  it('sends a test email of the draft to the calling admin', async () => {
    const template = { ...DEFAULT_TEMPLATES.invite.en, subject: 'Draft invitation for {{ customer.name }}' };
    expect(await invoke('admin/templates/test', { kind: 'invite', locale: 'en', template })).toEqual({ ok: true, data: { to: 'ada.admin@demo-company.example' } });
    const [mail] = await mails(host);
    expect(mail.to).toContain('ada.admin@demo-company.example');
    expect(mail.subject).toBe('[Test] Draft invitation for Alex Example');
    expect(mail.html).toContain('https://example.com/portal/reset?t=sample');
  });
});

describe('two admins saving from the same version', () => {
  it('exactly one save lands; the other is a conflict and writes nothing (the store is conditioned on the revision)', async () => {
    const store = host.deps.templates;
    const base = await store.fresh('password-changed', 'de');
    const draft = (subject: string) => ({ ...DEFAULT_TEMPLATES['password-changed'].de, subject });
    const change = { savedAt: 1, savedBy: 'admin-test', savedByName: 'Ada Admin', origin: 'saved' as const };
    const one = nextVersion(base, draft('Erste Fassung'), change);
    const two = nextVersion(base, draft('Zweite Fassung'), change);
    const results = await Promise.all([store.save('password-changed', 'de', one.current, one.stored), store.save('password-changed', 'de', two.current, two.stored)]);
    expect(results.sort()).toEqual([false, true]);
    const stored = await store.fresh('password-changed', 'de');
    expect(stored.version).toBe(base.version + 1);
    expect([one.current.template?.subject, two.current.template?.subject]).toContain(stored.template?.subject);
    // The next save from the stored version works again.
    const three = nextVersion(stored, draft('Dritte Fassung'), change);
    expect(await store.save('password-changed', 'de', three.current, three.stored)).toBe(true);
  });
});

describe('customer mail uses the saved template', () => {
  it('a reset requested on the customer pages arrives with the saved subject and body', async () => {
    const detail = await get('reset', 'en');
    const template = { ...DEFAULT_TEMPLATES.reset.en, subject: 'Custom reset for {{ customer.username }}', html: `<p class="custom">Custom body</p>\n${DEFAULT_TEMPLATES.reset.en.html}` };
    await data('admin/templates/save', { kind: 'reset', locale: 'en', template, baseVersion: detail.version });
    expect((await form(host, 'forgot', { identifier: 'jane.doe@example.com', lang: 'en' })).status).toBe(303);
    await host.idle();
    const [mail] = await mails(host);
    expect(mail.to).toContain('jane.doe@example.com');
    expect(mail.subject).toBe('Custom reset for customer2300229');
    expect(mail.html).toContain('<p class="custom">Custom body</p>');
    const page = await fetch(linkIn(mail.text));
    expect(await page.text()).toContain('name="token"');
    const now = await get('reset', 'en');
    await data('admin/templates/reset', { kind: 'reset', locale: 'en', baseVersion: now.version });
  });

  it('escapes a hostile display name and brand field in the HTML mail (saved template)', async () => {
    const stored = (await kvs.get<Record<string, Record<string, unknown>>>(SETTINGS_KEY)) ?? {};
    await kvs.set(SETTINGS_KEY, { ...stored, branding: { ...(stored.branding ?? {}), companyName: '<script>alert(1)</script> GmbH' } });
    (host.deps.settings as { forget?: () => void }).forget?.();
    try {
      const detail = await get('invite', 'en');
      const template = { ...DEFAULT_TEMPLATES.invite.en, html: `<h1>Welcome {{ customer.name }}</h1>\n${DEFAULT_TEMPLATES.invite.en.html}` };
      await data('admin/templates/save', { kind: 'invite', locale: 'en', template, baseVersion: detail.version });
      const outcome = await inviteCustomer(host.deps, { email: 'hostile.name@example.com', displayName: '<img src=x onerror=alert(1)>', locale: 'en' }, { kind: 'admin', accountId: 'admin-test', name: 'Ada Admin' });
      expect(outcome.ok).toBe(true);
      const [mail] = await mails(host);
      expect(mail.html).toContain('<h1>Welcome &lt;img src=x onerror=alert(1)&gt;</h1>');
      expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; GmbH');
      expect(mail.html).not.toMatch(/<img src=x|<script>/);
      expect(mail.text).toContain('Hello <img src=x onerror=alert(1)>'); // plain text is not HTML
    } finally {
      await kvs.set(SETTINGS_KEY, stored);
      (host.deps.settings as { forget?: () => void }).forget?.();
    }
  });
});

describe('a stored template that fails to render', () => {
  it('sends the shipped default instead and logs kind and locale, no personal data', async () => {
    // Only possible by writing around the admin keys (they validate): a variable the renderer does not know.
    const broken = { ...DEFAULT_TEMPLATES.reset.en, subject: 'Broken {{ customer.secret }}' };
    await kvs.set('template:reset:en', { template: broken, version: 99, versions: [] });
    await host.deps.templates.fresh('reset', 'en');
    try {
      host.logs.length = 0;
      expect((await form(host, 'forgot', { identifier: 'jane.doe@example.com', lang: 'en' })).status).toBe(303);
      await host.idle();
      const [mail] = await mails(host);
      expect(mail.subject).toBe('[Demo Service Desk] Reset your password');
      const line = host.logs.find((l) => l.includes('stored mail template failed to render'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ level: 'error', kind: 'reset', locale: 'en', version: 99 });
      expect(line).not.toMatch(/jane|@|customer2300229/i);
    } finally {
      await kvs.delete('template:reset:en');
      await host.deps.templates.fresh('reset', 'en');
    }
  });
});

describe('invitation reminders', () => {
  const DAY = 86_400;
  const clock = (advanceSeconds: number) =>
    fetch(`${host.url}/local/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds }) });
  const scheduled = () => fetch(`${host.url}/local/api/scheduled/run`, { method: 'POST' });
  const byEmail = async (email: string) => (await host.deps.directory.findByEmail(email)) as Customer;
  const to = async (email: string) => (await mails(host)).filter((m) => m.to.includes(email));

  it('reminds once inside the window, with a working link that keeps the expiry; not expired, active, disabled or limited customers', async () => {
    const admin = { kind: 'admin' as const, accountId: 'admin-test', name: 'Ada Admin' };
    expect((await inviteCustomer(host.deps, { email: 'rita.reminder@example.com', displayName: 'Rita Reminder', locale: 'de' }, admin)).ok).toBe(true);
    expect((await inviteCustomer(host.deps, { email: 'lima.limited@example.com', displayName: 'Lima Limited', locale: 'en' }, admin)).ok).toBe(true);
    const [invitation] = await to('rita.reminder@example.com');
    const invitedLink = linkIn(invitation.text);
    const { link: original } = await byEmail('rita.reminder@example.com');
    host.mailbox.clear();

    // Four days in: three days left, outside the two-day window.
    expect((await clock(4 * DAY)).status).toBe(200);
    await host.idle();
    expect(await to('rita.reminder@example.com')).toHaveLength(0);

    // Lima has used up today's invitations (per-account limit): no reminder for her.
    const lima = await byEmail('lima.limited@example.com');
    const now = Math.floor(host.clock.nowMs() / 1000);
    await host.deps.directory.update({ ...lima, inviteWindow: { start: now + DAY, count: 5 }, rev: lima.rev + 1 }, { rev: lima.rev }, []);

    // Five and a half days in: inside the window.
    expect((await clock(1.5 * DAY)).status).toBe(200);
    await host.idle();
    const reminders = await to('rita.reminder@example.com');
    expect(reminders).toHaveLength(1);
    expect(reminders[0].subject).toBe('[Demo Service Desk] Erinnerung: Ihre Einladung zu Demo Service Desk läuft bald ab');
    expect(reminders[0].text).toContain('läuft in 2 Tagen ab');
    const rita = await byEmail('rita.reminder@example.com');
    expect(rita.link?.expiresAt).toBe(original?.expiresAt);
    expect(rita.link?.hash).not.toBe(original?.hash);
    expect(await (await fetch(linkIn(reminders[0].text))).text()).toContain('name="token"');
    expect(await (await fetch(invitedLink)).text()).not.toContain('name="token"'); // the invitation's link died
    const timeline = await host.deps.directory.listAudit(rita.id, 10);
    expect(timeline.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['invite.reminded', 'email.sent']));

    expect(await to('lima.limited@example.com')).toHaveLength(0);
    const mailed = (await mails(host)).map((m) => m.to).join(' ');
    for (const email of ['ines.abgelaufen@example.de', 'jane.doe@example.com', 'dana.disabled@example.com', 'erika.mustermann@example.de']) expect(mailed).not.toContain(email);

    // Not twice: further runs and clock moves inside the window send nothing more to Rita.
    expect((await scheduled()).status).toBe(200);
    expect((await clock(3600)).status).toBe(200);
    await host.idle();
    expect(await to('rita.reminder@example.com')).toHaveLength(1);

    // After expiry: nothing.
    host.mailbox.clear();
    expect((await clock(2 * DAY)).status).toBe(200);
    await host.idle();
    expect(await mails(host)).toHaveLength(0);
  });
});
