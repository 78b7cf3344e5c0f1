import type { ResetCounts } from './reset';
import type { completionFigures } from './reset-complete';
import type { peerFigures } from './reset-peer';
import type { requestFigures } from './reset-request';
import { BACKGROUND_NICE, likeForLikeRatio, max, mean, median, pct, r2, r3, summary, type Check, type SectionReport, type Stats } from './stats';

/** The reset section's report (bench/reset.ts): its checks against the targets, its JSON and its printed lines. */
export function resetReport(
  counts: ResetCounts,
  knownPoolSize: number,
  requests: Awaited<ReturnType<typeof requestFigures>>,
  mailMs: number[],
  completion: Awaited<ReturnType<typeof completionFigures>>,
  peer: Awaited<ReturnType<typeof peerFigures>>,
): SectionReport {
  const checks: Check[] = [];
  const check = (name: string, value: string, target: string, pass: boolean) => checks.push({ name, value, target, pass });
  const { all, known, unknown, rounds, roundRatios, afterKnown, afterUnknown, comparison, ourRatio, serverOps, serverPaths, workerKnown, workerUnknown, workerKnownPaths, workerUnknownPaths, maxWithWorker, withWorker } = requests;
  const { getMs, postMs, postExclScrypt, inCompletionScrypt, completionOps, completionTotals, completionPaths, noticeOps, noticePaths, scryptMs } = completion;
  const { peerKnown, peerUnknown, peerSeq, helper } = peer;

  const peerAll = [...peerKnown, ...peerUnknown];
  // Compared as ours (likeForLikeRatio), the same order.
  const peerRatio = likeForLikeRatio(peerSeq).ratio;
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
    `${r3(ourRatio).toFixed(3)} (rounds ${roundRatios.map((r) => r3(r).toFixed(3)).join(', ')}; spread ${r3(Math.max(...roundRatios) - Math.min(...roundRatios)).toFixed(3)}; like with like: after a known request ${r3(comparison.afterKnown).toFixed(3)}, after an unknown one ${r3(comparison.afterUnknown).toFixed(3)}; all of each kind ${r3(comparison.plain).toFixed(3)})`,
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
      `Known requests rotate over ${knownPoolSize} active customers; every known request was checked to produce exactly one mail (and unknown ones none); unknown addresses are all distinct. The mailbox is emptied after every request.`,
      'HTTP client in a worker thread; each request starts after host.idle().',
      `Request reset timing: ${counts.ratioRounds} rounds of known and unknown requests interleaved, as many of each, in a seeded shuffle in which each kind follows each kind equally often (bench/stats.ts balancedOrder: a request right after a known one is slower, whatever its own kind; a plain shuffle put a known request before 57 % of the known requests of a round and 43 % of the unknown ones), the ratio compared like with like: unknown/known medians among the requests after a known one and among those after an unknown one, their geometric mean (bench/stats.ts likeForLikeRatio; the median of all of each kind, the earlier figure, beside it), each request's queued job held until its answer is read, then run in the local host's jobs worker (its own thread and SQLite connection) before the next request, as on Forge where the consumer is another invocation on another machine: a known address's job cannot share these 2 cores with the timed answer (with the queue running during the answer, the ratio sat at 0.92–0.98 in session 11); the host's background threads (jobs worker, mail catcher) run at nice ${BACKGROUND_NICE}.`,
      `KVS ops: ${counts.rawPairs} more known and as many unknown requests (shuffled the same way) with the queue held until the client has read the response; request-path ops are counted until then, worker ops from then until host.idle().`,
      'Peer: better-auth via startBetterAuthPeer, driven by the same client, same interleaving, same counts.',
    ],
    requestReset: {
      requests: all.length,
      latencyMs: summary(all),
      knownMs: summary(known),
      unknownMs: summary(unknown),
      unknownKnownMedianRatio: r3(ourRatio),
      unknownKnownAfterKnown: r3(comparison.afterKnown),
      unknownKnownAfterUnknown: r3(comparison.afterUnknown),
      unknownKnownAllOfEachKind: r3(comparison.plain),
      rounds: rounds.map((r) => ({ requests: r.known.length + r.unknown.length, knownMedianMs: r2(median(r.known)), unknownMedianMs: r2(median(r.unknown)), unknownKnownMedianRatio: r3(r.ratio), allOfEachKind: r3(r.plain) })),
      roundRatioSpread: r3(Math.max(...roundRatios) - Math.min(...roundRatios)),
      byPreviousRequest: { afterKnownMedianMs: r2(median(afterKnown)), afterUnknownMedianMs: r2(median(afterUnknown)), afterKnown: afterKnown.length, afterUnknown: afterUnknown.length },
      kvsOpsInclWorkerMax: maxWithWorker,
      kvsOpsRequestPath: { mean: r2(mean(serverOps)), max: max(serverOps), perPath: perPath(serverPaths, serverOps.length) },
      kvsOpsWorker: {
        known: { mean: r2(mean(workerKnown)), max: max(workerKnown), perPath: perPath(workerKnownPaths, workerKnown.length) },
        unknown: { mean: r2(mean(workerUnknown)), max: max(workerUnknown), perPath: perPath(workerUnknownPaths, workerUnknown.length) },
      },
    },
    mail: { submitToMailboxMs: summary(mailMs) },
    completeReset: {
      completions: counts.complete,
      getLinkMs: summary(getMs),
      postResetMs: summary(postMs),
      postExclScryptMs: summary(postExclScrypt),
      scryptInCompletionMs: summary(inCompletionScrypt),
      scryptAloneMs: summary(scryptMs),
      kvsOpsPerCompletion: { ...compl, total: max(completionTotals), perPath: perPath(completionPaths, counts.complete) },
      kvsOpsNoticeWorker: { mean: r2(mean(noticeOps)), max: max(noticeOps), perPath: perPath(noticePaths, counts.complete) },
    },
    peer: {
      name: 'better-auth 1.7 (email+password, SQLite/better-sqlite3, toNodeHandler)',
      requests: peerAll.length,
      latencyMs: summary(peerAll),
      knownMs: summary(peerKnown),
      unknownMs: summary(peerUnknown),
      unknownKnownMedianRatio: r3(peerRatio),
      helperCrossCheck: {
        n: counts.peerHelper,
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
    `  unknown          median ${ms(median(unknown))}   p95 ${ms(pct(unknown, 95))}   unknown/known ${ourRatio.toFixed(3)} like with like (after a known request ${comparison.afterKnown.toFixed(3)}, after an unknown one ${comparison.afterUnknown.toFixed(3)}); all of each kind ${comparison.plain.toFixed(3)}`,
    `  rounds (interleaved, each job held until its answer is read): unknown/known ${roundRatios.map((r) => r.toFixed(3)).join(' / ')}, spread ${(Math.max(...roundRatios) - Math.min(...roundRatios)).toFixed(3)}`,
    `  by the request before (either kind): after a known one median ${ms(median(afterKnown))}, after an unknown one ${ms(median(afterUnknown))} (the order has as many of each before both kinds: bench/stats.ts balancedOrder)`,
    `  KVS ops request path  mean ${r2(mean(serverOps))}  max ${max(serverOps)}   ${JSON.stringify(perPath(serverPaths, serverOps.length))}`,
    `  KVS ops worker known  mean ${r2(mean(workerKnown))}  max ${max(workerKnown)}   ${JSON.stringify(perPath(workerKnownPaths, workerKnown.length))}`,
    `  KVS ops worker unknown mean ${r2(mean(workerUnknown))}  max ${max(workerUnknown)}   ${JSON.stringify(perPath(workerUnknownPaths, workerUnknown.length))}`,
    '',
    `Mail  submit → mailbox, ${mailMs.length} requests: median ${ms(median(mailMs))}   p95 ${ms(pct(mailMs, 95))}`,
    '',
    `Complete reset  GET link + POST /reset, ${counts.complete} completions`,
    `  GET link         median ${ms(median(getMs))}   p95 ${ms(pct(getMs, 95))}`,
    `  POST reset       median ${ms(median(postMs))}   p95 ${ms(pct(postMs, 95))}`,
    `  POST excl scrypt median ${ms(median(postExclScrypt))}   p95 ${ms(pct(postExclScrypt, 95))}   max ${ms(max(postExclScrypt))}`,
    `  scrypt alone     median ${ms(median(scryptMs))} (N=2^17, r=8, p=1; in completion median ${ms(median(inCompletionScrypt))})`,
    `  KVS ops          ${compl.reads} reads, ${compl.writes} writes, ${compl.secretWrites} secret writes   ${JSON.stringify(perPath(completionPaths, counts.complete))}`,
    `  notice worker    KVS ops mean ${r2(mean(noticeOps))}  max ${max(noticeOps)}   ${JSON.stringify(perPath(noticePaths, counts.complete))} (queued "password changed" mail)`,
    '',
    `Peer  better-auth request-password-reset, ${peerAll.length} requests, same client and interleaving`,
    `  latency          median ${ms(median(peerAll))}   p95 ${ms(pct(peerAll, 95))}`,
    `  known / unknown  median ${ms(median(peerKnown))} / ${ms(median(peerUnknown))}   unknown/known ${peerRatio.toFixed(3)}`,
    `  helper cross-check (in-process client, n=${counts.peerHelper}): unknown/known ${(1 / helper.ratio).toFixed(3)}`,
    `  ours/peer median ${vsPeer.toFixed(3)}   unknown/known: ours ${ourRatio.toFixed(3)}, peer ${peerRatio.toFixed(3)}`,
  ];
  return { result, lines, checks };
}
