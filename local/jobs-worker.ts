import { AsyncLocalStorage } from 'node:async_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { BACKGROUND_HANDLER_NAMES, backgroundHandlers, byInstallation, forgeDeps } from '../src/app';
import type { Deps } from '../src/flows/deps';
import { inInstallation } from '../src/forge/installation';
import { PasswordHasher, type ScryptParams } from '../src/crypto/password-hasher';
import { ForgeJira } from '../src/forge/jira';
import type { MailTransport, SendResult } from '../src/ports/mail';
import type { Logger } from '../src/ports/platform';
import type { SmsTransport } from '../src/ports/sms';
import { installForgeRuntime, type QueuedEvent } from './forge-runtime';
import { consumerTimeouts } from './queue-rules';
import { entitiesFromManifest } from './kvs/entities';
import { STORAGE_REFUSED_LOG } from './kvs/rules';
import { SqliteKvs } from './kvs/sqlite-kvs';
import { SmtpTransport } from './smtp-transport';
import { lowerThreadPriority } from './thread-priority';
import { warmUp } from './warm-up';
import { headersOf, providerTransportAt, type FromRunner, type JobStep, type ToRunner, type WorkerInit, type WorkerSite } from './job-runner';
import { outcomeOf, type DeliveryOutcome } from './redelivery';
import type { JobLedger } from '../src/ports/jobs';

/**
 * The local host's second "invocation": queued jobs, delayed jobs and scheduled triggers run here, on their
 * own thread with their own SQLite connection, as Forge runs a consumer in its own invocation. The request
 * path (main thread) never waits for this work, and this work never takes the request path's event loop.
 * What only the main thread has (the mail and SMS catchers or a test's transport, the Jira emulator, the
 * log) is reached by message.
 */
const init = workerData as WorkerInit;
if (init.nice) lowerThreadPriority(init.nice);
const port = parentPort!;
const post = (message: FromRunner) => port.postMessage(message);

let offsetMs = init.offsetMs;
const clock = { nowMs: () => Date.now() + offsetMs };

let nextCall = 0;
const calls = new Map<number, (value: unknown) => void>();
type Call = Extract<FromRunner, { callId: number }>;
type Request = Call extends infer C ? (C extends Call ? Omit<C, 'callId'> : never) : never;
function call<T>(message: Request): Promise<T> {
  const callId = ++nextCall;
  return new Promise<T>((resolve) => {
    calls.set(callId, resolve as (value: unknown) => void);
    post({ ...message, callId });
  });
}

const log: Logger = {
  info: (message, fields) => post({ type: 'log', level: 'info', message, fields }),
  warn: (message, fields) => post({ type: 'log', level: 'warn', message, fields }),
  error: (message, fields) => post({ type: 'log', level: 'error', message, fields }),
};
const viaHost = (channel: 'mail' | 'sms'): MailTransport & SmsTransport => ({
  send: (message: unknown, settings: unknown) => call<SendResult>({ type: 'send', channel, message, settings }),
});

/** Each site's storage and adapters in this worker (issue 20); invocations of both run in this one warm module state. */
interface Site extends WorkerSite {
  kvs: SqliteKvs;
  baseUrl: string;
  deps: Deps;
}
const entities = entitiesFromManifest(init.manifestText);
const smtp = init.smtpPort ? new SmtpTransport(init.smtpPort) : undefined;
const hasher = new PasswordHasher(init.scrypt as ScryptParams);
const edges = {
  clock,
  mail: smtp ?? (init.mailApiBase ? providerTransportAt(init.mailApiBase) : viaHost('mail')),
  sms: viaHost('sms'),
  log,
  hasher,
  ...(init.jiraTimeoutMs ? { jira: new ForgeJira({ timeoutMs: init.jiraTimeoutMs }) } : {}),
};
const sites: Site[] = init.sites.map((site) => ({ ...site, kvs: new SqliteKvs({ file: site.dbFile, entities, now: clock.nowMs, genericConflicts: init.strict }), baseUrl: init.baseUrl, deps: forgeDeps(edges) }));
for (const site of sites) site.kvs.onRefusal = (where, code, message) => log.error(STORAGE_REFUSED_LOG, { path: where, code, detail: message });
// The host's request thread never checkpoints its SQLite files (local/host.ts): this thread does, every second, beside
// the requests (a PASSIVE checkpoint waits for no reader or writer).
const checkpoints = setInterval(() => {
  for (const site of sites) {
    try {
      site.kvs.checkpoint();
    } catch (error) {
      log.warn('WAL checkpoint failed', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
    }
  }
}, 1000);
checkpoints.unref();
const siteOf = (installContext: string | undefined): Site => sites.find((s) => s.installContext === installContext) ?? sites[0];
/** The site of the invocation in progress (the platform's side: which storage, URLs and Jira it reaches). */
const invocation = new AsyncLocalStorage<Site>();
const kvs = sites[0].kvs;
installForgeRuntime({
  kvs,
  appId: init.appId,
  baseUrl: () => sites[0].baseUrl,
  onQueueEvent: (event: QueuedEvent) => post({ type: 'queue', event }),
  site: () => {
    const site = invocation.getStore();
    return site && { installContext: site.installContext, installationId: site.installationId, kvs: site.kvs, baseUrl: () => site.baseUrl, jira: jiraOf(site), privacy: privacyOf(site) };
  },
  jira: jiraOf(undefined),
  currentPersona: () => undefined,
  queueTimeouts: consumerTimeouts(init.manifestText),
});
/** The site's Personal data reporting API, answered by the host (local/privacy-emulator.ts). */
function privacyOf(site: Site) {
  return {
    respond: async (body: string | undefined) => {
      const answer = await call<{ status: number; headers: Record<string, string>; body: string }>({ type: 'privacy', body, installContext: site.installContext });
      return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });
    },
  };
}
function jiraOf(site: Site | undefined) {
  return {
    respond: async (persona: string | undefined, path: string, request?: RequestInit) => {
      const answer = await call<{ status: number; headers: Record<string, string>; body: string; failed?: true }>({
        type: 'jira',
        persona,
        path,
        init: { method: request?.method, headers: headersOf(new Headers(request?.headers)), body: typeof request?.body === 'string' ? request.body : undefined },
        installContext: site?.installContext,
      });
      if (answer.failed) throw new TypeError('fetch failed');
      return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });
    },
  };
}
const deps = sites[0].deps;
// The same handler instances serve every site, each invocation with its own installation's adapters (as on Forge).
const handlers = byInstallation(BACKGROUND_HANDLER_NAMES, (key) => backgroundHandlers(siteOf(key).deps)) as unknown as Record<string, (event: unknown, context: unknown) => Promise<unknown>>;
/** What Forge passes a function of this site as its second argument ("Function Arguments"). */
const contextOf = (site: Site) => ({ installContext: site.installContext, installation: { ari: { installationId: site.installationId }, contexts: [{ cloudId: site.cloudId }] } });

/**
 * A test's "stop the next job right after this step" (JobRunner.stopNextJobAfter): the job ledger's step
 * succeeds (claim, sent) and the job then throws, as if its invocation died there (after `send` the flow's
 * record, written beside the mark, settles first); `record` stops after the flow stored what it sent, before
 * the job is marked done. A link mail's record carries the done mark itself: both stop right after it. The emulator then redelivers the event. (finishSent's "record missing" path: the unit
 * test test/unit/job-once.test.ts.)
 */
let stopAfter: JobStep | undefined;
const stop = (step: JobStep) => {
  if (stopAfter !== step) return;
  stopAfter = undefined;
  log.warn(`job stopped after ${step} (test)`);
  throw new Error(`job stopped after ${step} (test)`);
};
for (const site of sites) {
  const ledger: JobLedger = site.deps.jobs;
  site.deps.jobs = {
    claim: async (...args) => {
      const claim = await ledger.claim(...args);
      if (claim.kind === 'run') stop('claim');
      return claim;
    },
    sent: async (...args) => {
      await ledger.sent(...args);
      stop('send');
    },
    done: async (...args) => {
      stop('record');
      await ledger.done(...args);
    },
    doneMark: (...args) => ledger.doneMark(...args),
    claimMark: (...args) => ledger.claimMark(...args),
    // A reset request's claim rides in its window claim's transaction (issue 25): 'claim' stops right after it.
    claimed: async (...args) => {
      await ledger.claimed(...args);
      stop('claim');
    },
    // A link mail's record carries the done mark (issue 25): its mail went out and what it sent is stored, so
    // 'send' and 'record' both stop right after it.
    recorded: async (...args) => {
      await ledger.recorded(...args);
      stop('send');
      stop('record');
    },
  };
}

function forgetCaches(installContext?: string): void {
  for (const site of installContext ? [siteOf(installContext)] : sites) {
    (site.deps.settings as { forget?: () => void }).forget?.();
    (site.deps.templates as { forget?: () => void }).forget?.();
  }
}

/** The KVS operations since the last report: the first site's (the host adds them to its own counts: tests, bench), and each other site's apart. */
function kvsOpsSinceLastPost(): { kvsOps: Record<string, number>; otherSites: Record<string, Record<string, number>> } {
  const otherSites: Record<string, Record<string, number>> = {};
  for (const site of sites.slice(1)) {
    otherSites[site.installContext] = { ...site.kvs.stats };
    site.kvs.resetStats();
  }
  const kvsOps = { ...kvs.stats };
  kvs.resetStats();
  return { kvsOps, otherSites };
}

port.on('message', (message: ToRunner) => {
  switch (message.type) {
    case 'clock':
      offsetMs = message.offsetMs;
      return;
    case 'base-url':
      siteOf(message.installContext).baseUrl = message.baseUrl;
      return;
    case 'answer':
      calls.get(message.callId)?.(message.value);
      calls.delete(message.callId);
      return;
    case 'run': {
      const handler = handlers[message.fn];
      const site = siteOf(message.installContext);
      const work = handler ? invocation.run(site, () => handler(message.event, contextOf(site))) : Promise.reject(new Error(`no function ${message.fn}`));
      let outcome: DeliveryOutcome = { kind: 'threw' };
      work
        .then((answer) => (outcome = outcomeOf(answer)))
        .catch((error: unknown) => log.error('queued job failed', { function: message.fn, error: error instanceof Error ? error.name : 'unknown' }))
        .finally(() => post({ type: 'done', runId: message.runId, ...kvsOpsSinceLastPost(), outcome }));
      return;
    }
    case 'stop-after':
      stopAfter = message.step;
      return;
    case 'forget':
      // The main thread wrote settings or a template: read them again (see JobRunner.forgetCaches).
      forgetCaches(message.installContext);
      return;
    case 'close':
      clearInterval(checkpoints);
      smtp?.close();
      sites.forEach((site) => site.kvs.close());
      post({ type: 'closed' });
      return;
  }
});
// Ready after the warm-up (at most 5 s; the host starts beside it and only its first job waits), with this thread's caches and
// KVS counts clean again: the settings it read may predate the demo data, and its reads are no job's.
const warmUpLimit = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
void Promise.race([invocation.run(sites[0], () => inInstallation(sites[0].installContext, () => warmUp(deps, smtp))), warmUpLimit])
  .catch((error: unknown) => log.warn('warm-up failed', { error: error instanceof Error ? error.name : 'unknown' }))
  .finally(() => {
    forgetCaches();
    sites.forEach((site) => site.kvs.resetStats());
    post({ type: 'ready' });
  });
