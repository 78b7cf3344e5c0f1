import type { PasswordHasher } from '../crypto/password-hasher';
import type { MailRenderer } from '../mail/renderer';
import type {
  AuditEvent, AuditKind, Clock, Directory, JobQueue, Logger, MailTransport, PageUrls, PasswordStore, RateLimitStore, SettingsStore,
} from '../ports';

export interface Deps {
  clock: Clock;
  directory: Directory;
  passwords: PasswordStore;
  limits: RateLimitStore;
  settings: SettingsStore;
  mail: MailTransport;
  queue: JobQueue;
  urls: PageUrls;
  log: Logger;
  hasher: PasswordHasher;
  renderer: MailRenderer;
  randomBytes: (n: number) => Buffer;
}

export const nowSec = (deps: Pick<Deps, 'clock'>): number => Math.floor(deps.clock.nowMs() / 1000);

export function auditEvent(
  deps: Pick<Deps, 'clock' | 'randomBytes'>,
  customerId: string,
  kind: AuditKind,
  actor: string,
  detail: AuditEvent['detail'] = {},
): AuditEvent {
  return { id: deps.randomBytes(9).toString('base64url'), customerId, at: nowSec(deps), kind, actor, detail };
}
