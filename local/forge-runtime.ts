import { randomUUID } from 'node:crypto';
import type { SqliteKvs } from './kvs/sqlite-kvs';
import { kvsFetch } from './kvs/forge-fetch';
import type { JiraEmulator } from './jira-emulator';
import { queuePushRefusal, type QueuePush } from './queue-rules';

/**
 * Emulates the two globals the Forge runtime gives a function, `__forge_runtime__` and `__forge_fetch__`,
 * so the unchanged @forge/kvs, @forge/api (webTrigger) and @forge/events (Queue) code runs locally:
 * KVS requests go to SQLite, web-trigger URLs point at this host, queue pushes are delivered to the
 * consumer handler in-process.
 */
export interface QueuedEvent {
  queueName: string;
  jobId: string;
  eventId: string;
  body: Record<string, unknown>;
  delayInSeconds?: number;
}

export interface RuntimeOptions {
  kvs: SqliteKvs;
  baseUrl: () => string;
  onQueueEvent: (event: QueuedEvent) => void;
  appId: string;
  /** Answers asUser()/asApp() requestJira calls; without it they get 501 NOT_EMULATED. */
  jira?: Pick<JiraEmulator, 'respond'>;
  /** The persona of the current invocation (undefined: no user), read for asUser() calls. */
  currentPersona?: () => string | undefined;
  /** Each queue's consumer function timeout (local/queue-rules.ts consumerTimeouts): pushes are checked against Forge's limits. */
  queueTimeouts?: Record<string, number>;
}

export const APP_ENVIRONMENT_ID = '00000000-0000-4000-8000-00000000e0e0';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function installForgeRuntime(options: RuntimeOptions): () => void {
  const g = globalThis as Record<string, unknown>;
  const kvs = kvsFetch(options.kvs);
  const noop = { incr() {}, decr() {}, measure: () => ({ stop() {} }) };
  g.__forge_runtime__ = {
    appContext: { appId: options.appId, environmentId: APP_ENVIRONMENT_ID, environmentType: 'DEVELOPMENT', appVersion: 'local', invocationId: 'local' },
    contextAri: 'ari:cloud:jira::site/00000000-0000-4000-8000-000000000001',
    metrics: { counter: () => noop, timing: () => noop, gauge: () => noop },
    tracing: { traceId: 'local', spanId: 'local' },
    lambdaContext: { getRemainingTimeInMillis: () => 25_000 },
  };
  g.__forge_fetch__ = async (meta: { type: string; remote?: string; provider?: string }, path: string, init?: RequestInit) => {
    if (meta.type === 'kvs') return kvs(path, init as { body?: string });
    if (meta.type === 'fpp' && meta.remote === 'jira' && options.jira) {
      // The app itself (asApp, provider 'app') sees everything; asUser is answered as the current persona.
      const persona = meta.provider === 'app' ? 'app' : meta.provider === 'user' ? options.currentPersona?.() : undefined;
      return options.jira.respond(persona, path, init);
    }
    if (meta.type === 'fpp' && meta.remote === 'stargate' && path === '/graphql') {
      const request = JSON.parse((init?.body as string | undefined) ?? '{}') as { query?: string; variables?: { input?: { triggerKey?: string } } };
      if (request.query?.includes('createWebTriggerUrl')) {
        const key = request.variables?.input?.triggerKey ?? '';
        return json(200, { data: { createWebTriggerUrl: { url: `${options.baseUrl()}/x/${encodeURIComponent(key)}` } } });
      }
    }
    if (meta.type === 'fpp' && meta.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
      const push = JSON.parse((init?.body as string | undefined) ?? '{}') as QueuePush & { jobId: string };
      const refused = queuePushRefusal(push, options.queueTimeouts?.[push.queueName]);
      if (refused) return json(refused.status, refused.body);
      for (const event of push.payload) {
        options.onQueueEvent({ queueName: push.queueName, jobId: push.jobId, eventId: randomUUID(), body: event.body, delayInSeconds: event.delayInSeconds });
      }
      return json(201, {});
    }
    return json(501, { code: 'NOT_EMULATED', message: `The local host does not emulate ${meta.type} ${path}` });
  };
  return () => {
    delete g.__forge_runtime__;
    delete g.__forge_fetch__;
  };
}
