import { createHash } from 'node:crypto';

/**
 * Every name the app keeps data under in Forge storage: the custom entities (declared in manifest.yml,
 * `app.storage.entities`), the plain KVS keys and the secrets. These strings are the addresses of stored
 * data: renaming one loses what is stored under the old name, so test/unit/kvs-keys.test.ts pins each one.
 * New keys belong here, with what they hold and how long they live. Pure: no storage calls.
 */

const sha256 = (text: string) => createHash('sha256').update(text);

/** Custom entities. */
export const ENTITY = {
  /** A revision counter per conditioned plain value, keyed by that value's key (`settings`, `saml-idp`, `template:…`). */
  revision: 'revision',
  /** Uniqueness claims (value `{ customerId }`), keyed by claimKey(): email, username, external id. */
  claim: 'claim',
  /** Directory entries, keyed by the customer id. */
  customer: 'customer',
  /** Overview counters per day (src/forge/counters.ts). */
  overviewDay: 'overview-day',
  /** Overview totals and bookkeeping (src/forge/counters.ts). */
  overviewMeta: 'overview-meta',
  /** Mails whose first attempt failed temporarily, keyed by message id (retried, then sent or failed). */
  outbox: 'outbox',
  /** Audit events, keyed by their time-ordered id. */
  audit: 'audit',
  /** Issue 24: each Atlassian account id the app stores and when it is next reported (src/forge/account-reports.ts). */
  reportedAccount: 'reported-account',
} as const;

/** An entry's claim on an email address, username or external id (entity `claim`): SHA-256 hex of `<kind>:<lookup key>`. */
export const claimKey = (kind: 'email' | 'username' | 'external', lookupKey: string) => sha256(`${kind}:${lookupKey}`).digest('hex');

// Overview counters (entities overviewDay, overviewMeta; src/forge/counters.ts)

/** A closed UTC day's merged counter item (entity `overview-day`; also where the backfill counts). */
export const overviewDayKey = (date: string) => `d-${date}`;
/** One instance's counter item for a UTC day (entity `overview-day`): only that instance writes it. */
export const overviewShardKey = (date: string, shard: string) => `d-${date}-${shard}`;
/** The folded totals of days older than the window (entity `overview-meta`). */
export const OVERVIEW_BASE_KEY = 'base';
/** The backfill's progress on upgrade (entity `overview-meta`). */
export const OVERVIEW_BACKFILL_KEY = 'backfill';

/** An account id's reporting entry (entity `reported-account`): SHA-256 hex of the account id (ids may hold characters keys refuse). */
export const reportedAccountKey = (accountId: string) => sha256(`account:${accountId}`).digest('hex');

// Plain KVS keys

/** The settings value (conditioned on its revision; cached per warm instance for 10 s). */
export const SETTINGS_KEY = 'settings';
/** The uploaded logo (type, base64 data, hash). */
export const LOGO_KEY = 'brand-logo';
/** The identity provider's entity ID and public keys (conditioned on its revision). */
export const IDP_CONFIG_KEY = 'saml-idp';
/** The prefix of every current-template key, see templateKey. */
export const TEMPLATE_KEY_PREFIX = 'template:';
/** A template's current version and version list (conditioned on its revision; cached per warm instance). */
export const templateKey = (kind: string, locale: string) => `${TEMPLATE_KEY_PREFIX}${kind}:${locale}`;
/** A kept template version, in one of a fixed number of slots (reused round-robin). */
export const templateVersionKey = (kind: string, locale: string, slot: number) => `template-version:${kind}:${locale}:${slot}`;
/** `true` once a sign-in step brought back the browser cookie its start set (src/forge/cookie-round-trip.ts; no expiry). */
export const COOKIE_ROUND_TRIP_KEY = 'sso-cookie-round-trip';
/** The prefix of every pending sign-in key (an erasure looks through them, issue 24). */
export const PENDING_SIGN_IN_PREFIX = 'sso-req-';
/** A pending help-center sign-in, under the SHA-256 of its reference (TTL: the request's lifetime + 5 min). */
export const pendingSignInKey = (reference: string) => `${PENDING_SIGN_IN_PREFIX}${sha256(reference).digest('base64url')}`;
/** The prefix of every API key record, see apiKeyRecordKey. */
export const API_KEY_PREFIX = 'apikey:';
/** A provisioning API key's record, under the SHA-256 of the key (never the key itself). */
export const apiKeyRecordKey = (keyHash: string) => `${API_KEY_PREFIX}${keyHash}`;
/** An `Idempotency-Key` claim and its answer, per API key (TTL 24 h). */
export const idempotencyKey = (apiKeyId: string, key: string) => `idem:${sha256(`${apiKeyId}\n${key}`).digest('hex')}`;
/** The prefix of the pointers from a customer to the idempotency answers that carry their data (issue 24). */
export const idempotencyOwnerPrefix = (customerId: string) => `idem-c-${customerId}-`;
/** A pointer (value: the idempotencyKey) from the customer to an answer kept about them (TTL 24 h, as the answer). */
export const idempotencyOwnerKey = (customerId: string, storedKey: string) => `${idempotencyOwnerPrefix(customerId)}${storedKey.slice('idem:'.length)}`;
/**
/**
 * What a key may hold as is: KVS keys match /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/ and have at most 500 characters
 * ("Error handling for the Key-Value Store"). A claim built from a provider's ids that does not fit (or is long)
 * is kept under its SHA-256 instead, so no provider can make the store refuse a replay claim.
 */
const KEY_SAFE = /^[a-zA-Z0-9:._#-]{1,400}$/;
/**
 * A replay claim, written only if absent (TTL: the caller's retention). Claims: requestEventKey and
 * signedCallKey below, and the providers' report ids (`dedupeKey` in forge/providers/webhooks.ts and
 * forge/sms/reports.ts).
 */
export const replayKey = (claim: string) => `wh-${KEY_SAFE.test(claim) ? claim : `h-${sha256(claim).digest('base64url')}`}`;
/** The replay claim of a request-created event (stored as replayKey(...)): one decision per request, whichever delivery comes first. */
export const requestEventKey = (issueId: string) => `request-created-${issueId}`;
/** The replay claim of a signed provisioning call (stored as replayKey(...)): its signature, per API key. */
export const signedCallKey = (apiKeyId: string, signatureHex: string) => `api-sig-${apiKeyId}-${signatureHex}`;
/** Personal data reporting (issue 24): how far the search for stored account ids got (audit id, customer cursor, dates). */
export const ACCOUNT_SCAN_KEY = 'pdr-scan';
/** Personal data reporting: the run under way (its id and start), so parallel invocations do not report twice (TTL 15 min). */
export const ACCOUNT_REPORT_RUN_KEY = 'pdr-run';
/** A queued job's progress (claimed, sent with what is left to store, done), by the key its push gave it (TTL 25 h). */
export const jobLedgerKey = (jobKey: string) => `job-${jobKey}`;
/** A per-client rate window under a hash of the client's address, never the address (TTL: the window). */
export const clientLimitKey = (scope: string, clientAddress: string) => `rl-${scope}-${sha256(clientAddress).digest('base64url').slice(0, 22)}`;
/** A provisioning API key's rate window (TTL: the window). */
export const apiKeyLimitKey = (apiKeyId: string) => `rl-api-${apiKeyId}`;
/**
 * The decoy item (entity `revision`) an unknown or refused sign-in writes where a known account's sign-in writes
 * its claim and its outcome, so every path makes the same storage calls (issue 23 item 6).
 */
export const SIGN_IN_DECOY_KEY = 'sign-in-decoy';
/** The decoy password reference an unknown or refused sign-in reads (never stored), see SIGN_IN_DECOY_KEY. */
export const DECOY_PASSWORD = { customerId: 'decoy', ref: 'none' } as const;
/** The site's SMS count today (TTL: until the day ends). */
export const SMS_SITE_DAY_KEY = 'sms-site-day';
/** One account's SMS count this hour (TTL: the window). */
export const smsAccountKey = (customerId: string) => `sms-acct-${customerId}`;
/** One send attempt's claim on a pending SMS, written only if absent (TTL 1 h). */
export const smsClaimKey = (id: string, attempt: number) => `sms-claim-${id}-${attempt}`;
/** Whom a sent SMS was for (masked number), while providers report delivery (TTL 3 days). */
export const smsSentKey = (id: string) => `sms-sent-${id}`;
/** The attempt of a TOTP enrolment started in the profile panel (TTL 1 h). */
export const profileEnrolmentKey = (customerId: string) => `tf-pe-${customerId}`;

// Secrets (KVS secret storage)

/** The mail provider's API key. */
export const MAIL_API_KEY_SECRET = 'mail-api-key';
/** The mail provider's webhook signing secret. */
export const MAIL_WEBHOOK_SECRET = 'mail-webhook-secret';
/** The SMS provider's API key (seven.io) or auth token (Twilio). */
export const SMS_API_KEY_SECRET = 'sms-api-key';
/** seven.io's signing key for its delivery reports. */
export const SMS_WEBHOOK_SECRET = 'sms-webhook-key';
/** A customer's password hash, per password reference. */
export const passwordSecretKey = (customerId: string, ref: string) => `pw-${customerId}-${ref}`;
/** A customer's TOTP key. */
export const totpSecretKey = (customerId: string, ref: string) => `tf-totp-${customerId}-${ref}`;
/** The hashes of a customer's recovery codes. */
export const recoverySecretKey = (customerId: string, ref: string) => `tf-rc-${customerId}-${ref}`;
/** A TOTP key being enrolled, until confirmed or the sign-in ends (TTL 1 h). */
export const enrolSecretKey = (attempt: string) => `tf-enrol-${attempt}`;
/** A customer's phone number for SMS codes (E.164). */
export const smsSecretKey = (customerId: string, ref: string) => `tf-sms-${customerId}-${ref}`;
/** A queued SMS, its text included (TTL 1 h). */
export const pendingSmsKey = (id: string) => `sms-out-${id}`;
/** An identity-provider signing key's private key (PEM). */
export const idpPrivateKeySecret = (kid: string) => `saml-key-${kid}`;
/** A provisioning API key's request-signing secret. */
export const apiKeySigningSecret = (apiKeyId: string) => `apikey-signing:${apiKeyId}`;

// Diagnostics (admin section "Diagnostics", issue 20; src/forge/diagnostics.ts)

/** The last diagnostics run's results with their date (kept until the next run, for support). */
export const DIAGNOSTICS_REPORT_KEY = 'diagnostics-report';
/** When the scheduled trigger last ran (written by each run of `invite-reminders`). */
export const DIAGNOSTICS_SCHEDULED_KEY = 'diagnostics-scheduled';
/** The item a deliberately failing transaction condition is checked against (entity `revision`). */
export const DIAGNOSTICS_CONDITION_KEY = 'diagnostics-condition';
/** A diagnostics probe of the customer-pages trigger, under the SHA-256 of its one-time token (TTL 2 min). */
export const diagnosticsProbeKey = (token: string) => `diag-probe-${sha256(token).digest('hex')}`;
/** A queue round trip's arrival, by its random id (TTL 10 min). */
export const diagnosticsPingKey = (id: string) => `diag-ping-${id}`;
/** A single-use value two consumers race for, by its random id (TTL 1 min). */
export const diagnosticsOnceKey = (id: string) => `diag-once-${id}`;
