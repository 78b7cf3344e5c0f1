import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, startHost } from '../local/host';
import { newCustomer, type Customer } from '../src/domain/customer';
import { issueLink } from '../src/domain/link-token';
import { SERIES_OF_KIND } from '../src/domain/overview/counts';
import { utcDate } from '../src/domain/overview/days';
import { auditEvent } from '../src/flows/deps';
import { loadOverview } from '../src/flows/overview';
import { forgetCounterCache, readDayItems } from '../src/forge/counters';
import { createMany } from '../src/forge/directory';
import type { AuditEvent, AuditKind } from '../src/domain/audit';

/**
 * `npm run bench`, section "overview" (issue 14): the admin Overview with 10,000 customers and 100,000 audit
 * events on the local host (production handlers, SQLite KVS emulation): KVS reads and time per load (the
 * resolver through `POST /local/api/invoke`, and the flow alone), and what counting costs per event.
 *
 * Run alone: `BENCH_ONLY=overview node --enable-source-maps dist/bench/run.js` (printed, not written).
 */
/** `BENCH_OVERVIEW_SCALE=0.1` for a quick run (1,000 customers, 10,000 events). */
const SCALE = Number(process.env.BENCH_OVERVIEW_SCALE ?? 1);
const N_CUSTOMERS = Math.round(10_000 * SCALE);
const N_EVENTS = Math.round(100_000 * SCALE);
const progress = (what: string) => process.stderr.write(`overview bench: ${what}\n`);
const EVENTS_PER_WRITE = 10; // the seeding writes events in groups (each group one counted transaction)
const N_LOADS = 200;
const N_LOAD_WARMUP = 10;
const N_COST = 500; // single events per cost measurement

type Stats = Record<string, number>;
type Check = { name: string; value: string; target: string; pass: boolean };
const READS = new Set(['/api/v1/get', '/api/v1/query', '/api/v1/entity/get', '/api/v1/entity/query', '/api/v1/batch/get']);

const diff = (after: Stats, before: Stats): Stats => Object.fromEntries(Object.entries(after).filter(([k, v]) => v - (before[k] ?? 0) > 0).map(([k, v]) => [k, v - (before[k] ?? 0)]));
const reads = (s: Stats) => Object.entries(s).reduce((n, [k, v]) => n + (READS.has(k) ? v : 0), 0);
const writes = (s: Stats) => Object.entries(s).reduce((n, [k, v]) => n + (READS.has(k) ? 0 : v), 0);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
const r2 = (x: number) => Math.round(x * 100) / 100;
const summary = (xs: number[]) => ({ n: xs.length, median: r2(median(xs)), p95: r2(pct(xs, 95)), max: r2(Math.max(...xs)) });

const COUNTED = Object.keys(SERIES_OF_KIND) as AuditKind[];

export async function overviewBench(): Promise<{ result: Record<string, unknown>; lines: string[]; checks: Check[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-overview-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger });
  try {
    const deps = host.deps;
    const now = Math.floor(host.clock.nowMs() / 1000);

    // 10,000 customers in every state (created through the counted path, as imports and invitations are).
    const seedStart = performance.now();
    const customers: Customer[] = [];
    for (let i = 0; i < N_CUSTOMERS; i++) {
      const base = newCustomer({ id: `bench-${i}`, email: `bench${i}@example.org`, emailKey: `bench${i}@example.org`, username: `bench${i}`, usernameKey: `bench${i}`, displayName: `Bench ${i}`, locale: 'en', nowSec: now - 40 * 86400 });
      const kind = i % 6;
      if (kind === 0) customers.push(base); // not invited yet
      else if (kind === 1 || kind === 2) {
        const { link } = issueLink(base.id, 'invite', now - (i % 20) * 86400, 7 * 86400, deps.randomBytes);
        customers.push({ ...base, invitedAt: now - (i % 20) * 86400, link, linkHash: link.hash });
      } else if (kind === 3) customers.push({ ...base, status: 'active', activatedAt: now - 86400, lockedUntil: i % 60 === 3 ? now + 600 : 0 });
      else if (kind === 4) customers.push({ ...base, status: 'active', activatedAt: now - 86400, deliveryIssue: i % 24 === 4 ? { kind: 'bounced', reason: 'bench', at: now } : null });
      else customers.push({ ...base, status: 'disabled' });
    }
    for (let i = 0; i < customers.length; i += 500) await createMany(customers.slice(i, i + 500), []);

    // 100,000 events over the last 30 days, in groups of ten per counted write.
    let events = 0;
    for (let g = 0; events < N_EVENTS; g++) {
      // Events written together happened together; the groups are spread over the last 29 days.
      const at = now - ((g * 7919) % (29 * 86400));
      const group: AuditEvent[] = [];
      for (let j = 0; j < EVENTS_PER_WRITE; j++, events++) {
        group.push({ ...auditEvent(deps, `bench-${events % N_CUSTOMERS}`, COUNTED[events % COUNTED.length], 'system'), at });
      }
      await deps.directory.appendAudit(group);
    }
    const seedSec = (performance.now() - seedStart) / 1000;
    progress(`seeded in ${r2(seedSec)} s`);

    // The first load starts the backfill (nothing to count: everything was counted as written) and folds.
    await loadOverview(deps, 'Europe/Berlin');
    progress('first load done');
    await host.idle();
    progress('backfill done');

    // Loads: the flow alone, then the whole resolver call as the page makes it.
    const flowMs: number[] = [];
    const loadReads: number[] = [];
    const loadWrites: number[] = [];
    for (let i = 0; i < N_LOAD_WARMUP + N_LOADS; i++) {
      const before = { ...host.kvs.stats };
      const t0 = performance.now();
      await loadOverview(deps, 'Europe/Berlin');
      const t = performance.now() - t0;
      if (i < N_LOAD_WARMUP) continue;
      flowMs.push(t);
      const d = diff(host.kvs.stats, before);
      loadReads.push(reads(d));
      loadWrites.push(writes(d));
    }
    progress('flow loads done');
    const invokeMs: number[] = [];
    const invoke = () =>
      fetch(`${host.url}/local/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ moduleKey: 'admin-page', functionKey: 'admin/overview', payload: {}, persona: 'admin' }) });
    let sample: { funnel?: unknown; series?: Record<string, number[]> } = {};
    for (let i = 0; i < N_LOAD_WARMUP + N_LOADS; i++) {
      const t0 = performance.now();
      const answer = (await (await invoke()).json()) as { result: { ok: boolean; data: typeof sample } };
      const t = performance.now() - t0;
      if (!answer.result.ok) throw new Error('admin/overview failed');
      sample = answer.result.data;
      if (i >= N_LOAD_WARMUP) invokeMs.push(t);
    }
    const counted = Object.values(sample.series ?? {}).reduce((n, xs) => n + xs.reduce((a, b) => a + b, 0), 0);

    // What counting adds per event: a counted kind against one that is not counted, one event per write.
    const cost = async (kind: AuditKind, cold: boolean) => {
      const before = { ...host.kvs.stats };
      for (let i = 0; i < N_COST; i++) {
        if (cold) forgetCounterCache();
        await deps.directory.appendAudit([auditEvent(deps, `bench-${i}`, kind, 'system')]);
      }
      const d = diff(host.kvs.stats, before);
      return { reads: r2(reads(d) / N_COST), writes: r2(writes(d) / N_COST), perPath: Object.fromEntries(Object.entries(d).map(([k, v]) => [k, r2(v / N_COST)])) };
    };
    const uncounted = await cost('customer.updated', false);
    const warm = await cost('login.failed', false);
    const cold = await cost('login.failed', true);
    // A day's figures are the sum of its items (one per instance that counted that day, merged once the day is closed).
    const bytesOfDay = async (date: string) => {
      const { items } = await readDayItems(date, date);
      return { items: items.length, bytes: Math.max(0, ...items.map((hit) => Buffer.byteLength(JSON.stringify(hit.value)))) };
    };
    const today = await bytesOfDay(utcDate(Math.floor(host.clock.nowMs() / 1000)));
    const itemBytes: number[] = [];
    for (let d = 0; d < 32; d++) {
      const day = await bytesOfDay(utcDate(now - d * 86400));
      if (day.items > 0) itemBytes.push(day.bytes);
    }
    const todayBytes = today.bytes;

    const result = {
      customers: N_CUSTOMERS,
      events: N_EVENTS,
      seedSeconds: r2(seedSec),
      countedInWindow: counted,
      load: {
        kvsReads: { median: median(loadReads), max: Math.max(...loadReads) },
        kvsWrites: { max: Math.max(...loadWrites) },
        flowMs: summary(flowMs),
        resolverMs: summary(invokeMs),
      },
      perEvent: { uncounted, countedWarm: warm, countedCold: cold },
      dayItemBytes: { today: todayBytes, max: Math.max(...itemBytes), median: median(itemBytes) },
    };
    const extraWrites = r2(warm.writes - uncounted.writes);
    const lines = [
      `Overview  (${N_CUSTOMERS.toLocaleString('en')} customers, ${N_EVENTS.toLocaleString('en')} events over 30 days; seeded in ${r2(seedSec)} s through the counted writes)`,
      `  load: ${median(loadReads)} KVS reads (max ${Math.max(...loadReads)}), ${Math.max(...loadWrites)} writes; flow median ${r2(median(flowMs))} ms p95 ${r2(pct(flowMs, 95))} ms; resolver (invoke) median ${r2(median(invokeMs))} ms p95 ${r2(pct(invokeMs, 95))} ms`,
      `  per counted event (one event per write): ${warm.writes} write requests vs ${uncounted.writes} uncounted (+${extraWrites}); reads ${warm.reads} warm, ${cold.reads} in a new instance (its own new shard)`,
      `  counter item: ${todayBytes} bytes today after ${N_EVENTS / 30 | 0} events/day (max of 32 days ${Math.max(...itemBytes)} bytes, median ${median(itemBytes)})`,
    ];
    const checks: Check[] = [
      { name: 'overview load, KVS reads', value: `${Math.max(...loadReads)}`, target: '≤ 40', pass: Math.max(...loadReads) <= 40 },
      { name: 'overview resolver time', value: `median ${r2(median(invokeMs))} ms, p95 ${r2(pct(invokeMs, 95))} ms`, target: 'p95 ≤ 100 ms', pass: pct(invokeMs, 95) <= 100 },
      { name: 'extra KVS write requests per counted event', value: `${extraWrites} (counter item ${Math.max(...itemBytes)} bytes at most)`, target: '≤ 1 write unit', pass: extraWrites <= 1 && Math.max(...itemBytes) <= 10 * 1024 },
      { name: 'every seeded event counted', value: `${counted} in the 30-day window`, target: `${N_EVENTS} (+ the cost runs)`, pass: counted >= N_EVENTS },
    ];
    return { result, lines, checks };
  } finally {
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
