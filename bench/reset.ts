import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CUSTOMERS } from '../local/demo-data';
import { silentLogger, startHost } from '../local/host';
import { createAccounts, liftLimits } from './accounts';
import { completionFigures } from './reset-complete';
import { peerFigures } from './reset-peer';
import { resetReport } from './reset-report';
import { forgotCall, mailTimes, requestFigures } from './reset-request';
import { BACKGROUND_NICE, type SectionReport } from './stats';
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

const COUNTS = {
  pairs: 420, // known/unknown pairs for the timing, in `ratioRounds` rounds, queue running (its own thread)
  ratioRounds: 3,
  rawPairs: 100, // pairs with the queue held until the response is read: KVS operations counted apart
  warmup: 20,
  mail: 60,
  complete: 24,
  scrypt: 8,
  accounts: 40, // extra active customers the known requests rotate over
  peerUsers: 20,
  peerHelper: 120,
};
/** How many of each the reset section measures (its parts: reset-request.ts, reset-complete.ts, reset-peer.ts, reset-report.ts). */
export type ResetCounts = typeof COUNTS;

/** The reset journey (request, mail, completion) on its own host, then better-auth as a peer in the same run. */
export async function resetBench(): Promise<SectionReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger, backgroundNice: BACKGROUND_NICE });
  const client = new ThreadClient();
  const base = `${host.url}/x/customer-pages`;

  try {
    await liftLimits(host);
    const accounts = await createAccounts(host, COUNTS.accounts);
    const activeDemo = DEMO_CUSTOMERS.filter((c) => c.state === 'active').map((c) => ({ email: c.email, username: c.username }));
    const knownPool = [...accounts, ...activeDemo];
    await host.idle();
    host.mailbox.clear();
    const forgot = forgotCall(host, client, base);

    // 1 + 2: request reset, known vs unknown, interleaved and order-alternating -------------------------
    const requests = await requestFigures(host, forgot, knownPool, COUNTS);
    // 3: submit-to-mailbox time --------------------------------------------------------------------------
    const mailMs = await mailTimes(host, client, base, knownPool, COUNTS);
    // 4: complete reset ----------------------------------------------------------------------------------
    const completion = await completionFigures(host, client, base, forgot, accounts, COUNTS);

    await client.close().catch(() => 0);
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });

    // 5: peer --------------------------------------------------------------------------------------------
    const peer = await peerFigures(COUNTS);
    return resetReport(COUNTS, knownPool.length, requests, mailMs, completion, peer);
  } catch (error) {
    await client.close().catch(() => 0);
    await host.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
