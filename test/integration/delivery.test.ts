import { createHmac, randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { DEMO_SETTINGS } from '../../local/demo-data';
import { processMailRetry } from '../../src/flows/mail-retry';
import { SETTINGS_KEY, type KvsSettingsStore } from '../../src/forge/settings';
import { jobLedgerKey } from '../../src/forge/kvs-keys';
import { jobsConsumer } from '../../src/surfaces/jobs';
import { MAIL_JOB_TAGS_MAX } from '../../src/domain/customer';
import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';
import { form, linkIn, mails, startTestHost, tokenOf, type TestHost } from '../support/local-host';
import { deliveryCalls } from '../support/delivery';

/**
 * Delivery through the outbox on the local host: faults injected into its mailbox, retries driven by the
 * host clock, provider webhooks on the `mail-events` trigger.
 */
let host: TestHost;
const { nextClient, faults, advance, requestReset, panel } = deliveryCalls(() => host);

beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => host.close());
beforeEach(async () => {
  await faults({ refuseNext: 0, rejectNext: 0, down: false });
  await host.idle();
  host.mailbox.clear();
  host.clock.advance(16 * 60);
});

describe('retries', () => {
  it('a temporarily refused reset mail is retried with backoff and delivered exactly once, with a working link', async () => {
    await faults({ refuseNext: 2 });
    const response = await requestReset('jane.doe@example.com');
    expect(response.status).toBe(303);
    expect(await mails(host)).toHaveLength(0);
    let timeline = (await panel('DEMO-2')).timeline.entries;
    expect(timeline[0]).toEqual(expect.objectContaining({ kind: 'email.retrying', attempt: 1, reason: 'smtp-451' }));
    await advance(29);
    expect(await mails(host)).toHaveLength(0); // not due yet: first retry after 30 s
    await advance(1);
    expect(await mails(host)).toHaveLength(0); // second attempt refused too
    await advance(60);
    const delivered = await mails(host);
    expect(delivered.map((m) => m.subject)).toEqual(['[Demo Service Desk] Reset your password']);
    timeline = (await panel('DEMO-2')).timeline.entries;
    expect(timeline[0]).toEqual(expect.objectContaining({ kind: 'email.sent', attempt: 3 }));
    const link = linkIn(delivered[0].text);
    expect((await fetch(link)).status).toBe(200);
    await advance(15 * 60);
    expect(await mails(host)).toHaveLength(1);
    expect((await form(host, 'reset', { token: tokenOf(link), password: 'Retried-And-Delivered-1', confirm: 'Retried-And-Delivered-1' }, nextClient())).status).toBe(303);
  });

  it('a permanent refusal is not retried: the customer still sees the neutral page, the agent sees "failed"', async () => {
    await faults({ rejectNext: 1 });
    const response = await requestReset('erika.mustermann@example.de');
    expect(response.headers.get('location')).toContain('/forgot/sent');
    await advance(20 * 60);
    expect(await mails(host)).toHaveLength(0);
    const data = await panel('DEMO-6');
    expect(data.timeline.entries[0]).toEqual(expect.objectContaining({ kind: 'email.failed', reason: 'smtp-550', attempt: 1 }));
    expect(data.status).toBe('active'); // no link was stored for a mail that never went out
  });

  it('gives up after 6 attempts and records the final failure', async () => {
    await faults({ down: true });
    await requestReset('customer2300233');
    for (let i = 0; i < 6; i++) await advance(900);
    const data = await panel('DEMO-4');
    expect(data.timeline.entries[0]).toEqual(expect.objectContaining({ kind: 'email.failed', attempt: 6, reason: 'smtp-421' }));
    expect(data.timeline.entries.filter((e) => e.kind === 'email.retrying')).toHaveLength(5);
    await faults({ down: false });
    await advance(900);
    expect(await mails(host)).toHaveLength(0);
  });

  it('after an outage every waiting mail is delivered exactly once', async () => {
    await faults({ down: true });
    const people = ['jane.doe@example.com', 'erika.mustermann@example.de', 'larry.locked@example.com'];
    for (const p of people) await requestReset(p);
    const invite = await fetch(`${host.url}/local/api/invoke`, {
      method: 'POST',
      body: JSON.stringify({ moduleKey: 'agent-panel', functionKey: 'agent/resend-invite', payload: {}, persona: 'agent', issueKey: 'DEMO-3' }),
    });
    expect(((await invoke(invite)) as AgentResult<PanelData>).ok).toBe(true);
    expect(await mails(host)).toHaveLength(0);
    await faults({ down: false });
    await advance(30);
    await advance(900);
    const to = (await mails(host)).map((m) => m.to).sort();
    expect(to).toEqual([...people, 'ines.abgelaufen@example.de'].sort());
  });

  it('requests count against the per-account limit even while the provider is down', async () => {
    await faults({ down: true });
    for (let i = 0; i < 4; i++) await requestReset('customer2300230');
    const erika = await host.deps.directory.findByUsername('customer2300230');
    const { events } = await host.deps.directory.listAudit(erika!.id, 7);
    expect(events.map((e) => e.kind)).toEqual([
      'reset.throttled',
      ...Array.from({ length: 3 }, () => ['email.retrying', 'reset.requested']).flat(),
    ]);
    await faults({ down: false });
    await advance(30);
    await advance(900);
    expect((await mails(host)).filter((m) => m.to === 'erika.mustermann@example.de')).toHaveLength(3);
  });

  it('a retry job delivered twice sends once', async () => {
    await faults({ refuseNext: 1 });
    await requestReset('jane.doe@example.com');
    expect((await panel('DEMO-2')).timeline.entries[0].kind).toBe('email.retrying');
    const jane = await host.deps.directory.findByEmail('jane.doe@example.com');
    const { events } = await host.deps.directory.listAudit(jane!.id, 1);
    const id = String(events[0].detail.messageId);
    await Promise.all([processMailRetry(host.deps, { type: 'retry-mail', messageId: id }), processMailRetry(host.deps, { type: 'retry-mail', messageId: id })]);
    await host.idle();
    expect(await mails(host)).toHaveLength(1);
    await advance(900);
    expect(await mails(host)).toHaveLength(1);
  });
});

describe('a reset request delivered more than once (issue 25: its ledger claim rides in the window claim)', () => {
  const resetJob = () => ({ type: 'reset-request', identifier: 'jane.doe@example.com', locale: 'en', requestedAt: 0, key: randomBytes(12).toString('hex') });
  it('two deliveries at once send one mail, later deliveries none', async () => {
    const consume = jobsConsumer(host.deps);
    const body = resetJob();
    const runs = await Promise.allSettled([consume({ body, eventId: 'ev-a' }), consume({ body, eventId: 'ev-b' })]);
    await host.idle();
    expect(await mails(host)).toHaveLength(1);
    // The delivery that lost the window claim found the job's tag on the entry and the ledger's claim: busy (its
    // error has Forge deliver it again later) or, once the other had finished, done.
    for (const run of runs) if (run.status === 'rejected') expect((run.reason as Error).name).toBe('JobBusyError');
    await consume({ body, eventId: 'ev-a', retryContext: { retryCount: 1 } });
    await consume({ body, eventId: 'ev-b', retryContext: { retryCount: 1 } });
    await consume({ body, eventId: 'ev-c' });
    await host.idle();
    expect(await mails(host)).toHaveLength(1);
    expect(await kvs.get(jobLedgerKey(body.key))).toMatchObject({ state: 'done' });
  });

  it('a tag on the entry with no ledger entry (another job shared the tag) claims in the ledger and mails', async () => {
    const body = resetJob();
    const jane = (await host.deps.directory.findByEmail('jane.doe@example.com'))!;
    const tagged = { ...jane, mailJobs: { ...jane.mailJobs, [body.key.slice(0, 8)]: jane.updatedAt }, rev: jane.rev + 1 };
    expect(await host.deps.directory.update(tagged, { rev: jane.rev }, [])).toBe(true);
    await jobsConsumer(host.deps)({ body, eventId: 'ev-d' });
    await host.idle();
    expect((await mails(host)).map((m) => m.to)).toEqual(['jane.doe@example.com']);
    expect(await kvs.get(jobLedgerKey(body.key))).toMatchObject({ state: 'done' });
  });

  it('an entry with MAIL_JOB_TAGS_MAX young tags: the job claims in the ledger first, then its tag pushes out the oldest', async () => {
    const body = resetJob();
    const jane = (await host.deps.directory.findByEmail('jane.doe@example.com'))!;
    const at = jane.updatedAt;
    const full = Object.fromEntries(Array.from({ length: MAIL_JOB_TAGS_MAX }, (_, i) => [`old${i}`, at - 100 + i]));
    expect(await host.deps.directory.update({ ...jane, mailJobs: full, rev: jane.rev + 1 }, { rev: jane.rev }, [])).toBe(true);
    await jobsConsumer(host.deps)({ body, eventId: 'ev-e' });
    await host.idle();
    expect((await mails(host)).map((m) => m.to)).toEqual(['jane.doe@example.com']);
    expect(await kvs.get(jobLedgerKey(body.key))).toMatchObject({ state: 'done' });
    const tags = (await host.deps.directory.get(jane.id))!.mailJobs!;
    expect(Object.keys(tags)).toHaveLength(MAIL_JOB_TAGS_MAX);
    expect(tags).not.toHaveProperty('old0');
    expect(tags).toHaveProperty(body.key.slice(0, 8));
  });
});

async function invoke(response: Response) {
  return ((await response.json()) as { result: unknown }).result;
}

describe('a job stopped after a step is delivered again (issue 20)', () => {
  it.each(['claim', 'send', 'record'] as const)('stopped after %s: redelivered after the backoff, exactly one mail, with a working link', async (step) => {
    host.stopNextJobAfter(step);
    expect((await requestReset('jane.doe@example.com')).status).toBe(303);
    expect(host.logs.some((l) => l.includes(`job stopped after ${step}`))).toBe(true);
    expect(await mails(host)).toHaveLength(step === 'claim' ? 0 : 1);
    await advance(29);
    await advance(1); // the first redelivery after a thrown error: 30 s on the host clock
    const delivered = await mails(host);
    expect(delivered.map((m) => m.subject)).toEqual(['[Demo Service Desk] Reset your password']);
    // The link in that one mail is the stored one, whichever step the first run stopped after.
    const link = linkIn(delivered[0].text);
    expect((await fetch(link)).status).toBe(200);
    await advance(15 * 60); // later redeliveries, if any were due, have run
    expect(await mails(host)).toHaveLength(1);
    const sent = (await panel('DEMO-2')).timeline.entries.filter((e) => e.kind === 'email.sent');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect((await form(host, 'reset', { token: tokenOf(link), password: `Redelivered-After-${step}-7`, confirm: `Redelivered-After-${step}-7` }, nextClient())).status).toBe(303);
  });
});

describe('delivery webhooks', () => {
  const SECRET = 'webhook-secret-for-tests-0123456789';
  beforeAll(async () => {
    await kvs.setSecret('mail-webhook-secret', SECRET);
  });

  async function useProvider(provider: 'postmark' | 'mailgun') {
    await kvs.set(SETTINGS_KEY, { ...DEMO_SETTINGS, delivery: { provider, mailgunDomain: 'mg.demo-company.example', mailgunRegion: 'eu' } });
    (host.deps.settings as KvsSettingsStore).forget();
  }

  async function lastMessage(email: string) {
    const customer = await host.deps.directory.findByEmail(email);
    const { events } = await host.deps.directory.listAudit(customer!.id, 10);
    const sent = events.find((e) => e.kind === 'email.sent')!;
    return { customerId: customer!.id, messageId: String(sent.detail.messageId) };
  }

  const postmark = (payload: unknown, password = SECRET) =>
    fetch(`${host.url}/x/mail-events/postmark`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`postmark:${password}`).toString('base64')}` },
      body: JSON.stringify(payload),
    });

  it('Postmark: delivered and bounced are recorded; forged and replayed calls are refused', async () => {
    await useProvider('postmark');
    await requestReset('jane.doe@example.com');
    const { customerId, messageId } = await lastMessage('jane.doe@example.com');
    const delivery = { RecordType: 'Delivery', MessageID: 'pm-1', Recipient: 'jane.doe@example.com', DeliveredAt: new Date().toISOString(), Details: 'ok', Tag: '', ServerID: 1, MessageStream: 'outbound', Metadata: { messageId, customerId } };
    expect((await postmark(delivery, 'wrong-secret')).status).toBe(401);
    expect((await postmark(delivery)).status).toBe(200);
    expect((await postmark(delivery)).status).toBe(409);
    let data = await panel('DEMO-2');
    expect(data.timeline.entries.filter((e) => e.kind === 'email.delivered')).toHaveLength(1);
    expect(data.deliveryWarning).toBeNull();

    const bounce = { RecordType: 'Bounce', ID: 42, Type: 'HardBounce', TypeCode: 1, MessageID: 'pm-2', Email: 'jane.doe@example.com', BouncedAt: new Date().toISOString(), Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).', Inactive: true, CanActivate: true, Metadata: { messageId, customerId } };
    expect((await postmark(bounce)).status).toBe(200);
    data = await panel('DEMO-2');
    expect(data.deliveryWarning).toEqual(expect.objectContaining({ kind: 'bounced' }));
    expect(data.timeline.entries[0].kind).toBe('email.bounced');
  });

  it('Mailgun: a valid signature is accepted once; a bad signature or a stale timestamp is refused', async () => {
    await useProvider('mailgun');
    await requestReset('erika.mustermann@example.de');
    const { customerId, messageId } = await lastMessage('erika.mustermann@example.de');
    const sign = (timestamp: string, token: string) => createHmac('sha256', SECRET).update(timestamp + token).digest('hex');
    const now = String(Math.floor(host.clock.nowMs() / 1000));
    const body = (timestamp: string, token: string, signature = sign(timestamp, token)) =>
      JSON.stringify({
        signature: { timestamp, token, signature },
        'event-data': { event: 'delivered', timestamp: Number(timestamp), id: 'ev1', message: { headers: { 'message-id': 'mg-1@mg.demo-company.example' } }, 'user-variables': { messageId, customerId }, 'delivery-status': { code: 250, message: 'OK', description: '' } },
      });
    const post = (b: string) => fetch(`${host.url}/x/mail-events/mailgun`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
    const token = 'a'.repeat(50);
    expect((await post(body(now, token, 'f'.repeat(64)))).status).toBe(401);
    expect((await post(body(String(Number(now) - 3600), 'b'.repeat(50)))).status).toBe(400);
    expect((await post(body(now, token))).status).toBe(200);
    expect((await post(body(now, token))).status).toBe(409);
    const data = await panel('DEMO-6');
    expect(data.timeline.entries.filter((e) => e.kind === 'email.delivered')).toHaveLength(1);
  });

  it('answers only the configured provider and only POST', async () => {
    await useProvider('postmark');
    expect((await fetch(`${host.url}/x/mail-events/mailgun`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${host.url}/x/mail-events/postmark`)).status).toBe(405);
  });
});

describe('the admin\'s email activity log', () => {
  const activity = async (persona: string, cursor?: string) => {
    const response = await fetch(`${host.url}/local/api/invoke`, {
      method: 'POST',
      body: JSON.stringify({ moduleKey: 'admin-page', functionKey: 'admin/email-activity', payload: cursor ? { cursor } : {}, persona }),
    });
    return ((await response.json()) as { result: { ok: boolean; error?: string; data?: { entries: { kind: string; attempt?: number; reason?: string; customer: { email: string } | null }[]; cursor: string | null } } }).result;
  };

  it('shows sent, retrying, failed and delivered emails of every customer, newest first, to admins only', async () => {
    await faults({ refuseNext: 1 });
    await requestReset('customer2300230');
    const result = await activity('admin');
    expect(result.ok).toBe(true);
    const first = result.data!.entries[0];
    expect(first).toEqual(expect.objectContaining({ kind: 'email.retrying', attempt: 1, reason: 'smtp-451', customer: expect.objectContaining({ email: 'erika.mustermann@example.de' }) }));
    const all = [...result.data!.entries];
    let cursor = result.data!.cursor;
    for (let page = 0; cursor && page < 50; page++) {
      const next = await activity('admin', cursor);
      expect(next.ok).toBe(true);
      all.push(...next.data!.entries);
      cursor = next.data!.cursor;
    }
    expect(cursor).toBeNull();
    const kinds = new Set(all.map((e) => e.kind));
    for (const kind of ['email.sent', 'email.retrying', 'email.failed', 'email.delivered', 'email.bounced']) expect(kinds.has(kind)).toBe(true);
    expect(all.every((e) => e.kind.startsWith('email.'))).toBe(true);
    expect(new Set(all.map((e) => JSON.stringify(e))).size).toBe(all.length);
    for (const persona of ['agent', 'other-agent', 'customer', 'anonymous']) expect(await activity(persona)).toEqual({ ok: false, error: 'forbidden' });
  });
});
