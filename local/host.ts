import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REQUEST_HANDLER_NAMES, byInstallation, requestHandlers, forgeDeps } from '../src/app';
import { inInstallation } from '../src/forge/installation';
import { DEMO_SITE, SECOND_SITE, installContextOf, invocationContext, loopbackGet, type SiteDef } from './sites';
import { idpMetadataUrl } from './saml-sp';
import { PasswordHasher, OWASP_SCRYPT, type ScryptParams } from '../src/crypto/password-hasher';
import type { Deps } from '../src/flows/deps';
import { ForgeJira } from '../src/forge/jira';
import { consoleLogger } from '../src/forge/logger';
import { CUSTOMER_PAGES_TRIGGER } from '../src/forge/urls';
import { PORTAL_KEYS } from '../src/surfaces/portal';
import { AGENT_KEYS } from '../src/surfaces/agent-api';
import { ADMIN_KEYS } from '../src/surfaces/admin-api';
import { PROFILE_KEYS } from '../src/surfaces/profile-api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { JiraEmulator, PERSONAS, PERSONA_ACCOUNTS, isPersona, type JiraFaults, type Persona } from './jira-emulator';
import type { MailTransport } from '../src/ports/mail';
import type { Logger } from '../src/ports/platform';
import type { SmsTransport } from '../src/ports/sms';
import { HostClock } from './clock';
import { DEMO_DATA, NORDWIND_DATA, connectDemoServiceProvider, demoSummary, seedDemoData, type SiteDemoData } from './demo-data';
import { createHelpCenter, type HelpCenter } from './help-center';
import { spIdentity } from './saml-sp';
import { installForgeRuntime, type QueuedEvent } from './forge-runtime';
import { consumerTimeouts } from './queue-rules';
import { entitiesFromManifest } from './kvs/entities';
import { STORAGE_REFUSED_LOG } from './kvs/rules';
import { SqliteKvs } from './kvs/sqlite-kvs';
import { MailCatcher } from './mail-catcher';
import { SmsCatcher } from './sms-catcher';
import { adminSettingsPage, indexPage, issueViewPage, mailboxPage, moduleFrame, smsPage } from './pages';
import { SmtpTransport } from './smtp-transport';
import { readBody } from './http-body';
import { createRequests, type Requests } from './requests';
import { automationConfigFrame, automationRulePage } from './automation-page';
import { JobRunner, providerTransportAt, type JobStep } from './job-runner';
import { nextAsyncDelivery, type DeliveryOutcome } from './redelivery';
import { PrivacyEmulator, privacyScript } from './privacy-emulator';
import { SETTINGS_KEY, TEMPLATE_KEY_PREFIX } from '../src/forge/kvs-keys';

/**
 * The local Forge host: the real handlers from src/ on emulated Forge globals (KVS on SQLite, web
 * triggers over HTTP, queue delivered in-process), mail into an embedded SMTP catcher, demo data.
 */
export interface HostOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  seed?: boolean;
  log?: Logger;
  scrypt?: ScryptParams;
  /** Replaces the SMTP transport with a test's transport object (it runs on the main thread; jobs reach it by message). */
  mail?: MailTransport;
  /**
   * Mail goes through the app's own provider transport (the provider chosen in settings, the API key from the KVS
   * secret) to this base URL instead of the provider's (a loopback stand-in, for benchmarks), built in the jobs
   * worker too, so a queued mail's HTTP call never runs on the request path's event loop (as on Forge).
   */
  mailApiBase?: string;
  /**
   * A `nice` value (1–19) for the host's background threads, the jobs worker and the mail catcher (Linux; ignored
   * elsewhere): on Forge their work runs in other invocations on other machines, so a benchmark of the request
   * path on a machine with few cores lowers their CPU priority rather than let them take the request's time.
   */
  backgroundNice?: number;
  /** Replaces the SMS catcher's transport (e.g. a slow or failing provider stand-in, for tests); it gets the catcher. */
  sms?: (catcher: SmsCatcher) => SmsTransport;
  /** Where the help center's SAML SP reads the IdP metadata (tests; default: the app's `saml/metadata` route). */
  idpMetadata?: () => Promise<string>;
  /** How long the app waits for Jira before answering `jira-unavailable` (default: the app's JIRA_TIMEOUT_MS). */
  jiraTimeoutMs?: number;
  /**
   * `strict` takes the strictest reading of what Forge's docs leave open (docs/platform-assumptions.md): web
   * triggers get no client address and no Cookie header, Set-Cookie answers are dropped, bodies are passed as
   * strings only (`isBase64Encoded` ignored), KVS conflicts answer a generic code. Default: PLATFORM from the
   * environment (`PLATFORM=strict npm start`), else `standard`.
   */
  platform?: Platform;
}

export type Platform = 'standard' | 'strict';
export const platformFromEnv = (): Platform => (process.env.PLATFORM === 'strict' ? 'strict' : 'standard');

export interface LocalHost {
  url: string;
  /** `strict` when started with PLATFORM=strict (see HostOptions.platform). */
  platform: Platform;
  clock: HostClock;
  kvs: SqliteKvs;
  mailbox: MailCatcher;
  /** The SMS catcher (`/sms`): where the app's SMS land on the local host. */
  smsbox: SmsCatcher;
  deps: Deps;
  /** Resolves once every queued job (including ones they queue) has finished. */
  idle(): Promise<void>;
  jira: JiraEmulator;
  /** Holds queued jobs until resumed, so a measurement can see the request path alone. */
  pauseQueue(): void;
  resumeQueue(): void;
  /** Runs delayed jobs (retries) and redeliveries whose time on the host clock has come. */
  runDueJobs(): void;
  /** Tests (issue 20): the next queued job throws right after `step`, as if its invocation died there; Forge (and this host) then deliver it again. */
  stopNextJobAfter(step: JobStep): void;
  /** Runs every scheduled trigger once (Forge runs them on their interval; here on demand and on clock moves). */
  runScheduled(): Promise<void>;
  /** The help center stand-in: its SAML service provider (local/saml-sp.ts) and sessions. */
  helpCenter: HelpCenter;
  /** Requests raised on the host and the Automation action (issue 12): raise, redeliver an event, run the action. */
  requests: Requests;
  /** Every site this host serves from its one warm process (issue 20), by label: `demo` (the one above) and `nordwind`. */
  sites: Record<string, LocalSite>;
  /** Runs `fn` as the host's own tooling on site `label` (its storage and the app's state of its installation). */
  asSite<T>(label: string, fn: () => T): T;
  close(): Promise<void>;
}

/** One installation served by the host: its own storage, adapters, Jira, help center and base URL. */
export interface LocalSite {
  def: SiteDef;
  installContext: string;
  /** Where its web triggers and help center answer: 127.0.0.1 for the demo site, `<label>.localhost` for others. */
  url: string;
  kvs: SqliteKvs;
  deps: Deps;
  jira: JiraEmulator;
  helpCenter: HelpCenter;
  requests: Requests;
  data: SiteDemoData;
  /** Atlassian's Personal data reporting API for this site (issue 24 item 4). */
  privacy: PrivacyEmulator;
}

/** The project root, whether this runs from local/ (tests) or bundled from dist/local/ (npm start). */
function projectRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'manifest.yml')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const ROOT = projectRoot(__dirname);
export { PERSONAS };
const silent: Logger = { info() {}, warn() {}, error() {} };

interface ModuleInfo {
  type: string;
  moduleKey: string;
  function: string;
  resolverKeys: string[];
}

function readModules(manifest: Record<string, unknown>): ModuleInfo[] {
  const modules = (manifest.modules ?? {}) as Record<string, Record<string, unknown>[]>;
  const keysByFunction: Record<string, string[]> = { portal: [...PORTAL_KEYS], agent: [...AGENT_KEYS], admin: [...ADMIN_KEYS], profile: [...PROFILE_KEYS] };
  return Object.entries(modules)
    .filter(([type]) => type !== 'function')
    .flatMap(([type, items]) =>
      items.map((item) => {
        const fn = String((item.resolver as { function?: string } | undefined)?.function ?? (item.function as string | undefined) ?? '');
        return { type, moduleKey: String(item.key), function: fn, resolverKeys: item.resolver ? (keysByFunction[fn] ?? []) : [] };
      }),
    );
}


function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

const sendJsonWith = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
const sendJson = (res: http.ServerResponse, status: number, body: unknown) => sendJsonWith(res, status, body, {});

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

export async function startHost(options: HostOptions = {}): Promise<LocalHost> {
  const dataDir = options.dataDir ?? path.join(ROOT, '.local-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const manifestText = fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
  const manifest = parseYaml(manifestText) as Record<string, unknown>;
  const modules = readModules(manifest);
  const appId = String((manifest.app as { id: string }).id);

  const platform = options.platform ?? platformFromEnv();
  const strict = platform === 'strict';
  const clock = new HostClock();
  const kvsFile = path.join(dataDir, 'kvs.sqlite');
  const entities = entitiesFromManifest(manifestText);
  // As on Forge, each installation's storage is its own: one SQLite file per site (the demo site keeps kvs.sqlite).
  const siteDefs = [DEMO_SITE, SECOND_SITE];
  const kvsFileOf = (def: SiteDef) => (def === DEMO_SITE ? kvsFile : path.join(dataDir, `kvs-${def.label}.sqlite`));
  const stores = siteDefs.map((def) => new SqliteKvs({ file: kvsFileOf(def), entities, now: () => clock.nowMs(), genericConflicts: strict }));
  const kvs = stores[0];
  const mailbox = new MailCatcher(path.join(dataDir, 'mail.json'));
  const smsbox = new SmsCatcher(path.join(dataDir, 'sms.json'), () => clock.nowMs());
  await mailbox.start(0, options.backgroundNice);

  let baseUrl = '';
  let pending = 0;
  let idleWaiters: (() => void)[] = [];
  const log = options.log ?? consoleLogger;
  const smtp = new SmtpTransport(mailbox.port);
  // The edges every site shares (the machine's mail and SMS catchers, the clock, the log, the scrypt limiter).
  const edges = {
    clock,
    mail: options.mail ?? (options.mailApiBase ? providerTransportAt(options.mailApiBase) : smtp),
    // Like mail: whichever provider is chosen, SMS land in the SMS catcher.
    sms: options.sms ? options.sms(smsbox) : smsbox.transport(),
    log,
    hasher: new PasswordHasher(options.scrypt ?? OWASP_SCRYPT),
    ...(options.jiraTimeoutMs ? { jira: new ForgeJira({ timeoutMs: options.jiraTimeoutMs }) } : {}),
  };
  const jira = new JiraEmulator({ requestsFile: path.join(dataDir, 'requests.json') });
  // Each site: its own adapters (and so caches), storage and Jira; help center and requests once the port is known.
  const sites = siteDefs.map((def, i) => ({
    def,
    installContext: installContextOf(def),
    url: '',
    kvs: stores[i],
    deps: forgeDeps(edges),
    jira: def === DEMO_SITE ? jira : new JiraEmulator({ requestsFile: path.join(dataDir, `requests-${def.label}.json`) }),
    data: def === DEMO_SITE ? DEMO_DATA : NORDWIND_DATA,
    privacy: new PrivacyEmulator(clock),
  })) as LocalSite[];
  const demo = sites[0];
  const deps = demo.deps;
  const siteByContext = (installContext: string | undefined) => sites.find((site) => site.installContext === installContext);
  /** The platform's side of an invocation: which site's storage, trigger URLs and Jira it reaches (see forge-runtime.ts). */
  const invocationSite = new AsyncLocalStorage<LocalSite>();
  /** The host's own tooling on a site (seeding, the demo summary): its storage, and the app's state of its installation. */
  const asSite = <T>(site: LocalSite, fn: () => T): T => invocationSite.run(site, () => inInstallation(site.installContext, fn));
  // Only what a request invokes: the queue consumer and the scheduled trigger are built and run in the jobs worker.
  // The same handler instances serve every site (one warm module state, as on Forge); each invocation's context picks its installation's adapters.
  const handlers = byInstallation(REQUEST_HANDLER_NAMES, (key) => requestHandlers((siteByContext(key) ?? demo).deps));

  let paused: QueuedEvent[] | undefined;
  // Delayed events and redeliveries wait on the host's clock, so advancing it (POST /local/api/clock) runs them.
  let delayed: { dueMs: number; run: () => void }[] = [];
  const later = (delaySec: number, run: () => void) => delayed.push({ dueMs: clock.nowMs() + delaySec * 1000, run });
  const runDue = () => {
    const now = clock.nowMs();
    const due = delayed.filter((d) => d.dueMs <= now);
    delayed = delayed.filter((d) => d.dueMs > now);
    due.forEach((d) => d.run());
  };
  const dueTimer = setInterval(runDue, 250);
  // Queued, delayed and scheduled work runs in the jobs worker (its own thread and SQLite connection), as
  // Forge runs the consumer in its own invocation: it never competes with a request for this event loop.
  // Started beside the seeding; work waits for it (its first job only).
  const starting = JobRunner.start(
    { dbFile: kvsFile, sites: sites.map((site) => ({ installContext: site.installContext, installationId: site.def.installationId, cloudId: site.def.cloudId, dbFile: kvsFileOf(site.def) })), manifestText, appId, baseUrl: '', offsetMs: clock.offsetMs, smtpPort: options.mail || options.mailApiBase ? undefined : mailbox.port, mailApiBase: options.mailApiBase, nice: options.backgroundNice, scrypt: options.scrypt ?? OWASP_SCRYPT, jiraTimeoutMs: options.jiraTimeoutMs, strict },
    { log, mail: options.mail, sms: deps.sms, jira, jiraOf: (installContext) => siteByContext(installContext)?.jira, privacyOf: (installContext) => siteByContext(installContext)?.privacy, onQueue: (event) => deliver(event), kvsStats: kvs.stats, kvsStatsOf: (installContext) => siteByContext(installContext)?.kvs.stats },
  );
  let runner: JobRunner | undefined;
  const runnerReady = starting.then((started) => {
    runner = started;
    started.setClockOffset(clock.offsetMs);
    for (const site of sites) if (site.url) started.setBaseUrl(site.url, site.installContext);
    return started;
  });
  runnerReady.catch((error: unknown) => log.error('jobs worker did not start', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' }));
  clock.onAdvance = (offsetMs) => runner?.setClockOffset(offsetMs);
  for (const site of sites) {
    site.kvs.onRefusal = (where, code, message) => log.error(STORAGE_REFUSED_LOG, { path: where, code, detail: message });
    site.kvs.onWrite = (_table, key) => {
      if (key === SETTINGS_KEY || key.startsWith(TEMPLATE_KEY_PREFIX)) runner?.forgetCaches(site.installContext);
    };
  }
  /**
   * Runs `fn` in the worker as an invocation of `site` (default: the demo site), counted for idle(); `then` (a
   * redelivery's scheduling) runs before idle() resolves.
   */
  const inWorker = (fn: string, event: unknown, site: LocalSite = demo, then: (outcome: DeliveryOutcome) => void = () => {}): Promise<DeliveryOutcome> => {
    pending++;
    return runnerReady.then((r) => r.run(fn, event, site.installContext)).then((outcome) => (then(outcome), outcome)).finally(() => {
      pending--;
      if (pending === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        waiters.forEach((w) => w());
      }
    });
  };
  const deliver = (event: QueuedEvent) => {
    if (event.delayInSeconds) {
      later(event.delayInSeconds, () => deliver({ ...event, delayInSeconds: undefined }));
      return;
    }
    if (paused) {
      paused.push(event);
      return;
    }
    const firstDeliveredMs = event.firstDeliveredMs ?? clock.nowMs();
    const { queueName, jobId, eventId, body, retryContext } = event;
    const site = siteByContext(event.installContext) ?? demo;
    void inWorker('jobs', { queueName, jobId, eventId, body, ...(retryContext ? { retryContext } : {}) }, site, (outcome) => redeliver(event, outcome, firstDeliveredMs));
  };
  /** Forge delivers an event again after its consumer threw or asked for a retry, within 24 hours (local/redelivery.ts); in the site that pushed it. */
  const redeliver = (event: QueuedEvent, outcome: DeliveryOutcome, firstDeliveredMs: number) => {
    const next = nextAsyncDelivery(outcome, event.retryContext, firstDeliveredMs, clock.nowMs());
    if (next) deliver({ ...event, delayInSeconds: next.delaySec, retryContext: next.retryContext, firstDeliveredMs });
    else if (outcome.kind !== 'ok') log.warn('async event dropped: its retention window is over', { queue: event.queueName, retries: event.retryContext?.retryCount ?? 0 });
  };
  /**
   * One invocation of its own on this thread (a product event, an Automation action: they answer the caller
   * and are light), after the current one; idle() waits for it. Queued jobs go to the jobs worker.
   */
  function detached(what: string, run: () => Promise<unknown>): void {
    pending++;
    setImmediate(() =>
      void run()
        .catch((error: unknown) => log.error(`${what} failed`, { error: error instanceof Error ? error.name : 'unknown' }))
        .finally(() => {
          pending--;
          if (pending === 0) {
            const waiters = idleWaiters;
            idleWaiters = [];
            waiters.forEach((w) => w());
          }
        }),
    );
  }
  // The persona of the invocation in progress (or a portal customer's accountId): what `asUser()` Jira calls are answered as.
  const personaOfCall = new AsyncLocalStorage<string>();
  const uninstall = installForgeRuntime({
    kvs,
    appId,
    baseUrl: () => baseUrl,
    onQueueEvent: deliver,
    jira,
    currentPersona: () => personaOfCall.getStore(),
    queueTimeouts: consumerTimeouts(manifestText),
    site: () => {
      const site = invocationSite.getStore();
      return site && { installContext: site.installContext, installationId: site.def.installationId, kvs: site.kvs, baseUrl: () => site.url, jira: site.jira, privacy: site.privacy };
    },
  });
  const resolverFunctions: Record<string, (event: never, runtime: never) => Promise<unknown>> = { portal: handlers.portal, agent: handlers.agent, admin: handlers.admin, profile: handlers.profile };
  const triggerFunctions: Record<string, typeof handlers.customerPages> = { pages: handlers.customerPages, webhooks: handlers.webhooks, 'provisioning-api': handlers.provisioning };
  // Product-event triggers and Automation actions (issue 12), by function key.
  const eventFunctions: Record<string, (event: unknown, context: unknown) => Promise<unknown>> = { requestEvents: handlers.requestEvents, automation: handlers.automation };
  const requestsOf = (site: LocalSite) => createRequests({
    jira: site.jira,
    context: invocationContext(site.def),
    inSite: (fn) => invocationSite.run(site, fn),
    clock,
    detached,
    later,
    createdIssueTriggers: () =>
      (manifest.modules as { trigger?: { function: string; events: string[] }[] }).trigger?.filter((t) => t.events.includes('avi:jira:created:issue')).map((t) => eventFunctions[t.function]).filter((f) => f !== undefined) ?? [],
    action: (key) => {
      const module = modules.find((m) => m.type === 'action' && m.moduleKey === key);
      return module ? eventFunctions[module.function] : undefined;
    },
    asPersona: (persona, fn) => (persona ? personaOfCall.run(persona, fn) : personaOfCall.exit(fn)),
  });
  for (const site of sites) site.requests = requestsOf(site);
  const requests = demo.requests;
  // Forge runs a scheduled trigger for each installation, with the request its docs describe ({context: {cloudId, moduleKey}}).
  const runScheduled = async () => {
    for (const site of sites) {
      for (const m of modules.filter((m) => m.type === 'scheduledTrigger')) await inWorker(m.function, { context: { cloudId: site.def.cloudId, moduleKey: m.moduleKey } }, site);
    }
  };

  const links = (site: LocalSite) => ({
    helpCenter: `${site.url}/help-center`,
    login: `${site.url}/x/${CUSTOMER_PAGES_TRIGGER}/login`,
    forgot: `${site.url}/x/${CUSTOMER_PAGES_TRIGGER}/forgot`,
    mailbox: `${baseUrl}/mail`,
  });

  // The port is known only once listening, and the demo data needs it: until the data is in place every
  // request gets 503 with Retry-After, so nobody reads or acts on half-seeded data.
  let ready = false;
  const server = http.createServer((req, res) => {
    if (!ready) {
      req.resume();
      sendJsonWith(res, 503, { code: 'STARTING', message: 'The local host is still loading its demo data' }, { 'Retry-After': '1' });
      return;
    }
    handle(req, res).catch((error: unknown) => {
      log.error('local host request failed', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
      if (!res.headersSent) sendJson(res, 500, { code: 'HOST_ERROR', message: 'The local host failed to handle this request' });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const route = `${req.method} ${url.pathname}`;
    // The site is the request's host (issue 20): `<label>.localhost` is that site; 127.0.0.1 and localhost the demo site.
    const hostname = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    // `acs.<label>.localhost` is that site's help-center ACS on an origin of its own (local/saml-sp.ts acsOriginFor).
    const label = hostname.endsWith('.localhost') ? hostname.slice(0, -'.localhost'.length).replace(/^acs\./, '') : DEMO_SITE.label;
    const site = sites.find((s) => s.def.label === label);
    if (!site) return send(res, 404, 'text/plain; charset=utf-8', 'No such site on this host');
    const { jira, helpCenter, requests } = site;

    if (url.pathname.startsWith(`/x/`)) {
      const [, , trigger, ...rest] = url.pathname.split('/');
      const module = modules.find((m) => m.type === 'webtrigger' && m.moduleKey === decodeURIComponent(trigger));
      if (!module) return sendJson(res, 404, { code: 'NO_TRIGGER', message: 'No such web trigger' });
      const body = await readBody(req, 1024 * 1024);
      const headers: Record<string, string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value : [value];
      }
      if (strict) {
        // The strictest reading: the platform passes neither the client's address nor its cookies.
        delete headers['x-forwarded-for'];
        delete headers.cookie;
      } else headers['x-forwarded-for'] ??= [req.socket.remoteAddress ?? '127.0.0.1'];
      const queryParameters: Record<string, string[]> = {};
      url.searchParams.forEach((value, key) => (queryParameters[key] ??= []).push(value));
      const response = await invocationSite.run(site, () => triggerFunctions[module.function]({
        method: req.method ?? 'GET',
        path: url.pathname,
        userPath: rest.join('/'),
        headers,
        queryParameters,
        // Over the host's limit the handler sees the real first bytes (more than any handler accepts) and answers its own 413.
        body: body.ok ? body.text : body.head,
      }, invocationContext(site.def) as never));
      if (!body.ok) res.setHeader('Connection', 'close');
      const answerHeaders = Object.entries(response.headers).filter(([name]) => !(strict && name.toLowerCase() === 'set-cookie'));
      res.writeHead(body.ok ? response.statusCode : 413, Object.fromEntries(answerHeaders.map(([k, v]) => [k, v.join(', ')])));
      res.end(response.isBase64Encoded && !strict ? Buffer.from(response.body, 'base64') : response.body);
      return;
    }

    const staticMatch = /^\/static\/(portal|agent-panel|admin|profile|automation-config)\//.exec(url.pathname);
    if (staticMatch) {
      const buildDir = path.join(ROOT, `static/${staticMatch[1]}/build`);
      const file = path.normalize(path.join(buildDir, url.pathname.slice(staticMatch[0].length)));
      if (!file.startsWith(buildDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return send(res, 404, 'text/plain', 'Not found');
      return send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
    }

    /** The stand-in pages' query: who is looking (a persona), in which language and theme; undefined = bad persona (answered). */
    const view = (defaultPersona: Persona) => {
      const persona = url.searchParams.get('persona') ?? defaultPersona;
      if (!isPersona(persona)) {
        send(res, 400, 'text/plain; charset=utf-8', `persona must be one of ${PERSONAS.join(', ')}`);
        return undefined;
      }
      return {
        persona,
        personaName: persona === 'anonymous' ? 'Anonymous visitor' : PERSONA_ACCOUNTS[persona].account.displayName,
        lang: url.searchParams.get('lang') === 'de' ? ('de' as const) : ('en' as const),
        theme: url.searchParams.get('theme') === 'dark' ? ('dark' as const) : ('light' as const),
      };
    };

    /** The scripting API's JSON body: undefined when it was answered already (413 over `limit`, 400 not a JSON object). */
    const jsonBody = async <T extends object>(limit: number): Promise<T | undefined> => {
      const body = await readBody(req, limit);
      if (!body.ok) {
        res.setHeader('Connection', 'close');
        sendJson(res, 413, { code: 'TOO_LARGE', message: `The body is larger than ${limit} bytes` });
        return undefined;
      }
      try {
        const value = JSON.parse(body.text || '{}') as unknown;
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
      } catch {
        // answered below
      }
      sendJson(res, 400, { code: 'BAD_JSON', message: 'The body must be a JSON object' });
      return undefined;
    };

    const moduleMatch = /^\/module\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && moduleMatch) {
      const module = modules.find((m) => m.moduleKey === moduleMatch[1] && m.resolverKeys.length > 0);
      const resource = module?.type === 'jira:issueContext' ? 'agent-panel' : module?.type === 'jira:adminPage' ? 'admin' : module?.type === 'jiraServiceManagement:portalProfilePanel' ? 'profile' : module ? 'portal' : undefined;
      if (!module || !resource) return send(res, 404, 'text/plain; charset=utf-8', 'No such module');
      const indexFile = path.join(ROOT, `static/${resource}/build/index.html`);
      if (!fs.existsSync(indexFile)) return send(res, 503, 'text/plain; charset=utf-8', 'The Custom UI is not built yet: run npm run build.');
      const v = view('anonymous');
      if (!v) return;
      // A portal customer beyond the personas (`account`, from ensurePortalCustomer): only with persona=customer.
      const account = url.searchParams.get('account') ?? undefined;
      if (account !== undefined && (v.persona !== 'customer' || !jira.isPortalCustomer(account))) {
        return send(res, 400, 'text/plain; charset=utf-8', 'account must be a known portal customer accountId, with persona=customer');
      }
      return send(res, 200, 'text/html; charset=utf-8', moduleFrame(fs.readFileSync(indexFile, 'utf8'), {
        moduleKey: module.moduleKey, extensionType: module.type, persona: v.persona, locale: v.lang === 'de' ? 'de-DE' : 'en-US', theme: v.theme,
        issueKey: url.searchParams.get('issue') ?? undefined, resourceBase: `/static/${resource}/`, accountId: account,
      }));
    }

    const browseMatch = /^\/jira\/browse\/([A-Z]+-\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && browseMatch) {
      const issue = jira.findIssue(browseMatch[1]);
      if (!issue) return send(res, 404, 'text/plain; charset=utf-8', 'No such issue');
      const v = view('agent');
      if (!v) return;
      return send(res, 200, 'text/html; charset=utf-8', issueViewPage(issue, v));
    }

    // Jira Automation's rule builder stand-in for the action "Send portal activation" (issue 12, local/automation-page.ts).
    const automationMatch = /^\/jira\/automation\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && (automationMatch || url.pathname === '/automation-config/frame')) {
      const actionKey = automationMatch?.[1] ?? url.searchParams.get('action') ?? '';
      if (!modules.some((m) => m.type === 'action' && m.moduleKey === actionKey)) return send(res, 404, 'text/plain; charset=utf-8', 'No such action');
      const v = view('admin');
      if (!v) return;
      if (automationMatch) return send(res, 200, 'text/html; charset=utf-8', automationRulePage(v.lang, v.persona, actionKey));
      const indexFile = path.join(ROOT, 'static/automation-config/build/index.html');
      if (!fs.existsSync(indexFile)) return send(res, 503, 'text/plain; charset=utf-8', 'The Custom UI is not built yet: run npm run build.');
      const inputs = Object.fromEntries(['email', 'displayName', 'language'].flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k) ?? '']] : [])));
      return send(res, 200, 'text/html; charset=utf-8', automationConfigFrame(fs.readFileSync(indexFile, 'utf8'), { lang: v.lang, actionKey, inputs }));
    }

    if (req.method === 'GET' && url.pathname === '/jira/settings/apps/portal-access') {
      const v = view('admin');
      if (!v) return;
      return send(res, 200, 'text/html; charset=utf-8', adminSettingsPage(v));
    }

    // The help center stand-in, signed in through the app as SAML IdP (local/help-center.ts, local/saml-sp.ts).
    if ((url.pathname === '/help-center' || url.pathname.startsWith('/help-center/')) && helpCenter && (await invocationSite.run(site, () => helpCenter.handle(req, res, url)))) return;

    switch (route) {
      case 'GET /': {
        const summary = await asSite(site, () => demoSummary(site.deps, site.data));
        const others = sites.map((s) => ({ name: s.def.name, url: s.url, current: s === site, ...links(s) }));
        return send(res, 200, 'text/html; charset=utf-8', indexPage(links(site), summary.customers, jira.issueList(), others));
      }
      case 'GET /mail':
        return send(res, 200, 'text/html; charset=utf-8', mailboxPage(mailbox.list()));
      case 'GET /mail/api/messages':
        return sendJson(res, 200, mailbox.list());
      case 'DELETE /mail/api/messages':
        mailbox.clear();
        return sendJson(res, 200, { deleted: true });
      case 'GET /sms':
        return send(res, 200, 'text/html; charset=utf-8', smsPage(smsbox.list()));
      case 'GET /sms/api/messages':
        return sendJson(res, 200, smsbox.list());
      case 'DELETE /sms/api/messages':
        smsbox.clear();
        return sendJson(res, 200, { deleted: true });
      case 'GET /local/api/demo':
        return sendJson(res, 200, await asSite(site, () => demoSummary(site.deps, site.data)));
      case 'POST /local/api/clock': {
        const body = await jsonBody<{ advanceSeconds?: unknown }>(10_000);
        if (!body) return;
        const seconds = body.advanceSeconds;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 10 * 365 * 86_400) {
          return sendJson(res, 400, { code: 'BAD_CLOCK', message: 'advanceSeconds must be a number of seconds between 0 and 10 years' });
        }
        clock.advance(seconds);
        runDue();
        await runScheduled();
        return sendJson(res, 200, { now: new Date(clock.nowMs()).toISOString(), offsetSeconds: clock.offsetMs / 1000 });
      }
      case 'POST /local/api/mail/faults': {
        const body = await jsonBody<{ refuseNext?: unknown; rejectNext?: unknown; down?: unknown }>(10_000);
        if (!body) return;
        const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000 ? v : undefined);
        if ((body.refuseNext !== undefined && count(body.refuseNext) === undefined) || (body.rejectNext !== undefined && count(body.rejectNext) === undefined) || (body.down !== undefined && typeof body.down !== 'boolean')) {
          return sendJson(res, 400, { code: 'BAD_FAULTS', message: 'refuseNext and rejectNext take a count (0–10000), down takes true or false' });
        }
        mailbox.refuseNext = count(body.refuseNext) ?? mailbox.refuseNext;
        mailbox.rejectNext = count(body.rejectNext) ?? mailbox.rejectNext;
        if (typeof body.down === 'boolean') mailbox.down = body.down;
        return sendJson(res, 200, { refuseNext: mailbox.refuseNext, rejectNext: mailbox.rejectNext, down: mailbox.down });
      }
      case 'POST /local/api/jira/faults': {
        const body = await jsonBody<{ status?: unknown; delayMs?: unknown; next?: unknown }>(10_000);
        if (!body) return;
        const { status, delayMs, next } = body;
        const count = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
        if ((status !== undefined && status !== 500 && status !== 503) || (delayMs !== undefined && !count(delayMs, 120_000)) || (next !== undefined && !count(next, 10_000))) {
          return sendJson(res, 400, { code: 'BAD_FAULTS', message: 'status takes 500 or 503, delayMs 0–120000, next a count (0–10000); {} clears the faults' });
        }
        const faults: JiraFaults = { ...(status ? { status } : {}), ...(delayMs ? { delayMs: delayMs as number } : {}), ...(next !== undefined ? { next: next as number } : {}) };
        jira.faults = faults.status || faults.delayMs ? faults : undefined;
        return sendJson(res, 200, { faults: jira.faults ?? null });
      }
      case 'POST /local/api/scheduled/run':
        await runScheduled();
        return sendJson(res, 200, { ran: modules.filter((m) => m.type === 'scheduledTrigger').map((m) => m.moduleKey) });
      case 'GET /local/api/privacy':
      case 'POST /local/api/privacy/accounts':
      case 'POST /local/api/privacy/faults': {
        const body = route.startsWith('GET') ? {} : await jsonBody<Record<string, unknown>>(10_000);
        if (!body) return;
        const answer = privacyScript(site.privacy, route, body);
        return sendJson(res, answer.status, answer.body);
      }
      case 'POST /local/api/requests': {
        const body = await jsonBody<Record<string, unknown>>(10_000);
        if (!body) return;
        const raised = requests.raise(body);
        if (!raised.ok) return sendJson(res, raised.status, { code: raised.code, field: raised.field, message: raised.message });
        const { request } = raised;
        return sendJson(res, 201, { issueKey: request.key, issueId: request.id, projectKey: request.project, reporter: { accountId: request.reporter.accountId, accountType: request.reporter.accountType } });
      }
      case 'POST /local/api/automation/run': {
        const body = await jsonBody<Record<string, unknown>>(10_000);
        if (!body) return;
        const ran = await requests.runAction(body);
        return sendJson(res, ran.status, ran.body);
      }
      case 'GET /local/api/modules':
        return sendJson(res, 200, { platform, modules });
      case 'POST /local/api/invoke': {
        const body = await jsonBody<{ moduleKey?: unknown; functionKey?: unknown; payload?: unknown; persona?: unknown; issueKey?: unknown; accountId?: unknown }>(1024 * 1024);
        if (!body) return;
        const persona = body.persona ?? 'anonymous';
        if (!isPersona(persona)) return sendJson(res, 400, { code: 'UNKNOWN_PERSONA', message: `persona must be one of ${PERSONAS.join(', ')}` });
        const module = modules.find((m) => m.moduleKey === body.moduleKey);
        if (!module || module.resolverKeys.length === 0) return sendJson(res, 404, { code: 'NO_MODULE', message: 'No module with a resolver has that key' });
        if (typeof body.functionKey !== 'string' || !module.resolverKeys.includes(body.functionKey)) {
          return sendJson(res, 404, { code: 'NO_RESOLVER', message: `The module ${module.moduleKey} exposes: ${module.resolverKeys.join(', ')}` });
        }
        const handler = resolverFunctions[module.function];
        if (!handler) return sendJson(res, 404, { code: 'NO_FUNCTION', message: 'That module has no resolver function here' });
        // The platform's context: the module, and for issue modules the issue the page is showing.
        const issueKey = typeof body.issueKey === 'string' ? body.issueKey : undefined;
        const issue = issueKey ? jira.findIssue(issueKey) : undefined;
        const extension = { type: module.type, ...(issue ? { issue: { key: issue.key, id: issue.id }, project: { key: issue.key.split('-')[0] } } : {}) };
        // `accountId`: a portal customer other than the persona's Jane (see ensurePortalCustomer), persona customer only.
        if (body.accountId !== undefined && (persona !== 'customer' || typeof body.accountId !== 'string' || !jira.isPortalCustomer(body.accountId))) {
          return sendJson(res, 400, { code: 'UNKNOWN_ACCOUNT', message: 'accountId must be a known portal customer, with persona customer' });
        }
        const portalAccount = typeof body.accountId === 'string' ? body.accountId : undefined;
        const accountId = portalAccount ?? (persona === 'anonymous' ? undefined : PERSONA_ACCOUNTS[persona].account.accountId);
        const jiraAs = portalAccount && portalAccount !== PERSONA_ACCOUNTS.customer.account.accountId ? portalAccount : persona;
        const result = await invocationSite.run(site, () =>
          personaOfCall.run(jiraAs, () =>
            handler(
              { call: { functionKey: body.functionKey, payload: (body.payload ?? {}) as Record<string, unknown> }, context: { moduleKey: module.moduleKey, extension, cloudId: site.def.cloudId } } as never,
              invocationContext(site.def, accountId ? { accountId } : undefined) as never,
            ),
          ),
        );
        return sendJson(res, 200, { result });
      }
      default:
        return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${typeof address === 'object' && address ? address.port : options.port}`;
  const port = new URL(baseUrl).port;
  for (const site of sites) {
    // Each site on its own host, as `urlFormat: v2` gives each installation its own web trigger host.
    site.url = site === demo ? baseUrl : `http://${site.def.label}.localhost:${port}`;
    runner?.setBaseUrl(site.url, site.installContext);
    const metadata = site === demo ? options.idpMetadata : async () => {
      const answer = await loopbackGet(idpMetadataUrl(site.url));
      if (answer.status !== 200) throw new Error(`metadata answered ${answer.status}`);
      return answer.text;
    };
    site.helpCenter = createHelpCenter({ hostUrl: site.url, clock, jira: site.jira, log, metadata, requests: site.requests });
  }
  const helpCenter = demo.helpCenter;
  if (options.seed !== false) {
    for (const site of sites) {
      await asSite(site, async () => {
        await seedDemoData(site.deps, site.data);
        // The app's IdP posts to this start's help center (the port may differ from the last start's).
        const sp = spIdentity(site.url);
        await connectDemoServiceProvider({ spEntityId: sp.entityId, acsUrl: sp.acsUrl, helpCenterUrl: sp.helpCenterUrl }, site.deps.settings);
      });
    }
  }
  // The jobs worker started beside the seeding; the host answers once it can run work too.
  await runnerReady;
  ready = true;

  return {
    url: baseUrl,
    platform,
    sites: Object.fromEntries(sites.map((site) => [site.def.label, site])),
    asSite: (label, fn) => asSite(sites.find((site) => site.def.label === label) ?? demo, fn),
    clock,
    kvs,
    mailbox,
    smsbox,
    deps,
    jira,
    pauseQueue: () => {
      paused ??= [];
    },
    resumeQueue: () => {
      const held = paused ?? [];
      paused = undefined;
      held.forEach(deliver);
    },
    idle: () => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    runDueJobs: runDue,
    stopNextJobAfter: (step) => runner?.stopNextJobAfter(step),
    runScheduled,
    helpCenter,
    requests,
    async close() {
      clearInterval(dueTimer);
      await (await runnerReady).close();
      // Idle keep-alive connections would hold close() open for seconds: end them first.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await closed;
      smtp.close();
      await mailbox.stop();
      smsbox.flush();
      stores.forEach((store) => store.close());
      uninstall();
    },
  };
}

export { silent as silentLogger };
