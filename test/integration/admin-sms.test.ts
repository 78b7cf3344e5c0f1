import { kvs } from '@forge/kvs';
import { SMS_SITE_DAY_KEY } from '../../src/forge/kvs-keys';
import type { AdminResult, SmsData, SmsSavePayload, TestSmsQueued } from '../../src/surfaces/admin-api';
import { invokeResolver, startTestHost, type TestHost } from '../support/local-host';

/**
 * The SMS part of "Email delivery" on the local host (issue 11): settings, the API key as a write-only
 * secret, "Send test SMS" through the queue into the SMS catcher (`/sms/api/messages`), the daily cap and
 * bad numbers; queueSms's limits and retries. That a provider taking 2 s does not slow the resolver's answer is
 * ./admin-sms-latency.test.ts (it measures the answer's time, so it runs alone).
 * Each describe runs its own host, one at a time: a host's Forge runtime globals are process-wide.
 */
let host: TestHost;

const admin = <T>(url: string, functionKey: string, payload: unknown = {}, persona: 'admin' | 'agent' = 'admin') =>
  invokeResolver<AdminResult<T>>(url, { moduleKey: 'admin-page', functionKey, payload, persona });

interface Sms {
  id: string;
  to: string;
  text: string;
  date: string;
}
const smsList = async (url: string) => (await (await fetch(`${url}/sms/api/messages`)).json()) as Sms[];

const base: SmsSavePayload = { provider: 'none', sender: '', twilioAccountSid: '', dailyCap: 200 };

describe('the admin keys, the SMS catcher and queueSms', () => {
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(() => host.close());
  beforeEach(async () => {
    await host.idle();
    await fetch(`${host.url}/sms/api/messages`, { method: 'DELETE' });
    await host.deps.limits.put(SMS_SITE_DAY_KEY, { start: 0, count: 0 }, 1);
  });

  test('only Jira administrators reach the keys', async () => {
    await expect(admin(host.url, 'admin/sms/get', {}, 'agent')).resolves.toEqual({ ok: false, error: 'forbidden' });
    await expect(admin(host.url, 'admin/sms/test', { to: '+491711234567' }, 'agent')).resolves.toEqual({ ok: false, error: 'forbidden' });
    expect(await smsList(host.url)).toEqual([]);
  });

  test('defaults: no provider, daily cap 200, no key', async () => {
    const result = await admin<SmsData>(host.url, 'admin/sms/get');
    expect(result).toEqual({ ok: true, data: { provider: 'none', sender: '', twilioAccountSid: '', dailyCap: 200, apiKey: { set: false, last4: '' }, sentToday: 0, webhookKey: { set: false }, reportsUrl: null } });
  });

  test('save: a provider needs a key; Twilio needs an Account SID and a sender; the key is never answered', async () => {
    await expect(admin(host.url, 'admin/sms/save', { ...base, provider: 'seven' })).resolves.toEqual({ ok: false, error: 'invalid-input', field: 'apiKey' });
    await expect(admin(host.url, 'admin/sms/save', { ...base, provider: 'twilio', sender: 'DemoDesk', apiKey: 'secret-token-1234' })).resolves.toEqual({ ok: false, error: 'invalid-input', field: 'twilioAccountSid' });
    await expect(admin(host.url, 'admin/sms/save', { ...base, sender: 'x' })).resolves.toEqual({ ok: false, error: 'invalid-input', field: 'sender' });
    await expect(admin(host.url, 'admin/sms/save', { ...base, dailyCap: 0 })).resolves.toEqual({ ok: false, error: 'invalid-input', field: 'dailyCap' });
    await expect(admin(host.url, 'admin/sms/save', { ...base, apiKey: 'has space inside' })).resolves.toEqual({ ok: false, error: 'invalid-input', field: 'apiKey' });

    const sid = `AC${'0123456789abcdef'.repeat(2)}`;
    const saved = await admin<SmsData>(host.url, 'admin/sms/save', { provider: 'twilio', sender: 'DemoDesk', twilioAccountSid: sid, dailyCap: 150, apiKey: 'secret-token-1234' });
    expect(saved).toEqual({ ok: true, data: { provider: 'twilio', sender: 'DemoDesk', twilioAccountSid: sid, dailyCap: 150, apiKey: { set: true, last4: '1234' }, sentToday: 0, webhookKey: { set: false }, reportsUrl: `${host.url}/x/mail-events/sms-twilio` } });
    expect(JSON.stringify(saved)).not.toContain('secret-token');
    // Saving again without a key keeps the stored one.
    const again = await admin<SmsData>(host.url, 'admin/sms/save', { ...base, provider: 'seven', sender: '' });
    expect(again).toMatchObject({ ok: true, data: { provider: 'seven', apiKey: { set: true, last4: '1234' } } });
    // seven.io's signing key for delivery reports: stored as a secret, answered only as "set", never in a log line.
    const signed = await admin<SmsData>(host.url, 'admin/sms/save', { ...base, provider: 'seven', sender: '', webhookKey: 'seven-signing-key-5678' });
    expect(signed).toMatchObject({ ok: true, data: { webhookKey: { set: true }, reportsUrl: `${host.url}/x/mail-events/sms-seven` } });
    expect(JSON.stringify(signed)).not.toContain('seven-signing-key');
    expect(await kvs.getSecret('sms-webhook-key')).toBe('seven-signing-key-5678');
    await expect(admin(host.url, 'admin/sms/save', { ...base, provider: 'seven', sender: '', webhookKey: 'short' })).resolves.toEqual({ ok: false, error: 'invalid-input', field: 'webhookKey' });
    expect(host.logs.join('\n')).not.toContain('seven-signing-key');
    expect(host.logs.join('\n')).not.toContain('secret-token');
    await admin(host.url, 'admin/sms/save', base);
  });

  test('"Send test SMS" lands in /sms/api/messages with the right text; the answer shows the number masked', async () => {
    const result = await admin<TestSmsQueued>(host.url, 'admin/sms/test', { to: '0171 1234567' });
    expect(result).toEqual({ ok: true, data: { to: '+49 ••• •••• 67' } });
    await host.idle();
    const list = await smsList(host.url);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ to: '+491711234567', text: 'Portal Access: test SMS for Demo Service Desk. If you can read this, customers will receive their verification PINs.' });
    expect(list[0].id).toMatch(/^[0-9a-f]{24}$/);
    expect(Number.isNaN(Date.parse(list[0].date))).toBe(false);
    // The number never reaches a log line.
    expect(host.logs.join('\n')).not.toMatch(/1711234567/);
    // The page for a person shows it; DELETE empties the catcher.
    const page = await (await fetch(`${host.url}/sms`)).text();
    expect(page).toContain('+491711234567');
    expect(page).toContain('test SMS for Demo Service Desk');
    await expect((await fetch(`${host.url}/sms/api/messages`, { method: 'DELETE' })).json()).resolves.toEqual({ deleted: true });
    expect(await smsList(host.url)).toEqual([]);
  });

  test('newest first', async () => {
    await admin(host.url, 'admin/sms/test', { to: '+491711234501' });
    await host.idle();
    await admin(host.url, 'admin/sms/test', { to: '+491711234502' });
    await host.idle();
    expect((await smsList(host.url)).map((m) => m.to)).toEqual(['+491711234502', '+491711234501']);
  });

  test.each([['abc'], ['12345'], ['030 12345678'], ['0900 1234567'], ['+49 171 ' + '1'.repeat(50)]])('a bad number (%s) → invalid-input, field to; nothing sent', async (to) => {
    await expect(admin(host.url, 'admin/sms/test', { to })).resolves.toEqual({ ok: false, error: 'invalid-input', field: 'to' });
    await expect(admin(host.url, 'admin/sms/test', {})).resolves.toEqual({ ok: false, error: 'invalid-input', field: 'to' });
    await host.idle();
    expect(await smsList(host.url)).toEqual([]);
  });

  test('the daily cap stops sends (and the count shows under "sent today")', async () => {
    await expect(admin(host.url, 'admin/sms/save', { ...base, dailyCap: 2 })).resolves.toMatchObject({ ok: true });
    await expect(admin(host.url, 'admin/sms/test', { to: '+491711234567' })).resolves.toMatchObject({ ok: true });
    await expect(admin(host.url, 'admin/sms/test', { to: '+491711234567' })).resolves.toMatchObject({ ok: true });
    await expect(admin(host.url, 'admin/sms/test', { to: '+491711234567' })).resolves.toEqual({ ok: false, error: 'limit', reason: 'sms-daily-cap' });
    await host.idle();
    expect(await smsList(host.url)).toHaveLength(2);
    await expect(admin(host.url, 'admin/sms/get')).resolves.toMatchObject({ ok: true, data: { dailyCap: 2, sentToday: 2 } });
    // The next UTC day starts a new count.
    host.clock.advance(86_400);
    await expect(admin(host.url, 'admin/sms/test', { to: '+491711234567' })).resolves.toMatchObject({ ok: true });
    await admin(host.url, 'admin/sms/save', base);
  });


  test('at most 5 SMS per account and hour; the number is normalised', async () => {
    const { queueSms } = await import('../../src/flows/sms');
    // Two accounts of the directory (an SMS for an id the directory no longer holds is dropped: issue 24's erasure).
    const idOf = async (email: string) => (await host.deps.directory.findByEmail(email))!.id;
    const [limited, other] = await Promise.all([idOf('jane.doe@example.com'), idOf('erika.mustermann@example.de')]);
    for (let i = 0; i < 5; i++) await expect(queueSms(host.deps, { to: '0171 1234567', text: `PIN ${i}`, customerId: limited })).resolves.toMatchObject({ ok: true, to: '+491711234567' });
    await expect(queueSms(host.deps, { to: '0171 1234567', text: 'PIN 6', customerId: limited })).resolves.toEqual({ ok: false, error: 'limit', scope: 'account' });
    await expect(queueSms(host.deps, { to: '0171 1234567', text: 'other account', customerId: other })).resolves.toMatchObject({ ok: true });
    await expect(queueSms(host.deps, { to: '030 12345678', text: 'landline', customerId: other })).resolves.toEqual({ ok: false, error: 'invalid-number' });
    await host.idle();
    expect((await smsList(host.url)).map((m) => m.text)).toEqual(['other account', 'PIN 4', 'PIN 3', 'PIN 2', 'PIN 1', 'PIN 0']);
    host.clock.advance(3600);
    await expect(queueSms(host.deps, { to: '0171 1234567', text: 'an hour later', customerId: limited })).resolves.toMatchObject({ ok: true });
    await host.idle();
  });

});

describe('retries', () => {
  test('a temporary failure (429 with Retry-After) is retried with the same id; a permanent one is final', async () => {
    const results = [
      { ok: false as const, reason: 'http-429', retryable: true, retryAfterSec: 40 },
      { ok: true as const },
      { ok: false as const, reason: 'invalid-recipient', retryable: false },
    ];
    const seen: string[] = [];
    const flaky = await startTestHost({
      sms: (catcher) => ({
        send: async (sms) => {
          seen.push(sms.id);
          const next = results.shift()!;
          if (next.ok) catcher.add(sms);
          return next;
        },
      }),
    });
    try {
      const { queueSms } = await import('../../src/flows/sms');
      const queued = await queueSms(flaky.deps, { to: '+491711234567', text: 'retry me' });
      await flaky.idle();
      expect(await smsList(flaky.url)).toEqual([]);
      expect(flaky.logs.some((l) => l.includes('sms not accepted, retrying') && l.includes('"retryInSec":40'))).toBe(true);
      flaky.clock.advance(40);
      flaky.runDueJobs();
      await flaky.idle();
      expect((await smsList(flaky.url)).map((m) => m.text)).toEqual(['retry me']);
      expect(queued.ok && seen).toEqual([queued.ok && queued.id, queued.ok && queued.id]);

      await queueSms(flaky.deps, { to: '+491711234567', text: 'refused' });
      await flaky.idle();
      expect(flaky.logs.some((l) => l.includes('"message":"sms failed"') && l.includes('invalid-recipient'))).toBe(true);
      expect(seen).toHaveLength(3);
      expect(flaky.logs.join('\n')).not.toContain('1711234567');
      expect(flaky.logs.join('\n')).not.toContain('retry me');
    } finally {
      await flaky.close();
    }
  });
});
