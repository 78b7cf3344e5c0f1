import type { Customer } from '../customer';

/**
 * The admin overview's counters as pure data (issue 14). Two kinds of figures:
 *
 * - **Series**: how many events of a kind happened, per UTC hour (`<code>@<hour since the epoch>`). Hours, not
 *   days, so the page can cut days in any time zone (and on DST change days) when it reads them; nothing
 *   about the site's time zone is needed when an event is counted.
 * - **State**: how many customers are in each part of the registration funnel. The status an admin sees is
 *   partly derived from time ("invitation expired" once the link's expiry passes, "locked" until
 *   `lockedUntil`), so a counter of statuses would go stale by itself. Instead each customer contributes
 *   what does not change with time: its stored status, and the *hour its invitation expires* or the *minute
 *   its lock ends*. The reader then compares those with "now": invitations whose hour lies ahead are
 *   "invited", the rest "expired". The contribution a customer's stored version was counted with travels on
 *   the record itself (`ovc`, a short signature), so a change's delta is `after − before` without reading
 *   the old version again; an entry without `ovc` was never counted (it predates the counters: the backfill
 *   counts it once and marks it).
 *
 * Precision: invitation expiry to the hour (an invitation expiring at 10:20 counts as invited until 11:00),
 * locks to the minute. The Customers list stays exact.
 */
export const SERIES = [
  'invitations',
  'registrations',
  'resetRequests',
  'passwordsChanged',
  'signInsSucceeded',
  'signInsFailed',
  /** Issue 22: sign-ins with a passkey (also counted in signInsSucceeded). */
  'passkeySignIns',
  'emailsSent',
  'emailsDelivered',
  'emailsBounced',
  'emailsFailed',
] as const;
export type Series = (typeof SERIES)[number];

/** Short codes keep the stored items small (write units are billed per KB). */
const CODE: Record<Series, string> = {
  invitations: 'inv',
  registrations: 'reg',
  resetRequests: 'rst',
  passwordsChanged: 'pwd',
  signInsSucceeded: 'sio',
  signInsFailed: 'sif',
  passkeySignIns: 'pks',
  emailsSent: 'ems',
  emailsDelivered: 'emd',
  emailsBounced: 'emb',
  emailsFailed: 'emf',
};
const SERIES_OF_CODE = new Map(SERIES.map((s) => [CODE[s], s]));

/**
 * Which audit kinds count toward which series: the one place that decides. `email.retrying` is not
 * counted (a mail tried three times is one mail: its final `email.sent` or `email.failed` counts once).
 * Refused sign-ins (locked, disabled, not registered) count as failed: both answer "is anyone hammering".
 */
export const SERIES_OF_KIND: Readonly<Record<string, Series>> = {
  'invite.sent': 'invitations',
  'invite.resent': 'invitations',
  'invite.accepted': 'registrations',
  'reset.requested': 'resetRequests',
  'password.changed': 'passwordsChanged',
  'login.succeeded': 'signInsSucceeded',
  'passkey.used': 'passkeySignIns',
  'login.failed': 'signInsFailed',
  'login.refused': 'signInsFailed',
  'email.sent': 'emailsSent',
  'email.delivered': 'emailsDelivered',
  'email.bounced': 'emailsBounced',
  'email.failed': 'emailsFailed',
};

export const HOUR = 3600;
export const hourOf = (sec: number): number => Math.floor(sec / HOUR);

/** A change to the counters: series increments by `<code>@<hour>`, and state deltas. */
export interface StateCounts {
  /** Not invited yet (created, e.g. by an import, without an invitation). */
  n?: number;
  /** Invited with an invitation link (live or expired: see `e`). */
  i?: number;
  /** Invited, but without an invitation link any more (counts as expired). */
  x?: number;
  /** Active (registered), locked or not. */
  a?: number;
  d?: number;
  /** Addresses with a delivery problem (a bounce or complaint not yet followed by a delivered mail). */
  b?: number;
  /** Invitations by the hour their link expires (hours since the epoch, rounded up). */
  e?: Record<string, number>;
  /** Locks by the minute they end (minutes since the epoch, rounded up). */
  l?: Record<string, number>;
}

export interface CounterDelta {
  s: Record<string, number>;
  f: StateCounts;
}

/**
 * The signature of what a customer contributes to the state counters. `n`, `x`, `a`, `d`, `i:<hour>`,
 * `a:<minute>`, with `!` appended for a delivery problem.
 */
export function contribution(c: Pick<Customer, 'status' | 'invitedAt' | 'link' | 'lockedUntil' | 'deliveryIssue'>): string {
  let sig: string;
  if (c.status === 'disabled') sig = 'd';
  else if (c.status === 'active') sig = c.lockedUntil > 0 ? `a:${Math.ceil(c.lockedUntil / 60)}` : 'a';
  else if (c.link?.purpose === 'invite') sig = `i:${Math.ceil(c.link.expiresAt / HOUR)}`;
  else sig = c.invitedAt === 0 ? 'n' : 'x';
  return c.deliveryIssue ? `${sig}!` : sig;
}

function addSig(f: StateCounts, sig: string, sign: 1 | -1): void {
  const problem = sig.endsWith('!');
  const [kind, at] = (problem ? sig.slice(0, -1) : sig).split(':');
  const bump = (k: 'n' | 'i' | 'x' | 'a' | 'd' | 'b') => (f[k] = (f[k] ?? 0) + sign);
  if (kind === 'n' || kind === 'x' || kind === 'd' || kind === 'a' || kind === 'i') bump(kind);
  if (kind === 'i' && at) f.e = addTo(f.e, at, sign);
  if (kind === 'a' && at) f.l = addTo(f.l, at, sign);
  if (problem) bump('b');
}

function addTo(map: Record<string, number> | undefined, key: string, n: number): Record<string, number> {
  return addInPlace({ ...(map ?? {}) }, key, n);
}

/** Adds into a map this code owns (a fresh copy): no copy per entry, so summing many maps stays linear. */
function addInPlace(map: Record<string, number>, key: string, n: number): Record<string, number> {
  const v = (map[key] ?? 0) + n;
  if (v === 0) delete map[key];
  else map[key] = v;
  return map;
}

/** State delta of replacing a version counted as `before` (undefined: never counted) by one counted as `after`. */
export function stateDelta(before: string | undefined, after: string | undefined): StateCounts {
  const f: StateCounts = {};
  if (before === after) return f;
  if (before !== undefined) addSig(f, before, -1);
  if (after !== undefined) addSig(f, after, 1);
  return clean(f);
}

/** Series increments of audit events (kinds that count; others are ignored). */
export function seriesDelta(events: readonly { kind: string; at: number }[]): Record<string, number> {
  const s: Record<string, number> = {};
  for (const e of events) {
    const series = SERIES_OF_KIND[e.kind];
    if (series) {
      const key = `${CODE[series]}@${hourOf(e.at)}`;
      s[key] = (s[key] ?? 0) + 1;
    }
  }
  return s;
}

export function isEmptyDelta(d: CounterDelta): boolean {
  return Object.keys(d.s).length === 0 && Object.keys(d.f).length === 0;
}

function clean(f: StateCounts): StateCounts {
  const out: StateCounts = {};
  for (const k of ['n', 'i', 'x', 'a', 'd', 'b'] as const) if (f[k]) out[k] = f[k];
  for (const k of ['e', 'l'] as const) if (f[k] && Object.keys(f[k]).length > 0) out[k] = f[k];
  return out;
}

/** Sum of two state counters (maps entry by entry; zero entries dropped). */
export function addState(a: StateCounts, b: StateCounts): StateCounts {
  const out: StateCounts = {};
  for (const k of ['n', 'i', 'x', 'a', 'd', 'b'] as const) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  for (const k of ['e', 'l'] as const) {
    const map = { ...(a[k] ?? {}) };
    for (const [key, n] of Object.entries(b[k] ?? {})) addInPlace(map, key, n);
    out[k] = map;
  }
  return clean(out);
}

export function addSeries(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [key, n] of Object.entries(b)) addInPlace(out, key, n);
  return out;
}

/**
 * Drops what no reader after `nowSec` can tell apart: invitation hours and lock minutes already past (an
 * expired invitation still counts in `i`; an ended lock in `a`). Keeps the folded base small.
 */
export function pruneState(f: StateCounts, nowSec: number): StateCounts {
  const keep = (map: Record<string, number> | undefined, unit: number) =>
    Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => Number(k) * unit > nowSec));
  return clean({ ...f, e: keep(f.e, HOUR), l: keep(f.l, 60) });
}

/** The funnel and "needs attention" as an admin sees them at `nowSec`. */
export interface FunnelCounts {
  notInvited: number;
  invited: number;
  inviteExpired: number;
  active: number;
  disabled: number;
}

export interface AttentionCounts {
  /** Invitations whose link expires within the next 48 hours (to the hour). */
  expiringSoon: number;
  locked: number;
  deliveryProblems: number;
}

export const EXPIRING_WITHIN_SEC = 48 * HOUR;

export function readState(f: StateCounts, nowSec: number): { funnel: FunnelCounts; attention: AttentionCounts } {
  let live = 0;
  let soon = 0;
  for (const [hour, n] of Object.entries(f.e ?? {})) {
    const at = Number(hour) * HOUR;
    if (at > nowSec) live += n;
    if (at > nowSec && at <= nowSec + EXPIRING_WITHIN_SEC) soon += n;
  }
  let locked = 0;
  for (const [minute, n] of Object.entries(f.l ?? {})) if (Number(minute) * 60 > nowSec) locked += n;
  const nonNegative = (n: number) => Math.max(0, n);
  return {
    funnel: {
      notInvited: nonNegative(f.n ?? 0),
      invited: nonNegative(live),
      inviteExpired: nonNegative((f.i ?? 0) - live + (f.x ?? 0)),
      active: nonNegative(f.a ?? 0),
      disabled: nonNegative(f.d ?? 0),
    },
    attention: { expiringSoon: nonNegative(soon), locked: nonNegative(locked), deliveryProblems: nonNegative(f.b ?? 0) },
  };
}

/** The counts of several items' series by series and hour (hours since the epoch → count), summed. */
export function hoursOf(items: readonly Record<string, number>[]): Map<Series, Map<number, number>> {
  const out = new Map<Series, Map<number, number>>(SERIES.map((s) => [s, new Map<number, number>()]));
  for (const series of items) {
    for (const key in series) {
      const at = key.indexOf('@');
      const hours = out.get(SERIES_OF_CODE.get(key.slice(0, at)) as Series);
      if (!hours) continue;
      const hour = Number(key.slice(at + 1));
      hours.set(hour, (hours.get(hour) ?? 0) + series[key]);
    }
  }
  return out;
}

/**
 * How a day item stores its series: per series code the 24 hourly counts of the item's UTC day (trailing
 * zeros dropped), so a busy day's item stays near 1 KB (KVS writes are billed by size); counts for hours
 * of another day (an event whose time is not the day it was written on) keep the `<code>@<hour>` form.
 * `unpackSeries` also reads items written in that flat form only.
 */
export type PackedSeries = Record<string, number[] | number>;

const firstHourOf = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 3_600_000;

export function packSeries(flat: Record<string, number>, day: string): PackedSeries {
  const first = firstHourOf(day);
  const out: PackedSeries = {};
  for (const key in flat) {
    const at = key.indexOf('@');
    const code = key.slice(0, at);
    const offset = Number(key.slice(at + 1)) - first;
    if (offset >= 0 && offset < 24 && SERIES_OF_CODE.has(code)) {
      const hours = (out[code] as number[] | undefined) ?? [];
      while (hours.length <= offset) hours.push(0);
      hours[offset] += flat[key];
      out[code] = hours;
    } else {
      out[key] = flat[key];
    }
  }
  return out;
}

export function unpackSeries(packed: PackedSeries, day: string): Record<string, number> {
  const first = firstHourOf(day);
  const out: Record<string, number> = {};
  for (const key in packed) {
    const value = packed[key];
    if (typeof value === 'number') out[key] = (out[key] ?? 0) + value;
    else value.forEach((n, i) => n !== 0 && (out[`${key}@${first + i}`] = (out[`${key}@${first + i}`] ?? 0) + n));
  }
  return out;
}
