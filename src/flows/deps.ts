import type { PasswordHasher } from '../crypto/password-hasher';
import type { MailRenderer } from '../mail/renderer';
import type { KvsIdpKeys } from '../forge/idp-keys';
import type {
  AuditEvent, AuditKind, Clock, Directory, Jira, JobQueue, Logger, MailTransport, FactorSecrets, Outbox, PageUrls, PasswordStore, PendingSignIns, RateLimitStore, ReplayGuard, SettingsStore, TemplateStore,
} from '../ports';

export interface Deps {
  clock: Clock;
  directory: Directory;
  passwords: PasswordStore;
  limits: RateLimitStore;
  settings: SettingsStore;
  templates: TemplateStore;
  mail: MailTransport;
  /** SMS (issue 11): the provider adapter (locally the SMS catcher) and the pending messages of the queue. */
  sms: import('../ports').SmsTransport;
  smsOutbox: import('../ports').SmsOutbox;
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
  factors: FactorSecrets;
  idpKeys: Pick<KvsIdpKeys, 'config' | 'signing' | 'rotate' | 'forget'>;
  /** Issue 24: erasing a customer's data. */
  erasure: import('../ports').ErasureStore;
  /** Issue 24: expiring old activity. */
  retention: import('../ports').RetentionStore;
}

export const nowSec = (deps: Pick<Deps, 'clock'>): number => Math.floor(deps.clock.nowMs() / 1000);

let sequence = 0;

/**
 * Audit ids sort by time (milliseconds, then a per-process sequence), so "newest first" is one index scan
 * and events written in the same millisecond keep the order they happened in.
 */
function auditId(deps: Pick<Deps, 'clock' | 'randomBytes'>): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${String(Math.floor(deps.clock.nowMs())).padStart(14, '0')}-${String(sequence).padStart(6, '0')}-${deps.randomBytes(4).toString('hex')}`;
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
