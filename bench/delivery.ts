import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, startHost } from '../local/host';
import { kvs } from '@forge/kvs';
import { MAIL_API_KEY_SECRET } from '../src/forge/kvs-keys';
import { createAccounts, LIFTED, liftLimits, type Account } from './accounts';
import { countById, FAKE_POSTMARK_TOKEN, startFakePostmark } from './fake-provider';
import { BACKGROUND_NICE, median, pct, r2, r3, summary, type Check, type SectionReport } from './stats';
import { ThreadClient } from './thread-client';

/**
 * `npm run bench`, section "delivery": queue consumer → Postmark adapter → loopback fake Postmark, on its own
 * host (see DELIVERY_METHOD). Run alone: `BENCH_ONLY=delivery node dist/bench/run.js` (printed, not written).
 */

const N_DELIVERY_THROUGHPUT = 2000; // reset mails through the queue consumer (one per account)
const N_DELIVERY_DRAIN = 1000; // mails put in the outbox (first attempt refused), then drained
const DELIVERY_SLOW_MS = 2000;
const N_DELIVERY_LATENCY_BLOCK = 200; // measured POST /forgot per block (100 per block: round ratios 0.75–1.40 on a quiet machine, whole blocks shifting)
const N_DELIVERY_LATENCY_ROUNDS = 10; // rounds of two blocks, order alternating (AB BA AB …) → 2000 per provider delay
const DELIVERY_PACE_MS = 10; // one request every 10 ms (open loop)
const N_DELIVERY_LEAD_IN = Math.ceil(DELIVERY_SLOW_MS / DELIVERY_PACE_MS); // unmeasured, so each block is at steady state
const N_DELIVERY_BACK_TO_BACK = 100; // informational: closed loop, per provider delay
const N_DELIVERY_OUTAGE = 200;
const N_DELIVERY_OUTAGE_REFAIL = 20; // retries refused once more (second backoff step, 60 s)
const SUBMIT_CONCURRENCY = 16;
const DELIVERY_METHOD = [
  `Own fresh host started with mailApiBase: its mail goes through the app's own provider transport (Postmark chosen in settings, the API key read from the KVS secret on each send; Node global fetch), built in the jobs worker for queued mail (so no provider call runs on the request path's event loop), pointed at a loopback fake Postmark (bench/fake-provider.ts: node:http in a worker thread, so the provider side takes no time from the app event loop) that answers 200 {To, SubmittedAt, MessageID, ErrorCode 0, Message OK} and records each accepted message by X-Portal-Access-Id. The host's background threads (jobs worker, mail catcher) and the fake run at nice ${BACKGROUND_NICE} (see the reset section).`,
  `Rate limits lifted as above; ${N_DELIVERY_THROUGHPUT} bench accounts, one mail per account per phase (no two in-flight mails for one account).`,
  `Throughput: ${N_DELIVERY_THROUGHPUT} POST /forgot over loopback from the worker-thread client, ${SUBMIT_CONCURRENCY} in flight; wall time from the first submit to the last message accepted at the fake (fake-side timestamps). When the consumer keeps up this is the request-path submit rate.`,
  `Outbox drain: the fake is down (503) for ${N_DELIVERY_DRAIN} first attempts (each writes an outbox record and a retry-mail job delayed 30 s); then up, host clock +30 s, runDueJobs() (all ${N_DELIVERY_DRAIN} retries start at once, in the host's jobs worker); time from runDueJobs() to the last message accepted.`,
  `Request-path independence: POST /forgot for known accounts, one every ${DELIVERY_PACE_MS} ms on average (open loop, sequential; gaps uniform in 0.5–1.5 × that, same sequence in every block), nothing paused or awaited in between, so every mail job runs in the host's jobs worker (its own thread, as the consumer is its own invocation on Forge) while later requests are served; ${N_DELIVERY_LATENCY_ROUNDS} rounds of two blocks with provider delay 0 / ${DELIVERY_SLOW_MS} ms, then ${DELIVERY_SLOW_MS} / 0, and so on alternating (each round's ratio reported; the ratio is of the pooled medians), each ${N_DELIVERY_LEAD_IN} unmeasured lead-in requests (${DELIVERY_SLOW_MS} ms, so the deferred halves of earlier jobs overlap the measured ones in both conditions) then ${N_DELIVERY_LATENCY_BLOCK} measured; host.idle() between blocks. Back-to-back (closed loop) figures are informational.`,
  `Outage: down for ${N_DELIVERY_OUTAGE} first attempts; up; clock +30 s with ${N_DELIVERY_OUTAGE_REFAIL} of those retries refused again (next backoff step, clock +60 s); every retry-mail job is also pushed a second time, undelayed (async events are at-least-once); counted per message id and per recipient at the fake.`,
];

export async function deliveryBench(): Promise<SectionReport> {
  const checks: Check[] = [];
  const check = (name: string, value: string, target: string, pass: boolean) => checks.push({ name, value, target, pass });
  const fake = await startFakePostmark({ nice: BACKGROUND_NICE });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-delivery-'));
  // The app's provider transport (Postmark chosen in settings, its key a KVS secret), built in the request path and in the jobs worker.
  const host = await startHost({ dataDir, port: 0, log: silentLogger, mailApiBase: fake.url, backgroundNice: BACKGROUND_NICE });
  const client = new ThreadClient();
  const base = `${host.url}/x/customer-pages`;
  const wallNow = () => performance.timeOrigin + performance.now(); // comparable with the fake's timestamps
  try {
    await liftLimits(host, { delivery: { provider: 'postmark', mailgunDomain: '', mailgunRegion: 'eu' } });
    await kvs.setSecret(MAIL_API_KEY_SECRET, FAKE_POSTMARK_TOKEN);
    const accounts = await createAccounts(host, N_DELIVERY_THROUGHPUT);
    await host.idle();

    const forgot = async (identifier: string) => {
      const res = await client.form(`${base}/forgot`, { identifier });
      if (res.status !== 303 || !res.location?.includes('/forgot/sent')) throw new Error(`forgot: unexpected ${res.status} ${res.location}`);
      return res.ms;
    };
    /** Submits every identifier, `SUBMIT_CONCURRENCY` in flight. */
    const submitAll = async (ids: string[]) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: SUBMIT_CONCURRENCY }, async () => {
          while (next < ids.length) await forgot(ids[next++]);
        }),
      );
    };
    /** What the fake accepted, against the accounts that should each have got exactly one message. */
    const tally = async (expected: Account[]) => {
      const snap = await fake.snapshot();
      const c = countById(snap);
      const perRecipient = new Map<string, number>();
      for (const m of snap.accepted) {
        const address = /<([^>]+)>$/.exec(m.to)?.[1] ?? m.to;
        perRecipient.set(address, (perRecipient.get(address) ?? 0) + 1);
      }
      const wanted = new Set(expected.map((a) => a.email));
      const missingRecipients = expected.filter((a) => !perRecipient.has(a.email)).length;
      const extraRecipients = [...perRecipient.keys()].filter((k) => !wanted.has(k)).length;
      const lastAt = snap.accepted.length ? Math.max(...snap.accepted.map((m) => m.at)) : NaN;
      const ok = c.unique === expected.length && c.duplicates === 0 && missingRecipients === 0 && extraRecipients === 0;
      return { snap, byId: c.byId, accepted: c.accepted, unique: c.unique, duplicates: c.duplicates, missingRecipients, extraRecipients, lastAt, ok, refused: snap.refused, rejected: snap.rejected };
    };
    const brief = (t: Awaited<ReturnType<typeof tally>>) =>
      JSON.stringify({ accepted: t.accepted, unique: t.unique, duplicates: t.duplicates, missingRecipients: t.missingRecipients, extraRecipients: t.extraRecipients, refused: t.refused, rejected: t.rejected });
    /** Resolves when the host is idle, or fails after `ms`. */
    const idleOrFail = async (what: string, ms = 60_000) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        host.idle(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: host not idle after ${ms} ms`)), ms))),
      ]).finally(() => clearTimeout(timer));
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // warm-up (also opens the fetch connections the first measurement would otherwise pay for)
    await submitAll(accounts.slice(0, 100).map((a) => a.email));
    await idleOrFail('warm-up');
    const warm = await tally(accounts.slice(0, 100));
    if (!warm.ok) throw new Error(`warm-up: ${brief(warm)}`);

    // 1a: throughput through the queue consumer -------------------------------------------------------------
    await fake.reset();
    const tp0 = wallNow();
    await submitAll(accounts.map((a) => a.email));
    const tpSubmitted = wallNow();
    await idleOrFail('throughput');
    const tp = await tally(accounts);
    if (!tp.ok) throw new Error(`throughput: not every mail accepted once: ${brief(tp)}`);
    const tpMs = tp.lastAt - tp0;
    const tpRate = N_DELIVERY_THROUGHPUT / (tpMs / 1000);
    const submitRate = N_DELIVERY_THROUGHPUT / ((tpSubmitted - tp0) / 1000);

    // 1b: outbox drain ---------------------------------------------------------------------------------------
    const drainAccounts = accounts.slice(0, N_DELIVERY_DRAIN);
    await fake.reset();
    await fake.set({ down: true });
    await submitAll(drainAccounts.map((a) => a.email));
    await idleOrFail('drain: first attempts');
    const drainFirst = await fake.snapshot();
    if (drainFirst.refusedIds.length !== N_DELIVERY_DRAIN || drainFirst.accepted.length !== 0) {
      throw new Error(`drain: expected ${N_DELIVERY_DRAIN} refused first attempts, got ${drainFirst.refusedIds.length} (accepted ${drainFirst.accepted.length})`);
    }
    await fake.set({ down: false });
    host.clock.advance(30);
    const dr0 = wallNow();
    host.runDueJobs();
    await idleOrFail('drain');
    const dr = await tally(drainAccounts);
    if (!dr.ok) throw new Error(`drain: not every mail accepted once: ${brief(dr)}`);
    const sameIds = drainFirst.refusedIds.every((id) => dr.byId.get(id) === 1);
    const drMs = dr.lastAt - dr0;
    const drRate = N_DELIVERY_DRAIN / (drMs / 1000);

    // 2: request path vs provider latency ---------------------------------------------------------------------
    await fake.reset();
    // A new rate-limit window: this phase alone sends ~8,000 requests from one client (the lifted limit is 10,000 a day).
    host.clock.advance(LIFTED.windowSec);
    let acct = 0;
    const nextEmail = () => accounts[acct++ % accounts.length].email;
    // Informational: back to back (closed loop), the block's deferred job halves fall partly after it.
    const backToBack = { fast: [] as number[], slow: [] as number[] };
    for (const kind of ['fast', 'slow'] as const) {
      await fake.set({ delayMs: kind === 'slow' ? DELIVERY_SLOW_MS : 0 });
      for (let i = 0; i < N_DELIVERY_BACK_TO_BACK; i++) backToBack[kind].push(await forgot(nextEmail()));
      await idleOrFail('back-to-back block');
    }
    // Gaps uniform in [0.5, 1.5] × pace (mean = pace), the same sequence in every block: no phase lock between
    // the request grid and the provider delay.
    let seed = 0x2f6b1d;
    const paceGaps = Array.from({ length: N_DELIVERY_LEAD_IN + N_DELIVERY_LATENCY_BLOCK }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return DELIVERY_PACE_MS * (0.5 + seed / 2 ** 31);
    });
    const lat = { fast: [] as number[], slow: [] as number[] };
    const lateStarts = { fast: 0, slow: 0 };
    const latRounds: { fast: number[]; slow: number[] }[] = [];
    const blockOrder = Array.from({ length: N_DELIVERY_LATENCY_ROUNDS }, (_, r) => (r % 2 ? (['slow', 'fast'] as const) : (['fast', 'slow'] as const))).flat();
    for (const [block, kind] of blockOrder.entries()) {
      const round = (latRounds[Math.floor(block / 2)] ??= { fast: [], slow: [] });
      await fake.set({ delayMs: kind === 'slow' ? DELIVERY_SLOW_MS : 0 });
      const b0 = performance.now();
      let slot = 0;
      for (let i = 0; i < N_DELIVERY_LEAD_IN + N_DELIVERY_LATENCY_BLOCK; i++) {
        slot += paceGaps[i];
        const wait = b0 + slot - performance.now();
        if (wait > 0) await sleep(wait);
        else if (wait < -DELIVERY_PACE_MS) lateStarts[kind]++;
        const ms = await forgot(nextEmail());
        if (i >= N_DELIVERY_LEAD_IN) {
          lat[kind].push(ms);
          round[kind].push(ms);
        }
      }
      await idleOrFail('latency block');
    }
    await fake.set({ delayMs: 0 });
    const latSnap = countById(await fake.snapshot());
    const latExpected = 2 * N_DELIVERY_BACK_TO_BACK + blockOrder.length * (N_DELIVERY_LEAD_IN + N_DELIVERY_LATENCY_BLOCK);
    if (latSnap.unique !== latExpected || latSnap.duplicates) throw new Error(`latency: ${latSnap.unique} of ${latExpected} accepted, ${latSnap.duplicates} duplicates`);
    const latRatio = median(lat.slow) / median(lat.fast);
    const latRoundRatios = latRounds.map((r) => median(r.slow) / median(r.fast));
    const latSpread = Math.max(...latRoundRatios) - Math.min(...latRoundRatios);
    const b2bRatio = median(backToBack.slow) / median(backToBack.fast);

    // 3: outage, then recovery with a second refusal for some, and every retry job delivered twice -----------------
    const outageAccounts = accounts.slice(N_DELIVERY_DRAIN, N_DELIVERY_DRAIN + N_DELIVERY_OUTAGE);
    await fake.reset();
    await fake.set({ down: true });
    await submitAll(outageAccounts.map((a) => a.email));
    await idleOrFail('outage: first attempts');
    const outageFirst = await fake.snapshot();
    const outageIds = outageFirst.refusedIds;
    if (outageIds.length !== N_DELIVERY_OUTAGE || outageFirst.accepted.length) throw new Error(`outage: expected ${N_DELIVERY_OUTAGE} refused first attempts, got ${outageIds.length}`);
    await fake.set({ down: false, failNext: N_DELIVERY_OUTAGE_REFAIL });
    host.clock.advance(30);
    host.runDueJobs();
    await Promise.all(outageIds.map((messageId) => host.deps.queue.push({ type: 'retry-mail', messageId })));
    await idleOrFail('outage: first retries');
    const afterFirstRetry = countById(await fake.snapshot()).unique;
    host.clock.advance(60);
    host.runDueJobs();
    await idleOrFail('outage: second retries');
    const out = await tally(outageAccounts);
    const missingIds = outageIds.filter((id) => !out.byId.has(id)).length;
    const outOk = out.ok && missingIds === 0;

    const result = {
      method: DELIVERY_METHOD,
      throughput: {
        messages: N_DELIVERY_THROUGHPUT,
        wallMs: r2(tpMs),
        acceptedPerSec: r2(tpRate),
        submitMs: r2(tpSubmitted - tp0),
        submitPerSec: r2(submitRate),
        lastAcceptedAfterLastResponseMs: r2(tp.lastAt - tpSubmitted),
      },
      outboxDrain: { messages: N_DELIVERY_DRAIN, wallMs: r2(drMs), acceptedPerSec: r2(drRate), sameMessageIdsAsFirstAttempt: sameIds, duplicates: dr.duplicates },
      requestPath: {
        providerDelayMs: { fast: 0, slow: DELIVERY_SLOW_MS },
        paceMs: DELIVERY_PACE_MS,
        leadInPerBlock: N_DELIVERY_LEAD_IN,
        fastMs: summary(lat.fast),
        slowMs: summary(lat.slow),
        slowFastMedianRatio: r3(latRatio),
        roundRatios: latRoundRatios.map(r3),
        roundRatioSpread: r3(latSpread),
        lateStarts,
        backToBack: { fastMs: summary(backToBack.fast), slowMs: summary(backToBack.slow), slowFastMedianRatio: r3(b2bRatio) },
      },
      outage: {
        messages: N_DELIVERY_OUTAGE,
        firstAttemptsRefused: outageFirst.refused,
        retriesRefusedAgain: N_DELIVERY_OUTAGE_REFAIL,
        retryJobsPushedTwice: true,
        acceptedAfterFirstRetry: afterFirstRetry,
        accepted: out.accepted,
        unique: out.unique,
        duplicates: out.duplicates,
        missingIds,
        missingRecipients: out.missingRecipients,
        extraRecipients: out.extraRecipients,
        providerCalls: out.accepted + out.refused,
      },
    };
    check('delivery: outbox drain', `${r2(drRate).toFixed(0)} msg/s (${N_DELIVERY_DRAIN} in ${r2(drMs)} ms; via queue consumer ${r2(tpRate).toFixed(0)} msg/s, submit-bound)`, '≥ 500 msg/s', drRate >= 500);
    check(
      'delivery: POST /forgot median, provider 2000 ms / 0 ms',
      `${r3(latRatio).toFixed(3)} (${r2(median(lat.slow))} / ${r2(median(lat.fast))} ms, n=${lat.slow.length}+${lat.fast.length}; rounds ${latRoundRatios.map((r) => r3(r).toFixed(3)).join(', ')}, spread ${r3(latSpread).toFixed(3)})`,
      '1.00 ± 0.05',
      Math.abs(latRatio - 1) <= 0.05,
    );
    check('delivery: outage, N delivered exactly once', `${out.unique}/${N_DELIVERY_OUTAGE} (${out.duplicates} duplicates, ${missingIds} missing)`, `${N_DELIVERY_OUTAGE}/${N_DELIVERY_OUTAGE}, 0 duplicates`, outOk);

    const ms = (x: number) => `${r2(x).toFixed(2)} ms`;
    const lines = [
      `Delivery  (own host; the app's provider transport (Postmark) → loopback fake Postmark in a worker thread; queue consumer in the host's jobs worker)`,
      `  throughput      ${N_DELIVERY_THROUGHPUT} reset mails, first submit → last accepted ${ms(tpMs)}: ${r2(tpRate).toFixed(0)} msg/s (submits ${r2(submitRate).toFixed(0)}/s, ${SUBMIT_CONCURRENCY} in flight; last accepted ${ms(tp.lastAt - tpSubmitted)} after the last response)`,
      `  outbox drain    ${N_DELIVERY_DRAIN} retries (clock +30 s, runDueJobs) → last accepted ${ms(drMs)}: ${r2(drRate).toFixed(0)} msg/s; same message ids as the refused attempts: ${sameIds ? 'yes' : 'NO'}`,
      `  POST /forgot    one per ${DELIVERY_PACE_MS} ms (jittered), ${N_DELIVERY_LATENCY_ROUNDS} rounds (AB BA AB …) of blocks of ${N_DELIVERY_LEAD_IN} lead-in + ${N_DELIVERY_LATENCY_BLOCK} measured, nothing paused:`,
      `                  provider 0 ms: median ${ms(median(lat.fast))} p95 ${ms(pct(lat.fast, 95))}   provider ${DELIVERY_SLOW_MS} ms: median ${ms(median(lat.slow))} p95 ${ms(pct(lat.slow, 95))}   ratio ${latRatio.toFixed(3)} (rounds ${latRoundRatios.map((r) => r.toFixed(3)).join(' / ')}, spread ${latSpread.toFixed(3)})`,
      `                  back to back (informational, n=${N_DELIVERY_BACK_TO_BACK} each): 0 ms median ${ms(median(backToBack.fast))}, ${DELIVERY_SLOW_MS} ms median ${ms(median(backToBack.slow))}, ratio ${b2bRatio.toFixed(3)}`,
      `  outage          ${N_DELIVERY_OUTAGE} first attempts refused; retries (+30 s, ${N_DELIVERY_OUTAGE_REFAIL} refused again, +60 s; every retry job pushed twice): ${out.unique} accepted once, ${out.duplicates} duplicates, ${missingIds} missing (${out.accepted + out.refused} provider calls)`,
    ];
    return { result, lines, checks };
  } finally {
    await client.close().catch(() => 0);
    await host.close().catch(() => undefined);
    await fake.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
