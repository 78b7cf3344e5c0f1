import { randomBytes } from 'node:crypto';
import { PasswordHasher } from './crypto/password-hasher';
import type { Deps } from './flows/deps';
import { KvsDirectory } from './forge/directory';
import { consoleLogger } from './forge/logger';
import { ProviderTransport } from './forge/mail';
import { KvsSmsOutbox, SmsProviderTransport } from './forge/sms/transport';
import { ForgeJobQueue } from './forge/queue';
import { KvsRateLimitStore } from './forge/rate-limits';
import { KvsPasswordStore } from './forge/secrets';
import { KvsSettingsStore } from './forge/settings';
import { KvsTemplateStore } from './forge/templates';
import { ForgePageUrls } from './forge/urls';
import { ForgeJira } from './forge/jira';
import { KvsOutbox, KvsReplayGuard } from './forge/outbox';
import { KvsIdpKeys } from './forge/idp-keys';
import { KvsPendingSignIns } from './forge/pending-sign-ins';
import { KvsFactorSecrets } from './forge/factor-secrets';
import { KvsErasure } from './forge/erasure';
import { KvsRetention } from './forge/retention';
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
import type { Clock } from './ports';

/** Wires the Forge adapters into the flows. The local host calls this too, overriding only the edges. */
export function forgeDeps(overrides: Partial<Deps> = {}): Deps {
  const clock: Clock = overrides.clock ?? { nowMs: () => Date.now() };
  const urls = overrides.urls ?? new ForgePageUrls();
  const settings = new KvsSettingsStore(clock);
  const idpKeys = new KvsIdpKeys({ clock, randomBytes: overrides.randomBytes ?? randomBytes });
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
    // A sign-in step reads its pending sign-in together with whichever of these two its instance has stale.
    pendingSignIns: new KvsPendingSignIns([settings, idpKeys]),
    factors: new KvsFactorSecrets(),
    idpKeys,
    erasure: new KvsErasure(),
    retention: new KvsRetention(),
    ...overrides,
  };
}

/** The functions a request or a product event invokes: resolvers, web triggers, the event trigger and the Automation action. */
export function requestHandlers(deps: Deps) {
  const serviceDesk = new ForgeServiceDesk();
  return {
    portal: portalResolver(deps),
    agent: agentResolver(deps),
    admin: adminResolver(deps),
    profile: profileResolver(deps),
    customerPages: customerPages(deps),
    webhooks: deliveryWebhooks(deps),
    provisioning: provisioningApi(deps),
    requestEvents: requestEventsTrigger(deps, serviceDesk),
    automation: sendActivationAction(deps, serviceDesk),
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
