import { createHash, createHmac } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { processSmsJob, queueSms } from '../../src/flows/sms';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { SMS_API_KEY_SECRET, SMS_WEBHOOK_SECRET } from '../../src/forge/kvs-keys';
import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';
import type { SendResult } from '../../src/ports/mail';
import type { OutgoingSms } from '../../src/ports/sms';
import { startTestHost, type TestHost } from '../support/local-host';

/**
 * SMS delivery (issue 11): a queued SMS is claimed before it goes to the provider, so a job delivered twice (or a
 * retry's job delivered twice) sends one SMS; `sms.sent` / `sms.failed` and the providers' delivery reports
 * (Twilio's status callback, seven.io's `dlr` webhook on the `mail-events` trigger) land on the customer's
 * timeline with the number masked; nothing carries the number or the PIN.
 */
let host: TestHost;
/** What the stand-in provider does next: answer after `delayMs`, or fail. */
let behaviour: { delayMs: number; fail?: SendResult } = { delayMs: 0 };
let sends = 0;
const sidFor = (id: string) => `SM${createHash('md5').update(id).digest('hex')}`;
const TOKEN = 'twilio-auth-token-for-tests';
const SIGNING_KEY = 'seven-signing-key-for-tests';
const NUMBER = '+4915123456789';
const PIN = '482915';

beforeAll(async () => {
  host = await startTestHost({
    sms: (catcher) => ({
      send: async (sms: OutgoingSms): Promise<SendResult> => {
        sends += 1;
        await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
        if (behaviour.fail) return behaviour.fail;
        catcher.add(sms);
        return { ok: true, providerMessageId: sidFor(sms.id) };
      },
    }),
  });
  await kvs.setSecret(SMS_API_KEY_SECRET, TOKEN);
  await kvs.setSecret(SMS_WEBHOOK_SECRET, SIGNING_KEY);
});
afterAll(async () => {
  await host.close();
});
beforeEach(async () => {
  host.clock.advance(3601); // a fresh hour: each test stays within the account's 5 SMS per hour
  behaviour = { delayMs: 0 };
  sends = 0;
  await fetch(`${host.url}/sms/api/messages`, { method: 'DELETE' });
});

async function useProvider(provider: 'seven' | 'twilio') {
  const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
  const sms = { provider, sender: '+4915712345678', twilioAccountSid: `AC${'0123456789abcdef'.repeat(2)}`, dailyCap: 200 };
  await kvs.set(SETTINGS_KEY, { ...stored, sms });
  (host.deps.settings as { forget?: () => void }).forget?.();
}
/** A fresh directory entry to erase (the demo customers stay for the other tests). */
async function inviteProbe() {
  const { newCustomer } = await import('../../src/domain/customer');
  const c = newCustomer({ id: `probe-${Date.now()}`, email: 'sms.probe@example.org', emailKey: 'sms.probe@example.org', username: 'sms-probe', usernameKey: 'sms-probe', displayName: 'SMS Probe', locale: 'de', nowSec: Math.floor(host.clock.nowMs() / 1000) });
  expect(await host.deps.directory.create(c, [])).toBe(true);
  return c;
}
const erika = async () => (await host.deps.directory.findByEmail('erika.mustermann@example.de'))!;
const catcher = async () => (await (await fetch(`${host.url}/sms/api/messages`)).json()) as { id: string; to: string; text: string }[];
async function timeline() {
  const response = await fetch(`${host.url}/local/api/invoke`, {
    method: 'POST',
    body: JSON.stringify({ moduleKey: 'agent-panel', functionKey: 'agent/panel', payload: {}, persona: 'agent', issueKey: 'DEMO-6' }),
  });
  const { result } = (await response.json()) as { result: AgentResult<PanelData> };
  if (!result.ok) throw new Error(result.error);
  return result.data.timeline.entries;
}
/** Queues an SMS with the queue paused, so the test decides how often its job is delivered. */
async function queued(): Promise<string> {
  host.pauseQueue();
  const outcome = await queueSms(host.deps, { to: NUMBER, text: `Ihr Bestätigungscode: ${PIN}`, customerId: (await erika()).id });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.id;
}
function expectNoSecrets() {
  const logs = host.logs.join('\n');
  expect(logs).not.toContain('23456789');
  expect(logs).not.toContain(PIN);
}

describe('a claim before sending', () => {
  it('the same send-sms job delivered twice at once sends one SMS', async () => {
    await useProvider('twilio');
    const id = await queued();
    behaviour = { delayMs: 150 };
    // Both deliveries read the pending SMS before either has sent it (the provider takes 150 ms).
    await Promise.all([processSmsJob(host.deps, { type: 'send-sms', id }), processSmsJob(host.deps, { type: 'send-sms', id })]);
    host.resumeQueue();
    await host.idle();
    expect(sends).toBe(1);
    const messages = await catcher();
    expect(messages.filter((m) => m.id === id)).toHaveLength(1);
    expect(messages[0].text).toContain(PIN);
    const events = (await timeline()).filter((e) => e.kind === 'sms.sent');
    expect(events.length).toBeGreaterThanOrEqual(1);
    expectNoSecrets();
  });

  it('a retry\'s job delivered twice sends once, and a stale duplicate of the first attempt sends nothing', async () => {
    await useProvider('twilio');
    const id = await queued();
    behaviour = { delayMs: 0, fail: { ok: false, reason: 'http-503', retryable: true, retryAfterSec: 1 } };
    await processSmsJob(host.deps, { type: 'send-sms', id });
    expect(sends).toBe(1);
    expect((await host.deps.smsOutbox.get(id))?.attempts).toBe(1);
    behaviour = { delayMs: 100 };
    await Promise.all([
      processSmsJob(host.deps, { type: 'send-sms', id, attempt: 2 }),
      processSmsJob(host.deps, { type: 'send-sms', id, attempt: 2 }),
      processSmsJob(host.deps, { type: 'send-sms', id }), // the first attempt's job, delivered late
    ]);
    expect(sends).toBe(2);
    expect((await catcher()).filter((m) => m.id === id)).toHaveLength(1);
    host.resumeQueue();
    host.clock.advance(120);
    host.runDueJobs();
    await host.idle();
    expect(sends).toBe(2);
  });
});

describe('a send-sms job stopped after a step is delivered again (issue 20)', () => {
  it.each(['claim', 'send', 'record'] as const)('stopped after %s: redelivered after the backoff, exactly one SMS', async (step) => {
    await useProvider('twilio');
    host.stopNextJobAfter(step);
    const outcome = await queueSms(host.deps, { to: NUMBER, text: `Ihr Bestätigungscode: ${PIN}`, customerId: (await erika()).id });
    if (!outcome.ok) throw new Error(outcome.error);
    await host.idle();
    expect(host.logs.some((l) => l.includes(`job stopped after ${step}`))).toBe(true);
    expect(sends).toBe(step === 'claim' ? 0 : 1);
    host.clock.advance(30);
    host.runDueJobs();
    await host.idle();
    host.clock.advance(3600);
    host.runDueJobs();
    await host.idle();
    expect(sends).toBe(1);
    expect((await catcher()).filter((m) => m.id === outcome.id)).toHaveLength(1);
    expect(await host.deps.smsOutbox.get(outcome.id)).toBeUndefined();
    const { events } = await host.deps.directory.listAudit((await erika()).id, 50);
    expect(events.filter((e) => e.kind === 'sms.sent' && e.detail.messageId === outcome.id)).toHaveLength(1);
    expectNoSecrets();
  });
});

describe('erasure (issue 24)', () => {
  it('an SMS queued for a customer who is erased before it goes out is dropped: nothing sent, no event under the old id', async () => {
    await useProvider('twilio');
    const { eraseCustomer } = await import('../../src/flows/erase-customer');
    host.pauseQueue();
    const invited = await inviteProbe();
    const outcome = await queueSms(host.deps, { to: NUMBER, text: `Ihr Bestätigungscode: ${PIN}`, customerId: invited.id });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(await eraseCustomer(host.deps, invited.id, { kind: 'system' })).toMatchObject({ ok: true });
    await processSmsJob(host.deps, { type: 'send-sms', id: outcome.id });
    host.resumeQueue();
    await host.idle();
    expect(sends).toBe(0);
    expect(await host.deps.smsOutbox.get(outcome.id)).toBeUndefined();
    expect((await host.deps.directory.listAudit(invited.id, 5)).events).toEqual([]);
  });
});

describe('sms.* on the timeline', () => {
  it('sms.sent and sms.failed carry the masked number only', async () => {
    await useProvider('seven');
    host.resumeQueue();
    const customerId = (await erika()).id;
    expect((await queueSms(host.deps, { to: NUMBER, text: `Code ${PIN}`, customerId })).ok).toBe(true);
    await host.idle();
    behaviour = { delayMs: 0, fail: { ok: false, reason: 'invalid-recipient', retryable: false } };
    expect((await queueSms(host.deps, { to: NUMBER, text: `Code ${PIN}`, customerId })).ok).toBe(true);
    await host.idle();
    const { events } = await host.deps.directory.listAudit(customerId, 20);
    const sent = events.find((e) => e.kind === 'sms.sent')!;
    const failed = events.find((e) => e.kind === 'sms.failed')!;
    expect(sent.detail).toMatchObject({ provider: 'seven', attempt: 1, to: '+49 ••• •••• 89' });
    expect(failed.detail).toMatchObject({ provider: 'seven', reason: 'invalid-recipient', to: '+49 ••• •••• 89' });
    expect(JSON.stringify(events)).not.toContain('23456789');
    expect(JSON.stringify(events)).not.toContain(PIN);
    const entries = await timeline();
    expect(entries.find((e) => e.kind === 'sms.failed')).toMatchObject({ reason: 'invalid-recipient' });
    expectNoSecrets();
  });
});

describe('delivery reports', () => {
  const base = () => `${host.url}/x/mail-events`;

  async function sentSms(): Promise<string> {
    host.resumeQueue();
    const outcome = await queueSms(host.deps, { to: NUMBER, text: `Code ${PIN}`, customerId: (await erika()).id });
    if (!outcome.ok) throw new Error(outcome.error);
    await host.idle();
    return sidFor(outcome.id);
  }

  // Twilio's status callback: form fields as documented at
  // https://www.twilio.com/docs/messaging/guides/track-outbound-message-status, signed as
  // https://www.twilio.com/docs/usage/webhooks/webhooks-security describes.
  const twilioSign = (url: string, fields: Record<string, string>, token = TOKEN) =>
    createHmac('sha1', token)
      .update(url + Object.keys(fields).sort().map((k) => k + fields[k]).join(''))
      .digest('base64');
  const twilio = (fields: Record<string, string>, signature = twilioSign(`${base()}/sms-twilio`, fields)) =>
    fetch(`${base()}/sms-twilio`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() });
  const twilioFields = (sid: string, status: string, extra: Record<string, string> = {}) => ({
    ApiVersion: '2010-04-01',
    AccountSid: `AC${'0123456789abcdef'.repeat(2)}`,
    From: '+4915712345678',
    To: NUMBER,
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    ...extra,
  });

  it('Twilio: delivered and undelivered land on the timeline; forged, replayed and interim ones do not', async () => {
    await useProvider('twilio');
    const sid = await sentSms();
    expect((await twilio(twilioFields(sid, 'delivered'), twilioSign(`${base()}/sms-twilio`, twilioFields(sid, 'delivered'), 'wrong-token'))).status).toBe(401);
    expect((await twilio(twilioFields(sid, 'sent'))).status).toBe(200);
    expect((await twilio(twilioFields(sid, 'delivered'))).status).toBe(200);
    expect((await twilio(twilioFields(sid, 'delivered'))).status).toBe(409);
    const other = await sentSms();
    expect((await twilio(twilioFields(other, 'undelivered', { ErrorCode: '30005' }))).status).toBe(200);
    const entries = await timeline();
    expect(entries.filter((e) => e.kind === 'sms.delivered')).toHaveLength(1);
    expect(entries.find((e) => e.kind === 'sms.undelivered')).toMatchObject({ reason: 'twilio-30005' });
    // seven.io's route does not answer while Twilio is the provider.
    expect((await fetch(`${base()}/sms-seven`, { method: 'POST', body: '{}' })).status).toBe(404);
    expectNoSecrets();
  });

  // seven.io's dlr webhook: the payload from https://docs.seven.io/en/rest-api/webhooks, signed as
  // https://docs.seven.io/en/rest-api/signing describes (timestamp, nonce, method, URL, MD5 of the body).
  const sevenPost = (payload: unknown, opts: { key?: string; timestamp?: number } = {}) => {
    const body = JSON.stringify(payload);
    const timestamp = String(opts.timestamp ?? Math.floor(host.clock.nowMs() / 1000));
    const nonce = createHash('md5').update(body + timestamp + Math.random()).digest('hex');
    const signed = [timestamp, nonce, 'POST', `${base()}/sms-seven`, createHash('md5').update(body).digest('hex')].join('\n');
    const signature = createHmac('sha256', opts.key ?? SIGNING_KEY).update(signed).digest('hex');
    return fetch(`${base()}/sms-seven`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signature, 'x-timestamp': timestamp, 'x-nonce': nonce }, body });
  };
  const dlr = (msgId: string, status: string) => ({ data: { msg_id: msgId, status, timestamp: '2026-12-01 10:08:00.000000' }, webhook_event: 'dlr', webhook_timestamp: '2026-12-01T10:08:00+01:00' });

  it('seven.io: DELIVERED and NOTDELIVERED land on the timeline; a wrong key or an old timestamp does not', async () => {
    await useProvider('seven');
    const id = await sentSms();
    expect((await sevenPost(dlr(id, 'DELIVERED'), { key: 'wrong' })).status).toBe(401);
    expect((await sevenPost(dlr(id, 'DELIVERED'), { timestamp: Math.floor(host.clock.nowMs() / 1000) - 3600 })).status).toBe(400);
    expect((await sevenPost(dlr(id, 'TRANSMITTED'))).status).toBe(200);
    const before = (await timeline()).filter((e) => e.kind === 'sms.delivered').length;
    expect((await sevenPost(dlr(id, 'DELIVERED'))).status).toBe(200);
    expect((await sevenPost(dlr(id, 'DELIVERED'))).status).toBe(409);
    const other = await sentSms();
    expect((await sevenPost(dlr(other, 'NOTDELIVERED'))).status).toBe(200);
    // A report for a message the app never sent changes nothing.
    expect((await sevenPost(dlr('77149843739', 'DELIVERED'))).status).toBe(200);
    const entries = await timeline();
    expect(entries.filter((e) => e.kind === 'sms.delivered')).toHaveLength(before + 1);
    expect(entries.find((e) => e.kind === 'sms.undelivered')).toMatchObject({ reason: 'seven-notdelivered' });
    expectNoSecrets();
  });
});
