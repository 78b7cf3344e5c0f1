import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, startHost } from '../local/host';
import { KvsApiKeys } from '../src/forge/api-keys';
import { Client, type Req } from './http-client';
import { countOn, diff, pct, r1, total, type Check, type Stats } from './stats';

/**
 * Provisioning API (issue 12): 1,000 customers created and activated over HTTP through the real web trigger
 * (`PUT /customers/{id}` then `POST …/activation`, 8 customers in flight), then the same 1,000 again, which
 * must send no email and write nothing to the directory. KVS operations are counted by path in the emulator;
 * the HTTP client runs in a worker thread so the host's event loop is the host's alone.
 */
const N = 1_000;
const IN_FLIGHT = 8;
/** Writes to the directory: customer, claim and audit entities go through transactions or entity sets. */
const DIRECTORY_WRITES = new Set(['/api/v1/transaction', '/api/v1/entity/set', '/api/v1/entity/delete', '/api/v1/batch/set']);
const directoryWrites = (s: Stats) => countOn(DIRECTORY_WRITES, s);

export async function provisioningBench(): Promise<{ lines: string[]; checks: Check[]; result: Record<string, unknown> }> {
  const checks: Check[] = [];
  const check = (name: string, value: string, target: string, pass: boolean) => checks.push({ name, value, target, pass });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-provisioning-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger });
  const client = new Client();
  try {
    const { key } = await new KvsApiKeys().create({ name: 'Bench shop', access: 'write', signed: false, createdBy: 'bench', now: Math.floor(host.clock.nowMs() / 1000) }, randomBytes);
    const base = `${host.url}/x/provisioning/customers`;
    const auth = { authorization: `Bearer ${key}` };
    const put = (i: number): Req => ({
      url: `${base}/BENCH-${i}`,
      // The worker's fetch takes any method; the shared client's type names the two the other sections use.
      method: 'PUT' as Req['method'],
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `prov.bench${i}@example.net`, displayName: `Bench Customer ${i}`, locale: i % 3 === 0 ? 'de' : 'en' }),
    });
    const activation = (i: number): Req => ({ url: `${base}/BENCH-${i}/activation`, method: 'POST', headers: auth });

    async function pass() {
      await host.idle();
      const mailBefore = host.mailbox.list().length;
      const before = { ...host.kvs.stats };
      const putMs: number[] = [];
      const activationMs: number[] = [];
      const statuses: Record<string, number> = {};
      const outcomes: Record<string, number> = {};
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < N) {
            const i = next++;
            const p = await client.request(put(i));
            putMs.push(p.ms);
            statuses[`PUT ${p.status}`] = (statuses[`PUT ${p.status}`] ?? 0) + 1;
            const a = await client.request(activation(i));
            activationMs.push(a.ms);
            statuses[`POST ${a.status}`] = (statuses[`POST ${a.status}`] ?? 0) + 1;
            const outcome = a.status === 200 ? (JSON.parse(a.body) as { activation: string }).activation : `http-${a.status}`;
            outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          }
        }),
      );
      const ms = performance.now() - t0;
      await host.idle();
      const ops = diff({ ...host.kvs.stats }, before);
      const mails = host.mailbox.list().length - mailBefore;
      return {
        seconds: Math.round(ms / 10) / 100,
        customersPerSec: r1(N / (ms / 1000)),
        callsPerSec: r1((2 * N) / (ms / 1000)),
        putMs: { p50: r1(pct(putMs, 50)), p95: r1(pct(putMs, 95)) },
        activationMs: { p50: r1(pct(activationMs, 50)), p95: r1(pct(activationMs, 95)) },
        statuses,
        outcomes,
        emails: mails,
        kvsOpsPerCall: r1(total(ops) / (2 * N)),
        directoryWrites: directoryWrites(ops),
        ops,
      };
    }

    const first = await pass();
    // The per-key rate window (3,000 calls a minute) is full after 2,000 calls: start the second pass in the next.
    await fetch(`${host.url}/local/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 61 }) });
    const second = await pass();
    check('Provisioning: 1,000 upserts + activations over HTTP', `${first.customersPerSec} customers/s, p95 PUT ${first.putMs.p95} ms, activation ${first.activationMs.p95} ms; ${first.emails} emails`, '1,000 invited, 1,000 emails', first.outcomes.invited === N && first.emails === N);
    check('Provisioning: the same 1,000 again', `${second.emails} emails, ${second.directoryWrites} directory writes, ${second.kvsOpsPerCall} KVS ops per call`, '0 emails, 0 directory writes', second.emails === 0 && second.directoryWrites === 0 && second.outcomes['already-invited'] === N);
    const line = (name: string, r: typeof first) => [
      `  ${name}  ${r.seconds} s, ${r.customersPerSec} customers/s (${r.callsPerSec} calls/s); PUT p50 ${r.putMs.p50} / p95 ${r.putMs.p95} ms, activation p50 ${r.activationMs.p50} / p95 ${r.activationMs.p95} ms`,
      `    outcomes ${JSON.stringify(r.outcomes)}, emails ${r.emails}, KVS ops ${r.kvsOpsPerCall}/call, directory writes ${r.directoryWrites}  ${JSON.stringify(r.ops)}`,
    ];
    return {
      lines: [`Provisioning API  ${N} customers: PUT /customers/{id} + POST …/activation over HTTP, ${IN_FLIGHT} in flight, local mailbox over SMTP`, ...line('first   ', first), ...line('again   ', second)],
      checks,
      result: {
        customers: N,
        inFlight: IN_FLIGHT,
        method: 'Fresh local host (demo data), one API key, HTTP client in a worker thread; each customer PUT then activation; invitations to the local mail catcher over SMTP in the request path. Then the same 1,000 again.',
        first,
        second,
      },
    };
  } finally {
    await client.close();
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
