import { kvs } from '@forge/kvs';
import { DEMO_SETTINGS } from '../../local/demo-data';
import { auditEvent } from '../../src/flows/deps';
import { foldCutoff } from '../../src/domain/overview/items';
import { forgetCounterCache, readDayItems } from '../../src/forge/counters';
import { utcDate } from '../../src/domain/overview/days';
import { SETTINGS_KEY, type KvsSettingsStore } from '../../src/forge/settings';
import { OVERVIEW_LINKS, type AdminResult, type CustomerFilter, type CustomerRow, type OverviewData } from '../../src/surfaces/admin-api';
import { form, mails, startTestHost, invokeResolver, type TestHost } from '../support/local-host';
import { customerCalls } from '../support/admin-customers';
import { overviewCalls, seedBeforeCounters, today, total } from '../support/admin-overview';

/**
 * The admin page's "Overview" (issue 14) through the local host: the real flows count as they happen, the
 * overview reads only its counters (a bounded number of KVS operations whatever the directory's size), and
 * the backfill counts what existed before the counters.
 */
let host: TestHost;
let client = 0;
const nextClient = () => ({ 'x-forwarded-for': `198.51.100.${(client++ % 250) + 1}` });

const { now, overview, advance } = overviewCalls(() => host);

beforeAll(async () => {
  host = await startTestHost();
  await seedBeforeCounters(host);
});
afterAll(async () => {
  await host.close();
});

describe('admin/overview', () => {
  it('is for Jira administrators only', async () => {
    const result = await invokeResolver<AdminResult<OverviewData>>(host.url, { moduleKey: 'admin-page', functionKey: 'admin/overview', payload: {}, persona: 'agent' });
    expect(result).toEqual({ ok: false, error: 'forbidden' });
  });

  it('answers 30 days in the site\'s Jira time zone and the demo directory as a funnel, after the backfill', async () => {
    const first = await overview();
    expect(first.zone).toBe('Europe/Berlin');
    expect(first.backfill).toEqual({ phase: 'customers', customers: 0, events: 0 }); // started by this first load, shown in the section
    expect(first.days).toHaveLength(30);
    for (const counts of Object.values(first.series)) expect(counts).toHaveLength(30);
    await host.idle();
    const o = await overview();
    expect(o.backfill.phase).toBe('done');
    expect(o.backfill.customers).toBe(301); // only the entries from before the counters
    const demo = (await (await fetch(`${host.url}/local/api/demo`)).json()) as { customers: { status: string }[] };
    const count = (s: string) => demo.customers.filter((c) => c.status === s).length;
    expect(o.funnel.disabled).toBe(count('disabled') + 1);
    expect(o.funnel.inviteExpired).toBe(count('invite-expired'));
    expect(o.funnel.invited).toBe(count('invited'));
    expect(o.funnel.active).toBe(count('active') + count('locked') + count('reset-pending') + 300);
    expect(o.attention.locked).toBe(count('locked'));
    // The old sign-in failure 30 hours ago is on yesterday's or the day before's bar, counted once.
    expect(o.series.signInsFailed.slice(-3).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const again = o.series.signInsFailed.slice();
    await host.deps.queue.push({ type: 'overview-backfill' });
    await host.idle();
    expect((await overview()).series.signInsFailed).toEqual(again);
  });

  it('cuts the days in the site\'s time zone (serverInfo), else the admin\'s, else UTC', async () => {
    const emulator = host.jira;
    try {
      emulator.siteTimeZone = 'America/New_York'; // the admin (Ada) has Europe/Berlin in her profile
      emulator.calls.length = 0;
      const site = await overview();
      expect(site.zone).toBe('America/New_York');
      expect(emulator.calls.filter((c) => c.path === '/rest/api/3/serverInfo')).toHaveLength(1);
      const lastDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(host.clock.nowMs()));
      expect(site.days.at(-1)).toBe(lastDay);
      emulator.siteTimeZone = undefined; // serverInfo without serverTimeZone: the admin's own zone
      expect((await overview()).zone).toBe('Europe/Berlin');
    } finally {
      emulator.siteTimeZone = 'Europe/Berlin';
    }
  });

  it('counts the real flows as they happen: invite, register, reset, sign-in failures, mail', async () => {
    const before = await overview();
    host.mailbox.clear();
    const invited = await invokeResolver<AdminResult<unknown>>(host.url, { moduleKey: 'admin-page', functionKey: 'admin/customers/invite', payload: { email: 'fresh@example.org', displayName: 'Fresh Person', locale: 'en' }, persona: 'admin' });
    expect(invited.ok).toBe(true);
    await host.idle();
    const afterInvite = await overview();
    expect(today(afterInvite, 'invitations') - today(before, 'invitations')).toBe(1);
    expect(afterInvite.funnel.invited - before.funnel.invited).toBe(1);
    expect(afterInvite.attention.expiringSoon - before.attention.expiringSoon).toBe(0);
    expect(today(afterInvite, 'emailsSent') - today(before, 'emailsSent')).toBe(1);

    // Register through the invitation link.
    const link = /(http:\/\/\S+\/reset\?token=[^\s&]+&lang=\w+)/.exec((await mails(host))[0].text)![1];
    const token = new URL(link).searchParams.get('token')!;
    expect((await form(host, 'reset', { token, password: 'Quartz-Meadow-Lantern-77', confirm: 'Quartz-Meadow-Lantern-77' }, nextClient())).status).toBe(303);
    await host.idle();
    const registered = await overview();
    expect(today(registered, 'registrations') - today(before, 'registrations')).toBe(1);
    expect(registered.funnel.invited).toBe(before.funnel.invited);
    expect(registered.funnel.active - before.funnel.active).toBe(1);

    // Two failed sign-ins, one success, one reset request.
    for (const password of ['wrong-one-1234', 'wrong-two-1234', 'Quartz-Meadow-Lantern-77']) {
      await form(host, 'login', { identifier: 'fresh@example.org', password }, nextClient());
    }
    await form(host, 'forgot', { identifier: 'fresh@example.org' }, nextClient());
    await host.idle();
    const later = await overview();
    expect(today(later, 'signInsFailed') - today(registered, 'signInsFailed')).toBe(2);
    expect(today(later, 'signInsSucceeded') - today(registered, 'signInsSucceeded')).toBe(1);
    expect(today(later, 'resetRequests') - today(registered, 'resetRequests')).toBe(1);
  });

  it('a mail refused twice and then sent counts once; a permanent failure counts as failed', async () => {
    const before = await overview();
    await fetch(`${host.url}/local/api/mail/faults`, { method: 'POST', body: JSON.stringify({ refuseNext: 2 }) });
    await form(host, 'forgot', { identifier: 'jane.doe@example.com' }, nextClient());
    await host.idle();
    await advance(30);
    await advance(60);
    expect((await mails(host)).some((m) => m.to.includes('jane.doe'))).toBe(true);
    const after = await overview();
    expect(total(after, 'emailsSent') - total(before, 'emailsSent')).toBe(1);
    expect(total(after, 'emailsFailed')).toBe(total(before, 'emailsFailed'));
    await fetch(`${host.url}/local/api/mail/faults`, { method: 'POST', body: JSON.stringify({ rejectNext: 1 }) });
    await form(host, 'forgot', { identifier: 'erika.mustermann@example.de' }, nextClient());
    await host.idle();
    expect(total(await overview(), 'emailsFailed') - total(before, 'emailsFailed')).toBe(1);
  });

  it('loads with a handful of KVS reads, the same for a larger directory, and never queries customers or the audit log', async () => {
    await overview(); // folds, if a day passed
    host.kvs.resetStats();
    const entity = jest.spyOn(kvs, 'entity');
    await overview();
    const entities = new Set(entity.mock.calls.map(([name]) => name));
    entity.mockRestore();
    const small = { ...host.kvs.stats };
    const reads = (s: Record<string, number>) => Object.entries(s).filter(([k]) => !/set|delete|transaction/.test(k)).reduce((a, [, n]) => a + n, 0);
    expect(reads(small)).toBeLessThanOrEqual(4);
    // One query: the counter items of the last 32 days (one per instance and day until a day is merged).
    expect(small['/api/v1/entity/query']).toBe(1);
    expect([...entities].sort()).toEqual(['overview-day', 'overview-meta']);
    // 200 more customers: the load costs the same.
    const rows = Array.from({ length: 200 }, (_, i) => ({ line: i + 2, email: `bulk${i}@example.org`, name: `Bulk ${i}`, username: '', locale: 'en' }));
    const imported = await invokeResolver<AdminResult<unknown>>(host.url, { moduleKey: 'admin-page', functionKey: 'admin/customers/import-run', payload: { rows, invite: false }, persona: 'admin' });
    expect(imported.ok).toBe(true);
    const grown = await overview();
    expect(grown.funnel.notInvited).toBeGreaterThanOrEqual(200);
    host.kvs.resetStats();
    await overview();
    expect(reads(host.kvs.stats)).toBe(reads(small));
  });

  it('delivery reports: delivered counts once however often the provider replays it; a bounce counts and shows as a delivery problem until a later delivery', async () => {
    const SECRET = 'webhook-secret-for-overview-0123456789';
    await kvs.setSecret('mail-webhook-secret', SECRET);
    await kvs.set(SETTINGS_KEY, { ...DEMO_SETTINGS, delivery: { provider: 'postmark' } });
    (host.deps.settings as KvsSettingsStore).forget();
    const postmark = (payload: unknown) =>
      fetch(`${host.url}/x/mail-events/postmark`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`postmark:${SECRET}`).toString('base64')}` },
        body: JSON.stringify(payload),
      });
    const customer = (await host.deps.directory.findByEmail('erika.mustermann@example.de'))!;
    const before = await overview();
    const metadata = { messageId: 'overview-msg-1', customerId: customer.id };
    const delivery = { RecordType: 'Delivery', MessageID: 'pm-ov-1', Recipient: customer.email, DeliveredAt: new Date(host.clock.nowMs()).toISOString(), Details: 'ok', Tag: '', ServerID: 1, MessageStream: 'outbound', Metadata: metadata };
    expect((await postmark(delivery)).status).toBe(200);
    expect((await postmark(delivery)).status).toBe(409);
    expect((await postmark(delivery)).status).toBe(409);
    const delivered = await overview();
    expect(total(delivered, 'emailsDelivered') - total(before, 'emailsDelivered')).toBe(1);

    const bounce = { RecordType: 'Bounce', ID: 4711, Type: 'HardBounce', TypeCode: 1, MessageID: 'pm-ov-2', Email: customer.email, BouncedAt: new Date(host.clock.nowMs()).toISOString(), Description: 'mailbox not found', Inactive: true, CanActivate: true, Metadata: metadata };
    expect((await postmark(bounce)).status).toBe(200);
    const bounced = await overview();
    expect(total(bounced, 'emailsBounced') - total(before, 'emailsBounced')).toBe(1);
    expect(bounced.attention.deliveryProblems - before.attention.deliveryProblems).toBe(1);
    expect((await postmark({ ...delivery, MessageID: 'pm-ov-3' })).status).toBe(200);
    expect((await overview()).attention.deliveryProblems).toBe(before.attention.deliveryProblems);
    await kvs.set(SETTINGS_KEY, DEMO_SETTINGS);
    (host.deps.settings as KvsSettingsStore).forget();
  });

  it('events racing for one counter are all counted (no lost updates without an atomic increment), taking turns at the shard', async () => {
    const before = await overview();
    const jane = (await host.deps.directory.findByEmail('jane.doe@example.com'))!;
    forgetCounterCache();
    host.kvs.resetStats();
    await Promise.all(Array.from({ length: 40 }, () => host.deps.directory.appendAudit([auditEvent(host.deps, jane.id, 'login.failed', 'anonymous', { reason: 'race' })])));
    // One transaction per event and no re-read: the instance's invocations wait their turn instead of colliding
    // (in lock-step, on a loaded machine, some ran out of attempts and were written without their count).
    expect({ ...host.kvs.stats }).toEqual({ '/api/v1/transaction': 40 });
    const after = await overview();
    expect(today(after, 'signInsFailed') - today(before, 'signInsFailed')).toBe(40);
    expect(host.logs.filter((l) => l.includes('overview counter contended'))).toEqual([]);
  });

  it('every figure links to a Customers filter that lists exactly the customers it counts, across pages', async () => {
    const admin = <T>(functionKey: string, payload: unknown) => invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload, persona: 'admin' });
    const listed = (status: CustomerFilter) => customerCalls(() => host).listAll({ status });
    const emails = (rows: CustomerRow[]) => rows.map((r) => r.email);
    // Mixed states through the real flows: an invitation that will expire within 48 hours, one that will not.
    expect((await admin('admin/customers/invite', { email: 'soon@example.org', displayName: 'Soon Expiring', locale: 'en' })).ok).toBe(true);
    await advance(5.5 * 86_400); // 36 hours left for it; the demo's invitation expires meanwhile
    expect((await admin('admin/customers/invite', { email: 'later@example.org', displayName: 'Later Expiring', locale: 'de' })).ok).toBe(true);
    // Locked (five wrong passwords), a reset link sent, disabled by an admin, a bounce.
    for (let i = 0; i < 5; i++) await form(host, 'login', { identifier: 'fresh@example.org', password: `wrong-${i}-password` }, nextClient());
    await form(host, 'forgot', { identifier: 'jane.doe@example.com' }, nextClient());
    expect((await admin('admin/customers/action', { id: 'old-5', action: 'disable' })).ok).toBe(true);
    const SECRET = 'webhook-secret-for-overview-0123456789';
    await kvs.setSecret('mail-webhook-secret', SECRET);
    await kvs.set(SETTINGS_KEY, { ...DEMO_SETTINGS, delivery: { provider: 'postmark' } });
    (host.deps.settings as KvsSettingsStore).forget();
    const erika = (await host.deps.directory.findByEmail('erika.mustermann@example.de'))!;
    const bounce = { RecordType: 'Bounce', ID: 4712, Type: 'HardBounce', TypeCode: 1, MessageID: 'pm-ov-links', Email: erika.email, BouncedAt: new Date(host.clock.nowMs()).toISOString(), Description: 'mailbox not found', Inactive: true, CanActivate: true, Metadata: { messageId: 'overview-links-1', customerId: erika.id } };
    const bounced = await fetch(`${host.url}/x/mail-events/postmark`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`postmark:${SECRET}`).toString('base64')}` }, body: JSON.stringify(bounce) });
    expect(bounced.status).toBe(200);
    await kvs.set(SETTINGS_KEY, DEMO_SETTINGS);
    (host.deps.settings as KvsSettingsStore).forget();
    await host.idle();

    const o = await overview();
    const lists = new Map<CustomerFilter, CustomerRow[]>();
    for (const filter of [...Object.values(OVERVIEW_LINKS.funnel), ...Object.values(OVERVIEW_LINKS.attention)]) lists.set(filter, await listed(filter));
    const figures = { ...Object.fromEntries(Object.entries(OVERVIEW_LINKS.funnel).map(([k, f]) => [k, [o.funnel[k as keyof OverviewData['funnel']], lists.get(f)!.length]])), ...Object.fromEntries(Object.entries(OVERVIEW_LINKS.attention).map(([k, f]) => [k, [o.attention[k as keyof OverviewData['attention']], lists.get(f)!.length]])) };
    // Each figure next to the number of rows its link lists (one object, so a failure names every mismatch).
    expect(figures).toEqual(Object.fromEntries(Object.entries(figures).map(([k, [figure]]) => [k, [figure, figure]])));
    expect(o.funnel.active).toBeGreaterThan(25); // more than one page of registered customers
    expect(o.attention.expiringSoon).toBeGreaterThanOrEqual(1);
    expect(o.attention.deliveryProblems).toBeGreaterThanOrEqual(1);

    // And the right customers: the figure's own definition, row by row.
    const registered = lists.get(OVERVIEW_LINKS.funnel.active)!;
    expect(new Set(registered.map((r) => r.status))).toEqual(new Set(['active', 'locked', 'reset-pending']));
    expect(emails(registered)).toEqual(expect.arrayContaining(['fresh@example.org', 'jane.doe@example.com', 'larry.locked@example.com']));
    // What the funnel linked to before (plain "active") leaves out the locked and reset-pending ones.
    expect((await listed('active')).length).toBeLessThan(o.funnel.active);
    const expiring = lists.get(OVERVIEW_LINKS.attention.expiringSoon)!;
    expect(emails(expiring)).toContain('soon@example.org');
    expect(emails(expiring)).not.toContain('later@example.org');
    for (const row of expiring) expect(row.inviteExpiresAt - now()).toBeLessThanOrEqual(48 * 3600);
    expect(emails(lists.get(OVERVIEW_LINKS.funnel.invited)!)).toEqual(expect.arrayContaining(['soon@example.org', 'later@example.org']));
    expect(emails(lists.get(OVERVIEW_LINKS.funnel.inviteExpired)!)).toContain('ines.abgelaufen@example.de');
    for (const [stage, filter] of Object.entries(OVERVIEW_LINKS.funnel)) if (stage !== 'active') for (const row of lists.get(filter)!) expect(row.status).toBe(filter);
    expect(emails(lists.get(OVERVIEW_LINKS.attention.locked)!)).toEqual(expect.arrayContaining(['fresh@example.org', 'larry.locked@example.com']));
    expect(lists.get(OVERVIEW_LINKS.funnel.disabled)!.map((r) => r.id)).toEqual(expect.arrayContaining(['old-5', 'old-entry']));
    expect(emails(lists.get(OVERVIEW_LINKS.attention.deliveryProblems)!)).toContain('erika.mustermann@example.de');
  });

  it('each instance counts into its own item: a count after the jobs worker counted needs no read and no second try', async () => {
    const jane = (await host.deps.directory.findByEmail('jane.doe@example.com'))!;
    await host.deps.directory.appendAudit([auditEvent(host.deps, jane.id, 'login.failed', 'anonymous', { reason: 'warm' })]);
    const before = await overview();
    // The jobs worker (another instance, as a queue consumer is on Forge) sends the reset mail and counts it.
    await form(host, 'forgot', { identifier: 'jane.doe@example.com' }, nextClient());
    await host.idle();
    host.kvs.resetStats();
    await host.deps.directory.appendAudit([auditEvent(host.deps, jane.id, 'login.failed', 'anonymous', { reason: 'after the worker' })]);
    // One transaction (the event with its count), no read of the counter, nothing refused.
    expect({ ...host.kvs.stats }).toEqual({ '/api/v1/transaction': 1 });
    const after = await overview();
    expect(today(after, 'signInsFailed') - today(before, 'signInsFailed')).toBe(1);
    expect(today(after, 'emailsSent') - today(before, 'emailsSent')).toBe(1);
    const { items } = await readDayItems(utcDate(now()), utcDate(now()));
    expect(items.length).toBeGreaterThanOrEqual(2);
  });

  it("merges a closed day's items into one and folds a day of more than a page of items, counting each once", async () => {
    const yesterday = utcDate(now());
    expect((await readDayItems(yesterday, yesterday)).items.length).toBeGreaterThanOrEqual(2);
    const lastDay = (o: OverviewData) => Object.fromEntries(Object.entries(o.series).map(([k, xs]) => [k, xs[xs.length - 1]]));
    const beforeAdvance = await overview();
    const beforeDay = lastDay(beforeAdvance);
    await advance(86400);
    // 150 items of one day now leaving the window (more than one query page): the fold takes them all, once.
    const leaving = foldCutoff(now());
    for (let i = 0; i < 150; i += 25) {
      await kvs.batchSet(Array.from({ length: 25 }, (_, j) => ({ key: `d-${leaving}-fold${i + j}`, value: { day: leaving, rev: 1, s: {}, f: { d: 1 } }, entityName: 'overview-day' })));
    }
    const first = await overview();
    await host.idle(); // the compaction job the load queued
    const second = await overview();
    expect(first.funnel.disabled - beforeAdvance.funnel.disabled).toBe(150);
    expect(second.funnel.disabled).toBe(first.funnel.disabled);
    const ofYesterday = (o: OverviewData) => Object.fromEntries(Object.entries(o.series).map(([k, xs]) => [k, xs[xs.length - 2]]));
    expect(ofYesterday(first)).toEqual(beforeDay);
    expect(ofYesterday(second)).toEqual(beforeDay);
    expect((await readDayItems(yesterday, yesterday)).items.map((hit) => hit.key)).toEqual([`d-${yesterday}`]);
    // The 150 folded deltas: the base holds them exactly once (a fold resumed from its cursor, no page twice).
    const base = (await kvs.entity<{ f: { d?: number } }>('overview-meta').get('base'))!;
    const { items: leftOver } = await readDayItems('0000-00-00', leaving);
    const disabledInItems = leftOver.reduce((n, hit) => n + (hit.value.f.d ?? 0), 0);
    expect(base.f.d ?? 0).toBe(disabledInItems);
    expect(disabledInItems).toBeGreaterThanOrEqual(150);
  });
});
