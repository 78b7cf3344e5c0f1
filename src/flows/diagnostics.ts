import { randomBytes } from 'node:crypto';
import {
  DIAGNOSTIC_CHECKS,
  judgeBase64,
  judgeClientAddress,
  judgeConditionCode,
  judgeCookie,
  judgeFormPost,
  judgeMetadata,
  judgePage,
  judgePasswordHash,
  judgeProvider,
  judgeQueue,
  judgeScheduled,
  judgeSingleUse,
  judgeTriggerUrl,
  PROBE_FORM,
  QUEUE_WAIT_MS,
  type DiagnosticCheckId,
  type DiagnosticReport,
  type DiagnosticResult,
} from '../domain/diagnostics';
import type { DiagnosticsStore } from '../ports/admin';
import type { SendResult } from '../ports/mail';
import type { Deps } from './deps';

/**
 * Runs the Diagnostics checks (issue 20, item 7) on the site the app is installed on, keeps the results (KVS,
 * with their date) and answers them. The HTTP checks are made by this function fetching its own customer-pages
 * trigger URL (server side: egress to the trigger's host is declared in manifest.yml), with a one-time probe
 * token the trigger checks (src/surfaces/pages/diagnostics-probe.ts). What a browser adds on top (SameSite,
 * third-party cookie rules) is not seen this way: see docs/platform-assumptions.md.
 */
export interface ProbeResponse {
  status: number;
  headers: { get(name: string): string | null; has?(name: string): boolean; forEach?(fn: (value: string, name: string) => void): void };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}
export type ProbeFetch = (url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; redirect?: 'manual' }) => Promise<ProbeResponse>;

export interface DiagnosticsPorts {
  deps: Pick<Deps, 'clock' | 'urls' | 'settings' | 'mail' | 'sms' | 'queue' | 'hasher' | 'log'>;
  store: DiagnosticsStore;
  fetch: ProbeFetch;
  /** The function's memory: resident set now, and its limit when the runtime tells it. */
  memory: () => { rssMiB: number; limitMiB?: number };
  sleep: (ms: number) => Promise<void>;
}

/** Each fetch of the own trigger; two in a row at most (see triggerChecks). */
const FETCH_TIMEOUT_MS = 6_000;

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'timeout' })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Judged = Omit<DiagnosticResult, 'id' | 'ms'>;

/** Runs one check; a thrown error fails it with a short code (never the message: it may carry a URL). */
async function timed(ports: DiagnosticsPorts, id: DiagnosticCheckId, check: () => Promise<Judged>): Promise<DiagnosticResult> {
  const started = ports.deps.clock.nowMs();
  try {
    const judged = await check();
    return { id, ...judged, ms: Math.max(0, Math.round(ports.deps.clock.nowMs() - started)) };
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    ports.deps.log.warn('diagnostics check failed', { check: id, error: error instanceof Error ? error.name : 'unknown' });
    return { id, status: 'failed', reason: typeof code === 'string' ? code.slice(0, 40) : 'error', facts: {}, ms: Math.max(0, Math.round(ports.deps.clock.nowMs() - started)) };
  }
}

/**
 * The checks against the customer-pages trigger. They run at once, except the cookie and the client address,
 * which read the form post's answer: at most two fetch timeouts in a row, so a trigger that hangs still leaves
 * the run inside a resolver's 25 seconds.
 */
async function triggerChecks(ports: DiagnosticsPorts, base: string): Promise<DiagnosticResult[]> {
  const get = (url: string, headers: Record<string, string> = {}) => withTimeout(ports.fetch(url, { method: 'GET', headers, redirect: 'manual' }), FETCH_TIMEOUT_MS);
  const { token, record } = await ports.store.createProbe(PROBE_FORM);
  const probeUrl = `${base}/diagnostics/probe`;

  const page = timed(ports, 'page-html', async () => {
    const answer = await get(`${base}/login?lang=en`);
    const headers: string[] = [];
    answer.headers.forEach?.((_, name) => headers.push(name.toLowerCase()));
    await answer.text();
    return judgePage({ status: answer.status, contentType: answer.headers.get('content-type') ?? '', headers, referrerPolicy: answer.headers.get('referrer-policy') ?? '' });
  });

  const base64 = timed(ports, 'base64', async () => {
    const answer = await get(`${probeUrl}?step=base64`, { 'x-pa-probe': token });
    const bytes = Buffer.from(await answer.arrayBuffer());
    return judgeBase64({ status: answer.status, decoded: bytes.equals(Buffer.from(record.bytes, 'hex')) });
  });

  const metadata = timed(ports, 'saml-metadata', async () => {
    const answer = await get(`${base}/saml/metadata`);
    const text = await answer.text();
    return judgeMetadata({ status: answer.status, contentType: answer.headers.get('content-type') ?? '', entityDescriptor: /<(?:md:)?EntityDescriptor\b/.test(text) });
  });

  let setCookie: string | null = null;
  let echo: { intact?: boolean; forwardedFor?: { present?: boolean; entries?: number } } | undefined;
  const posted = await timed(ports, 'form-post', async () => {
    const response = await withTimeout(
      ports.fetch(probeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-pa-probe': token }, body: PROBE_FORM, redirect: 'manual' }),
      FETCH_TIMEOUT_MS,
    );
    setCookie = response.headers.get('set-cookie');
    const text = await response.text();
    echo = response.status === 200 ? (JSON.parse(text) as typeof echo) : undefined;
    return judgeFormPost({ status: response.status, intact: echo?.intact === true });
  });

  const cookie = timed(ports, 'cookie', async () => {
    if (!echo) return { status: 'failed', reason: posted.reason ?? 'no-answer', facts: {} };
    const value = setCookie ? /(?:^|[,;]\s*)pa_diag=([0-9a-f]+)/.exec(setCookie)?.[1] : undefined;
    if (!value) return judgeCookie({ setCookie: false, cameBack: false });
    const back = await get(`${probeUrl}?step=cookie`, { 'x-pa-probe': token, cookie: `pa_diag=${value}` });
    const answer = back.status === 200 ? (JSON.parse(await back.text()) as { cookieBack?: boolean }) : {};
    return judgeCookie({ setCookie: true, cameBack: answer.cookieBack === true });
  });

  const address = timed(ports, 'client-address', async () => {
    if (!echo) return { status: 'failed', reason: posted.reason ?? 'no-answer', facts: {} };
    return judgeClientAddress({ present: echo.forwardedFor?.present === true, entries: Number(echo.forwardedFor?.entries ?? 0) });
  });

  return Promise.all([page, Promise.resolve(posted), cookie, address, base64, metadata]);
}

async function queueRoundTrip(ports: DiagnosticsPorts): Promise<Judged> {
  const id = randomBytes(12).toString('hex');
  const sentAt = ports.deps.clock.nowMs();
  await ports.deps.queue.push({ type: 'diagnostics-ping', id });
  for (let waited = 0; waited <= QUEUE_WAIT_MS; waited += 250) {
    const arrived = await ports.store.ping(id);
    if (arrived !== undefined) return judgeQueue(arrived - sentAt);
    await ports.sleep(250);
  }
  return judgeQueue(undefined);
}

async function passwordHash(ports: DiagnosticsPorts): Promise<Judged> {
  const started = ports.deps.clock.nowMs();
  await ports.deps.hasher.hash(randomBytes(18).toString('base64url'));
  const ms = ports.deps.clock.nowMs() - started;
  const { N, r, p } = ports.deps.hasher.params;
  return judgePasswordHash({ ms, ...ports.memory(), scryptMiB: Math.ceil((128 * N * r * p) / 2 ** 20) });
}

async function providers(ports: DiagnosticsPorts): Promise<DiagnosticResult[]> {
  const settings = await ports.deps.settings.fresh();
  const verify = (transport: { verify?: (s: typeof settings) => Promise<SendResult> }) => (transport.verify ? transport.verify(settings) : Promise.resolve<SendResult>({ ok: false, reason: 'not-supported', retryable: false }));
  return Promise.all([
    timed(ports, 'mail-provider', async () => judgeProvider('mail', settings.delivery.provider, await verify(ports.deps.mail))),
    timed(ports, 'sms-provider', async () => judgeProvider('sms', settings.sms.provider, settings.sms.provider === 'none' ? { ok: true } : await verify(ports.deps.sms))),
  ]);
}

export async function runDiagnostics(ports: DiagnosticsPorts): Promise<DiagnosticReport> {
  const base = await ports.deps.urls.customerPagesBase();
  const [http, condition, once, queue, scheduled, provider, hash] = await Promise.all([
    triggerChecks(ports, base),
    timed(ports, 'kvs-condition', async () => judgeConditionCode(await ports.store.conditionFailureCode())),
    timed(ports, 'single-use', async () => judgeSingleUse(await ports.store.singleUseWinners())),
    timed(ports, 'queue', () => queueRoundTrip(ports)),
    timed(ports, 'scheduled', async () => judgeScheduled(await ports.store.lastScheduledRun(), ports.deps.clock.nowMs())),
    providers(ports),
    timed(ports, 'password-hash', () => passwordHash(ports)),
  ]);
  const url = await timed(ports, 'trigger-url', () => Promise.resolve(judgeTriggerUrl(base)));
  const all = [...http, condition, once, queue, scheduled, ...provider, url, hash];
  const report: DiagnosticReport = {
    ranAt: new Date(ports.deps.clock.nowMs()).toISOString(),
    results: DIAGNOSTIC_CHECKS.map((id) => all.find((r) => r.id === id)!),
  };
  await ports.store.saveReport(report);
  return report;
}
