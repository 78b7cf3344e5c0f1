import type { PasswordHasher } from '../crypto/password-hasher';
import type { MailRenderer } from '../mail/renderer';
import { PerInstallation } from '../forge/installation';
import type { AuditEvent, AuditKind } from '../domain/audit';
import type { OverviewStore } from '../ports/admin';
import type { Directory, PasswordStore } from '../ports/directory';
import type { ServiceDeskJira, Jira } from '../ports/jira';
import type { JobQueue } from '../ports/jobs';
import type { RateLimitStore } from '../ports/limits';
import type { MailTransport, Outbox, ReplayGuard } from '../ports/mail';
import type { Clock, Logger, PageUrls } from '../ports/platform';
import type { ApiKeyStore, IdempotencyStore } from '../ports/provisioning';
import type { ProviderSecrets, SettingsStore, TemplateStore } from '../ports/settings';
import type { IdpKeys, CookieRoundTrip, FactorSecrets, PendingSignIns } from '../ports/sign-in';

export interface Deps {
  clock: Clock;
  directory: Directory;
  passwords: PasswordStore;
  limits: RateLimitStore;
  settings: SettingsStore;
  templates: TemplateStore;
  mail: MailTransport;
  /** SMS (issue 11): the provider adapter (locally the SMS catcher) and the pending messages of the queue. */
  sms: import('../ports/sms').SmsTransport;
  smsOutbox: import('../ports/sms').SmsOutbox;
  queue: JobQueue;
  urls: PageUrls;
  jira: Jira;
  outbox: Outbox;
  replays: ReplayGuard;
  log: Logger;
  hasher: PasswordHasher;
  renderer: MailRenderer;
  randomBytes: (n: number) => Buffer;
  /** SAML identity provider: pending help-center sign-ins and the signing keys. */
  pendingSignIns: PendingSignIns;
  /** Whether the platform carries cookies (learned; binds a help-center sign-in to its browser). */
  cookieRoundTrip: CookieRoundTrip;
  factors: FactorSecrets;
  idpKeys: IdpKeys;
  /** Queued jobs' progress (issue 20: a job delivered again never sends again). */
  jobs: import('../ports/jobs').JobLedger;
  /** Set only while a queued job runs: where a flow marks its mail or SMS as sent. */
  job?: import('../ports/jobs').JobSteps;
  /** Issue 24: erasing a customer's data. */
  erasure: import('../ports/privacy').ErasureStore;
  /** Issue 24: expiring old activity. */
  retention: import('../ports/privacy').RetentionStore;
  /** Issue 24 item 4: the account ids the app stores and their reporting. */
  accountReports: import('../ports/privacy').AccountReportStore;
  /** Issue 24 item 4: Forge's Privacy API. */
  privacy: import('../ports/privacy').PrivacyReporting;
  /** Issue 12: the provisioning API's keys and `Idempotency-Key` claims. */
  apiKeys: ApiKeyStore;
  idempotency: IdempotencyStore;
  /** What auto-invite, its admin section and the Automation action ask Jira Service Management. */
  serviceDesk: ServiceDeskJira;
  /** Issue 14: the admin Overview's counters and backfill. */
  overview: OverviewStore;
  /** The mail and SMS providers' credentials (admin page, delivery webhooks). */
  secrets: ProviderSecrets;
}

export const nowSec = (deps: Pick<Deps, 'clock'>): number => Math.floor(deps.clock.nowMs() / 1000);

/** Per installation (a warm process serves several): the sequence is part of the ids its audit events get. */
const sequences = new PerInstallation(() => ({ n: 0 }));

/**
 * Audit ids sort by time (milliseconds, then a per-process sequence), so "newest first" is one index scan
 * and events written in the same millisecond keep the order they happened in.
 */
function auditId(deps: Pick<Deps, 'clock' | 'randomBytes'>): string {
  const sequence = sequences.current();
  sequence.n = (sequence.n + 1) % 1_000_000;
  return `${String(Math.floor(deps.clock.nowMs())).padStart(14, '0')}-${String(sequence.n).padStart(6, '0')}-${deps.randomBytes(4).toString('hex')}`;
}

export function auditEvent(
  deps: Pick<Deps, 'clock' | 'randomBytes'>,
  customerId: string,
  kind: AuditKind,
  actor: string,
  detail: AuditEvent['detail'] = {},
): AuditEvent {
  return { id: auditId(deps), customerId, at: nowSec(deps), kind, actor, detail };
}
