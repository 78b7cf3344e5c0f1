import { agentActions, canReceiveInvite, canReceiveReset, derivedStatus, invitesLeft, newCustomer, type Customer } from '../../src/domain/customer';
import { retryStillApplies } from '../../src/domain/delivery';
import { refusalOf } from '../../src/domain/sign-in-failures';

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

it.each([
  ['new (no link yet)', 'not-registered', false, true],
  ['invited', 'not-registered', false, true],
  ['invite-expired', 'not-registered', false, true],
  ['active', undefined, true, false],
  ['reset-pending', undefined, true, false],
  ['locked', 'locked', true, false],
  ['disabled', 'disabled', false, false],
])('%s: sign-in refusal %s; a retried reset still applies %s, a retried invitation or reminder %s', (name, refusal, resetApplies, inviteApplies) => {
  const customer = states[name];
  expect(refusalOf(customer, 500)).toBe(refusal);
  expect(retryStillApplies('reset', customer)).toBe(resetApplies);
  expect(retryStillApplies('invite', customer)).toBe(inviteApplies);
  expect(retryStillApplies('invite-reminder', customer)).toBe(inviteApplies);
  // Notices (password changed, two-step) go to every account that is not disabled.
  expect(retryStillApplies('password-changed', customer)).toBe(name !== 'disabled');
  expect(retryStillApplies('twostep-off', customer)).toBe(name !== 'disabled');
});

it('a lock refuses sign-in until its time has passed; an active account without a password is not registered', () => {
  expect(refusalOf(states.locked, 4999)).toBe('locked');
  expect(refusalOf(states.locked, 5000)).toBeUndefined();
  expect(refusalOf({ ...states.active, passwordRef: '' }, 500)).toBe('not-registered');
  expect(refusalOf({ ...states.locked, status: 'disabled' }, 500)).toBe('disabled');
});

it('invitations left: the whole limit without an entry or window, less what the current window used, never below 0', () => {
  const rule = { limit: 3, windowSec: 86_400 };
  expect(invitesLeft(undefined, rule, 1000)).toBe(3);
  expect(invitesLeft(base, rule, 1000)).toBe(3);
  const used = { ...base, inviteWindow: { start: 1000, count: 2 } };
  expect(invitesLeft(used, rule, 1000 + 86_399)).toBe(1);
  expect(invitesLeft(used, rule, 1000 + 86_400)).toBe(3);
  expect(invitesLeft({ ...base, inviteWindow: { start: 1000, count: 5 } }, rule, 2000)).toBe(0);
});
