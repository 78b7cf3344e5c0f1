import { parentPort, workerData } from 'node:worker_threads';
import { backgroundHandlers, forgeDeps } from '../src/app';
import { PasswordHasher, type ScryptParams } from '../src/crypto/password-hasher';
import { ForgeJira } from '../src/forge/jira';
import type { Logger, MailTransport, SendResult, SmsTransport } from '../src/ports';
import { installForgeRuntime, type QueuedEvent } from './forge-runtime';
import { consumerTimeouts } from './queue-rules';
import { entitiesFromManifest } from './kvs/entities';
import { STORAGE_REFUSED_LOG } from './kvs/rules';
import { SqliteKvs } from './kvs/sqlite-kvs';
import { SmtpTransport } from './smtp-transport';
import { lowerThreadPriority } from './thread-priority';
import { warmUp } from './warm-up';
import { headersOf, providerTransportAt, type FromRunner, type ToRunner, type WorkerInit } from './job-runner';

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
let baseUrl = init.baseUrl;
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

const kvs = new SqliteKvs({ file: init.dbFile, entities: entitiesFromManifest(init.manifestText), now: clock.nowMs, genericConflicts: init.strict });
kvs.onRefusal = (where, code, message) => log.error(STORAGE_REFUSED_LOG, { path: where, code, detail: message });
installForgeRuntime({
  kvs,
  appId: init.appId,
  baseUrl: () => baseUrl,
  onQueueEvent: (event: QueuedEvent) => post({ type: 'queue', event }),
  jira: {
    respond: async (persona: string | undefined, path: string, request?: RequestInit) => {
      const answer = await call<{ status: number; headers: Record<string, string>; body: string; failed?: true }>({
        type: 'jira',
        persona,
        path,
        init: { method: request?.method, headers: headersOf(new Headers(request?.headers)), body: typeof request?.body === 'string' ? request.body : undefined },
      });
      if (answer.failed) throw new TypeError('fetch failed');
      return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });
    },
  },
  currentPersona: () => undefined,
  queueTimeouts: consumerTimeouts(init.manifestText),
});
const smtp = init.smtpPort ? new SmtpTransport(init.smtpPort) : undefined;
const deps = forgeDeps({
  clock,
  mail: smtp ?? (init.mailApiBase ? providerTransportAt(init.mailApiBase) : viaHost('mail')),
  sms: viaHost('sms'),
  log,
  hasher: new PasswordHasher(init.scrypt as ScryptParams),
  ...(init.jiraTimeoutMs ? { jira: new ForgeJira({ timeoutMs: init.jiraTimeoutMs }) } : {}),
});
const handlers = backgroundHandlers(deps) as unknown as Record<string, (event: unknown) => Promise<unknown>>;

function forgetCaches(): void {
  (deps.settings as { forget?: () => void }).forget?.();
  (deps.templates as { forget?: () => void }).forget?.();
}

/** This connection's KVS operations since the last report: the host adds them to its own counts (tests, bench). */
function kvsOpsSinceLastPost(): Record<string, number> {
  const ops = { ...kvs.stats };
  kvs.resetStats();
  return ops;
}

port.on('message', (message: ToRunner) => {
  switch (message.type) {
    case 'clock':
      offsetMs = message.offsetMs;
      return;
    case 'base-url':
      baseUrl = message.baseUrl;
      return;
    case 'answer':
      calls.get(message.callId)?.(message.value);
      calls.delete(message.callId);
      return;
    case 'run': {
      const handler = handlers[message.fn];
      const work = handler ? handler(message.event) : Promise.reject(new Error(`no function ${message.fn}`));
      work
        .catch((error: unknown) => log.error('queued job failed', { function: message.fn, error: error instanceof Error ? error.name : 'unknown' }))
        .finally(() => post({ type: 'done', runId: message.runId, kvsOps: kvsOpsSinceLastPost() }));
      return;
    }
    case 'forget':
      // The main thread wrote settings or a template: read them again (see JobRunner.forgetCaches).
      forgetCaches();
      return;
    case 'close':
      smtp?.close();
      kvs.close();
      post({ type: 'closed' });
      return;
  }
});
// Ready after the warm-up (at most 5 s; the host starts beside it and only its first job waits), with this thread's caches and
// KVS counts clean again: the settings it read may predate the demo data, and its reads are no job's.
const warmUpLimit = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
void Promise.race([warmUp(deps, smtp), warmUpLimit])
  .catch((error: unknown) => log.warn('warm-up failed', { error: error instanceof Error ? error.name : 'unknown' }))
  .finally(() => {
    forgetCaches();
    kvs.resetStats();
    post({ type: 'ready' });
  });
