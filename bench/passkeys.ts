import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { deflateRawSync } from 'node:zlib';
import { silentLogger, startHost } from '../local/host';
import { spIdentity } from '../local/saml-sp';
import { AC_MULTI_FACTOR } from '../src/domain/saml/constants';
import { SoftAuthenticator } from '../test/support/soft-authenticator';
import { diff, max, median, pct, r2, total, type Check, type SectionReport, type Stats } from './stats';

/**
 * `npm run bench`, section "passkeys" (issue 22): the passkey sign-in step (`POST sign-in/passkey`) over HTTP
 * against the local host on `localhost` (browsers refuse an IP as RP ID), answered by the software authenticator
 * of the tests (the browser's part excluded): its time and KVS operations, and the options request beside it.
 *
 * Run alone: `BENCH_ONLY=passkeys node --enable-source-maps dist/bench/run.js` (printed, not written to latest.json).
 */
const N = 120;
const N_WARMUP = 10;
const JANE = { identifier: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };

export async function passkeysBench(): Promise<SectionReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-passkeys-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger, host: 'localhost' });
  try {
    const pages = `${host.url}/x/customer-pages`;
    let client = 0;
    const post = async (route: string, fields: Record<string, string>) => {
      const res = await fetch(`${pages}/${route}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.60.${(client >> 8) & 255}.${client++ & 255}` }, body: new URLSearchParams({ lang: 'en', ...fields }).toString() });
      return { status: res.status, text: await res.text() };
    };
    const pending = async () => {
      const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_b${client++}x" Version="2.0" IssueInstant="${new Date(host.clock.nowMs()).toISOString()}"><saml:Issuer>${spIdentity(host.url).entityId}</saml:Issuer></samlp:AuthnRequest>`;
      const res = await fetch(`${pages}/saml/sso?${new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64') })}`, { redirect: 'manual' });
      return new URL(res.headers.get('location')!).searchParams.get('request')!;
    };
    // Jane adds one passkey after a password sign-in (not measured).
    const soft = new SoftAuthenticator();
    const signedIn = await post('sign-in', { request: await pending(), ...JANE });
    const offer = JSON.parse(/id="passkey-config">(.*?)<\/script>/s.exec(signedIn.text)![1]) as { reference: string };
    const addOptions = JSON.parse((await post('passkeys/options', { request: offer.reference })).text) as { options: { challenge: string; rp: { id?: string }; user: { id: string } } };
    const added = await post('passkeys/add', { request: offer.reference, credential: JSON.stringify(soft.create(addOptions.options, { origin: host.url })) });
    if (added.status !== 200) throw new Error(`passkey not added: ${added.status} ${added.text}`);

    const stepMs: number[] = [];
    const stepOps: number[] = [];
    const optionsMs: number[] = [];
    const optionsOps: number[] = [];
    const perPath: Stats = {};
    for (let i = 0; i < N_WARMUP + N; i++) {
      await host.idle();
      const reference = await pending();
      let before: Stats = { ...host.kvs.stats };
      let t0 = performance.now();
      const options = await post('sign-in/passkey/options', { request: reference });
      const tOptions = performance.now() - t0;
      const opsOptions = diff({ ...host.kvs.stats }, before);
      const credential = JSON.stringify(soft.get((JSON.parse(options.text) as { options: { challenge: string; rpId: string } }).options, { origin: host.url }));
      before = { ...host.kvs.stats };
      t0 = performance.now();
      const answer = await post('sign-in/passkey', { request: reference, credential });
      const tStep = performance.now() - t0;
      const ops = diff({ ...host.kvs.stats }, before);
      if (answer.status !== 200 || !Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(answer.text)![1], 'base64').toString('utf8').includes(AC_MULTI_FACTOR)) {
        throw new Error(`passkey sign-in ${i}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
      if (i < N_WARMUP) continue;
      stepMs.push(tStep);
      stepOps.push(total(ops));
      optionsMs.push(tOptions);
      optionsOps.push(total(opsOptions));
      for (const [k, v] of Object.entries(ops)) perPath[k] = (perPath[k] ?? 0) + v;
    }
    for (const k of Object.keys(perPath)) perPath[k] = r2(perPath[k] / N);
    const checks: Check[] = [
      { name: 'passkey sign-in step excl. the browser, p95', value: `${r2(pct(stepMs, 95))} ms (median ${r2(median(stepMs))})`, target: '≤ 20 ms', pass: pct(stepMs, 95) <= 20 },
      { name: 'passkey sign-in step, KVS ops (p95)', value: `${pct(stepOps, 95)} (max ${max(stepOps)})`, target: '≤ 4', pass: pct(stepOps, 95) <= 4 },
    ];
    const lines = [
      `  POST sign-in/passkey, ${N} sign-ins     median ${r2(median(stepMs))} ms   p95 ${r2(pct(stepMs, 95))} ms   KVS ops p95 ${pct(stepOps, 95)} (max ${max(stepOps)}) ${JSON.stringify(perPath)}`,
      `  POST sign-in/passkey/options          median ${r2(median(optionsMs))} ms   p95 ${r2(pct(optionsMs, 95))} ms   KVS ops p95 ${pct(optionsOps, 95)}`,
    ];
    return {
      result: { n: N, stepMs: { median: r2(median(stepMs)), p95: r2(pct(stepMs, 95)) }, stepKvsOps: { p95: pct(stepOps, 95), max: max(stepOps), perPath }, optionsMs: { median: r2(median(optionsMs)), p95: r2(pct(optionsMs, 95)) }, optionsKvsOps: pct(optionsOps, 95) },
      lines,
      checks,
    };
  } finally {
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
