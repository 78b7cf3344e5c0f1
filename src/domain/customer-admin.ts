import { agentActions, canReceiveInvite, canReceiveReset, derivedStatus, type Customer, type DerivedStatus } from './customer';

/**
 * What an admin may do to a directory entry, as pure rules: the table's buttons and the server's checks
 * come from here. Unlock only a locked account; disable anything not disabled (its live link dies with
 * it); enable brings back what it was (active with a password, otherwise invited, who then needs a fresh
 * invitation). Reset and invitation follow the flows' own rules (canReceiveReset / canReceiveInvite).
 */
export type StateChange = 'unlock' | 'disable' | 'enable';
export type AdminAction = StateChange | 'send-reset' | 'resend-invite';

/**
 * The status an admin sees: the derived status, except that an entry an import created without sending
 * its invitation is `not-invited` (its derived status would say "invitation expired", which never happened).
 */
export type AdminStatus = DerivedStatus | 'not-invited';

export function adminStatus(c: Customer, nowSec: number): AdminStatus {
  return c.status === 'invited' && c.invitedAt === 0 ? 'not-invited' : derivedStatus(c, nowSec);
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
  };
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
