import { performance } from 'node:perf_hooks';
import type { LocalHost } from '../local/host';
import { unknownEmail, type Account } from './accounts';
import type { ResetCounts } from './reset';
import { addInto, after, balancedOrder, diff, likeForLikeRatio, timedInOrder, timesOf, total, type Stats, type Timed } from './stats';
import type { ThreadClient } from './thread-client';

/** The reset section's request side (bench/reset.ts): POST /forgot, known vs unknown, and submit-to-mailbox time. */

export type Forgot = ReturnType<typeof forgotCall>;

/** One POST /forgot, with request-path and worker KVS operations. */
export function forgotCall(host: LocalHost, client: ThreadClient, base: string) {
  const snap = (): Stats => ({ ...host.kvs.stats });
  return async function forgot(identifier: string, hold = true) {
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
  };
}

/** Request reset timing (rounds) and KVS operations, the queue held until each answer is read, after a warm-up. */
export async function requestFigures(host: LocalHost, forgot: Forgot, knownPool: Pick<Account, 'email'>[], counts: ResetCounts) {
  for (let i = 0; i < counts.warmup; i++) {
    await forgot(knownPool[i % knownPool.length].email);
    await forgot(unknownEmail('warm', i));
  }
  host.mailbox.clear();

  /** n known and n unknown requests interleaved in a seeded shuffle (balancedOrder); checks that every known request got its mail. */
  async function pairs(n: number, hold: boolean, tag: string, seed: number) {
    const kinds = balancedOrder(2 * n, seed);
    const r = {
      serverOps: [] as number[], serverPaths: {} as Stats,
      workerKnown: [] as number[], workerUnknown: [] as number[], workerKnownPaths: {} as Stats, workerUnknownPaths: {} as Stats,
      maxWithWorker: 0, withWorker: [] as number[],
    };
    let mailed = 0;
    /** One request's time and KVS operations, into the figures of its kind. */
    const record = (f: Awaited<ReturnType<typeof forgot>>, workerOps: number[], workerPaths: Stats) => {
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
      record(f, r.workerKnown, r.workerKnownPaths);
      if (f.mails.length !== 1 || f.mails[0].to !== acct.email) throw new Error(`known ${acct.email}: expected one mail, got ${f.mails.length}`);
      mailed++;
      return f.ms;
    };
    const doUnknown = async (i: number) => {
      const f = await forgot(unknownEmail(tag, i), hold);
      if (f.mails.length !== 0) throw new Error('an unknown address produced mail');
      record(f, r.workerUnknown, r.workerUnknownPaths);
      return f.ms;
    };
    /** Every request's kind and time in the order they ran (bench/stats.ts likeForLikeRatio). */
    const seq = await timedInOrder(kinds, doKnown, doUnknown);
    if (mailed !== n) throw new Error(`mail check failed: ${mailed} mails for ${n} known requests`);
    return { ...r, seq };
  }

  // Timing: each request's queued job waits until its answer is read, then runs before the next request (as on
  // Forge, where the consumer is another invocation on other hardware: a known address's job cannot share these
  // 2 cores with the timed answer); ROUNDS rounds of interleaved pairs, each round's ratio reported with the spread.
  const rounds: { known: number[]; unknown: number[]; seq: Timed[]; ratio: number; plain: number }[] = [];
  for (let k = 0; k < counts.ratioRounds; k++) {
    const round = await pairs(Math.ceil(counts.pairs / counts.ratioRounds), true, `round${k}`, 25_000 + k);
    const { ratio, plain } = likeForLikeRatio(round.seq);
    rounds.push({ known: timesOf(round.seq, true), unknown: timesOf(round.seq, false), seq: round.seq, ratio, plain });
  }
  const known = rounds.flatMap((r) => r.known);
  const unknown = rounds.flatMap((r) => r.unknown);
  const roundRatios = rounds.map((r) => r.ratio);
  const seq = rounds.flatMap((r) => r.seq);
  const comparison = likeForLikeRatio(seq);
  const afterKnown = after(seq, true).map((t) => t.ms);
  const afterUnknown = after(seq, false).map((t) => t.ms);
  // KVS operations: the queue held until the client has the response, so request-path and worker
  // operations are counted apart.
  const held = await pairs(counts.rawPairs, true, 'held', 25_100);
  const { serverOps, serverPaths, workerKnown, workerUnknown, workerKnownPaths, workerUnknownPaths, maxWithWorker, withWorker } = held;
  const all = [...known, ...unknown];
  const ourRatio = comparison.ratio;
  return { rounds, known, unknown, roundRatios, afterKnown, afterUnknown, comparison, all, ourRatio, serverOps, serverPaths, workerKnown, workerUnknown, workerKnownPaths, workerUnknownPaths, maxWithWorker, withWorker };
}

/** Submit-to-mailbox time of known requests (`counts.mail`), each after host.idle(). */
export async function mailTimes(host: LocalHost, client: ThreadClient, base: string, knownPool: Pick<Account, 'email'>[], counts: ResetCounts): Promise<number[]> {
  const mailMs: number[] = [];
  for (let i = 0; i < counts.mail; i++) {
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
  return mailMs;
}
