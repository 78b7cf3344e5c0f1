import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { kvs } from '@forge/kvs';
import { attr, Client } from './http-client';
import { kinds } from './op-kinds';
import { clientAddress, demoSpConfig, timeScrypt } from './sign-in-client';
import { addInto, diff, total, type Check, type Stats } from './stats';
import { createCustomers, TimedTransport, type BenchCustomer } from './two-step-customers';
import {
  N_CODE, N_CODE_COLD, N_CODE_WARMUP, N_SLOW_PAIRS, N_SLOW_WARMUP, N_SMS, N_SMS_CUSTOMERS, N_SMS_WARMUP, N_TOTP_CUSTOMERS, SENDS_PER_HOUR, SLOW_MS,
  twoStepReport, type CodeSteps, type SmsRounds,
} from './two-step-report';
import { ClockedSaml } from '../local/saml-sp';
import { DEMO_CUSTOMERS, DEMO_TOTP_KEY } from '../local/demo-data';
import { silentLogger, startHost } from '../local/host';
import { totpCode } from '../src/domain/factors/totp';
import { AC_MULTI_FACTOR } from '../src/domain/saml/constants';
import { SETTINGS_KEY } from '../src/forge/settings';

/**
 * `npm run bench`, section "two-step" (issue 11): the code step of a help-center sign-in with two-step
 * verification, SMS from "Send" to the SMS catcher, and a slow SMS provider against the sign-in page's answer.
 * Over HTTP against the local host (production handlers, SQLite KVS emulation, production scrypt), like
 * bench/sign-in.ts.
 *
 * Run alone: `BENCH_ONLY=two-step node --enable-source-maps dist/bench/run.js` (printed, not written to latest.json).
 */

export async function twoStepBench(): Promise<{ result: unknown; lines: string[]; checks: Check[] }> {
  const load0 = os.loadavg()[0];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-two-step-'));
  const transport = new TimedTransport();
  const host = await startHost({ dataDir, port: 0, log: silentLogger, sms: transport.factory });
  const client = new Client();
  try {
    const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
    await kvs.set(SETTINGS_KEY, { ...stored, twoStep: { policy: 'optional', methods: { totp: true, sms: true } }, sms: { ...(stored.sms as object), dailyCap: 100_000 } });
    (host.deps.settings as { forget?: () => void }).forget?.();
    const loaded = await host.deps.settings.load();
    if (loaded.twoStep.policy !== 'optional' || !loaded.twoStep.methods.sms || loaded.sms.dailyCap !== 100_000) throw new Error('the two-step settings did not take effect');

    const tobias = DEMO_CUSTOMERS.find((c) => c.username === 'customer2300235' && c.totpKey === DEMO_TOTP_KEY && c.password);
    if (!tobias?.password) throw new Error('the demo data has no Tobias with the authenticator app');
    const totpPool: BenchCustomer[] = [{ identifier: tobias.username, password: tobias.password, email: tobias.email, totpKey: DEMO_TOTP_KEY }, ...(await createCustomers(host, N_TOTP_CUSTOMERS, 'totp'))];
    const smsPool = await createCustomers(host, N_SMS_CUSTOMERS, 'sms');
    await host.idle();
    host.smsbox.clear();

    const sp = host.helpCenter.sp;
    // The host clock (which this bench moves) stamps the AuthnRequest's IssueInstant, as the help center's SP does.
    const spSaml = new ClockedSaml(await demoSpConfig(host), () => host.clock.nowMs());
    // scrypt inside each request (outermost verify only), as bench/sign-in.ts.
    const scrypt = timeScrypt(host);

    const snap = (): Stats => ({ ...host.kvs.stats });
    const nowSec = () => Math.floor(host.clock.nowMs() / 1000);
    let clientNo = 0;
    const nextHeaders = () => {
      const n = clientNo++;
      return { 'x-forwarded-for': clientAddress(40, n) };
    };
    const form = (route: string, fields: Record<string, string>) =>
      client.request({
        url: `${host.url}/x/customer-pages/${route}`,
        method: 'POST',
        headers: { ...nextHeaders(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ lang: 'en', ...fields }).toString(),
      });

    /** The demo SP's AuthnRequest → GET saml/sso → the pending sign-in's reference. */
    const startSignIn = async () => {
      const relayState = `/help-center?bench=two-step-${clientNo}`;
      const loginUrl = await spSaml.getAuthorizeUrlAsync(relayState, undefined, {});
      const sso = await client.request({ url: loginUrl, method: 'GET', headers: nextHeaders() });
      if (sso.status !== 303 || !sso.location) throw new Error(`GET saml/sso: ${sso.status} ${sso.body.slice(0, 200)}`);
      const reference = new URL(sso.location, loginUrl).searchParams.get('request');
      if (!reference) throw new Error('no reference in the sign-in redirect');
      return { reference, relayState };
    };
    const passwordStep = async (reference: string, c: BenchCustomer) => {
      scrypt.ms = 0;
      const res = await form('sign-in', { request: reference, identifier: c.identifier, password: c.password });
      if (res.status !== 303 || !res.location?.includes(`request=${reference}`)) throw new Error(`POST sign-in (${c.identifier}): expected 303 to the second step, got ${res.status} ${res.location} ${res.body.slice(0, 300)}`);
      return { ...res, scryptMs: scrypt.ms };
    };
    /** Outside timing: the demo SP accepts what the browser would post, with the multi-factor context. */
    const accept = async (body: string, relayState: string, c: BenchCustomer) => {
      const samlResponse = attr(body, 'SAMLResponse');
      if (!samlResponse) throw new Error(`the code step answered no auto-post page: ${body.slice(0, 300)}`);
      if (attr(body, 'RelayState') !== relayState) throw new Error('RelayState did not come back');
      if (!Buffer.from(samlResponse, 'base64').toString('utf8').includes(`<saml:AuthnContextClassRef>${AC_MULTI_FACTOR}</saml:AuthnContextClassRef>`)) throw new Error('the assertion does not say multi-factor');
      const customer = await sp.consume(samlResponse);
      if (customer.email.toLowerCase() !== c.email.toLowerCase()) throw new Error(`the SP signed in ${customer.email}, expected ${c.email}`);
    };

    // --- 1: the code step (TOTP) -----------------------------------------------------------------------------
    let totpTurn = 0;
    const codeStep = async (cold: boolean) => {
      const c = totpPool[totpTurn % totpPool.length];
      totpTurn++;
      if (totpTurn % totpPool.length === 1 && totpTurn > 1) host.clock.advance(30);
      await host.idle();
      const { reference, relayState } = await startSignIn();
      await passwordStep(reference, c);
      await host.idle();
      if (cold) {
        host.deps.idpKeys.forget();
        (host.deps.settings as { forget?: () => void }).forget?.();
      }
      const code = await totpCode(c.totpKey!, nowSec());
      host.pauseQueue();
      const s0 = snap();
      const res = await form('sign-in/code', { request: reference, code });
      const s1 = snap();
      host.resumeQueue();
      await host.idle();
      const worker = diff(snap(), s1);
      if (res.status !== 200) throw new Error(`POST sign-in/code (${c.identifier}): ${res.status} ${res.body.slice(0, 300)}`);
      await accept(res.body, relayState, c);
      return { ms: res.ms, ops: diff(s1, s0), worker };
    };
    for (let i = 0; i < N_CODE_WARMUP; i++) await codeStep(false);
    const code = await collectCodeSteps(N_CODE, () => codeStep(false));
    const cold = await collectCodeSteps(N_CODE_COLD, () => codeStep(true));

    // --- SMS customers: rotation within the per-account limit ------------------------------------------------
    const sendsThisHour = new Map<string, number>();
    let smsTurn = 0;
    let clockHours = 0;
    const nextSmsCustomer = (sends: number) => {
      const c = smsPool[smsTurn % smsPool.length];
      smsTurn++;
      if ((sendsThisHour.get(c.email) ?? 0) + sends > SENDS_PER_HOUR) {
        host.clock.advance(3601);
        clockHours++;
        sendsThisHour.clear();
      }
      sendsThisHour.set(c.email, (sendsThisHour.get(c.email) ?? 0) + sends);
      return c;
    };
    const lastSms = (c: BenchCustomer) => {
      const m = host.smsbox.list()[0];
      if (!m || m.to !== c.phone) throw new Error(`the newest SMS is not for ${c.phone}: ${m?.to}`);
      const pin = /\b(\d{6})\b/.exec(m.text)?.[1];
      if (!pin) throw new Error('no PIN in the SMS');
      return pin;
    };

    // --- 2: SMS from "Send" to the catcher ---------------------------------------------------------------------
    transport.delayMs = 0;
    const smsRound = async () => {
      const c = nextSmsCustomer(2);
      await host.idle();
      host.smsbox.clear();
      const { reference, relayState } = await startSignIn();
      await host.idle();
      // The automatic PIN at POST sign-in (includes the request's scrypt).
      let arrived = host.smsbox.next();
      let t0 = performance.now();
      const signInRes = await passwordStep(reference, c);
      await arrived;
      const autoMs = performance.now() - t0;
      const autoRequestMs = signInRes.ms;
      const firstPin = lastSms(c);
      await host.idle();
      // "Send a new code".
      arrived = host.smsbox.next();
      t0 = performance.now();
      const resend = await form('sign-in/resend', { request: reference });
      await arrived;
      const resendMs = performance.now() - t0;
      if (resend.status !== 303) throw new Error(`POST sign-in/resend: ${resend.status} ${resend.body.slice(0, 300)}`);
      const pin = lastSms(c);
      await host.idle();
      if (host.smsbox.list().length !== 2) throw new Error(`expected 2 SMS, the catcher has ${host.smsbox.list().length}`);
      const done = await form('sign-in/code', { request: reference, code: pin });
      if (done.status !== 200) throw new Error(`POST sign-in/code with the SMS PIN: ${done.status} ${done.body.slice(0, 300)}`);
      await accept(done.body, relayState, c);
      return { autoMs, autoRequestMs, autoScryptMs: signInRes.scryptMs, resendMs, resendRequestMs: resend.ms, samePin: firstPin === pin };
    };
    for (let i = 0; i < N_SMS_WARMUP; i++) await smsRound();
    const sms: SmsRounds = { autoMs: [], autoRequestMs: [], autoScryptMs: [], autoExcl: [], resendMs: [], resendRequestMs: [] };
    for (let i = 0; i < N_SMS; i++) {
      const r = await smsRound();
      sms.autoMs.push(r.autoMs);
      sms.autoRequestMs.push(r.autoRequestMs);
      sms.autoScryptMs.push(r.autoScryptMs);
      sms.autoExcl.push(r.autoMs - r.autoScryptMs);
      sms.resendMs.push(r.resendMs);
      sms.resendRequestMs.push(r.resendRequestMs);
    }
    await host.idle();
    host.smsbox.clear();

    // --- 3: a provider taking 2 s against the sign-in page's answer ----------------------------------------------
    const slowRequest = async (delayMs: number) => {
      const c = nextSmsCustomer(1);
      const { reference } = await startSignIn();
      // The previous request's job has reached the provider (checked there); let an instant one finish its tail
      // (outbox delete), and wait for everything when no slow send is in flight. Same for both transports.
      if ([...transport.calls.values()].every((call) => call.done !== undefined)) await host.idle();
      else await new Promise((resolve) => setTimeout(resolve, 5));
      transport.delayMs = delayMs;
      const entered = transport.entered();
      const before = new Set(transport.calls.keys());
      const res = await passwordStep(reference, c);
      const answeredAt = performance.now();
      await entered;
      const id = [...transport.calls.keys()].find((k) => !before.has(k));
      if (!id) throw new Error('no SMS reached the transport');
      return { ms: res.ms, scryptMs: res.scryptMs, id, answeredAt, c };
    };
    const slowRuns: { delay: number; ms: number; scryptMs: number; id: string; answeredAt: number; c: BenchCustomer }[] = [];
    for (let i = 0; i < N_SLOW_WARMUP; i++) await slowRequest(i % 2 ? SLOW_MS : 0);
    for (let i = 0; i < N_SLOW_PAIRS; i++) {
      const order = i % 2 === 0 ? [0, SLOW_MS] : [SLOW_MS, 0];
      for (const delay of order) slowRuns.push({ delay, ...(await slowRequest(delay)) });
    }
    await host.idle();
    const caught = new Set(host.smsbox.list().map((m) => m.id));
    const missing = slowRuns.filter((r) => !caught.has(r.id)).length;
    if (missing) throw new Error(`${missing} SMS of the slow-provider runs never reached the catcher`);
    scrypt.restore();
    transport.delayMs = 0;
    return twoStepReport({ load0, customers: totpPool.length, code, cold, sms, slowRuns, providerCall: (id) => transport.calls.get(id), clockHours });
  } finally {
    await client.close().catch(() => 0);
    await host.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `n` code steps' latency, KVS operations by kind and path, and the queued worker's operations after each. */
async function collectCodeSteps(n: number, step: () => Promise<{ ms: number; ops: Stats; worker: Stats }>): Promise<CodeSteps> {
  const out: CodeSteps = { ms: [], kinds: [], totals: [], paths: {}, worker: [], workerPaths: {} };
  for (let i = 0; i < n; i++) {
    const r = await step();
    out.ms.push(r.ms);
    out.kinds.push(kinds(r.ops));
    out.totals.push(total(r.ops));
    addInto(out.paths, r.ops);
    out.worker.push(total(r.worker));
    addInto(out.workerPaths, r.worker);
  }
  return out;
}
