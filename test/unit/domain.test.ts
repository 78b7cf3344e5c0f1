import { randomBytes } from 'node:crypto';
import packageList from '@zxcvbn-ts/language-common/dist/passwords.json.cjs';
import { commonPasswordCount, commonPasswordsAtLeast, decodePrefixCoded, isCommonPassword, shippedText } from '../../src/domain/common-passwords';
import { derivedStatus, MAIL_JOB_TAG_SEC, MAIL_JOB_TAGS_MAX, withMailJob, type Customer } from '../../src/domain/customer';
import { emailLocalPart, normaliseForLookup, parseIdentifier } from '../../src/domain/identifier';
import { checkLink, hashSecret, issueLink, parseLinkToken } from '../../src/domain/link-token';
import { DEFAULT_POLICY, evaluatePassword, passwordLength } from '../../src/domain/password-policy';
import { hit } from '../../src/domain/rate-limit';
import { DEFAULT_SETTINGS, EXISTING_SITE_SIGN_IN, resolveSettings } from '../../src/domain/settings';
import { SETTINGS_BOUNDS } from '../../src/domain/settings-bounds';
import { localeFromAcceptLanguage } from '../../src/i18n/locale';

describe('identifier normalisation', () => {
  it('trims, applies NFC and case-folds one way for lookup', () => {
    expect(normaliseForLookup('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
    expect(normaliseForLookup('Mu\u0308ller@example.de')).toBe(normaliseForLookup('M\u00fcller@EXAMPLE.de'));
  });
  it('folds compatibility look-alikes (NFKC) the same way every time: Kelvin sign, fullwidth, mathematical, ligatures', () => {
    // Each of these is `karl` (or `fiona`) for lookup, storage and uniqueness: one account, never a second one beside it.
    for (const lookAlike of ['\u212Aarl', 'KARL', '\uFF4Barl', '\uFF2B\uFF21\uFF32\uFF2C', '\u{1D424}arl', '\u{1D40A}ARL']) expect(normaliseForLookup(lookAlike)).toBe('karl');
    expect(normaliseForLookup('\uFB01ona')).toBe('fiona');
    expect(parseIdentifier('\uFF2Barl\uFF20Example.\uFF23\uFF2F\uFF2D')).toEqual({ kind: 'email', key: 'karl@example.com' });
    // Idempotent: a stored key folds to itself (lower-casing İ leaves a combining dot; the second NFKC keeps it stable).
    for (const raw of ['\u0130lke', '\u1E9Etra\u00DFe', 'Ka\u0301rl', '\u2126mega', '\uFF2Barl']) expect(normaliseForLookup(normaliseForLookup(raw))).toBe(normaliseForLookup(raw));
    // Different letters that only look alike stay apart: Cyrillic а (U+0430) is not Latin a.
    expect(normaliseForLookup('k\u0430rl')).not.toBe('karl');
  });
  it('tells emails from usernames', () => {
    expect(parseIdentifier(' customer2300229 ')).toEqual({ kind: 'username', key: 'customer2300229' });
    expect(parseIdentifier('A@B.de')).toEqual({ kind: 'email', key: 'a@b.de' });
    expect(emailLocalPart('jane.doe@example.com')).toBe('jane.doe');
  });
});

describe('password policy (default: 12..128, blocklist, no personal info, no composition rules)', () => {
  const info = { username: 'customer2300229', emailLocalPart: 'jane.doe' };
  const failed = (pw: string) =>
    evaluatePassword(pw, DEFAULT_POLICY, info, isCommonPassword).criteria.filter((c) => !c.met).map((c) => c.id);

  it('accepts a long passphrase without composition rules', () => {
    expect(failed('lantern harbour violet')).toEqual([]);
  });
  it('rejects short, overlong, common and personal passwords with the criterion that failed', () => {
    expect(failed('short-pw')).toEqual(['minLength']);
    expect(failed('x'.repeat(129))).toEqual(['maxLength']);
    expect(failed('passwordpassword')).toEqual(['notCommon']);
    expect(failed('my-customer2300229-pass')).toEqual(['notPersonal']);
    expect(failed('JANE.DOE-forever-and-ever')).toEqual(['notPersonal']);
  });
  it('counts characters as people do (code points of the NFC form)', () => {
    expect(passwordLength('🙂🙂🙂')).toBe(3);
    expect(passwordLength('e\u0301')).toBe(1);
  });
  it('applies optional composition rules when an admin turns them on', () => {
    const strict = { ...DEFAULT_POLICY, requireDigit: true, requireUpper: true };
    const ids = evaluatePassword('lantern harbour violet', strict, info, isCommonPassword).criteria.filter((c) => !c.met).map((c) => c.id);
    expect(ids).toEqual(['upper', 'digit']);
  });
  it('ships a blocklist of at least 10,000 common passwords, compared case-insensitively', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    expect(isCommonPassword('PassWord')).toBe(true);
    expect(isCommonPassword('lantern harbour violet')).toBe(false);
    const forBrowser = commonPasswordsAtLeast(12, 5000)!;
    expect(forBrowser.length).toBeGreaterThan(100);
    expect(forBrowser.every((w) => [...w].length >= 12)).toBe(true);
  });
  it('ships exactly the package\'s entries that can decide a verdict (issue 25): those not shorter than the lowest minimum length', () => {
    const lowest = SETTINGS_BOUNDS.minLength[0];
    const all = [...new Set(packageList.map((w) => w.toLowerCase()))];
    const deciding = all.filter((w) => [...w].length >= lowest).sort();
    expect(decodePrefixCoded(shippedText())).toEqual(deciding);
    expect(commonPasswordCount()).toBe(deciding.length);
    // Every entry left out is refused by the length rule under every policy an admin can choose, with or without the list.
    const loosest = { ...DEFAULT_POLICY, minLength: lowest };
    const shorter = all.filter((w) => [...w].length < lowest);
    expect(shorter.length).toBeGreaterThan(30_000);
    expect(shorter.every((w) => !evaluatePassword(w, loosest, {}, () => false).ok)).toBe(true);
    expect(isCommonPassword('Password')).toBe(true);
  });
});

describe('link tokens', () => {
  it('carry 256 random bits, and only their SHA-256 is stored', () => {
    const { token, link } = issueLink('abcdefghijklmnopqrstuv', 'reset', 1000, 3600, randomBytes);
    const parsed = parseLinkToken(token)!;
    expect(Buffer.from(parsed.secret, 'base64url')).toHaveLength(32);
    expect(link.hash).toBe(hashSecret(parsed.secret));
    expect(JSON.stringify(link)).not.toContain(parsed.secret);
    expect(link.expiresAt).toBe(4600);
  });
  it('are valid until expiry, for their purpose only, and never for another secret', () => {
    const { token, link } = issueLink('abcdefghijklmnopqrstuv', 'reset', 1000, 3600, randomBytes);
    const { secret } = parseLinkToken(token)!;
    expect(checkLink(link, secret, 'reset', 4599)).toBe('valid');
    expect(checkLink(link, secret, 'reset', 4600)).toBe('expired');
    expect(checkLink(link, secret, 'invite', 2000)).toBe('invalid');
    expect(checkLink(link, randomBytes(32).toString('base64url'), 'reset', 2000)).toBe('invalid');
    expect(checkLink(undefined, secret, 'reset', 2000)).toBe('invalid');
  });
  it('rejects malformed tokens', () => {
    for (const bad of ['', 'nodot', 'a.b', 'abcdefghijklmnopqrstuv.' + 'x'.repeat(42), '../../etc.' + 'x'.repeat(43)]) {
      expect(parseLinkToken(bad)).toBeUndefined();
    }
  });
});

describe('rate windows', () => {
  const rule = { limit: 3, windowSec: 60 };
  it('allows up to the limit within a window and resets after it', () => {
    let w = undefined as ReturnType<typeof hit>['next'] | undefined;
    const results = [0, 1, 2, 3].map((t) => {
      const r = hit(w, 100 + t, rule);
      w = r.next;
      return r.allowed;
    });
    expect(results).toEqual([true, true, true, false]);
    expect(hit(w, 160, rule).allowed).toBe(true);
  });
});

describe('the mail jobs noted on an entry (issue 25)', () => {
  it('adds the tag and leaves out those older than a job is kept', () => {
    expect(withMailJob(undefined, 'a1b2c3d4', 5000)).toEqual({ tags: { a1b2c3d4: 5000 }, evicted: false });
    const now = MAIL_JOB_TAG_SEC + 100_000;
    expect(withMailJob({ gone: now - MAIL_JOB_TAG_SEC, kept: now - MAIL_JOB_TAG_SEC + 1 }, 'new', now)).toEqual({ tags: { kept: now - MAIL_JOB_TAG_SEC + 1, new: now }, evicted: false });
  });

  it('keeps at most MAIL_JOB_TAGS_MAX, pushing out the oldest and saying so', () => {
    const now = 200_000;
    const full = Object.fromEntries(Array.from({ length: MAIL_JOB_TAGS_MAX }, (_, i) => [`t${i}`, now - 1000 + i]));
    const noted = withMailJob(full, 'new', now);
    expect(noted.evicted).toBe(true);
    expect(Object.keys(noted.tags)).toHaveLength(MAIL_JOB_TAGS_MAX);
    expect(noted.tags).not.toHaveProperty('t0');
    expect(noted.tags).toMatchObject({ t1: now - 999, new: now });
    const { t0: _oldest, ...room } = full;
    expect(withMailJob(room, 'new', now).evicted).toBe(false);
  });
});

describe('derived account status', () => {
  const base: Customer = {
    id: 'c1', email: 'a@b.c', emailKey: 'a@b.c', username: 'u', usernameKey: 'u', displayName: 'A', locale: 'en', accountId: '',
    status: 'active', rev: 1, createdAt: 0, updatedAt: 0, invitedAt: 0, activatedAt: 1, passwordChangedAt: 1, passwordRef: 'r',
    link: null, linkHash: '', resetWindow: null, inviteWindow: null, failedLogins: 0, lockedUntil: 0, deliveryIssue: null,
  };
  it('derives invite-expired, reset-pending and locked from times', () => {
    const invite = { hash: 'h', purpose: 'invite' as const, issuedAt: 0, expiresAt: 100 };
    expect(derivedStatus({ ...base, status: 'invited', link: invite }, 50)).toBe('invited');
    expect(derivedStatus({ ...base, status: 'invited', link: invite }, 100)).toBe('invite-expired');
    expect(derivedStatus({ ...base, link: { ...invite, purpose: 'reset' } }, 50)).toBe('reset-pending');
    expect(derivedStatus({ ...base, lockedUntil: 200 }, 150)).toBe('locked');
    expect(derivedStatus({ ...base, lockedUntil: 200 }, 200)).toBe('active');
    expect(derivedStatus({ ...base, status: 'disabled', lockedUntil: 200 }, 150)).toBe('disabled');
  });
});

describe('settings', () => {
  it('fall back to defaults for missing or invalid stored values', () => {
    expect(resolveSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(resolveSettings({ resetLinkMinutes: 30 }).resetLinkMinutes).toBe(30);
    // A site with stored settings from before issue 22 keeps signing in with the password alone (docs/sign-in.md).
    const existing = { ...DEFAULT_SETTINGS, signInMethods: EXISTING_SITE_SIGN_IN };
    expect(resolveSettings({ resetLinkMinutes: 0 })).toEqual(existing);
    expect(resolveSettings({ branding: { primaryColor: 'red' } })).toEqual(existing);
  });

  it('put the default back only where a stored value is invalid, keeping everything else (e.g. after a bound got tighter)', () => {
    const stored = {
      branding: { portalName: 'Help Desk', primaryColor: 'red' },
      delivery: { provider: 'postmark', mailgunDomain: '', mailgunRegion: 'eu' },
      limits: { resetPerClient: { limit: 50, windowSec: 10 } },
      resetLinkMinutes: 30,
    };
    const resolved = resolveSettings(stored as never);
    expect(resolved.delivery.provider).toBe('postmark');
    expect(resolved.branding.portalName).toBe('Help Desk');
    expect(resolved.branding.primaryColor).toBe(DEFAULT_SETTINGS.branding.primaryColor);
    expect(resolved.limits.resetPerClient).toEqual({ limit: 50, windowSec: DEFAULT_SETTINGS.limits.resetPerClient.windowSec });
    expect(resolved.resetLinkMinutes).toBe(30);
  });

  it('repair a rule across fields at the field it names, or its section', () => {
    const resolved = resolveSettings({ inviteLinkDays: 10, inviteReminderDays: 12, policy: { minLength: 40, maxLength: 64 } });
    expect(resolved.inviteLinkDays).toBe(10);
    expect(resolved.inviteReminderDays).toBe(DEFAULT_SETTINGS.inviteReminderDays);
    expect(resolved.policy.minLength).toBe(40);
    const internal = resolveSettings({ internal: { domains: ['staff.example'], url: '' }, resetLinkMinutes: 30 });
    expect(internal.internal).toEqual(DEFAULT_SETTINGS.internal);
    expect(internal.resetLinkMinutes).toBe(30);
  });
});

describe('language negotiation', () => {
  it('picks the best supported language from Accept-Language', () => {
    expect(localeFromAcceptLanguage('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(localeFromAcceptLanguage('fr-FR, en;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0.2, de;q=0.9')).toBe('de');
    expect(localeFromAcceptLanguage('fr')).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });
});

describe('privacy rules (issue 24)', () => {
  it('an erased customer\'s event keeps id, time, kind and staff actor; loses what leads to the person', async () => {
    const { pseudonymised, erasureReference, messageIdsOf } = await import('../../src/domain/erasure');
    const ref = erasureReference(() => Buffer.alloc(16, 0xab));
    expect(ref).toBe(`erased-${'ab'.repeat(16)}`);
    const sms = { id: 'e1', customerId: 'c1', at: 5, kind: 'sms.sent' as const, actor: 'system', detail: { messageId: 'm1', to: '+49 ••• 78', provider: 'seven', attempt: 1 } };
    expect(pseudonymised(sms, ref, 'acct-1')).toEqual({ id: 'e1', customerId: ref, at: 5, kind: 'sms.sent', actor: 'system', detail: { provider: 'seven', attempt: 1 } });
    const own = { id: 'e2', customerId: 'c1', at: 6, kind: 'customer.updated' as const, actor: 'acct-1', detail: { linked: 'account' } };
    expect(pseudonymised(own, ref, 'acct-1').actor).toBe('customer');
    const staff = { id: 'e3', customerId: 'c1', at: 7, kind: 'customer.disabled' as const, actor: 'agent-9', detail: { actorRole: 'admin', actorName: 'Alice' } };
    expect(pseudonymised(staff, ref, '')).toMatchObject({ actor: 'agent-9', detail: { actorRole: 'admin', actorName: 'Alice' } });
    expect(messageIdsOf([sms, { ...sms, id: 'e4', kind: 'email.sent', detail: { messageId: 'mail-1' } }])).toEqual({ mails: ['mail-1'], sms: ['m1'] });
  });

  it('retention cutoffs: audit ids and outbox times older than the days set', async () => {
    const { retentionCutoffs } = await import('../../src/domain/retention');
    const now = Date.UTC(2026, 11, 7);
    const cut = retentionCutoffs({ auditDays: 365, activityDays: 90, inviteesDays: 0 }, now);
    expect(cut.inviteesBeforeSec).toBeUndefined();
    expect(retentionCutoffs({ auditDays: 365, activityDays: 90, inviteesDays: 30 }, now).inviteesBeforeSec).toBe((now - 30 * 86_400_000) / 1000);
    expect(cut.auditBeforeId).toBe(String(now - 365 * 86_400_000).padStart(14, '0'));
    expect(cut.activityBeforeSec).toBe((now - 90 * 86_400_000) / 1000);
    // Audit ids start with the time in milliseconds (14 digits): string order is time order.
    expect(`${String(now - 366 * 86_400_000).padStart(14, '0')}-000001-abcd` < cut.auditBeforeId).toBe(true);
    expect(`${String(now - 364 * 86_400_000).padStart(14, '0')}-000001-abcd` < cut.auditBeforeId).toBe(false);
  });
});
