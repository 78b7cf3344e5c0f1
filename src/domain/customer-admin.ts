import { agentActions, canReceiveInvite, canReceiveReset, derivedStatus, type Customer, type DerivedStatus } from './customer';
import { EXPIRING_WITHIN_SEC } from './overview/counts';
import { hasSecondFactor } from './two-step';

/**
 * What an admin may do to a directory entry, as pure rules: the table's buttons and the server's checks
 * come from here. Unlock only a locked account; disable anything not disabled (its live link dies with
 * it); enable brings back what it was (active with a password, otherwise invited, who then needs a fresh
 * invitation). Reset and invitation follow the flows' own rules (canReceiveReset / canReceiveInvite).
 */
export type StateChange = 'unlock' | 'disable' | 'enable';
/** The portal administrator mark (set or removed) and "reset two-step verification" (only with a method enrolled). */
export type AccountChange = 'mark-admin' | 'unmark-admin' | 'reset-two-step' | 'remove-passkeys';
export type AdminAction = StateChange | 'send-reset' | 'resend-invite' | AccountChange;

/**
 * The status an admin sees: the derived status, except that an entry an import created without sending
 * its invitation is `not-invited` (its derived status would say "invitation expired", which never happened).
 */
export type AdminStatus = DerivedStatus | 'not-invited';

export function adminStatus(c: Customer, nowSec: number): AdminStatus {
  return c.status === 'invited' && c.invitedAt === 0 ? 'not-invited' : derivedStatus(c, nowSec);
}

/**
 * Groups of the Customers list beyond one status, each the exact set behind a figure of the Overview
 * (src/domain/overview/counts.ts): `registered` every stored `active` entry (locked and "reset link sent"
 * included, as the funnel counts them), `invite-expiring` live invitations whose link expires within the
 * next 48 hours, `delivery-problem` entries whose address has an open delivery issue (any status).
 */
export type ListGroup = 'registered' | 'invite-expiring' | 'delivery-problem';

export function inListGroup(c: Customer, group: ListGroup, nowSec: number): boolean {
  switch (group) {
    case 'registered':
      return c.status === 'active';
    case 'invite-expiring':
      return adminStatus(c, nowSec) === 'invited' && c.link !== null && c.link.expiresAt <= nowSec + EXPIRING_WITHIN_SEC;
    case 'delivery-problem':
      return !!c.deliveryIssue;
  }
}

export function adminActions(c: Customer, nowSec: number): Record<AdminAction, boolean> {
  const status = derivedStatus(c, nowSec);
  const agent = agentActions(status);
  return {
    unlock: status === 'locked',
    disable: status !== 'disabled',
    enable: status === 'disabled',
    'send-reset': agent.sendReset && canReceiveReset(c),
    'resend-invite': agent.resendInvite && canReceiveInvite(c),
    'mark-admin': c.portalAdmin !== true,
    'unmark-admin': c.portalAdmin === true,
    'reset-two-step': hasSecondFactor(c),
    // Issue 22: all of the customer's passkeys (e.g. a lost phone), only when there is one.
    'remove-passkeys': (c.passkeys?.length ?? 0) > 0,
  };
}

/**
 * The entry after an account change, or undefined when it does not fit. A two-step reset removes every
 * enrolled method and the failure count with them (the caller deletes the secrets the old state names).
 */
export function applyAccountChange(c: Customer, change: AccountChange, nowSec: number): Customer | undefined {
  if (!adminActions(c, nowSec)[change]) return undefined;
  const base = { ...c, rev: c.rev + 1, updatedAt: nowSec };
  switch (change) {
    case 'mark-admin':
      return { ...base, portalAdmin: true };
    case 'unmark-admin':
      return { ...base, portalAdmin: false };
    case 'reset-two-step': {
      const { twoStep: _removed, ...rest } = base;
      return rest;
    }
    case 'remove-passkeys': {
      const { passkeys: _removed, ...rest } = base;
      return rest;
    }
  }
}

/** The entry after an admin's state change, or undefined when the change does not fit the state. */
export function applyStateChange(c: Customer, change: StateChange, nowSec: number): Customer | undefined {
  if (!adminActions(c, nowSec)[change]) return undefined;
  const base = { ...c, rev: c.rev + 1, updatedAt: nowSec };
  switch (change) {
    case 'unlock':
      return { ...base, lockedUntil: 0, failedLogins: 0 };
    case 'disable':
      return { ...base, status: 'disabled', link: null, linkHash: '' };
    case 'enable':
      return { ...base, status: c.passwordRef || c.activatedAt > 0 ? 'active' : 'invited', failedLogins: 0, lockedUntil: 0 };
  }
}
