import { kvs } from '@forge/kvs';
import type { Persona } from '../../local/jira-emulator';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { DEFAULT_TEMPLATES } from '../../src/mail/default-templates';
import type { AdminResult, ImportPreview, MailLocaleEntry, TemplateDetail, TemplateListEntry } from '../../src/surfaces/admin-api';
import { form, linkIn, mails, tokenOf, type TestHost, invokeResolver, useTestHost } from '../support/local-host';

/**
 * Email languages added by an admin (French here), end to end through the local host: the admin adds `fr`,
 * saves a French reset template, imports a French customer, who registers and then asks for a reset on the
 * customer pages and gets the French mail; unknown codes are refused; removing `fr` sends English again.
 */
let host: TestHost;
useTestHost((started) => (host = started), {
  eachTest: (started) => started.clock.advance(16 * 60), // outside the previous test's per-account reset window
});

function invoke<T>(functionKey: string, payload: unknown = {}, persona: Persona = 'admin', moduleKey = 'admin-page', issueKey?: string): Promise<AdminResult<T>> {
  return invokeResolver<AdminResult<T>>(host.url, { moduleKey, functionKey, payload, persona, issueKey });
}

async function data<T>(functionKey: string, payload: unknown = {}): Promise<T> {
  const result = await invoke<T>(functionKey, payload);
  if (!result.ok) throw new Error(`${functionKey}: ${JSON.stringify(result)}`);
  return result.data;
}

const FRENCH: MailLocaleEntry = { code: 'fr', name: 'Français' };
const saveLocales = (locales: unknown, persona: Persona = 'admin') => invoke<{ locales: MailLocaleEntry[] }>('admin/templates/locales/save', { locales }, persona);
const storedLocales = async () => ((await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {}).mailLocales;

describe('adding and removing email languages', () => {
  it('refuses agents, customers, other agents and anonymous visitors, and nothing changes', async () => {
    const before = JSON.stringify(await storedLocales());
    for (const persona of ['anonymous', 'customer', 'agent', 'other-agent'] as Persona[]) {
      expect(await saveLocales([FRENCH], persona)).toEqual({ ok: false, error: 'forbidden' });
      expect(await invoke('admin/templates/locales', {}, persona)).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(JSON.stringify(await storedLocales())).toBe(before);
  });

  it('validates codes and names, naming the field', async () => {
    const before = JSON.stringify(await storedLocales());
    const cases: [unknown, string][] = [
      [[{ code: 'FR', name: 'Français' }], 'locales.0.code'],
      [[{ code: 'fra', name: 'Français' }], 'locales.0.code'],
      [[{ code: 'de', name: 'Deutsch' }], 'locales.0.code'],
      [[FRENCH, { code: 'fr', name: 'Französisch' }], 'locales.1.code'],
      [[{ code: 'nl', name: '' }], 'locales.0.name'],
      [[{ code: 'nl', name: 'x'.repeat(41) }], 'locales.0.name'],
      [[{ code: 'nl', name: '<b>Nederlands</b>' }], 'locales.0.name'],
      [[{ code: 'nl', name: 'Nederlands', extra: 1 }], 'locales.0'],
      [Array.from({ length: 11 }, (_, i) => ({ code: `a${String.fromCharCode(97 + i)}`, name: `L${i}` })), 'locales'],
    ];
    for (const [locales, field] of cases) expect(await saveLocales(locales)).toMatchObject({ ok: false, error: 'invalid-input', field });
    expect(JSON.stringify(await storedLocales())).toBe(before);
  });

  it('adds French: listed with its templates, the English ones as its defaults', async () => {
    expect(await saveLocales([FRENCH])).toEqual({ ok: true, data: { locales: [FRENCH] } });
    expect(await data('admin/templates/locales')).toEqual({ locales: [FRENCH] });
    const list = await data<{ entries: TemplateListEntry[] }>('admin/templates/list');
    expect(list.entries).toHaveLength(36);
    expect(list.entries.filter((e) => e.locale === 'fr').map((e) => e.kind).sort()).toEqual(
      ['invite', 'invite-reminder', 'passkey-added', 'passkey-removed', 'password-changed', 'reset', 'sign-in-code', 'twostep-codes', 'twostep-off', 'twostep-on', 'twostep-recovery-used', 'twostep-reset'].sort(),
    );
    const detail = await data<TemplateDetail>('admin/templates/get', { kind: 'reset', locale: 'fr' });
    expect(detail).toMatchObject({ locale: 'fr', isDefault: true, version: 0, template: DEFAULT_TEMPLATES.reset.en });
    // Languages not added stay refused.
    expect(await invoke('admin/templates/get', { kind: 'reset', locale: 'nl' })).toMatchObject({ ok: false, error: 'invalid-input', field: 'locale' });
  });
});

describe('a French customer', () => {
  const email = 'amelie.martin@example.com';
  const subject = 'Réinitialisez votre mot de passe, {{ customer.username }}';

  it('French templates are saved and previewed like English and German ones', async () => {
    const template = { ...DEFAULT_TEMPLATES.reset.en, subject, html: `<p>Bonjour {{ customer.name }},</p>\n{{ link.url | button: "Nouveau mot de passe" }}` };
    const preview = await data<{ subject: string; html: string }>('admin/templates/preview', { kind: 'reset', locale: 'fr', template });
    expect(preview.subject).toBe('Réinitialisez votre mot de passe, alex@example.com');
    expect(preview.html).toContain('<html lang="fr"');
    const saved = await data<TemplateDetail>('admin/templates/save', { kind: 'reset', locale: 'fr', template, baseVersion: 0 });
    expect(saved).toMatchObject({ locale: 'fr', isDefault: false, version: 1, template: { subject } });
    // The stored English template is untouched.
    expect(await data<TemplateDetail>('admin/templates/get', { kind: 'reset', locale: 'en' })).toMatchObject({ isDefault: true });
  });

  it('import: fr is accepted, an unknown code is a row problem; invite: an unknown code is refused', async () => {
    const csv = `email,name,locale\n${email},Amélie Martin,fr\nkees.jansen@example.com,Kees Jansen,nl\n`;
    const preview = await data<ImportPreview>('admin/customers/import-preview', { csv, defaultLocale: 'en' });
    expect(preview).toMatchObject({ ok: true, total: 2, new: 1, invalid: 1, problems: [{ line: 3, email: 'kees.jansen@example.com', problems: ['locale-invalid'] }] });
    if (!preview.ok) return;
    expect(preview.rows).toEqual([[2, email, 'Amélie Martin', '', 'fr']]);
    // A default language that is not offered is refused before the file is read.
    expect(await invoke('admin/customers/import-preview', { csv, defaultLocale: 'nl' })).toMatchObject({ ok: false, error: 'invalid-input', field: 'defaultLocale' });
    // The run checks the rows again: a row with an unknown language is not written.
    const run = await data<{ created: number; failed: { line: number; reason: string }[] }>('admin/customers/import-run', {
      rows: [
        { line: 2, email, name: 'Amélie Martin', username: '', locale: 'fr' },
        { line: 3, email: 'kees.jansen@example.com', name: 'Kees Jansen', username: '', locale: 'nl' },
      ],
      invite: false,
    });
    expect(run).toMatchObject({ created: 1, failed: [{ line: 3, reason: 'locale-invalid' }] });
    expect(await host.deps.directory.findByEmail(email)).toMatchObject({ locale: 'fr', status: 'invited' });
    expect(await host.deps.directory.findByEmail('kees.jansen@example.com')).toBeUndefined();

    const invite = { email: 'kees.jansen@example.com', displayName: 'Kees Jansen', locale: 'nl' };
    expect(await invoke('admin/customers/invite', invite)).toMatchObject({ ok: false, error: 'invalid-input', field: 'locale' });
    expect(await invoke('agent/invite', invite, 'agent', 'agent-panel', 'DEMO-5')).toEqual({ ok: false, error: 'invalid-input', field: 'locale' });
    expect(await host.deps.directory.findByEmail('kees.jansen@example.com')).toBeUndefined();
    await host.idle();
    expect(await mails(host)).toEqual([]);
  });

  it('registers (invitation and password-changed mail in French layout), then gets the French reset mail', async () => {
    const imported = await host.deps.directory.findByEmail(email);
    expect(await invoke('admin/customers/action', { id: imported!.id, action: 'resend-invite' })).toMatchObject({ ok: true });
    await host.idle();
    const [invitation] = await mails(host);
    expect(invitation.to).toContain(email);
    expect(invitation.html).toContain('<html lang="fr"');
    // No French invitation template saved: the English default, and the link opens the English pages.
    expect(invitation.subject).toContain('You are invited');
    const link = linkIn(invitation.text);
    expect(link).toMatch(/&lang=en$/);
    host.mailbox.clear();
    const password = 'Lavande-Crayon-Soleil-42';
    expect((await form(host, 'reset', { token: tokenOf(link), password, confirm: password })).status).toBe(303);
    await host.idle();
    host.mailbox.clear();
    host.clock.advance(16 * 60);
    expect((await form(host, 'forgot', { identifier: email, lang: 'en' })).status).toBe(303);
    await host.idle();
    const [reset] = await mails(host);
    expect(reset.to).toContain(email);
    const customer = await host.deps.directory.findByEmail(email);
    expect(reset.subject).toBe(`Réinitialisez votre mot de passe, ${customer!.username}`);
    expect(reset.html).toContain('<p>Bonjour Amélie Martin,</p>');
    expect((await fetch(linkIn(reset.text))).status).toBe(200);

    host.mailbox.clear();
    const next = 'Lavande-Crayon-Soleil-43';
    expect((await form(host, 'reset', { token: tokenOf(linkIn(reset.text)), password: next, confirm: next })).status).toBe(303);
    await host.idle();
    const [changed] = await mails(host);
    expect(changed.html).toContain('<html lang="fr"');
    // The date in the password-changed mail is formatted for French (Intl with the code).
    const month = new Intl.DateTimeFormat('fr', { month: 'long', timeZone: 'UTC' }).format(new Date(host.clock.nowMs()));
    expect(month).not.toBe(new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(host.clock.nowMs())));
    expect(changed.text).toContain(month);
  });

  it('an agent is offered French in the panel and invites a reporter in French', async () => {
    const panel = await invoke<{ mailLocales: MailLocaleEntry[] }>('agent/panel', {}, 'agent', 'agent-panel', 'DEMO-5');
    expect(panel).toMatchObject({ ok: true, data: { mailLocales: [FRENCH] } });
    const invited = await invoke('agent/invite', { email: 'nora.neu@example.com', displayName: 'Nora Neu', locale: 'fr' }, 'agent', 'agent-panel', 'DEMO-5');
    expect(invited).toMatchObject({ ok: true, data: { status: 'invited', customer: { locale: 'fr' } } });
    await host.idle();
    const [mail] = await mails(host);
    expect(mail.to).toContain('nora.neu@example.com');
    expect(mail.html).toContain('<html lang="fr"');
  });

  it('after French is removed, the customer gets English mail; the French template stays stored', async () => {
    expect(await saveLocales([])).toEqual({ ok: true, data: { locales: [] } });
    expect(await invoke('admin/templates/get', { kind: 'reset', locale: 'fr' })).toMatchObject({ ok: false, error: 'invalid-input', field: 'locale' });
    expect(await kvs.get('template:reset:fr')).toMatchObject({ template: { subject } });
    expect((await form(host, 'forgot', { identifier: email, lang: 'en' })).status).toBe(303);
    await host.idle();
    const [reset] = await mails(host);
    expect(reset.to).toContain(email);
    expect(reset.subject).toBe(`[${(await host.deps.settings.load()).branding.portalName}] Reset your password`);
    expect(reset.html).toContain('<html lang="en"');
    // Adding it again brings the saved French template back.
    await saveLocales([FRENCH]);
    expect(await data<TemplateDetail>('admin/templates/get', { kind: 'reset', locale: 'fr' })).toMatchObject({ isDefault: false, template: { subject } });
    await saveLocales([]);
  });
});
