import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { attr, Client } from './http-client';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import { ClockedSaml } from '../local/saml-sp';
import { kvs } from '@forge/kvs';
import { DEMO_CUSTOMERS, DEMO_TOTP_KEY } from '../local/demo-data';
import { silentLogger, startHost, type LocalHost } from '../local/host';
import type { SmsCatcher } from '../local/sms-catcher';
import { newCustomer, type Customer } from '../src/domain/customer';
import { newTotpSecret, totpCode } from '../src/domain/factors/totp';
import { normaliseEmailForDisplay, normaliseForLookup } from '../src/domain/identifier';
import { maskPhone, parseMobile } from '../src/domain/phone';
import { AC_MULTI_FACTOR, NAMEID_EMAIL } from '../src/domain/saml/constants';
import { SETTINGS_KEY } from '../src/forge/settings';
import type { SendResult } from '../src/ports/mail';
import type { OutgoingSms, SmsTransport } from '../src/ports/sms';

/**
 * `npm run bench`, section "two-step" (issue 11): the code step of a help-center sign-in with two-step
 * verification, SMS from "Send" to the SMS catcher, and a slow SMS provider against the sign-in page's answer.
 * Over HTTP against the local host (production handlers, SQLite KVS emulation, production scrypt), like
 * bench/sign-in.ts.
 *
 * Run alone: `BENCH_ONLY=two-step node --enable-source-maps dist/bench/run.js` (printed, not written to latest.json).
 */

const N_CODE = 120; // measured code steps (TOTP), each its own sign-in
const N_CODE_WARMUP = 10;
const N_CODE_COLD = 12; // code steps with the instance caches (settings, signing key) forgotten first
const N_TOTP_CUSTOMERS = 24; // + Tobias (demo): a time step is accepted once per customer
const N_SMS = 100; // sign-ins with SMS: the automatic PIN, then "Send a new code", each timed to the catcher
const N_SMS_WARMUP = 5;
const N_SLOW_PAIRS = 100; // sign-ins (that trigger the PIN) with an instant and a 2 s transport, interleaved
const N_SLOW_WARMUP = 4;
const N_SMS_CUSTOMERS = 40;
const SLOW_MS = 2_000;
const SENDS_PER_HOUR = 5; // the app's per-account SMS limit (src/domain/factors/sms-pin.ts)
const SLOW_TOLERANCE_MS = 5; // "no slower": p95(slow) ≤ p95(instant) + max(5 ms, 10 %)

type Stats = Record<string, number>;
type Check = { name: string; value: string; target: string; pass: boolean };

const READS = new Set(['/api/v1/get', '/api/v1/query', '/api/v1/entity/get', '/api/v1/entity/query', '/api/v1/batch/get']);
const SECRET_READS = new Set(['/api/v1/secret/get']);

function diff(after: Stats, before: Stats): Stats {
  const out: Stats = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}
/** reads, writes (every non-read: set, delete, transaction, …), secret reads, secret writes. */
function kinds(s: Stats) {
  const out = { reads: 0, writes: 0, secretReads: 0, secretWrites: 0 };
  for (const [k, v] of Object.entries(s)) {
    if (READS.has(k)) out.reads += v;
    else if (SECRET_READS.has(k)) out.secretReads += v;
    else if (k.startsWith('/api/v1/secret/')) out.secretWrites += v;
    else out.writes += v;
  }
  return out;
}
type Kinds = ReturnType<typeof kinds>;
const totalOf = (s: Stats) => Object.values(s).reduce((a, b) => a + b, 0);
const addInto = (acc: Stats, s: Stats) => {
  for (const [k, v] of Object.entries(s)) acc[k] = (acc[k] ?? 0) + v;
};

const sortedCopy = (xs: number[]) => [...xs].sort((a, b) => a - b);
function median(xs: number[]): number {
  const s = sortedCopy(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/** Nearest-rank percentile (as bench/run.ts). */
function pct(xs: number[], p: number): number {
  const s = sortedCopy(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const summary = (xs: number[]) => ({ n: xs.length, median: r2(median(xs)), p95: r2(pct(xs, 95)), mean: r2(mean(xs)), max: r2(Math.max(...xs)) });
const ms = (x: number) => `${r2(x).toFixed(2)} ms`;
const per = (s: Stats, n: number) => Object.fromEntries(Object.entries(s).sort().map(([k, v]) => [k, r3(v / n)]));
function kindStats(xs: Kinds[]) {
  const pick = (k: keyof Kinds) => ({ median: median(xs.map((x) => x[k])), p95: pct(xs.map((x) => x[k]), 95), max: Math.max(...xs.map((x) => x[k])), mean: r2(mean(xs.map((x) => x[k]))) });
  return { reads: pick('reads'), writes: pick('writes'), secretReads: pick('secretReads'), secretWrites: pick('secretWrites') };
}


// --- the SMS transport stand-in: the catcher, after a settable delay ----------------------------------------

/** What the host's `sms` option gets: hands every SMS to the catcher after `delayMs` (0 = at once). */
class TimedTransport {
  delayMs = 0;
  /** Per SMS id: when the transport was entered and when it answered (main-thread performance.now()). */
  readonly calls = new Map<string, { entered: number; done?: number }>();
  private enteredWaiters: (() => void)[] = [];
  factory = (catcher: SmsCatcher): SmsTransport => ({
    send: async (sms: OutgoingSms): Promise<SendResult> => {
      const call: { entered: number; done?: number } = { entered: performance.now() };
      this.calls.set(sms.id, call);
      const waiters = this.enteredWaiters;
      this.enteredWaiters = [];
      waiters.forEach((w) => w());
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      catcher.add(sms);
      call.done = performance.now();
      return { ok: true, providerMessageId: `bench-${sms.id}` };
    },
  });
  /** Resolves when the transport is next entered (the queued job reached the provider). */
  entered(): Promise<void> {
    return new Promise((resolve) => this.enteredWaiters.push(resolve));
  }
}

// --- customers ---------------------------------------------------------------------------------------------

interface BenchCustomer {
  identifier: string;
  password: string;
  email: string;
  totpKey?: string;
  phone?: string;
}

const BENCH_PASSWORD = 'Bench-Two-Step-Lantern-Quartz-7';

async function createCustomers(host: LocalHost, n: number, kind: 'totp' | 'sms'): Promise<BenchCustomer[]> {
  const deps = host.deps;
  const sharedHash = await deps.hasher.hash(BENCH_PASSWORD);
  const now = Math.floor(host.clock.nowMs() / 1000);
  const out: BenchCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomBytes(16).toString('base64url');
    const ref = randomBytes(9).toString('base64url');
    const factorRef = randomBytes(9).toString('base64url');
    const email = `bench.${kind}${String(i).padStart(3, '0')}@example.com`;
    const username = `bench${kind}${String(i).padStart(3, '0')}`;
    await deps.passwords.put(id, ref, sharedHash);
    let twoStep: Customer['twoStep'];
    const c: BenchCustomer = { identifier: i % 2 ? username : email, password: BENCH_PASSWORD, email };
    if (kind === 'totp') {
      c.totpKey = newTotpSecret();
      await deps.factors.putTotp(id, factorRef, c.totpKey);
      twoStep = { totp: { ref: factorRef, since: now - 86_400, lastStep: 0 }, failures: 0 };
    } else {
      const parsed = parseMobile(`+49151${String(23_000_000 + i).padStart(8, '0')}`);
      if (!parsed.ok) throw new Error(`bench phone number ${i} is not a valid mobile number (${parsed.reason})`);
      c.phone = parsed.e164;
      await deps.factors.putSms(id, factorRef, parsed.e164);
      twoStep = { sms: { ref: factorRef, since: now - 86_400, masked: maskPhone(parsed.e164) }, failures: 0 };
    }
    const customer: Customer = {
      ...newCustomer({
        id,
        email: normaliseEmailForDisplay(email),
        emailKey: normaliseForLookup(email),
        username,
        usernameKey: normaliseForLookup(username),
        displayName: `Bench ${kind.toUpperCase()} ${i}`,
        locale: i % 2 ? 'de' : 'en',
        nowSec: now - 2 * 86_400,
      }),
      status: 'active',
      updatedAt: now,
      invitedAt: now - 2 * 86_400,
      activatedAt: now - 2 * 86_400,
      passwordChangedAt: now - 2 * 86_400,
      passwordRef: ref,
      twoStep,
    };
    await deps.directory.create(customer, []);
    out.push(c);
  }
  return out;
}

// --- the section -------------------------------------------------------------------------------------------

const METHOD = [
  'Own fresh local host (production handlers, SQLite KVS emulation, production scrypt N=2^17 r=8 p=1) with the demo data and the DEFAULT limits; the demo service provider (local/saml-sp.ts) is the configured SP. Settings: two-step policy "optional", methods authenticator app and SMS, SMS daily cap 100000 (written through @forge/kvs, cache forgotten).',
  `Customers: ${N_TOTP_CUSTOMERS} bench customers with the authenticator app (fresh keys) plus Tobias (demo, DEMO_TOTP_KEY); ${N_SMS_CUSTOMERS} with SMS (German mobile numbers, KVS secrets). A sign-in = the demo SP's AuthnRequest (node-saml, request id in the demo SP's cache) → GET saml/sso (303) → POST sign-in with the password (303 to the second step). Each request has its own X-Forwarded-For address.`,
  `Code step: POST sign-in/code with the TOTP code computed at the host clock just before the request → 200 auto-post page. Customers rotate; the host clock moves 30 s each time the rotation wraps (a time step is accepted once). KVS operations are counted from the request to its response with the queue held (host.pauseQueue), worker operations after resuming until host.idle(). Every auto-post page is checked outside the timed window: the demo SP accepts the SAMLResponse (signatures, InResponseTo, …) for the right customer, with AuthnContextClassRef ${AC_MULTI_FACTOR}. cold: the settings and signing-key caches forgotten before the code step.`,
  'SMS: the host\'s `sms` option is a transport that hands each SMS to the SMS catcher after a settable delay (0 or 2000 ms, real time). Send → catcher: from just before the client sends the request (main thread) until SmsCatcher.add() (SmsCatcher.next()); the queue is not held (the local host runs the queued job in-process right after the push, as the mail figure in the reset section). Measured for the automatic PIN (POST sign-in, includes its scrypt) and for "Send a new code" (POST sign-in/resend); then the latest PIN from the catcher signs in (POST sign-in/code → 200), so every PIN is checked.',
  `Slow provider: POST sign-in that triggers the PIN, ${N_SLOW_PAIRS} with the instant transport and ${N_SLOW_PAIRS} with a ${SLOW_MS} ms transport on the same host, interleaved, order alternating. The queue is NOT held (a held queue would hide the provider by construction): the job runs in-process during the request, so this checks that the request never waits for it. Before each request (either transport): the previous request's job has reached the provider; then host.idle() when no slow send is in flight, else 5 ms for an instant job's tail (the slow sends' 2 s overlap later requests of both kinds). scrypt in each request is timed (hasher.verify wrapped) and subtracted for the "excl. scrypt" figures. Every SMS is checked to arrive; for the slow ones, that the page answered before the provider did.`,
  `Per-account SMS limit (${SENDS_PER_HOUR}/hour): SMS customers rotate and the host clock moves 3601 s when a customer would exceed it.`,
];

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
    const idp = await sp.idp();
    // The host clock (which this bench moves) stamps the AuthnRequest's IssueInstant, as the help center's SP does.
    const spSaml = new ClockedSaml({
      issuer: sp.identity.entityId,
      callbackUrl: sp.identity.acsUrl,
      entryPoint: idp.ssoRedirectUrl,
      idpCert: idp.certificates,
      idpIssuer: idp.entityId,
      audience: sp.identity.entityId,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      signatureAlgorithm: 'sha256',
      identifierFormat: NAMEID_EMAIL,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: sp.requests.ttlMs,
      cacheProvider: sp.requests,
      disableRequestedAuthnContext: true,
      generateUniqueId: () => `_${randomBytes(20).toString('hex')}`,
    }, () => host.clock.nowMs());

    // scrypt inside each request (outermost verify only), as bench/sign-in.ts.
    const hasher = host.deps.hasher;
    const originalVerify = hasher.verify.bind(hasher);
    let depth = 0;
    let verifyMs = 0;
    hasher.verify = async (password: string, encoded: string | undefined) => {
      const outer = depth++ === 0;
      const t0 = performance.now();
      try {
        return await originalVerify(password, encoded);
      } finally {
        depth--;
        if (outer) verifyMs += performance.now() - t0;
      }
    };

    const snap = (): Stats => ({ ...host.kvs.stats });
    const nowSec = () => Math.floor(host.clock.nowMs() / 1000);
    let clientNo = 0;
    const nextHeaders = () => {
      const n = clientNo++;
      return { 'x-forwarded-for': `10.${40 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}` };
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
      verifyMs = 0;
      const res = await form('sign-in', { request: reference, identifier: c.identifier, password: c.password });
      if (res.status !== 303 || !res.location?.includes(`request=${reference}`)) throw new Error(`POST sign-in (${c.identifier}): expected 303 to the second step, got ${res.status} ${res.location} ${res.body.slice(0, 300)}`);
      return { ...res, scryptMs: verifyMs };
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
    const codeMs: number[] = [];
    const codeKinds: Kinds[] = [];
    const codeTotals: number[] = [];
    const codePaths: Stats = {};
    const codeWorker: number[] = [];
    const codeWorkerPaths: Stats = {};
    for (let i = 0; i < N_CODE; i++) {
      const r = await codeStep(false);
      codeMs.push(r.ms);
      codeKinds.push(kinds(r.ops));
      codeTotals.push(totalOf(r.ops));
      addInto(codePaths, r.ops);
      codeWorker.push(totalOf(r.worker));
      addInto(codeWorkerPaths, r.worker);
    }
    const coldMs: number[] = [];
    const coldKinds: Kinds[] = [];
    const coldTotals: number[] = [];
    const coldPaths: Stats = {};
    for (let i = 0; i < N_CODE_COLD; i++) {
      const r = await codeStep(true);
      coldMs.push(r.ms);
      coldKinds.push(kinds(r.ops));
      coldTotals.push(totalOf(r.ops));
      addInto(coldPaths, r.ops);
    }

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
    const autoMs: number[] = [];
    const autoRequestMs: number[] = [];
    const autoScryptMs: number[] = [];
    const autoExcl: number[] = [];
    const resendMs: number[] = [];
    const resendRequestMs: number[] = [];
    for (let i = 0; i < N_SMS; i++) {
      const r = await smsRound();
      autoMs.push(r.autoMs);
      autoRequestMs.push(r.autoRequestMs);
      autoScryptMs.push(r.autoScryptMs);
      autoExcl.push(r.autoMs - r.autoScryptMs);
      resendMs.push(r.resendMs);
      resendRequestMs.push(r.resendRequestMs);
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
    const slow = slowRuns.filter((r) => r.delay === SLOW_MS);
    const instant = slowRuns.filter((r) => r.delay === 0);
    const answeredFirst = slow.filter((r) => (transport.calls.get(r.id)?.done ?? 0) > r.answeredAt).length;
    const providerMs = slow.map((r) => transport.calls.get(r.id)!.done! - transport.calls.get(r.id)!.entered);
    hasher.verify = originalVerify;
    transport.delayMs = 0;

    // --- report --------------------------------------------------------------------------------------------------
    const slowMs = slow.map((r) => r.ms);
    const instantMs = instant.map((r) => r.ms);
    const slowExcl = slow.map((r) => r.ms - r.scryptMs);
    const instantExcl = instant.map((r) => r.ms - r.scryptMs);
    const tolerance = (x: number) => Math.max(SLOW_TOLERANCE_MS, 0.1 * x);
    // Judged without scrypt: it is the same work for both transports and, on a loaded machine, its noise (hundreds
    // of ms) would swamp the comparison; a send on the request path would add ${SLOW_MS} ms either way.
    const slowPass = pct(slowExcl, 95) <= pct(instantExcl, 95) + tolerance(pct(instantExcl, 95)) && answeredFirst === slow.length;
    const kvsCode = kindStats(codeKinds);
    const kvsCold = kindStats(coldKinds);
    const load1 = os.loadavg()[0];
    const result = {
      method: METHOD,
      loadAverage1m: { start: r2(load0), end: r2(load1), cpus: os.cpus().length },
      codeStep: {
        n: N_CODE,
        warmup: N_CODE_WARMUP,
        customers: totpPool.length,
        latencyMs: summary(codeMs),
        kvsOps: { total: { median: median(codeTotals), p95: pct(codeTotals, 95), max: Math.max(...codeTotals) }, ...kvsCode, perPath: per(codePaths, N_CODE) },
        queuedWorker: { mean: r2(mean(codeWorker)), max: Math.max(...codeWorker), perPath: per(codeWorkerPaths, N_CODE) },
        coldInstance: { n: N_CODE_COLD, latencyMs: summary(coldMs), total: { median: median(coldTotals), max: Math.max(...coldTotals) }, ...kvsCold, perPath: per(coldPaths, N_CODE_COLD) },
      },
      smsToCatcher: {
        n: N_SMS,
        warmup: N_SMS_WARMUP,
        resend: { sendToCatcherMs: summary(resendMs), requestMs: summary(resendRequestMs) },
        automaticAtSignIn: { sendToCatcherMs: summary(autoMs), requestMs: summary(autoRequestMs), scryptInRequestMs: summary(autoScryptMs), sendToCatcherExclScryptMs: summary(autoExcl), note: 'POST sign-in includes its scrypt (the password check before the PIN is queued)' },
        everyPinSignedIn: true,
      },
      slowProvider: {
        providerDelayMs: SLOW_MS,
        n: { instant: instant.length, slow: slow.length },
        signInPostMs: { instant: summary(instantMs), slow: summary(slowMs) },
        signInPostExclScryptMs: { instant: summary(instantExcl), slow: summary(slowExcl) },
        p95SlowMinusInstantMs: r2(pct(slowMs, 95) - pct(instantMs, 95)),
        p95SlowMinusInstantExclScryptMs: r2(pct(slowExcl, 95) - pct(instantExcl, 95)),
        toleranceMs: r2(tolerance(pct(instantExcl, 95))),
        judgedOn: 'p95 excl. scrypt (same scrypt work in both; a send on the request path would add the provider delay)',
        answeredBeforeProvider: `${answeredFirst}/${slow.length}`,
        providerCallMs: summary(providerMs),
        allDelivered: true,
      },
      smsClockHours: clockHours,
    };
    const k = (x: ReturnType<typeof kindStats>, f: 'median' | 'max') => `${x.reads[f]} reads, ${x.writes[f]} writes, ${x.secretReads[f]} secret reads, ${x.secretWrites[f]} secret writes`;
    const lines = [
      'Two-step verification  (help-center sign-in with a second factor; own host, loopback HTTP, production scrypt)',
      `  load average (1 min) ${r2(load0)} → ${r2(load1)} on ${os.cpus().length} CPUs`,
      `  code step  POST sign-in/code (TOTP) → auto-post page, n=${N_CODE} over ${totpPool.length} customers (queue held; every response accepted by the demo SP, AuthnContextClassRef mfa)`,
      `    latency          median ${ms(median(codeMs))}   p95 ${ms(pct(codeMs, 95))}   max ${ms(Math.max(...codeMs))}`,
      `    KVS ops          median ${median(codeTotals)} (${k(kvsCode, 'median')}); max ${Math.max(...codeTotals)}`,
      `                     ${JSON.stringify(per(codePaths, N_CODE))}`,
      `    queued worker    ops mean ${r2(mean(codeWorker))}, max ${Math.max(...codeWorker)}   ${JSON.stringify(per(codeWorkerPaths, N_CODE))}`,
      `    cold instance    median ${ms(median(coldMs))}, KVS ops max ${Math.max(...coldTotals)} (${k(kvsCold, 'max')}; settings and signing-key caches forgotten, n=${N_CODE_COLD})   ${JSON.stringify(per(coldPaths, N_CODE_COLD))}`,
      `  SMS → catcher  n=${N_SMS} sign-ins (queue not held; each PIN then signs in)`,
      `    "Send a new code" (POST sign-in/resend) → catcher   median ${ms(median(resendMs))}   p95 ${ms(pct(resendMs, 95))}   max ${ms(Math.max(...resendMs))}   (request alone median ${ms(median(resendRequestMs))}, p95 ${ms(pct(resendRequestMs, 95))})`,
      `    automatic PIN (POST sign-in, incl. scrypt) → catcher median ${ms(median(autoMs))}   p95 ${ms(pct(autoMs, 95))}   max ${ms(Math.max(...autoMs))}   (request alone median ${ms(median(autoRequestMs))}, p95 ${ms(pct(autoRequestMs, 95))}; excl. its scrypt → catcher median ${ms(median(autoExcl))}, p95 ${ms(pct(autoExcl, 95))})`,
      `  slow SMS provider (${SLOW_MS} ms) vs instant: POST sign-in that triggers the PIN, ${instant.length} + ${slow.length} interleaved (queue not held: the job runs in-process during the request)`,
      `    instant          median ${ms(median(instantMs))}   p95 ${ms(pct(instantMs, 95))}   excl. scrypt median ${ms(median(instantExcl))}, p95 ${ms(pct(instantExcl, 95))}`,
      `    ${SLOW_MS} ms provider  median ${ms(median(slowMs))}   p95 ${ms(pct(slowMs, 95))}   excl. scrypt median ${ms(median(slowExcl))}, p95 ${ms(pct(slowExcl, 95))}`,
      `    p95 slow − instant ${ms(pct(slowMs, 95) - pct(instantMs, 95))} (excl. scrypt ${ms(pct(slowExcl, 95) - pct(instantExcl, 95))}); page answered before the provider: ${answeredFirst}/${slow.length}; provider call median ${ms(median(providerMs))}; all ${slowRuns.length} SMS delivered`,
    ];
    const codeOpsP95 = pct(codeTotals, 95);
    const checks: Check[] = [
      { name: 'two-step: code step p95 (POST sign-in/code → auto-post page)', value: `${ms(pct(codeMs, 95))} (median ${ms(median(codeMs))}, n=${N_CODE})`, target: '≤ 20 ms', pass: pct(codeMs, 95) <= 20 },
      {
        name: 'two-step: code step KVS ops (p95)',
        value: `${codeOpsP95} = ${kvsCode.reads.p95} reads + ${kvsCode.secretReads.p95} secret reads + ${kvsCode.writes.p95} writes (${Object.entries(per(codePaths, N_CODE)).map(([p, v]) => `${p.replace('/api/v1/', '')} ${v}`).join(', ')})`,
        target: '≤ 3',
        pass: codeOpsP95 <= 3,
      },
      {
        name: 'two-step: SMS "Send a new code" → catcher p95',
        value: `${ms(pct(resendMs, 95))} (n=${N_SMS}; automatic PIN at POST sign-in → catcher p95 ${ms(pct(autoMs, 95))}, of which that request's scrypt ${ms(pct(autoScryptMs, 95))}; excl. scrypt ${ms(pct(autoExcl, 95))})`,
        target: '≤ 1000 ms',
        pass: pct(resendMs, 95) <= 1000,
      },
      {
        name: `two-step: sign-in answer p95 with a ${SLOW_MS} ms SMS provider vs instant (excl. scrypt)`,
        value: `${ms(pct(slowExcl, 95))} vs ${ms(pct(instantExcl, 95))} (Δ ${ms(pct(slowExcl, 95) - pct(instantExcl, 95))}; with scrypt ${ms(pct(slowMs, 95))} vs ${ms(pct(instantMs, 95))}); answered before the provider ${answeredFirst}/${slow.length}`,
        target: `no slower (Δ ≤ ${ms(tolerance(pct(instantExcl, 95)))}) and every answer before the provider`,
        pass: slowPass,
      },
    ];
    return { result, lines, checks };
  } finally {
    await client.close().catch(() => 0);
    await host.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
