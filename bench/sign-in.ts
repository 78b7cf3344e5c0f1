import { createPrivateKey, randomBytes, sign as rsaSign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { attr, Client } from './http-client';
import { signInPathCalls } from './sign-in-paths';
import { generateServiceProviderMetadata, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import * as samlify from 'samlify';
import { DEMO_CUSTOMERS } from '../local/demo-data';
import { silentLogger, startHost } from '../local/host';
import { spIdentity } from '../local/saml-sp';
import { createKeyPair, type NewKeyPair } from '../src/saml/certificates';
import { signedResponse } from '../src/saml/sign';
import { findCustomer } from '../src/flows/request-reset';
import { ALG, ATTR, ATTRNAME_URI, NAMEID_EMAIL } from '../src/domain/saml/constants';
import { splitName } from '../src/domain/saml/response';

/**
 * `npm run bench`, section "sign-in" (issue 10): the help-center sign-in over HTTP against the local host, and
 * signed responses per second on one core beside samlify's IdP and raw RSA signatures.
 *
 * Run alone: `BENCH_ONLY=sign-in node dist/bench/run.js` (printed, not written to latest.json).
 */

const N_SIGN_IN = 120; // measured sign-ins (each one full sequence)
const N_WARMUP = 10;
const N_COLD = 12; // extra sign-ins with the instance caches (settings, signing key) forgotten first
const N_SCRYPT_ALONE = 20;
const THROUGHPUT_ROUNDS = 3; // interleaved rounds per contender
const THROUGHPUT_ROUND_MS = 1_500; // ≥ 3 s per contender in total

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


// --- 1: sign-in latency over HTTP ------------------------------------------------------------------------

const STEPS = ['authnRequest', 'sso', 'signInPage', 'signInPost'] as const;
type Step = (typeof STEPS)[number];

const LATENCY_METHOD = [
  'Own fresh local host (production handlers, SQLite KVS emulation) with the demo data and the DEFAULT limits (nothing lifted); the demo service provider (local/saml-sp.ts) is the configured SP.',
  'One sequence = authnRequest: the SP builds the HTTP-Redirect AuthnRequest URL (node-saml getAuthorizeUrlAsync, configured like the demo SP, in-process, its request id kept in the demo SP\'s own request cache); sso: GET saml/sso → 303; signInPage: GET sign-in → 200; signInPost: POST sign-in with the demo password → 200 auto-post page.',
  'total = the sum of the four steps; idpTotal = the three HTTP requests. The HTTP client runs in a worker thread; each request carries an X-Forwarded-For address of its own sequence (distinct per sign-in), so the per-client login limit never trips; one customer (Jane Doe), always the right password, so the per-account lockout never counts.',
  'Queued jobs are held (host.pauseQueue) from the first request to the last response, as on Forge where they run in another invocation; KVS operations per step are counted between responses, worker operations after resuming until host.idle().',
  'Every auto-post page is checked outside the timed and counted window: the SAMLResponse goes through the demo SP (node-saml: both signatures against the published certificate, audience, destination, recipient, InResponseTo, time window) and must name the customer.',
  'scrypt: the hasher\'s verify() is wrapped on the host; scryptInRequest is the wall time of the one verify inside each POST sign-in. exclScrypt = total − scryptInRequest of the same sign-in (per sign-in, then median/p95 over sign-ins). scryptAlone = hasher.verify() of the right password against the stored hash, alone on the main thread, nothing else running. exclScryptByAlone = total − median(scryptAlone), a cross-check.',
  `cold: ${N_COLD} more sign-ins with the instance caches (settings, signing key: 10 s each) forgotten before each, to show what a cold instance reads.`,
];

async function signInLatency() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-sign-in-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger });
  const client = new Client();
  try {
    const jane = DEMO_CUSTOMERS.find((c) => c.email === 'jane.doe@example.com' && c.password);
    if (!jane?.password) throw new Error('the demo data has no Jane Doe with a password');
    const sp = host.helpCenter.sp;
    const idp = await sp.idp();
    // The demo SP's own configuration for AuthnRequests (local/saml-sp.ts), built once; the request ids go into
    // the demo SP's cache, so its consume() checks InResponseTo as in the real round trip.
    const spSaml = new SAML({
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
    });

    // Time the one scrypt inside each request: wrap verify() on the host's hasher (outermost call only).
    const hasher = host.deps.hasher;
    const originalVerify = hasher.verify.bind(hasher);
    let depth = 0;
    let verifyMs = 0;
    let verifies = 0;
    hasher.verify = async (password: string, encoded: string | undefined) => {
      const outer = depth++ === 0;
      const t0 = performance.now();
      try {
        return await originalVerify(password, encoded);
      } finally {
        depth--;
        if (outer) {
          verifyMs += performance.now() - t0;
          verifies++;
        }
      }
    };

    const snap = (): Stats => ({ ...host.kvs.stats });
    let clientNo = 0;
    const one = async (cold: boolean) => {
      await host.idle();
      if (cold) {
        host.deps.idpKeys.forget();
        (host.deps.settings as { forget?: () => void }).forget?.();
      }
      const xff = `10.${20 + (clientNo >> 16)}.${(clientNo >> 8) & 255}.${clientNo & 255}`;
      clientNo++;
      const headers = { 'x-forwarded-for': xff };
      const relayState = `/help-center?bench=${clientNo}`;
      const times = {} as Record<Step, number>;
      const ops = {} as Record<Step, Stats>;

      host.pauseQueue();
      let s0 = snap();
      const t0 = performance.now();
      const loginUrl = await spSaml.getAuthorizeUrlAsync(relayState, undefined, {});
      times.authnRequest = performance.now() - t0;
      let s1 = snap();
      ops.authnRequest = diff(s1, s0);

      const sso = await client.request({ url: loginUrl, method: 'GET', headers });
      if (sso.status !== 303 || !sso.location) throw new Error(`GET saml/sso: ${sso.status} ${sso.body.slice(0, 200)}`);
      times.sso = sso.ms;
      s0 = s1;
      s1 = snap();
      ops.sso = diff(s1, s0);

      const pageUrl = new URL(sso.location, loginUrl).toString();
      const page = await client.request({ url: pageUrl, method: 'GET', headers });
      if (page.status !== 200) throw new Error(`GET sign-in: ${page.status}`);
      times.signInPage = page.ms;
      s0 = s1;
      s1 = snap();
      ops.signInPage = diff(s1, s0);
      const reference = attr(page.body, 'request');
      const lang = attr(page.body, 'lang') ?? 'en';
      const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      if (!reference || !action) throw new Error('the sign-in page has no form');

      const verifiesBefore = verifies;
      verifyMs = 0;
      const post = await client.request({
        url: new URL(action, pageUrl).toString(),
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ lang, request: reference, identifier: jane.email, password: jane.password! }).toString(),
      });
      times.signInPost = post.ms;
      s0 = s1;
      s1 = snap();
      ops.signInPost = diff(s1, s0);
      host.resumeQueue();
      await host.idle();
      const worker = diff(snap(), s1);
      if (post.status !== 200) throw new Error(`POST sign-in: ${post.status} ${post.body.slice(0, 300)}`);
      if (verifies !== verifiesBefore + 1) throw new Error(`expected one scrypt per sign-in, saw ${verifies - verifiesBefore}`);
      const scryptMs = verifyMs;

      // Outside timing and counting: the demo SP accepts what the customer's browser would post.
      const samlResponse = attr(post.body, 'SAMLResponse');
      if (!samlResponse) throw new Error('the auto-post page carries no SAMLResponse');
      if (attr(post.body, 'RelayState') !== relayState) throw new Error('RelayState did not come back');
      const customer = await sp.consume(samlResponse);
      if (customer.email !== jane.email) throw new Error(`the SP signed in ${customer.email}`);
      await host.idle();
      return { times, ops, worker, scryptMs };
    };

    for (let i = 0; i < N_WARMUP; i++) await one(false);
    const byStep = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
    const totals: number[] = [];
    const idpTotals: number[] = [];
    const inRequestScrypt: number[] = [];
    const exclScrypt: number[] = [];
    const postExclScrypt: number[] = [];
    const opsPerSignIn: ReturnType<typeof kinds>[] = [];
    const opsByStep = Object.fromEntries(STEPS.map((s) => [s, {}])) as Record<Step, Stats>;
    const stepKinds = Object.fromEntries(STEPS.map((s) => [s, [] as ReturnType<typeof kinds>[]])) as Record<Step, ReturnType<typeof kinds>[]>;
    const perPath: Stats = {};
    const workerOps: number[] = [];
    for (let i = 0; i < N_SIGN_IN; i++) {
      const r = await one(false);
      let t = 0;
      const all: Stats = {};
      for (const s of STEPS) {
        byStep[s].push(r.times[s]);
        t += r.times[s];
        addInto(all, r.ops[s]);
        addInto(opsByStep[s], r.ops[s]);
        stepKinds[s].push(kinds(r.ops[s]));
      }
      totals.push(t);
      idpTotals.push(t - r.times.authnRequest);
      inRequestScrypt.push(r.scryptMs);
      exclScrypt.push(t - r.scryptMs);
      postExclScrypt.push(r.times.signInPost - r.scryptMs);
      opsPerSignIn.push(kinds(all));
      addInto(perPath, all);
      workerOps.push(Object.values(r.worker).reduce((a, b) => a + b, 0));
    }
    const coldOps: ReturnType<typeof kinds>[] = [];
    const coldPaths: Stats = {};
    for (let i = 0; i < N_COLD; i++) {
      const r = await one(true);
      const all: Stats = {};
      for (const s of STEPS) addInto(all, r.ops[s]);
      coldOps.push(kinds(all));
      addInto(coldPaths, all);
    }

    hasher.verify = originalVerify;
    const found = await findCustomer(host.deps, jane.email);
    if (!found) throw new Error('Jane Doe is not in the directory');
    const stored = await host.deps.passwords.get(found.id, found.passwordRef);
    if (!stored) throw new Error('no stored hash for Jane Doe');
    const scryptAlone: number[] = [];
    for (let i = 0; i < N_SCRYPT_ALONE; i++) {
      const t0 = performance.now();
      const ok = await hasher.verify(jane.password, stored);
      scryptAlone.push(performance.now() - t0);
      if (!ok) throw new Error('the stored hash did not verify');
    }
    const exclByAlone = totals.map((t) => t - median(scryptAlone));

    const kindStats = (xs: ReturnType<typeof kinds>[]) => {
      const pick = (k: keyof ReturnType<typeof kinds>) => ({ median: median(xs.map((x) => x[k])), p95: pct(xs.map((x) => x[k]), 95), max: Math.max(...xs.map((x) => x[k])), mean: r2(mean(xs.map((x) => x[k]))) });
      return { reads: pick('reads'), writes: pick('writes'), secretReads: pick('secretReads'), secretWrites: pick('secretWrites') };
    };
    const per = (s: Stats, n: number) => Object.fromEntries(Object.entries(s).sort().map(([k, v]) => [k, r3(v / n)]));
    const kvsOps = kindStats(opsPerSignIn);
    const coldKvs = kindStats(coldOps);
    const result = {
      method: LATENCY_METHOD,
      signIns: N_SIGN_IN,
      warmup: N_WARMUP,
      customer: 'jane.doe@example.com (demo data)',
      latencyMs: {
        total: summary(totals),
        idpTotal: summary(idpTotals),
        steps: Object.fromEntries(STEPS.map((s) => [s, summary(byStep[s])])),
        scryptInRequest: summary(inRequestScrypt),
        exclScrypt: summary(exclScrypt),
        signInPostExclScrypt: summary(postExclScrypt),
        exclScryptByAlone: summary(exclByAlone),
      },
      scryptAloneMs: { ...summary(scryptAlone), params: 'N=2^17, r=8, p=1 (hasher.verify, right password, stored hash)' },
      kvsOpsPerSignIn: {
        ...kvsOps,
        perPath: per(perPath, N_SIGN_IN),
        byStep: Object.fromEntries(STEPS.map((s) => [s, { ...kindStats(stepKinds[s]), perPath: per(opsByStep[s], N_SIGN_IN) }])),
        queuedWorker: { mean: r2(mean(workerOps)), max: Math.max(...workerOps) },
        coldInstance: { signIns: N_COLD, ...coldKvs, perPath: per(coldPaths, N_COLD) },
      },
    };
    const k = (x: ReturnType<typeof kindStats>, f: 'median' | 'max') => `${x.reads[f]} reads, ${x.writes[f]} writes, ${x.secretReads[f]} secret reads`;
    const lines = [
      `  sequence ×${N_SIGN_IN} (default limits, distinct X-Forwarded-For, one customer; queue held; every response accepted by the demo SP)`,
      ...STEPS.map((s) => `  ${s.padEnd(16)} median ${ms(median(byStep[s]))}   p95 ${ms(pct(byStep[s], 95))}`),
      `  total            median ${ms(median(totals))}   p95 ${ms(pct(totals, 95))}   (IdP's three requests: median ${ms(median(idpTotals))}, p95 ${ms(pct(idpTotals, 95))})`,
      `  scrypt in POST   median ${ms(median(inRequestScrypt))}   p95 ${ms(pct(inRequestScrypt, 95))}   (verify() wall time inside the request)`,
      `  scrypt alone     median ${ms(median(scryptAlone))}   p95 ${ms(pct(scryptAlone, 95))}   (hasher.verify alone, n=${N_SCRYPT_ALONE}, N=2^17 r=8 p=1)`,
      `  excl. scrypt     median ${ms(median(exclScrypt))}   p95 ${ms(pct(exclScrypt, 95))}   (= total − that sign-in's own scrypt, per sign-in; POST alone excl. scrypt median ${ms(median(postExclScrypt))}, p95 ${ms(pct(postExclScrypt, 95))})`,
      `                   cross-check total − median(scrypt alone): median ${ms(median(exclByAlone))}, p95 ${ms(pct(exclByAlone, 95))} (scrypt varies run to run, so this one is noisier)`,
      `  KVS ops/sign-in  median ${k(kvsOps, 'median')}; max ${k(kvsOps, 'max')}   ${JSON.stringify(per(perPath, N_SIGN_IN))}`,
      ...STEPS.filter((s) => s !== 'authnRequest').map((s) => `    ${s.padEnd(14)} ${JSON.stringify(per(opsByStep[s], N_SIGN_IN))}`),
      `  cold instance    max ${k(coldKvs, 'max')} (settings and signing-key caches forgotten, n=${N_COLD})   queued worker ops mean ${r2(mean(workerOps))}, max ${Math.max(...workerOps)}`,
    ];
    const checks: Check[] = [
      { name: 'sign-in excl. scrypt, p95 (AuthnRequest → auto-post page)', value: `${ms(pct(exclScrypt, 95))} (total p95 ${ms(pct(totals, 95))}, n=${N_SIGN_IN})`, target: '≤ 20 ms', pass: pct(exclScrypt, 95) <= 20 },
      { name: 'sign-in: scrypt runs per sign-in', value: '1 (checked on every sign-in)', target: '1', pass: true },
    ];
    // Issue 23 item 6: the storage calls of a wrong password per kind of account (after everything timed above).
    const paths = await signInPathCalls(host, client);
    return { result: { ...result, kvsCallsPerPath: paths.result }, lines: [...lines, ...paths.lines], checks: [...checks, ...paths.checks] };
  } finally {
    await client.close().catch(() => 0);
    await host.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// --- 2: signed responses per second on one core ------------------------------------------------------------

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

const THROUGHPUT_METHOD = [
  'In-process on the main thread (one core), synchronous work between awaits; the same 2048-bit RSA key and self-signed certificate from the app\'s createKeyPair() for all three.',
  'ours: signedResponse() (src/saml/sign.ts): build the assertion, sign it, build the response around it, sign that (exclusive c14n written from the app\'s own XML tree, no re-parse; RSA-SHA256, SHA-256 digests); fresh ids per response.',
  'samlify: IdentityProvider.createLoginResponse(sp, requestInfo, "post", user, { customTagReplacement }) with privateKey/signingCert = the same key and certificate, requestSignatureAlgorithm RSA-SHA256, isAssertionEncrypted false; ServiceProvider from the demo SP\'s metadata (node-saml generateServiceProviderMetadata with the demo SP\'s entity ID, ACS and WantAssertionsSigned) with wantMessageSigned true, so assertion and response are both signed. The same four attributes (givenname, surname, name, emailaddress) via loginResponseTemplate.attributes and an AuthnStatement with SessionIndex; the schema validator is set to skip (nothing is parsed). Its output is base64, ours is the XML (base64 of ours costs ~µs).',
  'raw: crypto.sign("sha256", 600 bytes, KeyObject) of the same key: the physical limit; a response needs two signatures, so raw/2 responses per second. ratio = ours / (raw/2). rawPem (informational): the same call with the key as a PEM string, which node:crypto parses on every call.',
  `Rounds of ${THROUGHPUT_ROUND_MS} ms interleaved (ours, samlify, raw, rawPem) × ${THROUGHPUT_ROUNDS} after a warm-up; rate = all operations / all time (≥ ${(THROUGHPUT_ROUNDS * THROUGHPUT_ROUND_MS) / 1000} s per contender). Both libraries' outputs are checked once with node-saml (both signatures against the certificate, audience).`,
];

function samlifyVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- read at run time, so a missing peer reads as 'unknown'
    return (require('samlify/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function rate(work: () => unknown, forMs: number): Promise<{ ops: number; ms: number }> {
  let ops = 0;
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < forMs) {
    const r = work();
    if (r instanceof Promise) await r;
    ops++;
    if ((ops & 3) === 0) now = performance.now();
  }
  return { ops, ms: performance.now() - t0 };
}

async function signingThroughput() {
  const key: NewKeyPair = await createKeyPair({ commonName: 'Portal Access bench IdP', nowSec: Math.floor(Date.now() / 1000), randomBytes });
  const signing = { privateKeyPem: key.privateKeyPem, certificatePem: key.certificatePem };
  const sp = spIdentity('http://127.0.0.1:8080'); // the demo SP as `npm start` configures it
  const idpEntityId = 'https://portal-access.example/saml/idp';
  const customer = { email: 'jane.doe@example.com', displayName: 'Jane Doe' };
  const newId = () => `_${randomBytes(20).toString('hex')}`;

  // ours
  const ours = () =>
    signedResponse(
      { idpEntityId, spEntityId: sp.entityId, acsUrl: sp.acsUrl, inResponseTo: '_bench-request', nowSec: Math.floor(Date.now() / 1000), responseId: newId(), assertionId: newId(), sessionIndex: newId(), subject: customer },
      signing,
    );

  // samlify
  samlify.setSchemaValidator({ validate: () => Promise.resolve('skipped') });
  const spMetadata = generateServiceProviderMetadata({ issuer: sp.entityId, callbackUrl: sp.acsUrl, identifierFormat: NAMEID_EMAIL, wantAssertionsSigned: true });
  const sSp = samlify.ServiceProvider({ metadata: spMetadata, wantMessageSigned: true });
  const { givenName, surname } = splitName(customer.displayName);
  const attributeDefs = [
    { name: ATTR.givenName, valueTag: 'givenname' },
    { name: ATTR.surname, valueTag: 'surname' },
    { name: ATTR.name, valueTag: 'name' },
    { name: ATTR.email, valueTag: 'emailaddress' },
  ].map((a) => ({ ...a, nameFormat: ATTRNAME_URI, valueXsiType: 'xs:string' }));
  const baseTemplate = samlify.SamlLib.defaultLoginResponseTemplate.context.replace(
    '{AuthnStatement}',
    '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>',
  );
  const sIdp = samlify.IdentityProvider({
    entityID: idpEntityId,
    privateKey: key.privateKeyPem,
    signingCert: key.certificatePem,
    isAssertionEncrypted: false,
    requestSignatureAlgorithm: RSA_SHA256,
    nameIDFormat: [NAMEID_EMAIL],
    singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: 'https://portal-access.example/saml/sso' }],
    // Not used; given so that samlify does not warn about its absence.
    singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: 'https://portal-access.example/saml/slo' }],
    loginResponseTemplate: { context: baseTemplate, attributes: attributeDefs },
  });
  const template = (sIdp.entitySetting.loginResponseTemplate as { context: string }).context;
  const requestInfo = { extract: { request: { id: '_bench-request' } } };
  const samlifyOne = () =>
    sIdp.createLoginResponse(sSp, requestInfo, 'post', { email: customer.email }, {
      customTagReplacement: (tpl: string) => {
        const now = new Date();
        const later = new Date(now.getTime() + 5 * 60_000).toISOString();
        const id = newId();
        const context = samlify.SamlLib.replaceTagsByValue(tpl, {
          ID: id,
          AssertionID: newId(),
          Destination: sp.acsUrl,
          Audience: sp.entityId,
          SubjectRecipient: sp.acsUrl,
          Issuer: idpEntityId,
          IssueInstant: now.toISOString(),
          StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
          ConditionsNotBefore: now.toISOString(),
          ConditionsNotOnOrAfter: later,
          SubjectConfirmationDataNotOnOrAfter: later,
          NameIDFormat: NAMEID_EMAIL,
          NameID: customer.email,
          InResponseTo: '_bench-request',
          SessionIndex: newId(),
          attrGivenname: givenName,
          attrSurname: surname,
          attrName: customer.displayName,
          attrEmailaddress: customer.email,
        });
        return { id, context };
      },
    });
  if (!/\{attr/.test(template) && !template.includes('AttributeStatement')) throw new Error('samlify: the attribute statement did not go into the template');

  // raw RSA
  const keyObject = createPrivateKey(key.privateKeyPem);
  const data = randomBytes(600);
  const raw = () => rsaSign('sha256', data, keyObject);
  // Informational: the same signature from the PEM string, parsed on every call (what a signer handed a PEM pays).
  const rawPem = () => rsaSign('sha256', data, key.privateKeyPem);

  // Check both outputs once: an SP accepts them (both signatures, same certificate).
  const verifier = new SAML({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    idpCert: key.certificatePem,
    audience: sp.entityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.never,
  });
  const oursXml = ours();
  const samlifyCtx = (await samlifyOne()) as { context: string };
  const samlifyXml = Buffer.from(samlifyCtx.context, 'base64').toString('utf8');
  const sigCount = (xml: string) => (xml.match(/<ds:Signature[\s>]/g) ?? []).length;
  const attrCount = (xml: string) => (xml.match(/<saml:Attribute /g) ?? []).length;
  const shape = {
    ours: { signatures: sigCount(oursXml), attributes: attrCount(oursXml), bytes: oursXml.length, signatureMethod: oursXml.includes(`SignatureMethod Algorithm="${ALG.rsaSha256}"`) },
    samlify: { signatures: sigCount(samlifyXml), attributes: attrCount(samlifyXml), bytes: samlifyXml.length, signatureMethod: samlifyXml.includes(`SignatureMethod Algorithm="${RSA_SHA256}"`) },
  };
  const accepted: Record<string, string> = {};
  for (const [name, xml] of [['ours', oursXml], ['samlify', samlifyXml]] as const) {
    try {
      const { profile } = await verifier.validatePostResponseAsync({ SAMLResponse: Buffer.from(xml).toString('base64') });
      accepted[name] = profile?.nameID === customer.email ? 'accepted' : `accepted, NameID ${profile?.nameID}`;
    } catch (error) {
      accepted[name] = `REJECTED: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`;
    }
  }
  if (shape.ours.signatures !== 2 || shape.samlify.signatures !== 2) throw new Error(`expected two signatures each: ${JSON.stringify(shape)}`);
  if (shape.ours.attributes !== shape.samlify.attributes) throw new Error(`attribute counts differ: ${JSON.stringify(shape)}`);

  const contenders = { ours, samlify: samlifyOne, raw, rawPem } as const;
  for (const work of Object.values(contenders)) await rate(work, 400);
  const acc = { ours: { ops: 0, ms: 0, rounds: [] as number[] }, samlify: { ops: 0, ms: 0, rounds: [] as number[] }, raw: { ops: 0, ms: 0, rounds: [] as number[] }, rawPem: { ops: 0, ms: 0, rounds: [] as number[] } };
  for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
    for (const [name, work] of Object.entries(contenders) as [keyof typeof contenders, () => unknown][]) {
      const r = await rate(work, THROUGHPUT_ROUND_MS);
      acc[name].ops += r.ops;
      acc[name].ms += r.ms;
      acc[name].rounds.push(Math.round((r.ops / r.ms) * 1000));
    }
  }
  const perSec = (name: keyof typeof acc) => (acc[name].ops / acc[name].ms) * 1000;
  const oursRate = perSec('ours');
  const samlifyRate = perSec('samlify');
  const rawRate = perSec('raw');
  const limit = rawRate / 2;
  const ratio = oursRate / limit;
  const result = {
    method: THROUGHPUT_METHOD,
    key: 'RSA 2048 (createKeyPair), SHA-256',
    outputs: { ...shape, acceptedByNodeSaml: accepted },
    responsesPerSec: {
      ours: { rate: Math.round(oursRate), rounds: acc.ours.rounds, ops: acc.ours.ops, seconds: r2(acc.ours.ms / 1000) },
      samlify: { rate: Math.round(samlifyRate), rounds: acc.samlify.rounds, ops: acc.samlify.ops, seconds: r2(acc.samlify.ms / 1000), version: samlifyVersion() },
      rawRsaSignaturesPerSec: { rate: Math.round(rawRate), rounds: acc.raw.rounds, ops: acc.raw.ops, seconds: r2(acc.raw.ms / 1000) },
      physicalLimit: Math.round(limit),
      rawRsaSignaturesFromPemPerSec: { rate: Math.round(perSec('rawPem')), rounds: acc.rawPem.rounds, note: 'informational: the key given as a PEM string, parsed on every signature' },
    },
    oursOverLimit: r3(ratio),
    oursOverSamlify: r3(oursRate / samlifyRate),
  };
  const lines = [
    `  responses/s, one core, RSA-2048 SHA-256, assertion + response signed, ${shape.ours.attributes} attributes (${THROUGHPUT_ROUNDS} × ${THROUGHPUT_ROUND_MS} ms interleaved rounds each)`,
    `  ours (signedResponse)            ${Math.round(oursRate)}/s   rounds ${acc.ours.rounds.join(', ')}   ${shape.ours.bytes} bytes; node-saml: ${accepted.ours}`,
    `  samlify IdP createLoginResponse  ${Math.round(samlifyRate)}/s   rounds ${acc.samlify.rounds.join(', ')}   ${shape.samlify.bytes} bytes; node-saml: ${accepted.samlify}`,
    `  raw RSA-2048 signatures          ${Math.round(rawRate)}/s   → limit raw/2 = ${Math.round(limit)} responses/s`,
    `  raw, key as PEM string           ${Math.round(perSec('rawPem'))}/s   (informational: key parsed on every signature → raw/2 would be ${Math.round(perSec('rawPem') / 2)}/s)`,
    `  ours / (raw/2) = ${ratio.toFixed(3)}   ours / samlify = ${(oursRate / samlifyRate).toFixed(3)}`,
  ];
  const checks: Check[] = [
    { name: 'signed responses/s, one core (ours vs samlify, raw/2)', value: `${Math.round(oursRate)}/s vs samlify ${Math.round(samlifyRate)}/s, limit ${Math.round(limit)}/s (ours/limit ${ratio.toFixed(3)})`, target: 'ours/limit ≥ 0.8 (issue 25), accepted by node-saml', pass: accepted.ours === 'accepted' && ratio >= 0.8 },
  ];
  return { result, lines, checks };
}

export async function signInBench(): Promise<{ result: unknown; lines: string[]; checks: { name: string; value: string; target: string; pass: boolean }[] }> {
  const load0 = os.loadavg()[0];
  const latency = await signInLatency();
  const load1 = os.loadavg()[0];
  const throughput = await signingThroughput();
  const load2 = os.loadavg()[0];
  const loadAverage1m = { start: r2(load0), afterLatency: r2(load1), end: r2(load2), cpus: os.cpus().length };
  return {
    result: { loadAverage1m, latency: latency.result, signing: throughput.result },
    lines: [
      'Sign-in  (help center → AuthnRequest → saml/sso → sign-in page → POST sign-in → auto-post page; own host, loopback HTTP)',
      `  load average (1 min) ${loadAverage1m.start} → ${loadAverage1m.afterLatency} → ${loadAverage1m.end} on ${loadAverage1m.cpus} CPUs`,
      ...latency.lines,
      ...throughput.lines,
    ],
    checks: [...latency.checks, ...throughput.checks],
  };
}
