import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CUSTOMERS } from '../local/demo-data';
import { silentLogger, startHost } from '../local/host';
import { createAccounts, liftLimits, unknownEmail } from './accounts';
import { addInto, BACKGROUND_NICE, balancedOrder, diff, likeForLikeRatio, max, median, pct, r2, r3, timedInOrder, timesOf, total, type Check, type SectionReport, type Stats, type Timed } from './stats';
import { ThreadClient } from './thread-client';

/**
 * `npm run bench`, section "email-code" (issue 22): "Email me a sign-in code" on the app's log-in page
 * (`POST login/email-code`), known vs unknown address, measured as the reset request's ratio (bench/reset.ts):
 * rate limits lifted, the HTTP client in a worker thread, every request after `host.idle()`, as many known as
 * unknown requests in a seeded shuffle (`balancedOrder`), the queue running in the host's jobs worker, three rounds,
 * the ratio of medians compared like with like (`likeForLikeRatio`: among the requests after a known one, and after an unknown one).
 * Known requests rotate over bench customers (and the active demo ones) and each must get its one mail; an
 * unknown one none. The reset request is measured the same way right after, as a control: on a loaded machine
 * both ratios tilt alike (issue 22 report). Run alone: `BENCH_ONLY=email-code node dist/bench/run.js`.
 *
 * Storage calls: counted apart, with the queue held until the client has the answer (as the reset section does), for
 * every kind of address (unknown, known, locked, disabled, not-registered); they must be the same calls, route by
 * route, as the sign-in's (bench/sign-in-paths.ts). Counted with the queue running (as before), a job that finished
 * before the answer was read had its operations (reported by the jobs worker when it finishes) counted with the
 * request: that was the earlier "p95 6" (3 of the request + 3 of an unknown address's job), not the request path.
 */
const N_PAIRS = 420; // known/unknown pairs, in N_ROUNDS rounds (as the reset's)
const N_ROUNDS = 3;
const N_WARMUP = 20;
const N_ACCOUNTS = 40;
const N_HELD = 12; // requests per kind of address with the queue held: storage calls of the request path and of the job

/** Demo accounts (local/demo-data.ts) for each kind; the unknown one is a fresh address each time. */
const KINDS = {
  unknown: (i: number) => unknownEmail('held', i),
  known: (i: number, pool: { email: string }[]) => pool[i % pool.length].email,
  locked: () => 'larry.locked@example.com',
  disabled: () => 'dana.disabled@example.com',
  notRegistered: () => 'tom.invited@example.com',
} as const;
type Kind = keyof typeof KINDS;

export async function emailCodeBench(): Promise<SectionReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger, backgroundNice: BACKGROUND_NICE });
  const client = new ThreadClient();
  const base = `${host.url}/x/customer-pages`;
  const snap = (): Stats => ({ ...host.kvs.stats });
  try {
    await liftLimits(host);
    const accounts = await createAccounts(host, N_ACCOUNTS);
    const knownPool = [...accounts, ...DEMO_CUSTOMERS.filter((c) => c.state === 'active' && !c.totpKey).map((c) => ({ email: c.email, username: c.username }))];
    await host.idle();
    host.mailbox.clear();

    /**
     * One timed request (a code, or the reset's as the control): its time and the mails it led to. Its queued job waits
     * until the answer is read (as on Forge, where the consumer is another invocation on other hardware), then runs:
     * a known address's job (lookup, claims, rendering, SMTP) would otherwise share these 2 cores with the timed answer.
     */
    async function request(route: string, identifier: string) {
      await host.idle();
      host.pauseQueue();
      const res = await client.form(`${base}/${route}`, { identifier, lang: 'en' });
      host.resumeQueue();
      await host.idle();
      if (res.status !== 303) throw new Error(`${route}: unexpected ${res.status} ${res.location}`);
      const mails = host.mailbox.list().map((m) => m.to);
      host.mailbox.clear();
      return { ms: res.ms, mails };
    }

    /** N_ROUNDS rounds of as many known as unknown requests in a seeded shuffle; every known request gets its one mail. */
    async function measure(route: string, tag: string) {
      const rounds: { known: number[]; unknown: number[]; seq: Timed[]; ratio: number; plain: number }[] = [];
      for (let k = 0; k < N_ROUNDS; k++) {
        const pairs = Math.ceil(N_PAIRS / N_ROUNDS);
        // The reset's order (bench/stats.ts balancedOrder): a seeded shuffle of as many known as unknown requests, each
        // kind after each kind as often, so what a known request leaves behind (its queued job, its mail) falls on both
        // kinds alike; the ratio compared like with like (likeForLikeRatio), as the reset's.
        const doKnown = async (i: number) => {
          const acct = knownPool[(k * N_PAIRS + i) % knownPool.length];
          const r = await request(route, acct.email);
          if (r.mails.length !== 1 || !r.mails[0].includes(acct.email)) throw new Error(`known ${acct.email}: expected one mail, got ${r.mails.length}`);
          return r.ms;
        };
        const doUnknown = async (i: number) => {
          const r = await request(route, unknownEmail(`${tag}${k}`, i));
          if (r.mails.length !== 0) throw new Error('an unknown address produced mail');
          return r.ms;
        };
        const seq = await timedInOrder(balancedOrder(2 * pairs, 22_000 + k), doKnown, doUnknown);
        rounds.push({ known: timesOf(seq, true), unknown: timesOf(seq, false), seq, ...likeForLikeRatio(seq) });
      }
      return { rounds };
    }

    /**
     * The request path's storage calls per kind of address, with the queue held until the client has the answer, and
     * the queued job's (another invocation) from then until idle. Each request after a GET of the log-in page, so
     * that the warm instance's settings cache (10 s) is fresh and no refresh read falls on one kind only.
     */
    async function storageCalls() {
      const kinds = Object.keys(KINDS) as Kind[];
      const request = Object.fromEntries(kinds.map((k) => [k, {}])) as Record<Kind, Stats>;
      const job = Object.fromEntries(kinds.map((k) => [k, {}])) as Record<Kind, Stats>;
      const totals: number[] = [];
      for (let i = 0; i < N_HELD; i++) {
        for (const kind of kinds) {
          await host.idle();
          await client.request({ url: `${base}/login?lang=en`, method: 'GET' });
          const identifier = KINDS[kind](i, knownPool);
          const before = snap();
          host.pauseQueue();
          const res = await client.form(`${base}/login/email-code`, { identifier, lang: 'en' });
          const atEnd = snap();
          host.resumeQueue();
          await host.idle();
          if (res.status !== 303) throw new Error(`${kind}: unexpected ${res.status}`);
          const mails = host.mailbox.list().length;
          host.mailbox.clear();
          if (mails !== (kind === 'known' ? 1 : 0)) throw new Error(`${kind}: ${mails} mails`);
          addInto(request[kind], diff(atEnd, before));
          addInto(job[kind], diff(snap(), atEnd));
          totals.push(total(diff(atEnd, before)));
        }
      }
      const perRequest = (s: Stats) => Object.fromEntries(Object.entries(s).sort().map(([k, v]) => [k, r2(v / N_HELD)]));
      const known = JSON.stringify(perRequest(request.known));
      return {
        kinds,
        totals,
        request: Object.fromEntries(kinds.map((k) => [k, perRequest(request[k])])) as Record<Kind, Stats>,
        job: Object.fromEntries(kinds.map((k) => [k, perRequest(job[k])])) as Record<Kind, Stats>,
        differing: kinds.filter((k) => JSON.stringify(perRequest(request[k])) !== known),
      };
    }

    for (let i = 0; i < N_WARMUP; i++) {
      await request('login/email-code', knownPool[i % knownPool.length].email);
      await request('login/email-code', unknownEmail('warm-code', i));
    }
    const { rounds } = await measure('login/email-code', 'code');
    const held = await storageCalls();
    // The control: the reset request ("Forgot your password?") in the same harness, right after, so that a tilt
    // of the machine (load, the mail catcher's work after each known request) shows in both.
    const control = await measure('forgot', 'forgot');
    const controlRatio = likeForLikeRatio(control.rounds.flatMap((r) => r.seq)).ratio;
    const known = rounds.flatMap((r) => r.known);
    const unknown = rounds.flatMap((r) => r.unknown);
    const ratios = rounds.map((r) => r.ratio);
    // As the reset's check (bench/reset.ts): the ratio over all rounds compared like with like, each round's shown with the spread.
    const comparison = likeForLikeRatio(rounds.flatMap((r) => r.seq));
    const ratio = comparison.ratio;
    const checks: Check[] = [
      {
        name: 'email code: unknown/known median ratio',
        value: `${r3(ratio).toFixed(3)} (rounds ${ratios.map((r) => r3(r).toFixed(3)).join(', ')}; spread ${r3(Math.max(...ratios) - Math.min(...ratios)).toFixed(3)}; all of each kind ${r3(comparison.plain).toFixed(3)}; load ${os.loadavg()[0].toFixed(1)})`,
        target: '1.00 ± 0.05',
        pass: Math.abs(ratio - 1) <= 0.05,
      },
      {
        name: 'email code: the same KVS calls on the request path for unknown, known, locked, disabled, not-registered',
        value: held.differing.length
          ? `differ: ${held.differing.join(', ')}`
          : `equal, route by route: ${JSON.stringify(held.request.known)} (queue held until the answer; p95 ${pct(held.totals, 95)}, max ${max(held.totals)}${max(held.totals) > pct(held.totals, 95) ? '; max +1 = settings-cache refresh, one read per 10 s' : ''}; the earlier p95 6 was a finished job's operations counted with the request while the queue ran)`,
        target: 'equal',
        pass: held.differing.length === 0,
      },
    ];
    const controlLine = `control, the reset request in the same run: unknown/known ${r3(controlRatio).toFixed(3)} (rounds ${control.rounds.map((r) => r3(r.ratio).toFixed(3)).join(', ')})`;
    return {
      result: {
        method: 'POST login/email-code over loopback (client in a worker thread), after host.idle(); known and unknown requests in a seeded shuffle, each kind after each kind as often (balancedOrder, as the reset request), the ratio compared like with like (likeForLikeRatio); limits lifted; the queued job of each request held until the answer is read, then run in the jobs worker before the next request',
        unknownKnownMedianRatio: r3(ratio),
        loadAverage1m: r2(os.loadavg()[0]),
        rounds: rounds.map((r) => ({ requests: r.known.length + r.unknown.length, knownMedianMs: r2(median(r.known)), unknownMedianMs: r2(median(r.unknown)), unknownKnownMedianRatio: r3(r.ratio), allOfEachKind: r3(r.plain) })),
        knownMs: { median: r2(median(known)), p95: r2(pct(known, 95)) },
        unknownMs: { median: r2(median(unknown)), p95: r2(pct(unknown, 95)) },
        requestPathKvsOps: {
          method: `${N_HELD} requests per kind, the queue held until the client has the answer; job: from then until idle (the consumer, another invocation); mean per request by route`,
          median: median(held.totals),
          p95: pct(held.totals, 95),
          byKind: held.request,
          job: held.job,
        },
        control: { route: 'POST forgot', unknownKnownMedianRatio: r3(controlRatio), rounds: control.rounds.map((r) => r3(r.ratio)) },
      },
      lines: [
        'Email me a sign-in code (issue 22): request time, unknown vs known (as the reset request)',
        `  known            median ${r2(median(known))} ms   p95 ${r2(pct(known, 95))} ms`,
        `  unknown          median ${r2(median(unknown))} ms   p95 ${r2(pct(unknown, 95))} ms`,
        `  rounds: unknown/known ${ratios.map((r) => r.toFixed(3)).join(' / ')}; request-path KVS ops (queue held) median ${median(held.totals)}, p95 ${pct(held.totals, 95)}`,
        ...held.kinds.map((k) => `    ${k.padEnd(14)} request ${JSON.stringify(held.request[k])}   job ${JSON.stringify(held.job[k])}`),
        `  ${controlLine}`,
      ],
      checks,
    };
  } finally {
    await client.close();
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
