import type { Customer } from './domain/customer';
import type { MailKindSent, NoticeFacts, OutboxRecord, TwoStepNoticeKind } from './domain/delivery';
import type { RateWindow } from './domain/rate-limit';
import type { PendingSignIn } from './domain/saml/pending';
import type { Settings } from './domain/settings';
import type { CurrentTemplate, StoredVersion } from './domain/template-versions';
import type { Locale, MailLocale } from './i18n/locale';

/** What the flows need from the world. Forge adapters implement these; the local host runs the same adapters. */

export interface Clock {
  nowMs(): number;
}

export interface AuditEvent {
  id: string;
  customerId: string;
  at: number; // seconds
  kind: AuditKind;
  actor: string; // 'customer', 'system', 'anonymous' or a Jira account id
  detail: Record<string, string | number | boolean>;
}

export type AuditKind =
  | 'reset.requested'
  | 'reset.throttled'
  | 'reset.refused'
  | 'password.changed'
  | 'email.sent'
  | 'email.retrying'
  | 'email.failed'
  | 'email.delivered'
  | 'email.bounced'
  | 'email.complained'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.refused'
  | 'login.locked'
  | 'twostep.enrolled'
  | 'twostep.failed'
  | 'twostep.recovery-used'
  | 'twostep.removed'
  | 'twostep.recovery-created'
  | 'invite.sent'
  | 'invite.resent'
  | 'invite.throttled'
  | 'invite.reminded'
  | 'invite.accepted'
  | 'customer.imported'
  | 'customer.updated'
  | 'customer.adopted'
  | 'customer.unlocked'
  | 'customer.disabled'
  | 'customer.enabled'
  | 'twostep.reset'
  | 'sms.sent'
  | 'sms.failed'
  | 'sms.delivered'
  | 'sms.undelivered'
  /** Issue 24: a customer erased (under the opaque reference that replaced them; no personal detail). */
  | 'customer.erased'
  /** Issue 24: everything kept about a customer downloaded (by an admin, or by the customer). */
  | 'customer.exported'
  /** Issue 22: a passkey added, removed (by the customer or an admin), used to sign in, or refused (with the reason). */
  | 'passkey.added'
  | 'passkey.removed'
  | 'passkey.used'
  | 'passkey.refused';

export interface UpdatedRange {
  from?: number;
  to?: number;
}

export interface Directory {
  findByEmail(emailKey: string): Promise<Customer | undefined>;
  findByUsername(usernameKey: string): Promise<Customer | undefined>;
  findByAccount(accountId: string): Promise<Customer | undefined>;
  /** The entry a provisioning system knows by this id (issue 12). */
  findByExternalId(externalId: string): Promise<Customer | undefined>;
  get(id: string): Promise<Customer | undefined>;
  /** Customers with a stored status, oldest change first (index by-status), a page at a time. */
  /** Customers with this stored status, least recently updated first; `updated` bounds `updatedAt` (seconds, inclusive). */
  listByStatus(status: Customer['status'], limit: number, cursor?: string, updated?: UpdatedRange): Promise<{ customers: Customer[]; cursor?: string }>;
  /**
   * Writes the customer only if the stored revision is still `expectedRev` (and, when given, the stored link
   * hash still `expectedLinkHash`), together with the audit events, atomically. Returns false on conflict.
   */
  update(next: Customer, expected: { rev: number; linkHash?: string }, events: AuditEvent[], alongside?: PlainWrite[]): Promise<boolean>;
  /**
   * As `update`, for a change of the entry's email address, username or external id: claims the new ones and
   * releases the old ones in the same transaction; false when the revision moved or a new one is claimed.
   */
  updateKeys(next: Customer, previous: Customer, events: AuditEvent[]): Promise<boolean>;
  /** False when the entry, its email address or its username exists already (nothing written). */
  create(customer: Customer, events: AuditEvent[]): Promise<boolean>;
  appendAudit(events: AuditEvent[]): Promise<void>;
  /**
   * One write on a decoy item, nothing else (a transaction, or with 'set' a single entity set, the way one audit
   * event without a counted series is written): what an unknown or refused sign-in writes where a known account's
   * writes its claim or its outcome, so that every path makes the same storage calls (issue 23 item 6).
   */
  decoy(kind?: 'transaction' | 'set'): Promise<void>;
  listAudit(customerId: string, limit: number, cursor?: string): Promise<{ events: AuditEvent[]; cursor?: string }>;
}

export interface PasswordStore {
  get(customerId: string, ref: string): Promise<string | undefined>;
  put(customerId: string, ref: string, hash: string): Promise<void>;
  remove(customerId: string, ref: string): Promise<void>;
}

export interface RateLimitStore {
  get(key: string): Promise<RateWindow | undefined>;
  put(key: string, window: RateWindow, ttlSec: number): Promise<void>;
  /**
   * Claims one count of a window before the work it guards (issue 23 item 1): `decide` answers the next window
   * for the stored one (or undefined: refused, nothing written); the write is conditioned on the window's
   * revision and decided again on a fresh read when it loses a race. True when the count was claimed.
   */
  claim(key: string, decide: WindowClaim): Promise<boolean>;
}

/** The next window and its lifetime for the window stored (undefined when stored is none), or undefined: refused. */
export type WindowClaim = (stored: RateWindow | undefined) => { window: RateWindow; ttlSec: number } | undefined;

export interface SettingsStore {
  /** The effective settings; may be a few seconds old (a warm instance caches them). */
  load(): Promise<Settings>;
  /** The effective settings as stored now, bypassing the cache (an admin must see what is stored). */
  fresh(): Promise<Settings>;
  /**
   * Changes the stored settings value (as it is, possibly partial): `change` answers the next value from the
   * stored one, or a refusal that stops the save (nothing written). Safe against concurrent changes: the
   * write is conditioned on the revision it read, and on a clash `change` runs again on the fresh value (so
   * two changes made at the same time both land); after a few clashes the answer is `conflict`. A change
   * that lands drops this instance's cache.
   */
  update<R>(change: (stored: StoredSettings) => SettingsChange<R>): Promise<SettingsUpdate<R>>;
}

/** The settings value as stored: a plain object, possibly partial or from an older version. */
export type StoredSettings = Record<string, unknown> & { branding?: Record<string, unknown> };
export type SettingsChange<R> = { next: StoredSettings } | { refuse: R };
export type SettingsUpdate<R> = { outcome: 'saved' } | { outcome: 'refused'; reason: R } | { outcome: 'conflict' };

/** Admin-edited mail templates per kind and locale (see domain/template-versions.ts for the rules). */
export interface TemplateStore {
  /** What a send uses: one KVS read, cached for a few seconds per warm instance. */
  current(kind: MailKindSent, locale: MailLocale): Promise<CurrentTemplate>;
  /** The stored record as it is now, bypassing the cache (admins must see what is stored). */
  fresh(kind: MailKindSent, locale: MailLocale): Promise<CurrentTemplate>;
  /** A kept version, or undefined when it was never saved or its slot has been reused. */
  version(kind: MailKindSent, locale: MailLocale, version: number): Promise<StoredVersion | undefined>;
  /** Writes the new current record and its version slot together (one transaction). */
  /** False when somebody else saved since the version `next` is based on (nothing written). */
  save(kind: MailKindSent, locale: MailLocale, next: CurrentTemplate, stored: StoredVersion): Promise<boolean>;
}

export interface OutgoingMail {
  /** The customer it is for: carried to the provider as metadata, so delivery webhooks find the account. */
  customerId: string;
  to: { name: string; address: string };
  from: { name: string; address: string };
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Our message id: idempotency key and correlation id (provider metadata, Message-ID local part). */
  id: string;
}

/**
 * A provider's answer. `retryable`: worth trying again later (429, 5xx, network); otherwise permanent
 * (invalid recipient, bad key). `reason` is a short code safe to log and show to agents (no addresses).
 */
export type SendResult =
  | { ok: true; providerMessageId?: string }
  | { ok: false; reason: string; retryable: boolean; retryAfterSec?: number };

export interface MailTransport {
  send(mail: OutgoingMail, settings: Settings): Promise<SendResult>;
  /** An authenticated call that sends nothing (the admin's Diagnostics): ok when the provider accepts the credentials. */
  verify?(settings: Settings): Promise<SendResult>;
}

/** One SMS (issue 11): `to` in E.164, `id` our message id (idempotency and correlation key). */
export interface OutgoingSms {
  to: string;
  text: string;
  id: string;
}

/** An SMS provider (seven.io, Twilio) or, locally, the SMS catcher; answers like a mail provider. */
export interface SmsTransport {
  send(sms: OutgoingSms, settings: Settings): Promise<SendResult>;
  /** An authenticated call that sends nothing (the admin's Diagnostics), as MailTransport.verify. */
  verify?(settings: Settings): Promise<SendResult>;
}

/** An SMS waiting for the `jobs` consumer (KVS secret storage: it holds a number and maybe a PIN). */
export interface PendingSms {
  to: string;
  text: string;
  customerId?: string;
  /** Attempts made so far. */
  attempts: number;
  /** Seconds since the epoch. */
  queuedAt: number;
}

export interface SmsOutbox {
  put(id: string, sms: PendingSms): Promise<void>;
  get(id: string): Promise<PendingSms | undefined>;
  remove(id: string): Promise<void>;
  /**
   * Claims attempt `attempt` of SMS `id` before it goes to the provider: true for exactly one caller (a write
   * that fails when the key exists), so a job delivered twice never sends twice.
   */
  claim(id: string, attempt: number): Promise<boolean>;
  /** Remembers whom a sent SMS was for, so the provider's delivery report lands on the right timeline. */
  markSent(id: string, sent: SentSms): Promise<void>;
  sent(id: string): Promise<SentSms | undefined>;
}

/** What a delivery report needs about a sent SMS: never the number itself, only its mask. */
export interface SentSms {
  customerId: string;
  masked: string;
  provider: string;
}

/** A delivery event from a provider's webhook, normalised. */
export interface DeliveryEvent {
  provider: string;
  kind: 'delivered' | 'bounced' | 'complained';
  /** Our message id and customer id, from the metadata we sent. */
  messageId: string;
  customerId: string;
  /** Provider's reason text for bounces/complaints, trimmed, no addresses. */
  reason: string;
  /** Seconds since the epoch, as the provider reports it. */
  at: number;
  /** Unique per provider event: a second arrival of the same key is a replay. */
  dedupeKey: string;
}

/** Work done off the request path (Forge async events). */
export type Job =
  | { type: 'reset-request'; identifier: string; locale: Locale; requestedAt: number }
  | { type: 'password-changed-notice'; customerId: string }
  /** A two-step security notice (turned on/off, new recovery codes, reset by an admin, a recovery code used). */
  | ({ type: 'twostep-notice'; customerId: string; kind: TwoStepNoticeKind } & NoticeFacts)
  | { type: 'retry-mail'; messageId: string }
  /** An SMS to send (or retry): the number and text wait in the SMS outbox under `id`, never in the job. */
  /** `attempt`: which attempt this job is for (1 when absent); a duplicate of an earlier attempt's job is ignored. */
  | { type: 'send-sms'; id: string; attempt?: number }
  /** The overview's backfill on upgrade (issue 14): one run does a few steps, then queues itself again. */
  | { type: 'overview-backfill' }
  /** Merge the counter shards of closed UTC days (YYYY-MM-DD) into one item each (src/forge/counters.ts). */
  | { type: 'overview-compact'; days: string[] }
  /** The admin's Diagnostics: a queue round trip; the consumer records when it arrived. */
  | { type: 'diagnostics-ping'; id: string };

export interface JobQueue {
  push(job: Job, delaySec?: number): Promise<void>;
}

/**
 * What a queued job still has to store once its mail or SMS went out (issue 20): kept with the job's "sent"
 * mark, so a delivery of the job again stores it instead of sending again.
 */
export type SentRecord =
  | { channel: 'mail'; customerId: string; events: AuditEvent[]; update?: { rev: number; patch: Partial<Customer> }; outbox?: { record: OutboxRecord; rev: number } }
  | { channel: 'sms'; smsId: string; events: AuditEvent[] };

/** Where a job stands when it is delivered: new (run it), finished, sent but not recorded, or held by a live run. */
export type JobClaim = { kind: 'run' } | { kind: 'done' } | { kind: 'busy' } | { kind: 'sent'; record: SentRecord };

/** A queued job's progress, claimed → sent → done, under the job's own key (src/forge/job-ledger.ts). */
export interface JobLedger {
  /** `eventId`, `retry`: the async event delivering it, and whether it is the platform's retry of that event. */
  claim(jobKey: string, delivery: { eventId: string; retry: boolean }, nowSec: number): Promise<JobClaim>;
  sent(jobKey: string, record: SentRecord, nowSec: number): Promise<void>;
  done(jobKey: string, nowSec: number): Promise<void>;
}

/** The running job's "it went out" step, handed to the flows through `Deps.job` (absent off the queue). */
export interface JobSteps {
  sent(record: SentRecord): Promise<void>;
}

/** Mails whose first attempt failed temporarily, until they are sent or given up. */
export interface Outbox {
  get(id: string): Promise<OutboxRecord | undefined>;
  /** Writes the record if the stored one still has `expectedRev` (or, with `undefined`, does not exist yet). */
  put(record: OutboxRecord, expectedRev: number | undefined): Promise<boolean>;
}

/** Webhook replays: a provider event key is accepted once. */
export interface ReplayGuard {
  /** True the first time a key is seen (within the retention), false for a replay. */
  firstSeen(key: string, retentionSec: number): Promise<boolean>;
  forget(key: string): Promise<void>;
}

export interface PageUrls {
  /** Absolute base URL of the customer pages (from the platform, never from a request's Host header). */
  customerPagesBase(): Promise<string>;
  /** Absolute URL of the delivery webhooks trigger (`mail-events`); the provider's name is appended. */
  mailEventsBase(): Promise<string>;
}

/** What Jira says about an issue and the calling user (asked as that user, never trusted from the page). */
export interface IssueAccess {
  issueId: string;
  issueKey: string;
  projectKey: string;
  /** The reporter; `emailAddress` is null when Jira's privacy settings hide it from apps. */
  reporter: { accountId: string; displayName: string; emailAddress: string | null } | null;
  canBrowse: boolean;
  isAgent: boolean;
  isAdmin: boolean;
}

/** The calling user as `GET /rest/api/3/myself` answers; `accountType` is 'atlassian', 'customer' (portal-only) or 'app'. */
export interface JiraCaller {
  accountId: string;
  accountType: string;
  displayName: string;
  emailAddress: string | null;
  /** The user's effective time zone (IANA name), as Jira answers it; absent when Jira does not say. */
  timeZone?: string;
}

export interface Jira {
  /**
   * Two calls as the calling user: the issue (fields reporter, project) and "my permissions" on it
   * (BROWSE_PROJECTS, SERVICEDESK_AGENT, ADMINISTER). `undefined` when the caller cannot see the issue or
   * there is no calling user.
   */
  issueAccessForCaller(issueIdOrKey: string): Promise<IssueAccess | undefined>;
  /**
   * The calling user (for audit events of actions, and the admin's test email). `emailAddress` is null when
   * the user's profile visibility hides it from apps.
   */
  caller(): Promise<JiraCaller | undefined>;
  /**
   * One call as the calling user: the global ADMINISTER permission ("my permissions" without an issue or
   * project). False when there is no calling user or Jira does not answer OK.
   */
  isAdmin(): Promise<boolean>;
  /**
   * The site's default time zone (IANA name): `GET /rest/api/3/serverInfo` `serverTimeZone`, "the default
   * timezone of the Jira server". Undefined when Jira does not say or does not answer.
   */
  siteTimeZone(): Promise<string | undefined>;
}

export interface Logger {
  info(message: string, fields?: Record<string, string | number | boolean>): void;
  warn(message: string, fields?: Record<string, string | number | boolean>): void;
  error(message: string, fields?: Record<string, string | number | boolean>): void;
}

/** Pending help-center sign-ins (SAML), keyed by a reference only the sign-in form carries. */
/**
 * Whether the platform is known to carry the app's cookies to the customer pages and back (learned from the
 * first sign-in step whose browser cookie matched, never unlearned): decides whether a sign-in step without its
 * browser's cookie is refused (src/domain/saml/browser-binding.ts).
 */
export interface CookieRoundTrip {
  proven(): Promise<boolean>;
  prove(): Promise<void>;
}

export interface PendingSignIns {
  put(reference: string, pending: PendingSignIn): Promise<void>;
  get(reference: string): Promise<PendingSignIn | undefined>;
  /** Marks it used; true only for the one caller that found it unused. */
  consume(reference: string, pending: PendingSignIn): Promise<boolean>;
  /**
   * The write that stores `pending` (e.g. marked used) as part of another transaction (Directory.update's
   * `alongside`): single use then rests on that transaction's own condition (the customer's revision).
   */
  asWrite(reference: string, pending: PendingSignIn): PlainWrite;
  /** Stores `next` and answers what was there before, in one atomic write (a passkey challenge is claimed so). */
  swap(reference: string, next: PendingSignIn): Promise<PendingSignIn | undefined>;
}

/** A plain KVS value written inside another store's transaction; `ttlSec` as the value's own lifetime. */
export interface PlainWrite {
  key: string;
  value: unknown;
  ttlSec?: number;
}

/** Second-factor secrets (KVS secret storage): TOTP keys, recovery-code hashes, a key being enrolled. */
export interface FactorSecrets {
  getTotp(customerId: string, ref: string): Promise<string | undefined>;
  putTotp(customerId: string, ref: string, secret: string): Promise<void>;
  getRecovery(customerId: string, ref: string): Promise<string[] | undefined>;
  putRecovery(customerId: string, ref: string, hashes: string[]): Promise<void>;
  getEnrolment(attempt: string): Promise<string | undefined>;
  putEnrolment(attempt: string, secret: string): Promise<void>;
  getSms(customerId: string, ref: string): Promise<string | undefined>;
  putSms(customerId: string, ref: string, e164: string): Promise<void>;
  remove(customerId: string, refs: { totp?: string; recovery?: string; sms?: string }): Promise<void>;
  removeEnrolment(attempt: string): Promise<void>;
  /** The customer's enrolment from the profile panel (at most one, one hour): which attempt's key it is. */
  getProfileEnrolment(customerId: string): Promise<ProfileEnrolment | undefined>;
  putProfileEnrolment(customerId: string, enrolment: ProfileEnrolment): Promise<void>;
  removeProfileEnrolment(customerId: string): Promise<void>;
}

/** Kept server-side, keyed by the customer: the page never names an attempt. `at` in seconds. */
export interface ProfileEnrolment {
  attempt: string;
  at: number;
  /** Wrong codes typed for this key (5 void it). */
  failures: number;
  /** Which method is being added ('totp' when absent); for SMS the number is the enrolment secret `<attempt>-sms`. */
  method?: 'totp' | 'sms';
  /** The PIN sent to the number being added (hash only), and that number masked for the page. */
  pin?: import('./domain/factors/sms-pin').SmsPinRecord;
  masked?: string;
  /** A PIN sent to the customer's own number to prove it for a change ("Send a code"). */
  check?: import('./domain/factors/sms-pin').SmsPinRecord;
}

/**
 * Erasure of one customer (issue 24, src/flows/erase-customer.ts): what lies beside the directory entry, and
 * the entry itself. Every method may be called again after a failure and finishes what is left.
 */
export interface ErasureStore {
  /** Up to `limit` of the events still filed under the customer id (any order). */
  auditOf(customerId: string, limit: number): Promise<AuditEvent[]>;
  /** Writes these events over the stored ones with the same ids (not counted again by the Overview). */
  rewriteAudit(events: AuditEvent[]): Promise<void>;
  /**
   * Deletes what is kept for the customer beside the entry: password hash, TOTP key, recovery codes, phone,
   * enrolments in progress, the SMS rate window, pending sign-ins naming them, answers kept for idempotent
   * API calls, and the outbox and SMS records of these message ids.
   */
  removeTraces(customer: Customer, messages: { mails: string[]; sms: string[] }): Promise<void>;
  /** Deletes the entry (if still at its revision) and its claims, with the erasure event; false on conflict. */
  removeEntry(customer: Customer, event: AuditEvent): Promise<boolean>;
}

/** Storage limitation (issue 24, src/flows/retention.ts): deleting old activity in bounded batches. */
export interface RetentionStore {
  /** Deletes up to `max` audit events with ids below `beforeId` (of kinds starting with `kindPrefix`, when given); answers how many. */
  expireAudit(beforeId: string, max: number, kindPrefix?: string): Promise<number>;
  /** Deletes up to `max` finished outbox records (sent, failed) last changed before `beforeSec`; answers how many. */
  expireOutbox(beforeSec: number, max: number): Promise<number>;
}
