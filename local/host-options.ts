import type { ScryptParams } from '../src/crypto/password-hasher';
import type { Deps } from '../src/flows/deps';
import type { MailTransport } from '../src/ports/mail';
import type { Logger } from '../src/ports/platform';
import type { SmsTransport } from '../src/ports/sms';
import type { HostClock } from './clock';
import type { SiteDemoData } from './demo-data';
import type { HelpCenter } from './help-center';
import type { JiraEmulator } from './jira-emulator';
import type { JobStep } from './job-runner';
import type { SqliteKvs } from './kvs/sqlite-kvs';
import type { MailCatcher } from './mail-catcher';
import type { PrivacyEmulator } from './privacy-emulator';
import type { Requests } from './requests';
import type { SiteDef } from './sites';
import type { SmsCatcher } from './sms-catcher';

/** What startHost (local/host.ts) takes: everything a test, the bench or `npm start` may change about a host. */
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
