import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CUSTOMERS } from '../local/demo-data';
import { silentLogger, startHost } from '../local/host';
import { createAccounts, liftLimits, unknownEmail } from './accounts';
import { BACKGROUND_NICE, balancedOrder, diff, median, pct, r2, r3, total, type Check, type SectionReport, type Stats } from './stats';
import { ThreadClient } from './thread-client';

/**
 * `npm run bench`, section "email-code" (issue 22): "Email me a sign-in code" on the app's log-in page
 * (`POST login/email-code`), known vs unknown address, measured as the reset request's ratio (bench/reset.ts):
 * rate limits lifted, the HTTP client in a worker thread, every request after `host.idle()`, interleaved pairs
 * with the order alternating, the queue running in the host's jobs worker, three rounds, the ratio of medians.
 * Known requests rotate over bench customers (and the active demo ones) and each must get its one mail; an
 * unknown one none. The reset request is measured the same way right after, as a control: on a loaded machine
 * both ratios tilt alike (issue 22 report). Run alone: `BENCH_ONLY=email-code node dist/bench/run.js`.
 */
const N_PAIRS = 420; // known/unknown pairs, in N_ROUNDS rounds (as the reset's)
const N_ROUNDS = 3;
const N_WARMUP = 20;
const N_ACCOUNTS = 40;

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

    /** One request (a code, or the reset's as the control): its time, its request-path KVS operations, the mails it led to. */
    async function request(route: string, identifier: string) {
      await host.idle();
      const before = snap();
      const res = await client.form(`${base}/${route}`, { identifier, lang: 'en' });
      const server = total(diff(snap(), before));
      await host.idle();
      if (res.status !== 303) throw new Error(`${route}: unexpected ${res.status} ${res.location}`);
      const mails = host.mailbox.list().map((m) => m.to);
      host.mailbox.clear();
      return { ms: res.ms, server, mails };
    }

    /** N_ROUNDS rounds of as many known as unknown requests in a seeded shuffle; every known request gets its one mail. */
    async function measure(route: string, tag: string) {
      const rounds: { known: number[]; unknown: number[]; ratio: number }[] = [];
      const serverOps: number[] = [];
      for (let k = 0; k < N_ROUNDS; k++) {
        const known: number[] = [];
        const unknown: number[] = [];
        const pairs = Math.ceil(N_PAIRS / N_ROUNDS);
        let ki = 0;
        let ui = 0;
        // The reset's order (bench/stats.ts balancedOrder): a seeded shuffle of as many known as unknown requests, so what
        // a known request leaves behind (its queued job, its mail) falls on both kinds alike.
        for (const isKnown of balancedOrder(2 * pairs, 22_000 + k)) {
          const i = isKnown ? ki++ : ui++;
          const doKnown = async () => {
            const acct = knownPool[(k * N_PAIRS + i) % knownPool.length];
            const r = await request(route, acct.email);
            if (r.mails.length !== 1 || !r.mails[0].includes(acct.email)) throw new Error(`known ${acct.email}: expected one mail, got ${r.mails.length}`);
            known.push(r.ms);
            serverOps.push(r.server);
          };
          const doUnknown = async () => {
            const r = await request(route, unknownEmail(`${tag}${k}`, i));
            if (r.mails.length !== 0) throw new Error('an unknown address produced mail');
            unknown.push(r.ms);
            serverOps.push(r.server);
          };
          await (isKnown ? doKnown() : doUnknown());
        }
        rounds.push({ known, unknown, ratio: median(unknown) / median(known) });
      }
      return { rounds, serverOps };
    }

    for (let i = 0; i < N_WARMUP; i++) {
      await request('login/email-code', knownPool[i % knownPool.length].email);
      await request('login/email-code', unknownEmail('warm-code', i));
    }
    const { rounds, serverOps } = await measure('login/email-code', 'code');
    // The control: the reset request ("Forgot your password?") in the same harness, right after, so that a tilt
    // of the machine (load, the mail catcher's work after each known request) shows in both.
    const control = await measure('forgot', 'forgot');
    const controlRatio = median(control.rounds.flatMap((r) => r.unknown)) / median(control.rounds.flatMap((r) => r.known));
    const known = rounds.flatMap((r) => r.known);
    const unknown = rounds.flatMap((r) => r.unknown);
    const ratios = rounds.map((r) => r.ratio);
    // As the reset's check (bench/reset.ts): the ratio of the medians over all rounds, each round's ratio shown with the spread.
    const ratio = median(unknown) / median(known);
    const checks: Check[] = [
      {
        name: 'email code: unknown/known median ratio',
        value: `${r3(ratio).toFixed(3)} (rounds ${ratios.map((r) => r3(r).toFixed(3)).join(', ')}; spread ${r3(Math.max(...ratios) - Math.min(...ratios)).toFixed(3)}; load ${os.loadavg()[0].toFixed(1)})`,
        target: '1.00 ± 0.05',
        pass: Math.abs(ratio - 1) <= 0.05,
      },
    ];
    const controlLine = `control, the reset request in the same run: unknown/known ${r3(controlRatio).toFixed(3)} (rounds ${control.rounds.map((r) => r3(r.ratio).toFixed(3)).join(', ')})`;
    return {
      result: {
        method: 'POST login/email-code over loopback (client in a worker thread), after host.idle(); known and unknown requests in a seeded shuffle (balancedOrder, as the reset request); limits lifted; queue running in the jobs worker',
        unknownKnownMedianRatio: r3(ratio),
        loadAverage1m: r2(os.loadavg()[0]),
        rounds: rounds.map((r) => ({ requests: r.known.length + r.unknown.length, knownMedianMs: r2(median(r.known)), unknownMedianMs: r2(median(r.unknown)), unknownKnownMedianRatio: r3(r.ratio) })),
        knownMs: { median: r2(median(known)), p95: r2(pct(known, 95)) },
        unknownMs: { median: r2(median(unknown)), p95: r2(pct(unknown, 95)) },
        requestPathKvsOps: { median: median(serverOps), p95: pct(serverOps, 95) },
        control: { route: 'POST forgot', unknownKnownMedianRatio: r3(controlRatio), rounds: control.rounds.map((r) => r3(r.ratio)) },
      },
      lines: [
        'Email me a sign-in code (issue 22): request time, unknown vs known (as the reset request)',
        `  known            median ${r2(median(known))} ms   p95 ${r2(pct(known, 95))} ms`,
        `  unknown          median ${r2(median(unknown))} ms   p95 ${r2(pct(unknown, 95))} ms`,
        `  rounds: unknown/known ${ratios.map((r) => r.toFixed(3)).join(' / ')}; request-path KVS ops median ${median(serverOps)}, p95 ${pct(serverOps, 95)}`,
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
