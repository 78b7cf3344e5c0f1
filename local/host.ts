import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { REQUEST_HANDLER_NAMES, byInstallation, requestHandlers, forgeDeps } from '../src/app';
import { OWASP_SCRYPT, PasswordHasher } from '../src/crypto/password-hasher';
import { inInstallation } from '../src/forge/installation';
import { ForgeJira } from '../src/forge/jira';
import { SETTINGS_KEY, TEMPLATE_KEY_PREFIX } from '../src/forge/kvs-keys';
import { consoleLogger } from '../src/forge/logger';
import type { Logger } from '../src/ports/platform';
import { HostClock } from './clock';
import { DEMO_DATA, NORDWIND_DATA, connectDemoServiceProvider, seedDemoData } from './demo-data';
import { installForgeRuntime } from './forge-runtime';
import { createHelpCenter } from './help-center';
import { platformFromEnv, type HostOptions, type LocalHost, type LocalSite } from './host-options';
import { handle, type HostContext } from './host-routes';
import { HostWork } from './host-work';
import { sendJson, sendJsonWith } from './http-send';
import { JiraEmulator, PERSONAS } from './jira-emulator';
import { JobRunner, providerTransportAt } from './job-runner';
import { entitiesFromManifest } from './kvs/entities';
import { STORAGE_REFUSED_LOG } from './kvs/rules';
import { SqliteKvs } from './kvs/sqlite-kvs';
import { MailCatcher } from './mail-catcher';
import { ROOT, readManifest } from './manifest-modules';
import { PrivacyEmulator } from './privacy-emulator';
import { consumerTimeouts } from './queue-rules';
import { createRequests } from './requests';
import { idpMetadataUrl, spIdentity } from './saml-sp';
import { DEMO_SITE, SECOND_SITE, installContextOf, invocationContext, loopbackGet, type SiteDef } from './sites';
import { SmsCatcher } from './sms-catcher';
import { SmtpTransport } from './smtp-transport';

/**
 * The local Forge host: the real handlers from src/ on emulated Forge globals (KVS on SQLite, web triggers over
 * HTTP, queue delivered to a jobs worker), mail into an embedded SMTP catcher, demo data. What it takes and gives:
 * local/host-options.ts; its routes: local/host-routes.ts and local/host-api-routes.ts; its background work:
 * local/host-work.ts.
 */
export type { HostOptions, LocalHost, LocalSite, Platform } from './host-options';
export { platformFromEnv, PERSONAS };
const silent: Logger = { info() {}, warn() {}, error() {} };
export { silent as silentLogger };

/**
 * Starts a host. If any part of the start fails (the port is taken, the seeding throws, a worker does not start),
 * everything started so far is stopped again before the error is passed on: no server, thread or timer is left.
 */
export async function startHost(options: HostOptions = {}): Promise<LocalHost> {
  const dataDir = options.dataDir ?? path.join(ROOT, '.local-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const { text: manifestText, manifest, modules, appId } = readManifest();
  const platform = options.platform ?? platformFromEnv();
  const strict = platform === 'strict';
  const log = options.log ?? consoleLogger;
  const clock = new HostClock();
  /** What stops the parts started so far, latest first (close() and a failed start run it). */
  const stops: (() => unknown)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await Promise.resolve().then(stop).catch(() => undefined);
  };

  try {
    const kvsFile = path.join(dataDir, 'kvs.sqlite');
    const entities = entitiesFromManifest(manifestText);
    // As on Forge, each installation's storage is its own: one SQLite file per site (the demo site keeps kvs.sqlite).
    const siteDefs = [DEMO_SITE, SECOND_SITE];
    const kvsFileOf = (def: SiteDef) => (def === DEMO_SITE ? kvsFile : path.join(dataDir, `kvs-${def.label}.sqlite`));
    // No WAL checkpoint inside a request's commit (a commit crossing 1,000 WAL pages copied them and fsynced in the
    // request; docs/bench.md, session 13): the jobs worker checkpoints these files on its own thread (local/jobs-worker.ts).
    const stores = siteDefs.map((def) => new SqliteKvs({ file: kvsFileOf(def), entities, now: () => clock.nowMs(), genericConflicts: strict, autoCheckpoint: false }));
    const smsbox = new SmsCatcher(path.join(dataDir, 'sms.json'), () => clock.nowMs());
    stops.push(() => stores.forEach((store) => store.close()), () => smsbox.flush());
    const kvs = stores[0];
    const mailbox = new MailCatcher(path.join(dataDir, 'mail.json'));
    stops.push(() => mailbox.stop());
    await mailbox.start(0, options.backgroundNice);
    const smtp = new SmtpTransport(mailbox.port);
    stops.push(() => smtp.close());

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
    const siteOf = (installContext: string | undefined) => sites.find((site) => site.installContext === installContext) ?? demo;
    const siteByContext = (installContext: string | undefined) => sites.find((site) => site.installContext === installContext);
    const invocationSite = new AsyncLocalStorage<LocalSite>();
    const asSite = <T>(site: LocalSite, fn: () => T): T => invocationSite.run(site, () => inInstallation(site.installContext, fn));
    // Only what a request invokes: the queue consumer and the scheduled trigger are built and run in the jobs worker.
    // The same handler instances serve every site (one warm module state, as on Forge); each invocation's context picks its installation's adapters.
    const handlers = byInstallation(REQUEST_HANDLER_NAMES, (key) => requestHandlers(siteOf(key).deps));

    // Queued, delayed and scheduled work runs in the jobs worker (its own thread and SQLite connection), as
    // Forge runs the consumer in its own invocation: it never competes with a request for this event loop.
    // Started beside the seeding; work waits for it (its first job only).
    let runner: JobRunner | undefined;
    const runnerReady = JobRunner.start(
      { dbFile: kvsFile, sites: sites.map((site) => ({ installContext: site.installContext, installationId: site.def.installationId, cloudId: site.def.cloudId, dbFile: kvsFileOf(site.def) })), manifestText, appId, baseUrl: '', offsetMs: clock.offsetMs, smtpPort: options.mail || options.mailApiBase ? undefined : mailbox.port, mailApiBase: options.mailApiBase, nice: options.backgroundNice, scrypt: options.scrypt ?? OWASP_SCRYPT, jiraTimeoutMs: options.jiraTimeoutMs, strict },
      { log, mail: options.mail, sms: deps.sms, jira, jiraOf: (installContext) => siteByContext(installContext)?.jira, privacyOf: (installContext) => siteByContext(installContext)?.privacy, onQueue: (event) => work.deliver(event), kvsStats: kvs.stats, kvsStatsOf: (installContext) => siteByContext(installContext)?.kvs.stats },
    ).then((started) => {
      runner = started;
      started.setClockOffset(clock.offsetMs);
      for (const site of sites) if (site.url) started.setBaseUrl(site.url, site.installContext);
      return started;
    });
    runnerReady.catch((error: unknown) => log.error('jobs worker did not start', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' }));
    stops.push(() => runnerReady.then((started) => started.close(), () => undefined));
    clock.onAdvance = (offsetMs) => runner?.setClockOffset(offsetMs);
    for (const site of sites) {
      site.kvs.onRefusal = (where, code, message) => log.error(STORAGE_REFUSED_LOG, { path: where, code, detail: message });
      site.kvs.onWrite = (_table, key) => {
        if (key === SETTINGS_KEY || key.startsWith(TEMPLATE_KEY_PREFIX)) runner?.forgetCaches(site.installContext);
      };
    }
    const work = new HostWork({ clock, log, runner: runnerReady, sites, siteOf, modules });
    stops.push(() => work.stop());

    let baseUrl = '';
    const personaOfCall = new AsyncLocalStorage<string>();
    const uninstall = installForgeRuntime({
      kvs,
      appId,
      baseUrl: () => baseUrl,
      onQueueEvent: work.deliver,
      jira,
      currentPersona: () => personaOfCall.getStore(),
      queueTimeouts: consumerTimeouts(manifestText),
      site: () => {
        const site = invocationSite.getStore();
        return site && { installContext: site.installContext, installationId: site.def.installationId, kvs: site.kvs, baseUrl: () => site.url, jira: site.jira, privacy: site.privacy };
      },
    });
    // The runtime goes last: the workers and the server stop first.
    stops.unshift(uninstall);
    // Product-event triggers and Automation actions (issue 12), by function key.
    const eventFunctions: Record<string, (event: unknown, context: unknown) => Promise<unknown>> = { requestEvents: handlers.requestEvents, automation: handlers.automation };
    for (const site of sites) {
      site.requests = createRequests({
        jira: site.jira,
        context: invocationContext(site.def),
        inSite: (fn) => invocationSite.run(site, fn),
        clock,
        detached: work.detached,
        later: work.later,
        createdIssueTriggers: () =>
          (manifest.modules as { trigger?: { function: string; events: string[] }[] }).trigger?.filter((t) => t.events.includes('avi:jira:created:issue')).map((t) => eventFunctions[t.function]).filter((f) => f !== undefined) ?? [],
        action: (key) => {
          const module = modules.find((m) => m.type === 'action' && m.moduleKey === key);
          return module ? eventFunctions[module.function] : undefined;
        },
        asPersona: (persona, fn) => (persona ? personaOfCall.run(persona, fn) : personaOfCall.exit(fn)),
      });
    }

    const ctx: HostContext = {
      platform, modules, sites, clock, mailbox, smsbox, work, invocationSite, personaOfCall, asSite,
      resolverFunctions: { portal: handlers.portal, agent: handlers.agent, admin: handlers.admin, profile: handlers.profile },
      triggerFunctions: { pages: handlers.customerPages, webhooks: handlers.webhooks, 'provisioning-api': handlers.provisioning },
      baseUrl: () => baseUrl,
    };
    // The port is known only once listening, and the demo data needs it: until the data is in place every
    // request gets 503 with Retry-After, so nobody reads or acts on half-seeded data.
    let ready = false;
    const server = http.createServer((req, res) => {
      if (!ready) {
        req.resume();
        sendJsonWith(res, 503, { code: 'STARTING', message: 'The local host is still loading its demo data' }, { 'Retry-After': '1' });
        return;
      }
      handle(ctx, req, res).catch((error: unknown) => {
        log.error('local host request failed', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
        if (!res.headersSent) sendJson(res, 500, { code: 'HOST_ERROR', message: 'The local host failed to handle this request' });
        else res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    stops.push(() => {
      // Idle keep-alive connections would hold close() open for seconds: end them first.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      return closed;
    });
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
      pauseQueue: work.pause,
      resumeQueue: work.resume,
      idle: work.idle,
      runDueJobs: work.runDue,
      stopNextJobAfter: (step) => runner?.stopNextJobAfter(step),
      runScheduled: work.runScheduled,
      helpCenter: demo.helpCenter,
      requests: demo.requests,
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
