import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { kvs } from '@forge/kvs';
import { MAIL_API_KEY_SECRET, MAIL_WEBHOOK_SECRET } from '../../src/forge/kvs-keys';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { PERSONA_ACCOUNTS, type Persona } from '../../local/jira-emulator';
import type { AdminResult, DeliveryData, DeliverySavePayload, TestMailSent } from '../../src/surfaces/admin-api';
import { ADMIN_KEYS, adminResolver } from '../../src/surfaces/admin';
import { mails, startTestHost, type TestHost } from '../support/local-host';

/**
 * The admin page's "Email delivery" section, as each persona. Through the local host's bridge endpoint
 * (`POST /local/api/invoke`, module `admin-page`) once the manifest declares it; until then the same
 * resolver is called directly with the platform's event shape, its `asUser()` Jira calls answered as the
 * persona of the call (as the host does it).
 */
let host: TestHost;
let viaHost = false;
let direct: ReturnType<typeof adminResolver>;
const personaOfCall = new AsyncLocalStorage<Persona>();
type ForgeFetch = (meta: { type: string; remote?: string; provider?: string }, path: string, init?: RequestInit) => Promise<Response>;
const g = globalThis as unknown as { __forge_fetch__: ForgeFetch };
let hostFetch: ForgeFetch;

beforeAll(async () => {
  host = await startTestHost();
  const { modules } = (await (await fetch(`${host.url}/local/api/modules`)).json()) as { modules: { moduleKey: string; resolverKeys: string[] }[] };
  viaHost = modules.some((m) => m.moduleKey === 'admin-page' && ADMIN_KEYS.every((k) => m.resolverKeys.includes(k)));
  if (!viaHost) {
    direct = adminResolver(host.deps);
    hostFetch = g.__forge_fetch__;
    g.__forge_fetch__ = (meta, path, init) => {
      const persona = personaOfCall.getStore();
      return persona && meta.type === 'fpp' && meta.remote === 'jira' && meta.provider === 'user' ? Promise.resolve(host.jira.handle(persona, path, init)) : hostFetch(meta, path, init);
    };
  }
});
afterAll(async () => {
  if (hostFetch) g.__forge_fetch__ = hostFetch;
  await host.close();
});
beforeEach(async () => {
  await host.idle();
  host.mailbox.clear();
});

async function invoke<T = DeliveryData>(functionKey: string, persona: Persona = 'admin', payload: unknown = {}): Promise<AdminResult<T>> {
  if (viaHost) {
    const response = await fetch(`${host.url}/local/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: 'admin-page', functionKey, payload, persona }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: AdminResult<T> }).result;
  }
  const accountId = persona === 'anonymous' ? undefined : PERSONA_ACCOUNTS[persona].account.accountId;
  const result = await personaOfCall.run(persona, () =>
    direct(
      { call: { functionKey, payload: payload }, context: { moduleKey: 'admin-page', extension: { type: 'jira:adminPage' } } },
      { principal: accountId ? { accountId } : undefined } as never,
    ),
  );
  return JSON.parse(JSON.stringify(result)) as AdminResult<T>;
}

const KEY = 'pm-server-token-1234abcd';
const SECRET = 'whsec-0123456789';
const valid: DeliverySavePayload = {
  provider: 'postmark',
  senderName: 'Demo Support',
  senderAddress: 'support@demo-company.example',
  replyTo: 'help@demo-company.example',
  mailgunDomain: '',
  mailgunRegion: 'eu',
  apiKey: KEY,
  webhookSecret: SECRET,
};

const stored = async () => ({
  settings: JSON.stringify((await kvs.get(SETTINGS_KEY)) ?? null),
  key: (await kvs.getSecret<string>(MAIL_API_KEY_SECRET)) ?? null,
  secret: (await kvs.getSecret<string>(MAIL_WEBHOOK_SECRET)) ?? null,
});

describe('the admin, and only the admin', () => {
  it('the admin reads the current settings: no provider, no key yet', async () => {
    const seeded = await host.deps.settings.load();
    const result = await invoke('admin/delivery/get');
    expect(result).toEqual({
      ok: true,
      data: {
        provider: 'none',
        senderName: seeded.branding.senderName,
        senderAddress: seeded.branding.senderAddress,
        replyTo: seeded.branding.replyTo,
        mailgunDomain: '',
        mailgunRegion: 'eu',
        apiKey: { set: false, last4: '' },
        webhookSecret: { set: false },
        webhookUrl: result.ok ? result.data.webhookUrl : 'missing',
      },
    });
    // No provider yet: no webhook URL to configure.
    expect(result.ok && result.data.webhookUrl).toBeNull();
  });

  it('the admin saves; settings are merged into what is stored and secrets are KVS secrets', async () => {
    const before = (await kvs.get<Record<string, Record<string, unknown>>>(SETTINGS_KEY))!;
    expect(before.branding.portalName).toBeTruthy();
    const result = await invoke('admin/delivery/save', 'admin', valid);
    expect(result).toMatchObject({ ok: true, data: { provider: 'postmark', senderName: 'Demo Support', senderAddress: 'support@demo-company.example', replyTo: 'help@demo-company.example', apiKey: { set: true, last4: 'abcd' }, webhookSecret: { set: true } } });
    // The URL the admin enters at Postmark: the platform's `mail-events` trigger URL plus the provider.
    expect(result.ok && result.data.webhookUrl).toBe(`${host.url}/x/mail-events/postmark`);
    expect(await kvs.get(SETTINGS_KEY)).toEqual({
      ...before,
      branding: { ...before.branding, senderName: 'Demo Support', senderAddress: 'support@demo-company.example', replyTo: 'help@demo-company.example' },
      delivery: { provider: 'postmark', mailgunDomain: '', mailgunRegion: 'eu' },
    });
    expect(await kvs.getSecret(MAIL_API_KEY_SECRET)).toBe(KEY);
    expect(await kvs.getSecret(MAIL_WEBHOOK_SECRET)).toBe(SECRET);
    // The flows see it at once (the settings cache was dropped).
    expect((await host.deps.settings.load()).delivery.provider).toBe('postmark');
    expect(host.logs.join('\n')).toContain('admin saved email delivery settings');
    expect(host.logs.join('\n')).not.toContain(KEY);
    expect(host.logs.join('\n')).not.toContain(SECRET);
  });

  it('get never contains the key or the secret, only that they are set and the last four', async () => {
    const result = await invoke('admin/delivery/get');
    const json = JSON.stringify(result);
    expect(json).not.toContain(KEY);
    expect(json).not.toContain(KEY.slice(0, 8));
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(SECRET.slice(-6));
    expect(result).toMatchObject({ ok: true, data: { apiKey: { set: true, last4: 'abcd' }, webhookSecret: { set: true } } });
  });

  it('an empty or absent key and secret keep the stored ones', async () => {
    expect(await invoke('admin/delivery/save', 'admin', { ...valid, senderName: 'Demo Team', apiKey: '', webhookSecret: '' })).toMatchObject({ ok: true, data: { senderName: 'Demo Team', apiKey: { set: true, last4: 'abcd' } } });
    const { apiKey: _k, webhookSecret: _s, ...withoutSecrets } = valid;
    expect(await invoke('admin/delivery/save', 'admin', withoutSecrets)).toMatchObject({ ok: true, data: { senderName: 'Demo Support' } });
    expect(await kvs.getSecret(MAIL_API_KEY_SECRET)).toBe(KEY);
    expect(await kvs.getSecret(MAIL_WEBHOOK_SECRET)).toBe(SECRET);
  });

  it('a new key replaces the stored one', async () => {
    expect(await invoke('admin/delivery/save', 'admin', { ...valid, apiKey: 'another-key-9876wxyz' })).toMatchObject({ ok: true, data: { apiKey: { set: true, last4: 'wxyz' } } });
    expect(await kvs.getSecret(MAIL_API_KEY_SECRET)).toBe('another-key-9876wxyz');
    await invoke('admin/delivery/save', 'admin', valid);
  });

  it.each<Persona>(['agent', 'other-agent', 'customer', 'anonymous'])('%s gets forbidden for every call, and nothing changes', async (persona) => {
    const before = await stored();
    expect(await invoke('admin/delivery/get', persona)).toEqual({ ok: false, error: 'forbidden' });
    expect(await invoke('admin/delivery/save', persona, { ...valid, provider: 'mailgun', mailgunDomain: 'mg.evil.example', apiKey: 'attacker-key-0000' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await invoke('admin/delivery/save', persona, { provider: 'bogus' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await invoke('admin/delivery/test', persona)).toEqual({ ok: false, error: 'forbidden' });
    await host.idle();
    expect(await stored()).toEqual(before);
    expect(await mails(host)).toEqual([]);
  });
});

describe('validation', () => {
  it.each<[string, Partial<DeliverySavePayload> | Record<string, unknown>, string]>([
    ['sender address not an email', { senderAddress: 'not-an-email' }, 'senderAddress'],
    ['sender name with a line break', { senderName: 'Support\r\nBcc: x@evil.example' }, 'senderName'],
    ['sender name with angle brackets', { senderName: 'Support <x@evil.example>' }, 'senderName'],
    ['empty sender name', { senderName: '  ' }, 'senderName'],
    ['reply-to not an email', { replyTo: 'nope' }, 'replyTo'],
    ['unknown provider', { provider: 'sendgrid' }, 'provider'],
    ['mailgun without a domain', { provider: 'mailgun', mailgunDomain: '' }, 'mailgunDomain'],
    ['mailgun domain not a host name', { provider: 'mailgun', mailgunDomain: 'mg example com' }, 'mailgunDomain'],
    ['unknown region', { provider: 'mailgun', mailgunDomain: 'mg.demo-company.example', mailgunRegion: 'ap' }, 'mailgunRegion'],
    ['key too short', { apiKey: 'short' }, 'apiKey'],
    ['key with whitespace', { apiKey: 'abc def ghi jkl' }, 'apiKey'],
    ['key too long', { apiKey: 'k'.repeat(201) }, 'apiKey'],
    ['webhook secret with whitespace', { webhookSecret: 'abc\tdefghijk' }, 'webhookSecret'],
  ])('%s → invalid-input on %s, nothing changes', async (_name, patch, field) => {
    const before = await stored();
    expect(await invoke('admin/delivery/save', 'admin', { ...valid, ...patch })).toEqual({ ok: false, error: 'invalid-input', field });
    expect(await stored()).toEqual(before);
  });

  it('a payload that is not an object', async () => {
    expect(await invoke('admin/delivery/save', 'admin', 'postmark')).toMatchObject({ ok: false, error: 'invalid-input' });
  });

  it('a provider needs a key: typed now or stored before', async () => {
    const key = await kvs.getSecret<string>(MAIL_API_KEY_SECRET);
    await kvs.deleteSecret(MAIL_API_KEY_SECRET);
    try {
      expect(await invoke('admin/delivery/save', 'admin', { ...valid, apiKey: '' })).toEqual({ ok: false, error: 'invalid-input', field: 'apiKey' });
      expect(await invoke('admin/delivery/save', 'admin', { ...valid, provider: 'none', apiKey: '' })).toMatchObject({ ok: true, data: { provider: 'none', apiKey: { set: false } } });
    } finally {
      await kvs.setSecret(MAIL_API_KEY_SECRET, key!);
    }
  });

  it('mailgun with domain and region', async () => {
    const result = await invoke('admin/delivery/save', 'admin', { ...valid, provider: 'mailgun', mailgunDomain: ' MG.Demo-Company.example ', mailgunRegion: 'us', apiKey: '' });
    expect(result).toMatchObject({ ok: true, data: { provider: 'mailgun', mailgunDomain: 'mg.demo-company.example', mailgunRegion: 'us', apiKey: { set: true } } });
  });
});

describe('test email', () => {
  it('goes to the calling admin\'s own address, from the saved sender', async () => {
    await invoke('admin/delivery/save', 'admin', { ...valid, apiKey: '' });
    const result = await invoke<TestMailSent>('admin/delivery/test', 'admin');
    expect(result).toEqual({ ok: true, data: { to: 'ada.admin@demo-company.example' } });
    const inbox = await mails(host);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ to: 'ada.admin@demo-company.example', subject: expect.stringContaining('test email') });
    expect((inbox[0] as unknown as { from: string }).from).toBe('support@demo-company.example');
    expect(inbox[0].text).toContain('Postmark');
    expect(inbox[0].text + inbox[0].html).not.toContain(KEY);
  });

  it('answers the provider\'s reason when the mail is refused', async () => {
    host.mailbox.refuseNext = 1;
    const result = await invoke<TestMailSent>('admin/delivery/test', 'admin');
    expect(result).toEqual({ ok: false, error: 'email-failed', reason: 'smtp-451' });
    expect(await mails(host)).toEqual([]);
  });

  it('ignores a recipient in the payload', async () => {
    expect(await invoke<TestMailSent>('admin/delivery/test', 'admin', { to: 'victim@example.com' })).toEqual({ ok: true, data: { to: 'ada.admin@demo-company.example' } });
    expect((await mails(host)).map((m) => m.to)).toEqual(['ada.admin@demo-company.example']);
  });
});

// Once the manifest declares the admin page, the host must expose it (and every case above runs through it).
const declared = /jira:adminPage:[\s\S]*?key: admin-page[\s\S]*?function: admin\b/.test(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8'));
(declared ? it : it.skip)('the host exposes module admin-page with every resolver key', () => {
  expect(viaHost).toBe(true);
});
