import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import * as keys from '../../src/forge/kvs-keys';

/**
 * The names in src/forge/kvs-keys.ts are the addresses of stored data: each is pinned here to the string it
 * has always had, so a rename (which would lose what existing sites stored) fails this test. The strings are
 * spelled out on purpose; do not build them from the module.
 */
describe('every storage name stays what it is', () => {
  it('custom entities, and exactly those manifest.yml declares', () => {
    expect(keys.ENTITY).toEqual({
      revision: 'revision',
      claim: 'claim',
      customer: 'customer',
      overviewDay: 'overview-day',
      overviewMeta: 'overview-meta',
      outbox: 'outbox',
      audit: 'audit',
      reportedAccount: 'reported-account',
    });
    const manifest = parse(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')) as { app: { storage: { entities: { name: string }[] } } };
    expect(manifest.app.storage.entities.map((e) => e.name).sort()).toEqual(Object.values(keys.ENTITY).sort());
  });

  it('plain keys and key builders', () => {
    expect(keys.SETTINGS_KEY).toBe('settings');
    expect(keys.LOGO_KEY).toBe('brand-logo');
    expect(keys.IDP_CONFIG_KEY).toBe('saml-idp');
    expect(keys.TEMPLATE_KEY_PREFIX).toBe('template:');
    expect(keys.templateKey('reset', 'de')).toBe('template:reset:de');
    expect(keys.templateVersionKey('invite-reminder', 'en', 3)).toBe('template-version:invite-reminder:en:3');
    // SHA-256('ref-1'), base64url
    expect(keys.pendingSignInKey('ref-1')).toBe('sso-req-nrzv33OzxJDLLeEVoChYvkbx1onE9VumQIHkqjsJwDA');
    expect(keys.COOKIE_ROUND_TRIP_KEY).toBe('sso-cookie-round-trip');
    expect(keys.COOKIE_ROUND_TRIP_KEY).toBe('sso-cookie-round-trip');
    expect(keys.API_KEY_PREFIX).toBe('apikey:');
    expect(keys.apiKeyRecordKey('ab12')).toBe('apikey:ab12');
    // SHA-256('key-id\nclient-key'), hex
    expect(keys.idempotencyKey('key-id', 'client-key')).toBe('idem:5bca94d0f251e56b187e18d2ad2abe0201657c206e01a2f53127f7f8d2fb9d04');
    expect(keys.replayKey('mailgun:t0k3n')).toBe('wh-mailgun:t0k3n');
    expect(keys.SIGN_IN_DECOY_KEY).toBe('sign-in-decoy');
    expect(keys.DECOY_PASSWORD).toEqual({ customerId: 'decoy', ref: 'none' });
    // Issue 24: what an erasure looks through (pending sign-ins) and the pointers to idempotent answers about a customer.
    expect(keys.PENDING_SIGN_IN_PREFIX).toBe('sso-req-');
    expect(keys.idempotencyOwnerPrefix('c1')).toBe('idem-c-c1-');
    expect(keys.idempotencyOwnerKey('c1', 'idem:5bca94d0')).toBe('idem-c-c1-5bca94d0');
    // A claim the KVS key pattern does not allow (or a very long one): its SHA-256, base64url
    expect(keys.replayKey('seven:a/b+c@d:DELIVERED')).toBe('wh-h-mfU61I2PVDDxpTHVRD7TmnKNwsNCawjtwdkql-XizVs');
    expect(keys.replayKey('x'.repeat(401))).toMatch(/^wh-h-[\w-]{43}$/);
    expect(keys.requestEventKey('10042')).toBe('request-created-10042');
    expect(keys.jobLedgerKey('4f1c2a9e0b7d6c5e4f3a2b1c')).toBe('job-4f1c2a9e0b7d6c5e4f3a2b1c');
    expect(keys.reportedAccountKey('5b10ac8d82e05b22cc7d4ef1')).toBe('4332f420c009052d5e87a8a7e404b4569b39141cb123f58f4c196b52677ac52c');
    expect(keys.ACCOUNT_SCAN_KEY).toBe('pdr-scan');
    expect(keys.ACCOUNT_REPORT_RUN_KEY).toBe('pdr-run');
    expect(keys.replayKey(keys.requestEventKey('10042'))).toBe('wh-request-created-10042');
    expect(keys.replayKey(keys.signedCallKey('0123456789abcdef', 'ff00'))).toBe('wh-api-sig-0123456789abcdef-ff00');
    // SHA-256('203.0.113.7'), base64url, first 22 characters
    expect(keys.clientLimitKey('login', '203.0.113.7')).toBe('rl-login-_sUlZaoM8Y9X189bOscoUD');
    expect(keys.apiKeyLimitKey('k1')).toBe('rl-api-k1');
    expect(keys.SMS_SITE_DAY_KEY).toBe('sms-site-day');
    // entity `overview-day` and `overview-meta`
    expect(keys.overviewDayKey('2026-12-01')).toBe('d-2026-12-01');
    expect(keys.overviewShardKey('2026-12-01', 'Ab3_x9')).toBe('d-2026-12-01-Ab3_x9');
    expect(keys.OVERVIEW_BASE_KEY).toBe('base');
    expect(keys.OVERVIEW_BACKFILL_KEY).toBe('backfill');
    expect(keys.smsAccountKey('c1')).toBe('sms-acct-c1');
    expect(keys.smsClaimKey('m1', 2)).toBe('sms-claim-m1-2');
    expect(keys.smsSentKey('m1')).toBe('sms-sent-m1');
    expect(keys.profileEnrolmentKey('c1')).toBe('tf-pe-c1');
    expect(keys.DIAGNOSTICS_REPORT_KEY).toBe('diagnostics-report');
    expect(keys.DIAGNOSTICS_SCHEDULED_KEY).toBe('diagnostics-scheduled');
    expect(keys.DIAGNOSTICS_CONDITION_KEY).toBe('diagnostics-condition');
    // SHA-256('t1'), hex
    expect(keys.diagnosticsProbeKey('t1')).toBe('diag-probe-628b49d96dcde97a430dd4f597705899e09a968f793491e4b704cae33a40dc02');
    expect(keys.diagnosticsPingKey('p1')).toBe('diag-ping-p1');
    expect(keys.diagnosticsOnceKey('o1')).toBe('diag-once-o1');
    // entity `claim`: SHA-256('<kind>:<lookup key>'), hex
    expect(keys.claimKey('email', 'ada@example.net')).toBe('25a135c9416605e3e46dacbdeef6804218ba9eac2d148164423d9aa3ea720bbc');
    expect(keys.claimKey('username', 'customer1234567')).toBe('bf9370ebd326c695a4a2e0ce39b676a28d1f44aa45692546ff4a19a928aeb3c6');
    expect(keys.claimKey('external', 'ERP-7')).toBe('3358e30bf7a65418ecba645c31d93a197054e07f8e97cbfd43cb91cf10fe85a2');
  });

  it('secrets', () => {
    expect(keys.MAIL_API_KEY_SECRET).toBe('mail-api-key');
    expect(keys.MAIL_WEBHOOK_SECRET).toBe('mail-webhook-secret');
    expect(keys.SMS_API_KEY_SECRET).toBe('sms-api-key');
    expect(keys.SMS_WEBHOOK_SECRET).toBe('sms-webhook-key');
    expect(keys.passwordSecretKey('c1', 'r1')).toBe('pw-c1-r1');
    expect(keys.totpSecretKey('c1', 'r1')).toBe('tf-totp-c1-r1');
    expect(keys.recoverySecretKey('c1', 'r1')).toBe('tf-rc-c1-r1');
    expect(keys.enrolSecretKey('a1')).toBe('tf-enrol-a1');
    expect(keys.smsSecretKey('c1', 'r1')).toBe('tf-sms-c1-r1');
    expect(keys.pendingSmsKey('m1')).toBe('sms-out-m1');
    expect(keys.idpPrivateKeySecret('kid1')).toBe('saml-key-kid1');
    expect(keys.apiKeySigningSecret('k1')).toBe('apikey-signing:k1');
  });

  it('nothing in the module goes unpinned', () => {
    const pinned = fs.readFileSync(__filename, 'utf8');
    const unpinned = Object.keys(keys).filter((name) => !pinned.includes(`keys.${name}`));
    expect(unpinned).toEqual([]);
  });
});
