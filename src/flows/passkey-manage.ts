import type { Customer } from '../domain/customer';
import { cleanPasskeyName, passkeysOf } from '../domain/passkeys';
import { auditEvent, nowSec, type Deps } from './deps';
import { queueTwoStepNotice } from './two-step-notice';

/**
 * The customer's passkeys after they exist (issue 22): rename and remove (the profile panel), and an admin's
 * removal of all of a customer's passkeys. Each change is one write of the entry conditioned on its revision
 * (read again once when it lost), audited; a removal is mailed to the customer.
 */
export type ManageOutcome = { state: 'done'; customer: Customer } | { state: 'not-found' } | { state: 'invalid' } | { state: 'conflict' };

async function change(deps: Deps, first: Customer, edit: (c: Customer) => { next: Customer; event: ReturnType<typeof auditEvent> } | 'not-found' | 'invalid'): Promise<ManageOutcome> {
  let current: Customer | undefined = first;
  for (let round = 0; round < 3 && current; round++) {
    const edited = edit(current);
    if (edited === 'not-found' || edited === 'invalid') return { state: edited };
    if (await deps.directory.update(edited.next, { rev: current.rev }, [edited.event])) return { state: 'done', customer: edited.next };
    current = await deps.directory.get(first.id);
  }
  return { state: 'conflict' };
}

export function renamePasskey(deps: Deps, customer: Customer, id: string, name: string): Promise<ManageOutcome> {
  const clean = cleanPasskeyName(name);
  return change(deps, customer, (c) => {
    if (!clean) return 'invalid';
    const list = passkeysOf(c);
    if (!list.some((p) => p.id === id)) return 'not-found';
    const now = nowSec(deps);
    return {
      next: { ...c, passkeys: list.map((p) => (p.id === id ? { ...p, name: clean } : p)), rev: c.rev + 1, updatedAt: now },
      event: auditEvent(deps, c.id, 'customer.updated', 'customer', { passkey: 'renamed' }),
    };
  });
}

/** Removes one passkey (`id`) or, for an admin, all of them (`id` undefined); `actor`: 'customer' or the admin's account id. */
export async function removePasskeys(deps: Deps, customer: Customer, id: string | undefined, actor: string): Promise<ManageOutcome> {
  let removed: string[] = [];
  const outcome = await change(deps, customer, (c) => {
    const list = passkeysOf(c);
    const gone = list.filter((p) => id === undefined || p.id === id);
    if (gone.length === 0) return 'not-found';
    removed = gone.map((p) => p.name);
    const left = list.filter((p) => !gone.includes(p));
    const now = nowSec(deps);
    const { passkeys: _all, ...rest } = c;
    return {
      next: { ...rest, ...(left.length > 0 ? { passkeys: left } : {}), rev: c.rev + 1, updatedAt: now },
      event: auditEvent(deps, c.id, 'passkey.removed', actor, { count: gone.length, left: left.length, ...(gone.length === 1 ? { name: gone[0].name } : {}) }),
    };
  });
  if (outcome.state === 'done') await queueTwoStepNotice(deps, customer.id, 'passkey-removed', { left: passkeysOf(outcome.customer).length, ...(removed.length === 1 ? { name: removed[0] } : {}) });
  return outcome;
}
