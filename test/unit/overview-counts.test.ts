import { contribution, readState, seriesDelta, stateDelta, addState, pruneState, hoursOf, packSeries, unpackSeries } from '../../src/domain/overview/counts';
import { bucketByDay, dayStart, lastDays, localDate, safeZone } from '../../src/domain/overview/days';
import { kebab, overviewCsv, overviewCsvName } from '../../src/domain/overview/csv';
import { newCustomer, type Customer } from '../../src/domain/customer';

const T = Date.UTC(2026, 2, 29, 12) / 1000; // 2026-03-29 12:00 UTC: Europe/Berlin switched to summer time at 01:00 UTC

function customer(over: Partial<Customer>): Customer {
  return { ...newCustomer({ id: 'c1', email: 'a@example.com', emailKey: 'a@example.com', username: 'u', usernameKey: 'u', displayName: 'A', locale: 'en', nowSec: T }), ...over };
}

describe('overview bucketing by day in a time zone', () => {
  it('cuts days at local midnight: 23 hours on the spring DST day, 25 in autumn, 24 otherwise', () => {
    const spring = lastDays(T, 'Europe/Berlin', 3);
    expect(spring.map((d) => d.date)).toEqual(['2026-03-27', '2026-03-28', '2026-03-29']);
    expect(spring.map((d) => d.toHour - d.fromHour)).toEqual([24, 24, 23]);
    const autumn = lastDays(Date.UTC(2026, 9, 25, 20) / 1000, 'Europe/Berlin', 2);
    expect(autumn.map((d) => d.toHour - d.fromHour)).toEqual([24, 25]);
    expect(lastDays(T, 'UTC', 1)[0].toHour - lastDays(T, 'UTC', 1)[0].fromHour).toBe(24);
  });

  it('puts an event at 23:30 local on that day and one at 00:30 on the next, across zones', () => {
    expect(dayStart('2026-03-29', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 28, 23) / 1000);
    expect(dayStart('2026-06-01', 'America/New_York')).toBe(Date.UTC(2026, 5, 1, 4) / 1000);
    const days = lastDays(Date.UTC(2026, 5, 2, 12) / 1000, 'Europe/Berlin', 2); // 06-01, 06-02
    const lateOnFirst = Date.UTC(2026, 5, 1, 21, 30) / 1000; // 23:30 in Berlin (UTC+2)
    const earlyOnSecond = Date.UTC(2026, 5, 1, 22, 30) / 1000; // 00:30 on 06-02 in Berlin
    const hours = hoursOf([seriesDelta([{ kind: 'invite.sent', at: lateOnFirst }]), seriesDelta([{ kind: 'login.failed', at: earlyOnSecond }])]);
    expect(bucketByDay(hours.get('invitations')!, days)).toEqual([1, 0]);
    expect(bucketByDay(hours.get('signInsFailed')!, days)).toEqual([0, 1]);
    expect(localDate(earlyOnSecond, 'Europe/Berlin')).toBe('2026-06-02');
    expect(localDate(earlyOnSecond, 'UTC')).toBe('2026-06-01');
  });

  it('falls back to UTC for a zone Jira does not name or the runtime does not know; half-hour zones are cut at the hour', () => {
    expect(safeZone(undefined)).toBe('UTC');
    expect(safeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(safeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    const kolkata = lastDays(Date.UTC(2026, 5, 2, 12) / 1000, 'Asia/Kolkata', 2);
    // Midnight in Kolkata is 18:30 UTC: the day starts with the hour from 19:00 UTC.
    expect(kolkata[1].fromHour * 3600).toBe(Date.UTC(2026, 5, 1, 19) / 1000);
    expect(kolkata.map((d) => d.toHour - d.fromHour)).toEqual([24, 24]);
  });

  it('answers every one of the 30 days, zero where nothing happened', () => {
    const days = lastDays(T, 'Europe/Berlin');
    expect(days).toHaveLength(30);
    expect(bucketByDay(new Map(), days)).toEqual(new Array(30).fill(0));
  });
});

describe('overview counting', () => {
  it('counts the kinds of each series and ignores retries', () => {
    const s = seriesDelta([
      { kind: 'email.retrying', at: T },
      { kind: 'email.retrying', at: T },
      { kind: 'email.sent', at: T },
      { kind: 'customer.updated', at: T },
    ]);
    expect(Object.values(s)).toEqual([1]);
  });

  it('counts a status change as its delta: nothing when the contribution is unchanged', () => {
    const invited = customer({ invitedAt: T, link: { purpose: 'invite', hash: 'h', expiresAt: T + 7 * 86400, issuedAt: T } as never, linkHash: 'h' });
    const before = contribution(invited);
    const active = { ...invited, status: 'active' as const, link: null, linkHash: '' };
    const delta = stateDelta(before, contribution(active));
    expect(delta).toEqual({ i: -1, a: 1, e: { [String(Math.ceil((T + 7 * 86400) / 3600))]: -1 } });
    expect(stateDelta(before, before)).toEqual({});
  });

  it('applying the same change twice from the same version counts once (the second write is refused by the revision)', () => {
    // The counted signature travels on the record: replaying an update built from the old version yields the
    // same delta, but the directory's write is conditioned on that version's revision, so only one lands.
    const v1 = customer({});
    const counted = addState({}, stateDelta(undefined, contribution(v1)));
    expect(readState(counted, T).funnel.notInvited).toBe(1);
  });

  it('derives invited, expired, expiring soon and locked from times, not from a stored status', () => {
    const hour = (sec: number) => String(Math.ceil(sec / 3600));
    const f = addState(
      addState(stateDelta(undefined, `i:${hour(T + 10 * 3600)}`), stateDelta(undefined, `i:${hour(T + 100 * 3600)}`)),
      addState(stateDelta(undefined, `i:${hour(T - 3600)}`), stateDelta(undefined, `a:${Math.ceil((T + 600) / 60)}!`)),
    );
    const { funnel, attention } = readState(f, T);
    expect(funnel).toEqual({ notInvited: 0, invited: 2, inviteExpired: 1, active: 1, disabled: 0 });
    expect(attention).toEqual({ expiringSoon: 1, locked: 1, deliveryProblems: 1 });
    // Eleven hours later the first invitation has expired and the lock has ended.
    expect(readState(f, T + 11 * 3600).funnel.inviteExpired).toBe(2);
    expect(readState(f, T + 11 * 3600).attention.locked).toBe(0);
    // Pruning what is past changes no reading after it.
    expect(readState(pruneState(f, T + 11 * 3600), T + 12 * 3600)).toEqual(readState(f, T + 12 * 3600));
  });
});

describe('the stored form of a day item\'s series', () => {
  it('keeps the day\'s hours as short arrays and other hours by key, and reads back exactly', () => {
    const day = '2026-03-29';
    const flat = seriesDelta([
      { kind: 'invite.sent', at: Date.UTC(2026, 2, 29, 0, 10) / 1000 },
      { kind: 'invite.sent', at: Date.UTC(2026, 2, 29, 2, 0) / 1000 },
      { kind: 'invite.sent', at: Date.UTC(2026, 2, 29, 2, 59) / 1000 },
      { kind: 'login.failed', at: Date.UTC(2026, 2, 28, 23, 59) / 1000 }, // written just after midnight
    ]);
    const packed = packSeries(flat, day);
    expect(packed.inv).toEqual([1, 0, 2]);
    expect(Object.keys(packed).filter((k) => k.includes('@'))).toHaveLength(1);
    expect(unpackSeries(packed, day)).toEqual(flat);
    // Items stored in the flat form read the same.
    expect(unpackSeries(flat, day)).toEqual(flat);
    // A busy day (every series, every hour, three-digit counts) stays near 1 KB.
    const busy: Record<string, number> = {};
    for (const kind of ['invite.sent', 'invite.accepted', 'reset.requested', 'password.changed', 'login.succeeded', 'login.failed', 'email.sent', 'email.delivered', 'email.bounced', 'email.failed']) {
      for (let h = 0; h < 24; h++) Object.assign(busy, { [Object.keys(seriesDelta([{ kind, at: Date.UTC(2026, 2, 29, h) / 1000 }]))[0]]: 137 });
    }
    expect(JSON.stringify(packSeries(busy, day)).length).toBeLessThan(1100);
  });
});

describe('a chart\'s figures as CSV', () => {
  // Berlin's spring DST day (23 hours) last, a day with nothing in the middle.
  const days = lastDays(T, 'Europe/Berlin', 3);
  const at = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h, min) / 1000;
  const events = [
    { kind: 'invite.sent', at: at(2026, 3, 26, 23, 30) }, // 00:30 on 03-27 in Berlin (UTC+1)
    { kind: 'invite.sent', at: at(2026, 3, 28, 23, 30) }, // 00:30 on 03-29, before the switch
    { kind: 'invite.sent', at: at(2026, 3, 29, 21, 30) }, // 23:30 on 03-29, after it (UTC+2)
    { kind: 'login.failed', at: at(2026, 3, 29, 1, 30) }, // 03:30 on 03-29
  ];
  const hours = hoursOf(events.map((e) => seriesDelta([e])));
  const invitations = bucketByDay(hours.get('invitations')!, days);
  const signInsFailed = bucketByDay(hours.get('signInsFailed')!, days);

  it('has one row per local day as the chart shows it: the DST day once with all its events, a day with nothing as 0', () => {
    expect(invitations).toEqual([1, 0, 2]);
    const dates = days.map((d) => d.date);
    expect(overviewCsv(dates, [{ name: 'invitations', counts: invitations }])).toBe('day,invitations\r\n2026-03-27,1\r\n2026-03-28,0\r\n2026-03-29,2\r\n');
    expect(overviewCsv(dates, [{ name: 'invitations', counts: invitations }, { name: 'signInsFailed', counts: signInsFailed }])).toBe(
      'day,invitations,signInsFailed\r\n2026-03-27,1,0\r\n2026-03-28,0,0\r\n2026-03-29,2,1\r\n',
    );
    expect(overviewCsvName(`portal-access-${kebab('signInsFailed')}`, dates)).toBe('portal-access-sign-ins-failed-2026-03-27--2026-03-29.csv');
    expect(overviewCsvName('portal-access-last-30-days', [])).toBe('portal-access-last-30-days.csv');
  });

  it('refuses anything but ISO days, plain series names and whole counts, so no cell can start a formula', () => {
    const ok = { name: 'invitations', counts: [1] };
    expect(() => overviewCsv(['=HYPERLINK("x")'], [ok])).toThrow('not an ISO day');
    expect(() => overviewCsv(['2026-03-29'], [{ name: '@SUM(A1)', counts: [1] }])).toThrow('not a series name');
    expect(() => overviewCsv(['2026-03-29'], [{ name: 'invitations', counts: [-1] }])).toThrow('not a count');
    expect(() => overviewCsv(['2026-03-29'], [{ name: 'invitations', counts: [1.5] }])).toThrow('not a count');
    expect(() => overviewCsv(['2026-03-29'], [{ name: 'invitations', counts: [Number.NaN] }])).toThrow('not a count');
    expect(() => overviewCsv(['2026-03-28', '2026-03-29'], [ok])).toThrow('1 counts for 2 days');
    expect(overviewCsv([], [ok].map((c) => ({ ...c, counts: [] })))).toBe('day,invitations\r\n');
  });
});
