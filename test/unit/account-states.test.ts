import { agentActions, canReceiveInvite, canReceiveReset, derivedStatus, newCustomer, type Customer } from '../../src/domain/customer';

/**
 * The account state machine: stored states (invited, active, disabled) plus the derived ones, and which
 * transitions each state allows or refuses.
 */
const base = newCustomer({ id: 'c1', email: 'a@b.c', emailKey: 'a@b.c', username: 'u1', usernameKey: 'u1', displayName: 'A', locale: 'en', nowSec: 0 });
const invite = { hash: 'h', purpose: 'invite' as const, issuedAt: 0, expiresAt: 1000 };
const reset = { hash: 'h', purpose: 'reset' as const, issuedAt: 0, expiresAt: 1000 };

const states: Record<string, Customer> = {
  'new (no link yet)': base,
  invited: { ...base, link: invite },
  'invite-expired': { ...base, link: { ...invite, expiresAt: 100 } },
  active: { ...base, status: 'active', passwordRef: 'r' },
  'reset-pending': { ...base, status: 'active', passwordRef: 'r', link: reset },
  locked: { ...base, status: 'active', passwordRef: 'r', lockedUntil: 5000 },
  disabled: { ...base, status: 'disabled', passwordRef: 'r', lockedUntil: 5000, link: reset },
};

it.each([
  ['new (no link yet)', 'invite-expired', true, false],
  ['invited', 'invited', true, false],
  ['invite-expired', 'invite-expired', true, false],
  ['active', 'active', false, true],
  ['reset-pending', 'reset-pending', false, true],
  ['locked', 'locked', false, true],
  ['disabled', 'disabled', false, false],
])('%s: derives %s; invitation allowed %s; reset allowed %s', (name, derived, invitable, resettable) => {
  const customer = states[name];
  expect(derivedStatus(customer, 500)).toBe(derived);
  expect(canReceiveInvite(customer)).toBe(invitable);
  expect(canReceiveReset(customer)).toBe(resettable);
});

it('derived states follow the clock: invitations expire, locks lapse, reset links lapse', () => {
  expect(derivedStatus(states.invited, 999)).toBe('invited');
  expect(derivedStatus(states.invited, 1000)).toBe('invite-expired');
  expect(derivedStatus(states.locked, 5000)).toBe('active');
  expect(derivedStatus(states['reset-pending'], 1000)).toBe('active');
});

it.each([
  ['not-invited', { invite: true, resendInvite: false, sendReset: false }],
  ['unidentified', { invite: true, resendInvite: false, sendReset: false }],
  ['invited', { invite: false, resendInvite: true, sendReset: false }],
  ['invite-expired', { invite: false, resendInvite: true, sendReset: false }],
  ['active', { invite: false, resendInvite: false, sendReset: true }],
  ['reset-pending', { invite: false, resendInvite: false, sendReset: true }],
  ['locked', { invite: false, resendInvite: false, sendReset: true }],
  ['disabled', { invite: false, resendInvite: false, sendReset: false }],
] as const)('an agent looking at %s may: %j', (status, actions) => {
  expect(agentActions(status)).toEqual(actions);
});
