import { randomBytes } from 'node:crypto';
import {
  checkEmailCode,
  EMAIL_CODE_MAX_TRIES,
  EMAIL_CODE_TTL_SEC,
  issueEmailCode,
  normaliseEmailCode,
  signInBinding,
  type EmailCodeState,
} from '../../src/domain/factors/email-code';
import { AC_MULTI_FACTOR, AC_PASSWORD_PROTECTED_TRANSPORT, AC_UNSPECIFIED } from '../../src/domain/saml/constants';
import { DEFAULT_SETTINGS, EXISTING_SITE_SIGN_IN, resolveSettings, settingsSchema } from '../../src/domain/settings';
import { validateTemplate } from '../../src/mail/template-validation';
import { DEFAULT_TEMPLATES } from '../../src/mail/default-templates';
import { AUDIT_CATEGORIES, AUDIT_KINDS } from '../../src/surfaces/admin-api';
import { AUDIT_TEXTS } from '../../static/admin/src/sections/AuditLog.i18n';
import { MESSAGES } from '../../static/agent-panel/src/i18n';

// The panel's messages module reads the host locale through the Custom UI bridge, which only exists in a page.
jest.mock('@forge/bridge', () => ({ view: { getContext: jest.fn() }, invoke: jest.fn() }));

/** Issue 22 item 2: the rules of "Email me a sign-in code" (src/domain/factors/email-code.ts), pure. */
const RULE = { limit: 3, windowSec: 15 * 60 };
const T0 = 1_800_000_000;
const A = signInBinding('a'.repeat(43));
const B = signInBinding('b'.repeat(43));

function issued(state: EmailCodeState | undefined, signIn = A, now = T0) {
  const out = issueEmailCode(state, signIn, now, RULE, randomBytes);
  if (!out.ok) throw new Error('not issued');
  return out;
}

const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sign-in code by email: the rules', () => {
  test('6 digits, stored only as a salted HMAC bound to the sign-in, never the code itself', () => {
    const { code, state } = issued(undefined);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(state)).not.toContain(code);
    expect(state.code).toMatchObject({ signIn: A, used: false, failures: 0, issuedAt: T0, expiresAt: T0 + EMAIL_CODE_TTL_SEC });
    expect(EMAIL_CODE_TTL_SEC).toBe(600);
    expect(signInBinding('a'.repeat(43))).not.toContain('aaaa');
  });

  test('the right code signs in once: the record is marked used, and the same code again is refused', () => {
    const { code, state } = issued(undefined);
    const first = checkEmailCode(state, A, code, T0 + 1);
    expect(first.ok).toBe(true);
    const after = first.ok ? first.state : state;
    expect(after.code?.used).toBe(true);
    expect(checkEmailCode(after, A, code, T0 + 2)).toMatchObject({ ok: false, reason: 'used' });
  });

  test('valid 10 minutes: at the expiry it is refused without counting', () => {
    const { code, state } = issued(undefined);
    expect(checkEmailCode(state, A, code, T0 + EMAIL_CODE_TTL_SEC - 1).ok).toBe(true);
    const late = checkEmailCode(state, A, code, T0 + EMAIL_CODE_TTL_SEC);
    expect(late).toMatchObject({ ok: false, reason: 'expired' });
    expect(late.ok === false && late.state).toBeFalsy();
  });

  test('bound to its sign-in: the code of sign-in A does not work for sign-in B (nothing to count there)', () => {
    const { code, state } = issued(undefined, A);
    const other = checkEmailCode(state, B, code, T0 + 1);
    expect(other).toMatchObject({ ok: false, reason: 'none' });
    expect(other.ok === false && other.state).toBeFalsy();
  });

  test('newest only: a new code replaces the one before it, and its tries start again', () => {
    const one = issued(undefined);
    const wrong = checkEmailCode(one.state, A, wrongOf(one.code), T0 + 1);
    const two = issued(wrong.ok ? wrong.state : wrong.state!, A, T0 + 2);
    expect(checkEmailCode(two.state, A, one.code, T0 + 3)).toMatchObject({ ok: false }); // the first code is dead (unless equal by chance)
    expect(two.state.code?.failures).toBe(0);
    expect(checkEmailCode(two.state, A, two.code, T0 + 4).ok).toBe(true);
  });

  test('5 wrong tries void the code: the right code after them is refused', () => {
    const first = issued(undefined);
    const code = first.code;
    let state = first.state;
    const lefts: number[] = [];
    for (let i = 0; i < EMAIL_CODE_MAX_TRIES; i++) {
      const out = checkEmailCode(state, A, wrongOf(code), T0 + 1 + i);
      expect(out.ok).toBe(false);
      if (out.ok || !out.state) throw new Error('a wrong code is counted');
      lefts.push(out.left);
      state = out.state;
    }
    expect(lefts).toEqual([4, 3, 2, 1, 0]);
    expect(state.code?.failures).toBe(5);
    expect(checkEmailCode(state, A, code, T0 + 10)).toMatchObject({ ok: false, reason: 'void' });
  });

  test('per-account limit: the reset rule (3 in 15 minutes by default), a new window after it', () => {
    let state: EmailCodeState | undefined;
    for (let i = 0; i < RULE.limit; i++) state = issued(state, A, T0 + i).state;
    expect(issueEmailCode(state, A, T0 + 10, RULE, randomBytes)).toEqual({ ok: false, reason: 'limit' });
    expect(issueEmailCode(state, A, T0 + RULE.windowSec, RULE, randomBytes).ok).toBe(true);
  });

  test('what is not 6 digits is not a try (spaces and dashes are fine)', () => {
    expect(normaliseEmailCode('123 456')).toBe('123456');
    expect(normaliseEmailCode('123-456')).toBe('123456');
    expect(normaliseEmailCode('12345')).toBeUndefined();
    expect(normaliseEmailCode('abcdef')).toBeUndefined();
    expect(normaliseEmailCode(undefined)).toBeUndefined();
  });

  test('SAML: an email code alone claims neither a password nor multi-factor', () => {
    expect(AC_UNSPECIFIED).toBe('urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified');
    expect([AC_PASSWORD_PROTECTED_TRANSPORT, AC_MULTI_FACTOR]).not.toContain(AC_UNSPECIFIED);
  });
});

describe('allowed sign-in methods (Security)', () => {
  test('a new site (nothing stored) allows all three; a site with settings from before keeps the password alone', () => {
    expect(resolveSettings(undefined).signInMethods).toEqual({ password: true, passkey: true, emailCode: true });
    expect(resolveSettings({}).signInMethods).toEqual({ password: true, passkey: true, emailCode: true });
    expect(resolveSettings({ resetLinkMinutes: 30 }).signInMethods).toEqual(EXISTING_SITE_SIGN_IN);
    expect(EXISTING_SITE_SIGN_IN).toEqual({ password: true, passkey: false, emailCode: false });
    expect(resolveSettings({ resetLinkMinutes: 30, signInMethods: { password: false, passkey: false, emailCode: true } }).signInMethods).toEqual({ password: false, passkey: false, emailCode: true });
  });

  test('at least one method', () => {
    const none = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, signInMethods: { password: false, passkey: false, emailCode: false } });
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.path).toEqual(['signInMethods']);
    expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, signInMethods: { password: false, passkey: true, emailCode: false } }).success).toBe(true);
  });
});

describe('the sign-in code mail template', () => {
  test('the shipped en and de templates validate, and a template without the code cannot be saved', () => {
    for (const locale of ['en', 'de'] as const) expect(validateTemplate('sign-in-code', DEFAULT_TEMPLATES['sign-in-code'][locale])).toEqual([]);
    const withoutCode = { ...DEFAULT_TEMPLATES['sign-in-code'].en, html: '<p>Hello</p>', text: 'Hello' };
    expect(validateTemplate('sign-in-code', withoutCode).map((p) => p.code)).toEqual(['missing-code', 'missing-code']);
  });
});

describe('audit log and the agent panel\'s timeline (issue 22 item 3)', () => {
  const KINDS = {
    'passkey.added': { en: 'Passkey added', de: 'Passkey hinzugefügt' },
    'passkey.removed': { en: 'Passkey removed', de: 'Passkey entfernt' },
    'passkey.used': { en: 'Signed in with a passkey', de: 'Mit einem Passkey angemeldet' },
    'passkey.refused': { en: 'Passkey refused', de: 'Passkey abgelehnt' },
    'login.code-sent': { en: 'Sign-in code emailed', de: 'Anmeldecode per E-Mail gesendet' },
    'login.code-used': { en: 'Sign-in code used', de: 'Anmeldecode verwendet' },
    'login.code-refused': { en: 'Sign-in code refused', de: 'Anmeldecode abgelehnt' },
  } as const;

  test.each(Object.keys(KINDS) as (keyof typeof KINDS)[])('%s: named in en and de in both, and filterable by its category', (kind) => {
    for (const lang of ['en', 'de'] as const) {
      expect(AUDIT_TEXTS[lang].kinds[kind]).toBe(KINDS[kind][lang]);
      expect(MESSAGES[lang].timeline.kind[kind]).toBe(KINDS[kind][lang]);
    }
    expect(AUDIT_KINDS).toContain(kind);
    expect(AUDIT_CATEGORIES.some((category) => kind.startsWith(category))).toBe(true);
  });

  test('the panel says "passkeys: 2" beside the two-step state (en, de)', () => {
    expect([MESSAGES.en.passkeys(2), MESSAGES.de.passkeys(2)]).toEqual(['passkeys: 2', 'Passkeys: 2']);
  });
});
