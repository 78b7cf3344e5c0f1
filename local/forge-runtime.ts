import { randomUUID } from 'node:crypto';
import type { SqliteKvs } from './kvs/sqlite-kvs';
import { kvsFetch } from './kvs/forge-fetch';
import type { JiraEmulator } from './jira-emulator';
import type { RetryContext } from './redelivery';
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
  /** Set on a redelivery (local/redelivery.ts): what the consumer sees as `retryContext`. */
  retryContext?: RetryContext;
  /** When the event was first delivered on the host clock (the retention window starts there). */
  firstDeliveredMs?: number;
  /** The installation whose invocation pushed it: Forge runs its consumer in that installation (issue 20). */
  installContext?: string;
}

/** One installation the host serves: its storage, trigger URLs and Jira (local/sites.ts). */
export interface RuntimeSite {
  installContext: string;
  installationId: string;
  kvs: SqliteKvs;
  baseUrl: () => string;
  jira?: Pick<JiraEmulator, 'respond'>;
  /** Atlassian's Personal data reporting API for this site (local/privacy-emulator.ts). */
  privacy?: PrivacyApi;
}

/** Answers `/app/report-accounts` (the request body as sent); the jobs worker reaches the host's by message. */
export interface PrivacyApi {
  respond(body: string | undefined): Response | Promise<Response>;
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
  /**
   * The installation of the invocation in progress (issue 20): its KVS partition (as on Forge, each installation's
   * storage is its own), its web trigger URLs, its Jira, its `appContext`. Without it (or outside an invocation)
   * the options' own kvs, baseUrl and jira answer.
   */
  site?: () => RuntimeSite | undefined;
  /** The Privacy API outside a site's invocation (the first site's). */
  privacy?: PrivacyApi;
  /** Each queue's consumer function timeout (local/queue-rules.ts consumerTimeouts): pushes are checked against Forge's limits. */
  queueTimeouts?: Record<string, number>;
}

export const APP_ENVIRONMENT_ID = '00000000-0000-4000-8000-00000000e0e0';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function installForgeRuntime(options: RuntimeOptions): () => void {
  const g = globalThis as Record<string, unknown>;
  const fetchers = new Map<SqliteKvs, ReturnType<typeof kvsFetch>>();
  const kvsOf = (store: SqliteKvs) => fetchers.get(store) ?? fetchers.set(store, kvsFetch(store)).get(store)!;
  const noop = { incr() {}, decr() {}, measure: () => ({ stop() {} }) };
  const appContext = { appId: options.appId, environmentId: APP_ENVIRONMENT_ID, environmentType: 'DEVELOPMENT', appVersion: 'local', invocationId: 'local' };
  g.__forge_runtime__ = {
    get appContext() {
      const here = options.site?.();
      return here ? { ...appContext, installationId: here.installationId } : appContext;
    },
    get contextAri() {
      return options.site?.()?.installContext ?? 'ari:cloud:jira::site/00000000-0000-4000-8000-000000000001';
    },
    metrics: { counter: () => noop, timing: () => noop, gauge: () => noop },
    tracing: { traceId: 'local', spanId: 'local' },
    lambdaContext: { getRemainingTimeInMillis: () => 25_000 },
  };
  g.__forge_fetch__ = async (meta: { type: string; remote?: string; provider?: string }, path: string, init?: RequestInit) => {
    const here = options.site?.();
    if (meta.type === 'kvs') return kvsOf(here?.kvs ?? options.kvs)(path, init as { body?: string });
    const jira = here?.jira ?? options.jira;
    if (meta.type === 'fpp' && meta.remote === 'jira' && jira) {
      // The app itself (asApp, provider 'app') sees everything; asUser is answered as the current persona.
      const persona = meta.provider === 'app' ? 'app' : meta.provider === 'user' ? options.currentPersona?.() : undefined;
      return jira.respond(persona, path, init);
    }
    if (meta.type === 'fpp' && meta.remote === 'stargate' && path === '/graphql') {
      const request = JSON.parse((init?.body as string | undefined) ?? '{}') as { query?: string; variables?: { input?: { triggerKey?: string } } };
      if (request.query?.includes('createWebTriggerUrl')) {
        const key = request.variables?.input?.triggerKey ?? '';
        return json(200, { data: { createWebTriggerUrl: { url: `${(here?.baseUrl ?? options.baseUrl)()}/x/${encodeURIComponent(key)}` } } });
      }
    }
    // @forge/api's privacy.reportPersonalData posts as the app (issue 24 item 4).
    const privacy = here?.privacy ?? options.privacy;
    if (meta.type === 'fpp' && meta.remote === 'stargate' && path === '/app/report-accounts' && privacy) {
      if (meta.provider !== 'app' || init?.method !== 'POST') return json(403, { code: 403, message: 'report-accounts: POST as the app only' });
      return privacy.respond(typeof init.body === 'string' ? init.body : undefined);
    }
    if (meta.type === 'fpp' && meta.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
      const push = JSON.parse((init?.body as string | undefined) ?? '{}') as QueuePush & { jobId: string };
      const refused = queuePushRefusal(push, options.queueTimeouts?.[push.queueName]);
      if (refused) return json(refused.status, refused.body);
      for (const event of push.payload) {
        options.onQueueEvent({ queueName: push.queueName, jobId: push.jobId, eventId: randomUUID(), body: event.body, delayInSeconds: event.delayInSeconds, ...(here ? { installContext: here.installContext } : {}) });
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
