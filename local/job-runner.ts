import { Worker } from 'node:worker_threads';
import { ProviderTransport } from '../src/forge/mail';
import type { MailTransport } from '../src/ports/mail';
import type { Logger } from '../src/ports/platform';
import type { SmsTransport } from '../src/ports/sms';
import type { PrivacyApi, QueuedEvent } from './forge-runtime';
import type { JiraEmulator } from './jira-emulator';
import type { DeliveryOutcome } from './redelivery';
import { workerScript } from './worker-bundle';

/** What the jobs worker (local/jobs-worker.ts) is started with. */
export interface WorkerInit {
  dbFile: string;
  manifestText: string;
  appId: string;
  baseUrl: string;
  offsetMs: number;
  /** The mail catcher's SMTP port: the worker sends mail itself; undefined: through the host's transport. */
  smtpPort?: number;
  /** HostOptions.mailApiBase: the worker sends through the app's provider transport to this base URL itself. */
  mailApiBase?: string;
  /** HostOptions.backgroundNice. */
  nice?: number;
  scrypt: unknown;
  jiraTimeoutMs?: number;
  /** PLATFORM=strict: KVS conflicts answer a generic code here too. */
  strict: boolean;
  /** Every site the host serves (issue 20), each with its own KVS file; the first is the one `dbFile` names. */
  sites: WorkerSite[];
}

/** A site as the jobs worker needs it: its installation (the context its invocations get) and its storage. */
export interface WorkerSite {
  installContext: string;
  installationId: string;
  cloudId: string;
  dbFile: string;
}

/** HostOptions.mailApiBase: the app's provider transport (provider from settings, key from the KVS secret) with Node's fetch, at that base URL. */
export function providerTransportAt(apiBase: string): ProviderTransport {
  return new ProviderTransport({ apiBase, fetch: (url, init) => fetch(url, init) });
}

export type ToRunner =
  | { type: 'clock'; offsetMs: number }
  | { type: 'base-url'; baseUrl: string; installContext?: string }
  | { type: 'answer'; callId: number; value: unknown }
  | { type: 'run'; runId: number; fn: string; event: unknown; installContext?: string }
  | { type: 'forget'; installContext?: string }
  | { type: 'stop-after'; step: JobStep }
  | { type: 'close' };

/** A job's steps (src/forge/job-ledger.ts): a test can stop the next job right after one (HostApi.stopNextJobAfter). */
export type JobStep = 'claim' | 'send' | 'record';

export type FromRunner =
  | { type: 'ready' }
  | { type: 'closed' }
  | { type: 'done'; runId: number; kvsOps: Record<string, number>; otherSites?: Record<string, Record<string, number>>; outcome: DeliveryOutcome }
  | { type: 'queue'; event: QueuedEvent }
  | { type: 'log'; level: keyof Logger; message: string; fields?: Parameters<Logger['info']>[1] }
  | { type: 'send'; callId: number; channel: 'mail' | 'sms'; message: unknown; settings: unknown }
  | { type: 'jira'; callId: number; persona: string | undefined; path: string; init: { method?: string; headers: Record<string, string>; body?: string }; installContext?: string }
  | { type: 'privacy'; callId: number; body?: string; installContext?: string };

export interface RunnerEdges {
  log: Logger;
  /** Set when the host's mail goes through a transport object (a test's provider stand-in) rather than SMTP. */
  mail?: MailTransport;
  sms: SmsTransport;
  jira: JiraEmulator;
  /** The Jira of a site (issue 20); without it, or for an unknown site, `jira`. */
  jiraOf?: (installContext: string | undefined) => JiraEmulator | undefined;
  /** The Personal data reporting API of a site (issue 24 item 4). */
  privacyOf?: (installContext: string | undefined) => PrivacyApi | undefined;
  onQueue: (event: QueuedEvent) => void;
  /** The worker's KVS operations of a finished run, counted with the host's own. */
  kvsStats: Record<string, number>;
  /** The same for the host's other sites (issue 20), by installContext. */
  kvsStatsOf?: (installContext: string) => Record<string, number> | undefined;
}

/**
 * The main thread's side of the jobs worker: hands it jobs (`run`), keeps its clock in step, and answers
 * what it asks of the main thread's edges (mail, SMS, Jira, log).
 */
export class JobRunner {
  private nextRun = 0;
  private readonly runs = new Map<number, (outcome: DeliveryOutcome) => void>();
  private closing?: Promise<void>;

  private constructor(private readonly worker: Worker, private readonly edges: RunnerEdges) {
    worker.on('message', (message: FromRunner) => void this.onMessage(message));
    worker.on('error', (error) => {
      edges.log.error('jobs worker failed', { error: error.name });
      for (const done of this.runs.values()) done({ kind: 'threw' });
      this.runs.clear();
    });
  }

  static async start(init: WorkerInit, edges: RunnerEdges): Promise<JobRunner> {
    const worker = new Worker(await workerScript('jobs-worker'), { workerData: init });
    const runner = new JobRunner(worker, edges);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromRunner) => {
        if (message.type !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return runner;
  }

  /** Runs function `fn` of the app (`jobs`, `reminders`, …) with `event` in the worker, as an invocation of the site `installContext` (default: the first); resolves with how it ended. */
  run(fn: string, event: unknown, installContext?: string): Promise<DeliveryOutcome> {
    const runId = ++this.nextRun;
    return new Promise<DeliveryOutcome>((resolve) => {
      this.runs.set(runId, resolve);
      this.post({ type: 'run', runId, fn, event, installContext });
    });
  }

  setClockOffset(offsetMs: number): void {
    this.post({ type: 'clock', offsetMs });
  }

  /**
   * Settings or a template changed on the main thread: the worker drops its cached copies. Its caches are
   * otherwise warm for 10 s like a warm Forge instance's; this keeps a saved change and the next job in step
   * (what the single-threaded host did, and what tests of "save, then send" expect).
   */
  forgetCaches(installContext?: string): void {
    this.post({ type: 'forget', installContext });
  }

  /** The next job that reaches `step` throws right after it, as if its invocation died there. */
  stopNextJobAfter(step: JobStep): void {
    this.post({ type: 'stop-after', step });
  }

  setBaseUrl(baseUrl: string, installContext?: string): void {
    this.post({ type: 'base-url', baseUrl, installContext });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        this.worker.on('message', (m: FromRunner) => m.type === 'closed' && (clearTimeout(timer), resolve()));
      });
      this.post({ type: 'close' });
      await closed;
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private post(message: ToRunner): void {
    this.worker.postMessage(message);
  }

  private async onMessage(message: FromRunner): Promise<void> {
    switch (message.type) {
      case 'done':
        for (const [route, n] of Object.entries(message.kvsOps)) this.edges.kvsStats[route] = (this.edges.kvsStats[route] ?? 0) + n;
        for (const [site, ops] of Object.entries(message.otherSites ?? {})) {
          const stats = this.edges.kvsStatsOf?.(site);
          if (stats) for (const [route, n] of Object.entries(ops)) stats[route] = (stats[route] ?? 0) + n;
        }
        this.runs.get(message.runId)?.(message.outcome);
        this.runs.delete(message.runId);
        return;
      case 'queue':
        this.edges.onQueue(message.event);
        return;
      case 'log':
        this.edges.log[message.level](message.message, message.fields);
        return;
      case 'send': {
        const transport = message.channel === 'mail' ? this.edges.mail : this.edges.sms;
        const value = transport
          ? await (transport.send as (m: unknown, s: unknown) => Promise<unknown>)(message.message, message.settings).catch(() => ({ ok: false, reason: `${message.channel}-transport-failed`, retryable: true }))
          : { ok: false, reason: 'no-transport', retryable: false };
        this.post({ type: 'answer', callId: message.callId, value });
        return;
      }
      case 'jira': {
        // A failure to answer (not an error status) reaches the worker's fetch as a network error.
        const value = await (this.edges.jiraOf?.(message.installContext) ?? this.edges.jira)
          .respond(message.persona, message.path, message.init)
          .then(async (response) => ({ status: response.status, headers: headersOf(response.headers), body: await response.text() }))
          .catch(() => ({ failed: true }));
        this.post({ type: 'answer', callId: message.callId, value });
        return;
      }
      case 'privacy': {
        const api = this.edges.privacyOf?.(message.installContext);
        const value = api
          ? await Promise.resolve(api.respond(message.body)).then(async (response) => ({ status: response.status, headers: headersOf(response.headers), body: await response.text() }))
          : { status: 501, headers: {}, body: '{"code":"NOT_EMULATED"}' };
        this.post({ type: 'answer', callId: message.callId, value });
        return;
      }
      case 'ready':
      case 'closed':
        // Awaited by their own listeners (start and close).
        return;
    }
  }
}

/** A Headers object as a plain record (what crosses to the worker). */
export function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return out;
}
