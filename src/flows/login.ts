import type { Customer } from '../domain/customer';
import { allowClient } from './client-limit';
import { auditEvent, nowSec, type Deps } from './deps';
import { findCustomer } from './request-reset';

/**
 * The app's own sign-in check (stand-in for the identity-provider step). Limits apply before any hash is
 * computed; unknown, unregistered, disabled and locked accounts cost the same one scrypt as a real check.
 */
export type LoginResult =
  | { state: 'ok'; customer: Pick<Customer, 'displayName' | 'username' | 'locale'> }
  | { state: 'failed' }
  | { state: 'too-many' };

export async function login(
  deps: Deps,
  input: { identifier: string; password: string; clientAddress: string },
): Promise<LoginResult> {
  const settings = await deps.settings.load();
  if (!(await allowClient(deps, 'login', input.clientAddress, settings.limits.loginPerClient))) return { state: 'too-many' };
  const customer = await findCustomer(deps, input.identifier);
  const now = nowSec(deps);
  const usable = customer && customer.status === 'active' && customer.passwordRef !== '' && customer.lockedUntil <= now;
  if (!customer || !usable) {
    await deps.hasher.verify(input.password, undefined);
    return { state: 'failed' };
  }
  const ok = await deps.hasher.verify(input.password, await deps.passwords.get(customer.id, customer.passwordRef));
  if (ok) {
    const next = { ...customer, failedLogins: 0, rev: customer.rev + 1, updatedAt: now };
    await deps.directory.update(next, { rev: customer.rev }, [auditEvent(deps, customer.id, 'login.succeeded', 'customer')]);
    return { state: 'ok', customer: { displayName: customer.displayName, username: customer.username, locale: customer.locale } };
  }
  const failures = customer.failedLogins + 1;
  const locks = failures >= settings.lockout.threshold;
  const next: Customer = {
    ...customer,
    failedLogins: locks ? 0 : failures,
    lockedUntil: locks ? now + settings.lockout.minutes * 60 : customer.lockedUntil,
    rev: customer.rev + 1,
    updatedAt: now,
  };
  const events = [auditEvent(deps, customer.id, 'login.failed', 'anonymous', { attempt: failures })];
  if (locks) events.push(auditEvent(deps, customer.id, 'login.locked', 'system', { until: next.lockedUntil }));
  await deps.directory.update(next, { rev: customer.rev }, events);
  return { state: 'failed' };
}
