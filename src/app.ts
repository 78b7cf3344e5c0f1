import { randomBytes } from 'node:crypto';
import { PasswordHasher } from './crypto/password-hasher';
import type { Deps } from './flows/deps';
import { KvsDirectory } from './forge/directory';
import { consoleLogger } from './forge/logger';
import { ProviderTransport } from './forge/mail';
import { KvsSmsOutbox, SmsProviderTransport } from './forge/sms/transport';
import { ForgeJobQueue } from './forge/queue';
import { KvsJobLedger } from './forge/job-ledger';
import { KvsRateLimitStore } from './forge/rate-limits';
import { KvsPasswordStore } from './forge/secrets';
import { KvsSettingsStore } from './forge/settings';
import { KvsTemplateStore } from './forge/templates';
import { ForgePageUrls } from './forge/urls';
import { ForgeJira } from './forge/jira';
import { KvsOutbox, KvsReplayGuard } from './forge/outbox';
import { KvsIdpKeys } from './forge/idp-keys';
import { KvsPendingSignIns } from './forge/pending-sign-ins';
import { KvsCookieRoundTrip } from './forge/cookie-round-trip';
import { KvsFactorSecrets } from './forge/factor-secrets';
import { KvsErasure } from './forge/erasure';
import { KvsRetention } from './forge/retention';
import { KvsAccountReports } from './forge/account-reports';
import { ForgePrivacyReporting } from './forge/privacy';
import { KvsApiKeys } from './forge/api-keys';
import { KvsIdempotency } from './forge/idempotency';
import { KvsOverviewStore } from './forge/overview-store';
import { KvsProviderSecrets } from './forge/provider-secrets';
import { agentResolver } from './surfaces/agent';
import { adminResolver } from './surfaces/admin';
import { deliveryWebhooks } from './surfaces/webhooks';
import { MailRenderer } from './mail/renderer';
import { jobsConsumer } from './surfaces/jobs';
import { inviteRemindersTrigger } from './surfaces/scheduled';
import { customerPages } from './surfaces/pages/router';
import { portalResolver } from './surfaces/portal';
import { profileResolver } from './surfaces/profile';
import { ForgeServiceDesk } from './forge/service-desk';
import { requestEventsTrigger } from './surfaces/request-events';
import { sendActivationAction } from './surfaces/automation';
import { provisioningApi } from './surfaces/provisioning';
import type { Clock } from './ports/platform';
import { PerInstallation, inInstallation, installationKey } from './forge/installation';

/** Wires the Forge adapters into the flows. The local host calls this too, overriding only the edges. */
export function forgeDeps(overrides: Partial<Deps> = {}): Deps {
  const clock: Clock = overrides.clock ?? { nowMs: () => Date.now() };
  const urls = overrides.urls ?? new ForgePageUrls();
  const settings = new KvsSettingsStore(clock);
  const idpKeys = new KvsIdpKeys({ clock, randomBytes: overrides.randomBytes ?? randomBytes });
  const apiKeys = new KvsApiKeys();
  const cookieRoundTrip = new KvsCookieRoundTrip(clock);
  return {
    clock,
    directory: new KvsDirectory(),
    passwords: new KvsPasswordStore(),
    limits: new KvsRateLimitStore(),
    settings,
    templates: new KvsTemplateStore(clock),
    mail: new ProviderTransport(),
    // Twilio posts delivery reports to the mail-events trigger's /sms-twilio route (src/surfaces/webhooks.ts).
    sms: new SmsProviderTransport({ statusCallback: async () => `${await urls.mailEventsBase()}/sms-twilio` }),
    smsOutbox: new KvsSmsOutbox(),
    queue: new ForgeJobQueue(),
    urls,
    jira: new ForgeJira(),
    outbox: new KvsOutbox(),
    replays: new KvsReplayGuard(),
    log: consoleLogger,
    hasher: new PasswordHasher(),
    renderer: new MailRenderer(),
    randomBytes,
    // A sign-in step reads its pending sign-in together with whichever of these its instance has stale.
    pendingSignIns: new KvsPendingSignIns([settings, idpKeys, cookieRoundTrip]),
    cookieRoundTrip,
    factors: new KvsFactorSecrets(),
    idpKeys,
    jobs: new KvsJobLedger(),
    erasure: new KvsErasure(),
    retention: new KvsRetention(),
    accountReports: new KvsAccountReports(apiKeys),
    privacy: new ForgePrivacyReporting(),
    apiKeys,
    idempotency: new KvsIdempotency(),
    serviceDesk: new ForgeServiceDesk(),
    overview: new KvsOverviewStore(),
    secrets: new KvsProviderSecrets(),
    ...overrides,
  };
}

/** The functions a request or a product event invokes: resolvers, web triggers, the event trigger and the Automation action. */
export function requestHandlers(deps: Deps) {
  return {
    portal: portalResolver(deps),
    agent: agentResolver(deps),
    admin: adminResolver(deps),
    profile: profileResolver(deps),
    customerPages: customerPages(deps),
    webhooks: deliveryWebhooks(deps),
    provisioning: provisioningApi(deps),
    requestEvents: requestEventsTrigger(deps, deps.serviceDesk),
    automation: sendActivationAction(deps, deps.serviceDesk),
  };
}

/** The functions off the request path: the queue consumer and the scheduled trigger (the local host runs them in its jobs worker). */
export function backgroundHandlers(deps: Deps) {
  return {
    jobs: jobsConsumer(deps),
    reminders: inviteRemindersTrigger(deps),
  };
}

export function createHandlers(deps: Deps) {
  return { ...requestHandlers(deps), ...backgroundHandlers(deps) };
}

/** Every function of the manifest (index.ts exports each). */
export const REQUEST_HANDLER_NAMES = ['portal', 'agent', 'admin', 'profile', 'customerPages', 'webhooks', 'provisioning', 'requestEvents', 'automation'] as const;
export const BACKGROUND_HANDLER_NAMES = ['jobs', 'reminders'] as const;
export const HANDLER_NAMES = [...REQUEST_HANDLER_NAMES, ...BACKGROUND_HANDLER_NAMES] as const;

/** A handler as Forge invokes it: its payload, and the context every function gets as its second argument. */
export type Invoked<F> = F extends (payload: infer P, ...rest: never[]) => infer R ? (payload: P, context: unknown) => R : never;

/**
 * Entry points that serve each invocation with its own installation's handlers (and so its own adapters and
 * their caches: settings, IdP keys, templates, trigger URLs, renderer), chosen by the invocation's context
 * (src/forge/installation.ts), built on first use and kept while the process is warm. An invocation without an
 * installation context is refused before any handler runs. See docs/tenancy.md.
 */

export function byInstallation<H extends { [K in N]: (payload: never, context: never) => unknown }, N extends string>(
  names: readonly N[],
  build: (installation: string) => H,
): { [K in N]: Invoked<H[K]> } {
  const installations = new PerInstallation(build);
  const dispatch = (name: N) => (payload: never, context: unknown) => {
    const key = installationKey(context);
    return inInstallation(key, () => (installations.of(key)[name] as unknown as (p: never, c: unknown) => unknown)(payload, context));
  };
  return Object.fromEntries(names.map((name) => [name, dispatch(name)])) as unknown as { [K in N]: Invoked<H[K]> };
}
