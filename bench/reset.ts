import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_CUSTOMERS } from '../local/demo-data';
import { silentLogger, startHost } from '../local/host';
import { createAccounts, liftLimits, unknownEmail } from './accounts';
import { measureBetterAuthRequestTiming, startBetterAuthPeer } from './peers/better-auth-peer';
import { addInto, BACKGROUND_NICE, balancedOrder, diff, max, mean, median, pct, r2, r3, split, summary, total, type Check, type SectionReport, type Stats } from './stats';
import { ThreadClient } from './thread-client';

/**
 * `npm run bench`, section "reset": the reset journey over HTTP on loopback against the local Forge host
 * (production handlers, SQLite KVS emulation, SMTP mail catcher) on a fresh temporary data directory, plus
 * better-auth's forgot-password flow as a peer in the same run. Its JSON (method, requestReset, mail,
 * completeReset, peer, comparison) sits at the top of bench/results/latest.json. Run alone:
 * `BENCH_ONLY=reset node dist/bench/run.js` (printed, not written).
 *
 * Method notes (also written into the JSON):
 *  - Rate limits are lifted (settings written through @forge/kvs, cache forgotten) so the benchmark
 *    measures the flow, not the limiter. Per-account limits are lifted too, and known requests rotate
 *    over several active customers.
 *  - The HTTP client runs in a worker thread, so the measuring client never shares the host's event loop.
 *    The host runs queued jobs in its jobs worker (own thread and SQLite connection; on Forge the consumer
 *    is a separate invocation). Every request starts after `host.idle()`.
 *  - "Request path" KVS operations are counted while the host's queue is paused (until the client has the
 *    response); "worker" operations are those after resuming it, until `host.idle()` (the jobs worker
 *    reports its operations with each finished job).
 */

const N_PAIRS = 420; // known/unknown pairs for the timing, in N_RATIO_ROUNDS rounds, queue running (its own thread)
const N_RATIO_ROUNDS = 3;
const N_RAW_PAIRS = 100; // pairs with the queue held until the response is read: KVS operations counted apart
const N_WARMUP = 20;
const N_MAIL = 60;
const N_COMPLETE = 24;
const N_SCRYPT = 8;
const N_ACCOUNTS = 40; // extra active customers the known requests rotate over
const N_PEER_USERS = 20;
const N_PEER_HELPER = 120;

/** The reset journey (request, mail, completion) on its own host, then better-auth as a peer in the same run. */
export async function resetBench(): Promise<SectionReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger, backgroundNice: BACKGROUND_NICE });
  const client = new ThreadClient();
  const checks: Check[] = [];
  const check = (name: string, value: string, target: string, pass: boolean) => checks.push({ name, value, target, pass });
  const base = `${host.url}/x/customer-pages`;
  const snap = (): Stats => ({ ...host.kvs.stats });

  try {
    await liftLimits(host);
    const accounts = await createAccounts(host, N_ACCOUNTS);
    const activeDemo = DEMO_CUSTOMERS.filter((c) => c.state === 'active').map((c) => ({ email: c.email, username: c.username }));
    const knownPool = [...accounts, ...activeDemo];
    await host.idle();
    host.mailbox.clear();

    /** One POST /forgot, with request-path and worker KVS operations. */
    async function forgot(identifier: string, hold = true) {
      await host.idle();
      const before = snap();
      // Isolated: queued jobs wait until the response is read, as on Forge where the consumer is another
      // invocation; then request-path and worker operations are counted apart.
      if (hold) host.pauseQueue();
      const res = await client.form(`${base}/forgot`, { identifier });
      const atEnd = snap();
      host.resumeQueue();
      await host.idle();
      const after = snap();
      if (res.status !== 303 || !res.location?.includes('/forgot/sent')) throw new Error(`forgot: unexpected ${res.status} ${res.location}`);
      // Take this request's mail and empty the mailbox: the catcher rewrites its whole file (up to 500
      // messages) on every message, which would otherwise add growing I/O and GC work after known requests.
      const mails = host.mailbox.list().map((m) => ({ to: m.to, text: m.text }));
      host.mailbox.clear();
      return { ms: res.ms, server: diff(atEnd, before), worker: diff(after, atEnd), mails };
    }

    // 1 + 2: request reset, known vs unknown, interleaved and order-alternating -------------------------
    for (let i = 0; i < N_WARMUP; i++) {
      await forgot(knownPool[i % knownPool.length].email);
      await forgot(unknownEmail('warm', i));
    }
    host.mailbox.clear();

    /** n known and n unknown requests interleaved in a seeded shuffle (balancedOrder); checks that every known request got its mail. */
    async function pairs(n: number, hold: boolean, tag: string, seed: number) {
      const kinds = balancedOrder(2 * n, seed);
      const r = {
        known: [] as number[], unknown: [] as number[], serverOps: [] as number[], serverPaths: {} as Stats,
        workerKnown: [] as number[], workerUnknown: [] as number[], workerKnownPaths: {} as Stats, workerUnknownPaths: {} as Stats,
        maxWithWorker: 0, withWorker: [] as number[],
      };
      let mailed = 0;
      /** One request's time and KVS operations, into the figures of its kind. */
      const record = (f: Awaited<ReturnType<typeof forgot>>, ms: number[], workerOps: number[], workerPaths: Stats) => {
        ms.push(f.ms);
        r.serverOps.push(total(f.server));
        addInto(r.serverPaths, f.server);
        workerOps.push(total(f.worker));
        addInto(workerPaths, f.worker);
        r.maxWithWorker = Math.max(r.maxWithWorker, total(f.server) + total(f.worker));
        r.withWorker.push(total(f.server) + total(f.worker));
      };
      const doKnown = async (i: number) => {
        const acct = knownPool[i % knownPool.length];
        const f = await forgot(acct.email, hold);
        record(f, r.known, r.workerKnown, r.workerKnownPaths);
        if (f.mails.length !== 1 || f.mails[0].to !== acct.email) throw new Error(`known ${acct.email}: expected one mail, got ${f.mails.length}`);
        mailed++;
      };
      const doUnknown = async (i: number) => {
        const f = await forgot(unknownEmail(tag, i), hold);
        if (f.mails.length !== 0) throw new Error('an unknown address produced mail');
        record(f, r.unknown, r.workerUnknown, r.workerUnknownPaths);
      };
      let k = 0;
      let u = 0;
      for (const isKnown of kinds) await (isKnown ? doKnown(k++) : doUnknown(u++));
      if (mailed !== n) throw new Error(`mail check failed: ${mailed} mails for ${n} known requests`);
      return r;
    }

    // Timing: the queue runs as it does on Forge (the consumer in the host's jobs worker, its own thread),
    // nothing paused; ROUNDS rounds of interleaved pairs, each round's ratio reported with the spread.
    const rounds: { known: number[]; unknown: number[]; ratio: number }[] = [];
    for (let k = 0; k < N_RATIO_ROUNDS; k++) {
      const round = await pairs(Math.ceil(N_PAIRS / N_RATIO_ROUNDS), false, `round${k}`, 25_000 + k);
      rounds.push({ known: round.known, unknown: round.unknown, ratio: median(round.unknown) / median(round.known) });
    }
    const known = rounds.flatMap((r) => r.known);
    const unknown = rounds.flatMap((r) => r.unknown);
    const roundRatios = rounds.map((r) => r.ratio);
    // KVS operations: the queue held until the client has the response, so request-path and worker
    // operations are counted apart.
    const held = await pairs(N_RAW_PAIRS, true, 'held', 25_100);
    const { serverOps, serverPaths, workerKnown, workerUnknown, workerKnownPaths, workerUnknownPaths, maxWithWorker, withWorker } = held;
    const all = [...known, ...unknown];
    const ourRatio = median(unknown) / median(known);

    // 3: submit-to-mailbox time --------------------------------------------------------------------------
    const mailMs: number[] = [];
    for (let i = 0; i < N_MAIL; i++) {
      await host.idle();
      const acct = knownPool[i % knownPool.length];
      const arrived = host.mailbox.next();
      const t0 = performance.now();
      const res = await client.form(`${base}/forgot`, { identifier: acct.email });
      if (res.status !== 303) throw new Error(`forgot: ${res.status}`);
      await arrived;
      mailMs.push(performance.now() - t0);
      if (host.mailbox.list()[0]?.to !== acct.email) throw new Error('mail went to the wrong address');
      await host.idle();
      host.mailbox.clear();
    }
    await host.idle();
    host.mailbox.clear();

    // 4: complete reset ----------------------------------------------------------------------------------
    const hasher = host.deps.hasher;
    const originalHash = hasher.hash.bind(hasher);
    let lastHashMs = 0;
    let hashes = 0;
    hasher.hash = async (password: string) => {
      const t0 = performance.now();
      try {
        return await originalHash(password);
      } finally {
        lastHashMs = performance.now() - t0;
        hashes++;
      }
    };
    const getMs: number[] = [];
    const postMs: number[] = [];
    const postExclScrypt: number[] = [];
    const inCompletionScrypt: number[] = [];
    const completionOps: ReturnType<typeof split>[] = [];
    const completionTotals: number[] = [];
    const completionPaths: Stats = {};
    const noticeOps: number[] = [];
    const noticePaths: Stats = {};
    for (let i = 0; i < N_COMPLETE; i++) {
      const acct = accounts[i % accounts.length];
      const mail = (await forgot(acct.email)).mails.find((m) => m.to === acct.email);
      const link = /(http:\/\/\S+\/reset\?token=[^\s&"]+&(?:amp;)?lang=\w+)/.exec(mail?.text ?? '')?.[1];
      if (!link) throw new Error(`no reset link mailed to ${acct.email}`);
      const token = new URL(link).searchParams.get('token')!;

      await host.idle();
      const s0 = snap();
      const view = await client.request({ url: link, method: 'GET' });
      if (view.status !== 200) throw new Error(`GET reset: ${view.status}`);
      getMs.push(view.ms);

      const password = `Bench-${randomBytes(6).toString('hex')}-Harbour-${i}`;
      const hashesBefore = hashes;
      host.pauseQueue();
      const done = await client.form(`${base}/reset`, { token, password, confirm: password, lang: 'en' });
      const s2 = snap();
      host.resumeQueue();
      if (done.status !== 303 || !done.location?.includes('/reset/done')) throw new Error(`POST reset: ${done.status} ${done.location}`);
      if (hashes !== hashesBefore + 1) throw new Error('expected exactly one scrypt per completion');
      postMs.push(done.ms);
      inCompletionScrypt.push(lastHashMs);
      postExclScrypt.push(done.ms - lastHashMs);
      await host.idle();
      const s3 = snap();
      const ops = diff(s2, s0);
      completionOps.push(split(ops));
      completionTotals.push(total(ops));
      addInto(completionPaths, ops);
      noticeOps.push(total(diff(s3, s2)));
      addInto(noticePaths, diff(s3, s2));
    }
    hasher.hash = originalHash;
    const scryptMs: number[] = [];
    for (let i = 0; i < N_SCRYPT; i++) {
      const t0 = performance.now();
      await hasher.hash(`scrypt-alone-${i}-${randomBytes(4).toString('hex')}`);
      scryptMs.push(performance.now() - t0);
    }

    await client.close().catch(() => 0);
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });

    // 5: peer --------------------------------------------------------------------------------------------
    const peerClient = new ThreadClient();
    const peerUsers = Array.from({ length: N_PEER_USERS }, (_, i) => ({
      email: `peer.user${i}@example.com`,
      password: `peer-password-${i}-correct-horse`,
      name: `Peer User ${i}`,
    }));
    const peer = await startBetterAuthPeer({ users: peerUsers });
    const peerKnown: number[] = [];
    const peerUnknown: number[] = [];
    try {
      const reset = async (email: string) => {
        const r = await peerClient.json(`${peer.baseUrl}/api/auth/request-password-reset`, { email, redirectTo: `${peer.baseUrl}/reset-password-landing` });
        if (r.status !== 200) throw new Error(`peer request-password-reset: ${r.status} ${r.body ?? ''}`);
        return r.ms;
      };
      for (let i = 0; i < N_WARMUP; i++) {
        await reset(peerUsers[i % peerUsers.length].email);
        await reset(unknownEmail('peer-warm', i));
      }
      // The same seeded interleaving as ours (bench/stats.ts balancedOrder).
      const doKnown = async (i: number) => {
        const email = peerUsers[i % peerUsers.length].email;
        const before = peer.lastResetToken(email);
        peerKnown.push(await reset(email));
        const after = peer.lastResetToken(email);
        if (!after || after === before) throw new Error('peer did not "mail" a new token to a known user');
      };
      const doUnknown = async (i: number) => {
        const email = unknownEmail('peer', i);
        peerUnknown.push(await reset(email));
        if (peer.lastResetToken(email)) throw new Error('peer mailed an unknown address');
      };
      let k = 0;
      let u = 0;
      for (const isKnown of balancedOrder(2 * N_PAIRS, 25_200)) await (isKnown ? doKnown(k++) : doUnknown(u++));
    } finally {
      await peer.close();
      await peerClient.close().catch(() => 0);
    }
    // Cross-check with the peer module's own helper (in-process client, one known user).
    const helper = await measureBetterAuthRequestTiming(N_PEER_HELPER);

    // --- report -------------------------------------------------------------------------------------------
    const peerAll = [...peerKnown, ...peerUnknown];
    const peerRatio = median(peerUnknown) / median(peerKnown);
    const vsPeer = median(all) / median(peerAll);
    const compl = {
      reads: Math.max(...completionOps.map((o) => o.reads)),
      writes: Math.max(...completionOps.map((o) => o.writes)),
      secretWrites: Math.max(...completionOps.map((o) => o.secretWrites)),
      secretSets: Math.max(...completionOps.map((o) => o.secretSets)),
    };
    const perPath = (s: Stats, n: number) => Object.fromEntries(Object.entries(s).sort().map(([k, v]) => [k, r3(v / n)]));

    // p95, not max: once per 10 s the settings cache (per warm instance) is refreshed with one extra read.
    const refreshNote = 'max +1 = settings-cache refresh, one read per 10 s';
    check('KVS ops per request, request path (p95)', `${pct(serverOps, 95)} (mean ${r2(mean(serverOps))}, max ${max(serverOps)}${max(serverOps) > pct(serverOps, 95) ? `; ${refreshNote}` : ''})`, '≤ 4', pct(serverOps, 95) <= 4);
    check('KVS ops per request incl. queued worker (p95)', `${pct(withWorker, 95)} (request path ${r2(mean(serverOps))} + worker: known ${r2(mean(workerKnown))}, unknown ${r2(mean(workerUnknown))}; max ${maxWithWorker})`, '≤ 5 (the floor: docs/bench.md "Reset request"; issue 3\'s ≤ 4 is per request, checked above)', pct(withWorker, 95) <= 5);
    check(
      'unknown/known median ratio',
      `${r3(ourRatio).toFixed(3)} (rounds ${roundRatios.map((r) => r3(r).toFixed(3)).join(', ')}; spread ${r3(Math.max(...roundRatios) - Math.min(...roundRatios)).toFixed(3)})`,
      '1.00 ± 0.05',
      Math.abs(ourRatio - 1) <= 0.05,
    );
    check('mail p95 (submit → mailbox)', `${r2(pct(mailMs, 95))} ms`, '≤ 1000 ms', pct(mailMs, 95) <= 1000);
    const complOthers = max(completionTotals.map((t, i) => t - completionOps[i].secretSets));
    check(
      'KVS ops per completion (GET + POST)',
      `${complOthers} + ${compl.secretSets} secret write (${compl.reads} reads, ${compl.writes} writes, ${compl.secretWrites} secret writes = new hash set + old hash delete)`,
      '≤ 6 + secret write',
      complOthers <= 6 && compl.secretSets <= 1,
    );
    check('completion POST excl. scrypt, p95', `${r2(pct(postExclScrypt, 95))} ms (max ${r2(max(postExclScrypt))})`, '≤ 20 ms', pct(postExclScrypt, 95) <= 20);
    check('link GET p95', `${r2(pct(getMs, 95))} ms`, '≤ 20 ms', pct(getMs, 95) <= 20);
    check('our median / peer median', r3(vsPeer).toFixed(3), '≤ 1.2', vsPeer <= 1.2);
    const result = {
      method: [
        'Local Forge host (production handlers, SQLite KVS emulation, SMTP mail catcher) on a fresh temp dataDir, HTTP over loopback.',
        'Rate limits (per client and per account) are lifted to 10000/day so the bench measures the flow, not the limiter.',
        `Known requests rotate over ${knownPool.length} active customers; every known request was checked to produce exactly one mail (and unknown ones none); unknown addresses are all distinct. The mailbox is emptied after every request.`,
        'HTTP client in a worker thread; each request starts after host.idle().',
        `Request reset timing: ${N_RATIO_ROUNDS} rounds of known and unknown requests interleaved, as many of each, in a seeded shuffle (bench/stats.ts balancedOrder: the earlier alternation of pairs put every unknown request two after a known one), nothing paused; the queued job runs in the local host's jobs worker (its own thread and SQLite connection), as on Forge where the consumer is another invocation; the host's background threads (jobs worker, mail catcher) run at nice ${BACKGROUND_NICE}, so on these 2 cores a known address's mail work does not take CPU from the next timed request (on Forge it runs on another machine).`,
        `KVS ops: ${N_RAW_PAIRS} more known and as many unknown requests (shuffled the same way) with the queue held until the client has read the response; request-path ops are counted until then, worker ops from then until host.idle().`,
        'Peer: better-auth via startBetterAuthPeer, driven by the same client, same interleaving, same counts.',
      ],
      requestReset: {
        requests: all.length,
        latencyMs: summary(all),
        knownMs: summary(known),
        unknownMs: summary(unknown),
        unknownKnownMedianRatio: r3(ourRatio),
        rounds: rounds.map((r) => ({ requests: r.known.length + r.unknown.length, knownMedianMs: r2(median(r.known)), unknownMedianMs: r2(median(r.unknown)), unknownKnownMedianRatio: r3(r.ratio) })),
        roundRatioSpread: r3(Math.max(...roundRatios) - Math.min(...roundRatios)),
        kvsOpsInclWorkerMax: maxWithWorker,
        kvsOpsRequestPath: { mean: r2(mean(serverOps)), max: max(serverOps), perPath: perPath(serverPaths, serverOps.length) },
        kvsOpsWorker: {
          known: { mean: r2(mean(workerKnown)), max: max(workerKnown), perPath: perPath(workerKnownPaths, workerKnown.length) },
          unknown: { mean: r2(mean(workerUnknown)), max: max(workerUnknown), perPath: perPath(workerUnknownPaths, workerUnknown.length) },
        },
      },
      mail: { submitToMailboxMs: summary(mailMs) },
      completeReset: {
        completions: N_COMPLETE,
        getLinkMs: summary(getMs),
        postResetMs: summary(postMs),
        postExclScryptMs: summary(postExclScrypt),
        scryptInCompletionMs: summary(inCompletionScrypt),
        scryptAloneMs: summary(scryptMs),
        kvsOpsPerCompletion: { ...compl, total: max(completionTotals), perPath: perPath(completionPaths, N_COMPLETE) },
        kvsOpsNoticeWorker: { mean: r2(mean(noticeOps)), max: max(noticeOps), perPath: perPath(noticePaths, N_COMPLETE) },
      },
      peer: {
        name: 'better-auth 1.7 (email+password, SQLite/better-sqlite3, toNodeHandler)',
        requests: peerAll.length,
        latencyMs: summary(peerAll),
        knownMs: summary(peerKnown),
        unknownMs: summary(peerUnknown),
        unknownKnownMedianRatio: r3(peerRatio),
        helperCrossCheck: {
          n: N_PEER_HELPER,
          knownMedianMs: r2(helper.knownMedianMs),
          unknownMedianMs: r2(helper.unknownMedianMs),
          unknownKnownMedianRatio: r3(1 / helper.ratio),
        },
      },
      comparison: { oursOverPeerMedian: r3(vsPeer), oursUnknownKnown: r3(ourRatio), peerUnknownKnown: r3(peerRatio) },
    };

    const ms = (x: number) => `${r2(x).toFixed(2)} ms`;
    const lines = [
      `Request reset  POST /forgot, ${all.length} requests (${known.length} known / ${unknown.length} unknown, interleaved in a seeded shuffle)`,
      `  latency          median ${ms(median(all))}   p95 ${ms(pct(all, 95))}`,
      `  known            median ${ms(median(known))}   p95 ${ms(pct(known, 95))}`,
      `  unknown          median ${ms(median(unknown))}   p95 ${ms(pct(unknown, 95))}   unknown/known ${ourRatio.toFixed(3)}`,
      `  rounds (interleaved, queue running in the host's jobs worker): unknown/known ${roundRatios.map((r) => r.toFixed(3)).join(' / ')}, spread ${(Math.max(...roundRatios) - Math.min(...roundRatios)).toFixed(3)}`,
      `  KVS ops request path  mean ${r2(mean(serverOps))}  max ${max(serverOps)}   ${JSON.stringify(perPath(serverPaths, serverOps.length))}`,
      `  KVS ops worker known  mean ${r2(mean(workerKnown))}  max ${max(workerKnown)}   ${JSON.stringify(perPath(workerKnownPaths, workerKnown.length))}`,
      `  KVS ops worker unknown mean ${r2(mean(workerUnknown))}  max ${max(workerUnknown)}   ${JSON.stringify(perPath(workerUnknownPaths, workerUnknown.length))}`,
      '',
      `Mail  submit → mailbox, ${mailMs.length} requests: median ${ms(median(mailMs))}   p95 ${ms(pct(mailMs, 95))}`,
      '',
      `Complete reset  GET link + POST /reset, ${N_COMPLETE} completions`,
      `  GET link         median ${ms(median(getMs))}   p95 ${ms(pct(getMs, 95))}`,
      `  POST reset       median ${ms(median(postMs))}   p95 ${ms(pct(postMs, 95))}`,
      `  POST excl scrypt median ${ms(median(postExclScrypt))}   p95 ${ms(pct(postExclScrypt, 95))}   max ${ms(max(postExclScrypt))}`,
      `  scrypt alone     median ${ms(median(scryptMs))} (N=2^17, r=8, p=1; in completion median ${ms(median(inCompletionScrypt))})`,
      `  KVS ops          ${compl.reads} reads, ${compl.writes} writes, ${compl.secretWrites} secret writes   ${JSON.stringify(perPath(completionPaths, N_COMPLETE))}`,
      `  notice worker    KVS ops mean ${r2(mean(noticeOps))}  max ${max(noticeOps)}   ${JSON.stringify(perPath(noticePaths, N_COMPLETE))} (queued "password changed" mail)`,
      '',
      `Peer  better-auth request-password-reset, ${peerAll.length} requests, same client and interleaving`,
      `  latency          median ${ms(median(peerAll))}   p95 ${ms(pct(peerAll, 95))}`,
      `  known / unknown  median ${ms(median(peerKnown))} / ${ms(median(peerUnknown))}   unknown/known ${peerRatio.toFixed(3)}`,
      `  helper cross-check (in-process client, n=${N_PEER_HELPER}): unknown/known ${(1 / helper.ratio).toFixed(3)}`,
      `  ours/peer median ${vsPeer.toFixed(3)}   unknown/known: ours ${ourRatio.toFixed(3)}, peer ${peerRatio.toFixed(3)}`,
    ];
    return { result, lines, checks };
  } catch (error) {
    await client.close().catch(() => 0);
    await host.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
