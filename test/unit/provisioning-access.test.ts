import { newCustomer, type Customer } from '../../src/domain/customer';
import { activationDecision, checkAccessInput, INVITE_CLAIM_SEC, planAccessUpdate, type AccessFields } from '../../src/domain/provisioning/access';
import { hasRegistered, keyRefusal, ownedByKey } from '../../src/domain/provisioning/key-rules';

/** "Ensure access" (issue 12) as pure rules: input checks, what changes, whether an invitation is due. */
const NOW = 1_800_000_000;
const base = (over: Partial<Customer> = {}): Customer => ({
  ...newCustomer({ id: 'c1', email: 'Jane@Example.com', emailKey: 'jane@example.com', username: 'jane', usernameKey: 'jane', displayName: 'Jane Doe', locale: 'en', nowSec: NOW - 1000 }),
  ...over,
});
const fields = (over: Partial<AccessFields> = {}): AccessFields => ({ email: 'Jane@Example.com', emailKey: 'jane@example.com', ...over });
const liveInvite = { purpose: 'invite' as const, hash: 'h', expiresAt: NOW + 3600, customerId: 'c1', issuedAt: NOW - 60 } as unknown as Customer['link'];

describe('provisioning input', () => {
  it('normalises a good input and names the first bad field', () => {
    const ok = checkAccessInput({ email: ' Jane@Example.com ', displayName: ' Jane ', username: 'Customer2300229', locale: 'de', externalId: 'ERP-42' }, ['en', 'de']);
    expect(ok).toEqual({ ok: true, fields: { email: 'Jane@Example.com', emailKey: 'jane@example.com', displayName: 'Jane', locale: 'de', username: 'Customer2300229', usernameKey: 'customer2300229', externalId: 'ERP-42' } });
    expect(checkAccessInput({ email: 'not an address' }, ['en'])).toEqual({ ok: false, field: 'email' });
    expect(checkAccessInput({ email: 'a@b.example', displayName: 'Eve <eve@x.example>' }, ['en'])).toEqual({ ok: false, field: 'displayName' });
    expect(checkAccessInput({ email: 'a@b.example', locale: 'fr' }, ['en', 'de'])).toEqual({ ok: false, field: 'locale' });
    expect(checkAccessInput({ email: 'a@b.example', username: 'a b' }, ['en'])).toEqual({ ok: false, field: 'username' });
    expect(checkAccessInput({ email: 'a@b.example', externalId: 'a/b' }, ['en'])).toEqual({ ok: false, field: 'externalId' });
  });
});

describe('provisioning update', () => {
  it('writes nothing when the input says what is stored', () => {
    expect(planAccessUpdate(base({ externalId: 'E1' }), fields({ displayName: 'Jane Doe', locale: 'en', externalId: 'E1' }), NOW)).toBeUndefined();
  });

  it('a new address kills the live link and any invitation in flight; the keys change with it', () => {
    const plan = planAccessUpdate(base({ link: liveInvite, linkHash: 'h', inviteClaimAt: NOW - 5 }), fields({ email: 'new@example.com', emailKey: 'new@example.com' }), NOW);
    expect(plan?.changed).toEqual(['email']);
    expect(plan?.keysChanged).toBe(true);
    expect(plan?.next).toMatchObject({ email: 'new@example.com', link: null, linkHash: '', inviteClaimAt: 0, rev: 2, updatedAt: NOW });
    expect(activationDecision(plan!.next, NOW)).toBe('invite');
  });

  it('a name, language or admin mark change keeps the keys and the link', () => {
    const plan = planAccessUpdate(base({ link: liveInvite, linkHash: 'h' }), fields({ displayName: 'Jane Roe', locale: 'de', portalAdmin: true }), NOW);
    expect(plan?.changed).toEqual(['displayName', 'locale', 'portalAdmin']);
    expect(plan?.keysChanged).toBe(false);
    expect(plan?.next.linkHash).toBe('h');
  });
});

describe('activation decision', () => {
  it('invites only an entry that never registered and has no live or in-flight invitation', () => {
    expect(activationDecision(base(), NOW)).toBe('invite');
    expect(activationDecision(base({ link: liveInvite }), NOW)).toBe('already-invited');
    expect(activationDecision(base({ link: { ...liveInvite!, expiresAt: NOW - 1 } }), NOW)).toBe('invite');
    expect(activationDecision(base({ inviteClaimAt: NOW - 10 }), NOW)).toBe('already-invited');
    expect(activationDecision(base({ inviteClaimAt: NOW - INVITE_CLAIM_SEC - 1 }), NOW)).toBe('invite');
    expect(activationDecision(base({ status: 'active' }), NOW)).toBe('already-active');
    expect(activationDecision(base({ status: 'disabled' }), NOW)).toBe('disabled');
  });
});

describe('what a key may do (issue 23: no account takeover through a key)', () => {
  const registered = base({ status: 'active', activatedAt: NOW - 500, passwordRef: 'pw1' });
  const moved = fields({ email: 'mallory@evil.example', emailKey: 'mallory@evil.example' });

  it('an entry is the key\'s that created it (by name, any case); any other needs adopt', () => {
    expect(ownedByKey(base({ provisionedBy: 'Shop' }), 'shop')).toBe(true);
    expect(ownedByKey(base(), 'Shop')).toBe(false);
    expect(keyRefusal(base(), fields(), 'Shop', false)).toBe('not-owned');
    expect(keyRefusal(base({ provisionedBy: 'ERP' }), fields(), 'Shop', false)).toBe('not-owned');
    expect(keyRefusal(base({ provisionedBy: 'ERP' }), fields(), 'Shop', true)).toBeUndefined();
    expect(keyRefusal(undefined, fields(), 'Shop', false)).toBeUndefined();
  });

  it("a registered customer's address never moves, adopted or not; one that never registered may", () => {
    expect(hasRegistered(registered)).toBe(true);
    expect(hasRegistered(base({ status: 'disabled', activatedAt: NOW - 500 }))).toBe(true);
    expect(hasRegistered(base())).toBe(false);
    expect(keyRefusal({ ...registered, provisionedBy: 'Shop' }, moved, 'Shop', false)).toBe('email-registered');
    expect(keyRefusal(registered, moved, 'Mallory', true)).toBe('email-registered');
    expect(keyRefusal({ ...registered, provisionedBy: 'Shop' }, fields({ email: 'JANE@example.com' }), 'Shop', false)).toBeUndefined();
    expect(keyRefusal(base({ provisionedBy: 'Shop' }), moved, 'Shop', false)).toBeUndefined();
  });

  it('the portal administrator mark: repeated, never set or cleared by a key', () => {
    const admin = base({ portalAdmin: true, provisionedBy: 'Shop' });
    expect(keyRefusal(admin, fields({ portalAdmin: false }), 'Shop', false)).toBe('portal-admin');
    expect(keyRefusal(admin, fields({ portalAdmin: true }), 'Shop', false)).toBeUndefined();
    expect(keyRefusal(base({ provisionedBy: 'Shop' }), fields({ portalAdmin: true }), 'Shop', false)).toBe('portal-admin');
    expect(keyRefusal(undefined, fields({ portalAdmin: true }), 'Shop', false)).toBe('portal-admin');
    expect(keyRefusal(undefined, fields({ portalAdmin: false }), 'Shop', false)).toBeUndefined();
  });
});
