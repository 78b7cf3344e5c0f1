import { authnContextFor } from '../../src/domain/authn-context';
import { AC_MULTI_FACTOR, AC_PASSWORD_PROTECTED_TRANSPORT, AC_UNSPECIFIED } from '../../src/domain/saml/constants';
import {
  canAddPasskey, cleanPasskeyName, counterAccepted, freshSignIn, MAX_PASSKEYS, OFFER_SNOOZE_SEC, passkeyNameFor, passkeyOffered, relyingParty, signCountOf, usedPasskey, type StoredPasskey,
} from '../../src/domain/passkeys';
import { execFileSync } from 'node:child_process';
import { adminActions, applyAccountChange } from '../../src/domain/customer-admin';
import { newCustomer } from '../../src/domain/customer';
import { readFileSync } from 'node:fs';

/** The passkey rules (issue 22) as pure functions: no storage, clock or browser. */
const passkey = (id: string, counter = 0): StoredPasskey => ({ id, publicKey: 'AQ', counter, transports: [], name: 'Passkey', createdAt: 1, lastUsedAt: 0 });
const many = (n: number) => Array.from({ length: n }, (_, i) => passkey(`p${i}`));

describe('authentication context from the completed factors', () => {
  it.each([
    [['password'], AC_PASSWORD_PROTECTED_TRANSPORT],
    [['emailCode'], AC_UNSPECIFIED],
    [['passkey'], AC_MULTI_FACTOR],
    [['password', 'totp'], AC_MULTI_FACTOR],
    [['password', 'sms'], AC_MULTI_FACTOR],
    [['password', 'recovery'], AC_MULTI_FACTOR],
    [['emailCode', 'totp'], AC_MULTI_FACTOR],
    [['totp'], AC_UNSPECIFIED], // a code alone is no first factor: it claims nothing
    [['password', 'emailCode'], AC_PASSWORD_PROTECTED_TRANSPORT],
  ] as const)('%j → %s', (factors, context) => {
    expect(authnContextFor(factors)).toBe(context);
  });
});

describe('signature counter (WebAuthn §7.2 step 21)', () => {
  it('accepts a counter that grows, and 0 → 0 (authenticators that do not count)', () => {
    expect(counterAccepted(0, 0)).toBe(true);
    expect(counterAccepted(0, 1)).toBe(true);
    expect(counterAccepted(5, 6)).toBe(true);
  });
  it('refuses a counter that stays or goes back once either is non-zero', () => {
    expect(counterAccepted(5, 5)).toBe(false);
    expect(counterAccepted(5, 4)).toBe(false);
    expect(counterAccepted(5, 0)).toBe(false);
  });
  it('reads the counter from the authenticator data (bytes 33–36, big-endian)', () => {
    const data = Buffer.alloc(37);
    data.writeUInt32BE(0x01020304, 33);
    expect(signCountOf(data)).toBe(0x01020304);
    expect(signCountOf(Buffer.alloc(36))).toBeUndefined();
  });
  it('a use keeps the new counter and time on that passkey only', () => {
    expect(usedPasskey([passkey('a'), passkey('b', 3)], 'b', 4, 99)).toEqual([passkey('a'), { ...passkey('b', 4), lastUsedAt: 99 }]);
  });
});

describe('limits and freshness', () => {
  it(`a customer holds at most ${MAX_PASSKEYS} passkeys`, () => {
    expect(MAX_PASSKEYS).toBe(10);
    expect(canAddPasskey({ passkeys: many(9) })).toBe(true);
    expect(canAddPasskey({ passkeys: many(10) })).toBe(false);
    expect(canAddPasskey({})).toBe(true);
  });
  it('adding needs a sign-in at most 5 minutes old', () => {
    expect(freshSignIn(1000, 1000 + 300)).toBe(true);
    expect(freshSignIn(1000, 1000 + 301)).toBe(false);
    expect(freshSignIn(1000, 999)).toBe(false);
  });
});

describe('"Sign in faster next time"', () => {
  const now = 10_000_000;
  it('is offered after a password sign-in where allowed, not after a passkey sign-in, not at the limit', () => {
    expect(passkeyOffered({}, { allowed: true, viaPasskey: false, nowSec: now })).toBe(true);
    expect(passkeyOffered({}, { allowed: false, viaPasskey: false, nowSec: now })).toBe(false);
    expect(passkeyOffered({}, { allowed: true, viaPasskey: true, nowSec: now })).toBe(false);
    expect(passkeyOffered({ passkeys: many(10) }, { allowed: true, viaPasskey: false, nowSec: now })).toBe(false);
  });
  it('"Not now" silences it for 30 days, then it is offered again', () => {
    expect(OFFER_SNOOZE_SEC).toBe(30 * 24 * 60 * 60);
    expect(passkeyOffered({ passkeyOfferSnoozedAt: now - OFFER_SNOOZE_SEC + 1 }, { allowed: true, viaPasskey: false, nowSec: now })).toBe(false);
    expect(passkeyOffered({ passkeyOfferSnoozedAt: now - OFFER_SNOOZE_SEC }, { allowed: true, viaPasskey: false, nowSec: now })).toBe(true);
  });
});

describe('relying party and names', () => {
  it('is the web trigger host; none on an IP address (browsers refuse one as RP ID)', () => {
    expect(relyingParty('https://abc.hello.atlassian-dev.net/x1/AbC')).toEqual({ id: 'abc.hello.atlassian-dev.net', origin: 'https://abc.hello.atlassian-dev.net' });
    expect(relyingParty('http://nordwind.localhost:4000/x/customer-pages')).toEqual({ id: 'nordwind.localhost', origin: 'http://nordwind.localhost:4000' });
    expect(relyingParty('http://127.0.0.1:4000/x/customer-pages')).toBeUndefined();
    expect(relyingParty('http://[::1]:4000/x')).toBeUndefined();
    expect(relyingParty('not a url')).toBeUndefined();
  });
  it('names known providers by AAGUID, others "Passkey"; a typed name is one clean line of 1–64 characters', () => {
    expect(passkeyNameFor('EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4')).toBe('Google Password Manager');
    expect(passkeyNameFor('00000000-0000-0000-0000-000000000000')).toBe('Passkey');
    expect(cleanPasskeyName('  Work   laptop ')).toBe('Work laptop');
    expect(cleanPasskeyName('   ')).toBeUndefined();
    expect(cleanPasskeyName('x'.repeat(65))).toBeUndefined();
    expect(cleanPasskeyName('<b>')).toBeUndefined();
  });
});

it('the committed page script is the bundle of static/passkey/src/passkey.ts (run npm run build after changing it)', () => {
  const fresh = execFileSync(process.execPath, ['--input-type=module', '-e', "import { moduleText, passkeyScript } from './scripts/build-passkey-script.mjs'; process.stdout.write(moduleText(await passkeyScript()));"], { encoding: 'utf8' });
  expect(readFileSync('src/surfaces/pages/passkey-script.ts', 'utf8')).toBe(fresh);
});

describe('an admin removes a customer\'s passkeys', () => {
  const entry = (passkeys?: StoredPasskey[]) => ({ ...newCustomer({ id: 'c1', email: 'a@example.com', emailKey: 'a@example.com', username: 'a', usernameKey: 'a', displayName: 'A', locale: 'en', nowSec: 1 }), status: 'active' as const, passwordRef: 'r', ...(passkeys ? { passkeys } : {}) });
  it('is offered only when there is one, and removes them all', () => {
    expect(adminActions(entry(), 10)['remove-passkeys']).toBe(false);
    expect(applyAccountChange(entry(), 'remove-passkeys', 10)).toBeUndefined();
    const after = applyAccountChange(entry(many(2)), 'remove-passkeys', 10)!;
    expect(after.passkeys).toBeUndefined();
    expect(after.rev).toBe(2);
  });
});
