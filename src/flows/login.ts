import type { Customer } from '../domain/customer';
import { afterWrongPassword, refusalOf } from '../domain/sign-in-failures';
import { stepAfterPassword } from '../domain/two-step';
import { allowClient } from './client-limit';
import { auditEvent, nowSec, type Deps } from './deps';
import { findCustomer } from './request-reset';

/**
 * The password step of every sign-in: the app's own login page and the help center's SAML sign-in. Limits
 * apply before any hash is computed; unknown, unregistered, disabled and locked accounts cost the same one
 * scrypt as a real check and get the same answer. The audit says what happened: succeeded, failed (wrong
 * password, with the attempt number), refused (locked, disabled, not registered), locked. When a second step
 * follows the password (two-step verification), the sign-in has not succeeded yet: `login.succeeded` and the
 * last sign-in time are written by the step that completes it (src/flows/sign-in/second-step.ts, sms-step.ts).
 */
export type SignInCustomer = Pick<Customer, 'id' | 'email' | 'displayName' | 'username' | 'locale' | 'twoStep' | 'portalAdmin'>;
/** `entry`: the directory entry as this sign-in stored it (absent if that write lost a race), for a code step that follows. */
export type LoginResult = { state: 'ok'; customer: SignInCustomer; entry?: Customer } | { state: 'failed' } | { state: 'too-many' };
/** Where the sign-in came from: the app's login page, or the help center's SAML request. */
export type SignInChannel = 'page' | 'sso' | 'test';

export async function login(
  deps: Deps,
  input: { identifier: string; password: string; clientAddress: string; via?: SignInChannel },
): Promise<LoginResult> {
  const settings = await deps.settings.load();
  if (!(await allowClient(deps, 'login', input.clientAddress, settings.limits.loginPerClient))) return { state: 'too-many' };
  const via = input.via ?? 'page';
  const customer = await findCustomer(deps, input.identifier);
  const now = nowSec(deps);
  const refused = customer ? refusalOf(customer, now) : undefined;
  if (!customer || refused) {
    await deps.hasher.verify(input.password, undefined);
    if (customer && refused) await deps.directory.appendAudit([auditEvent(deps, customer.id, 'login.refused', 'anonymous', { reason: refused, via })]);
    return { state: 'failed' };
  }
  const ok = await deps.hasher.verify(input.password, await deps.passwords.get(customer.id, customer.passwordRef));
  if (ok) {
    const signIn: SignInCustomer = { id: customer.id, email: customer.email, displayName: customer.displayName, username: customer.username, locale: customer.locale, twoStep: customer.twoStep, portalAdmin: customer.portalAdmin };
    if (stepAfterPassword(settings.twoStep, customer) !== 'done') {
      // The password is right, the sign-in goes on with the second step: only earlier wrong passwords are forgotten.
      if (customer.failedLogins === 0) return { state: 'ok', customer: signIn, entry: customer };
      const next: Customer = { ...customer, failedLogins: 0, rev: customer.rev + 1, updatedAt: now };
      return { state: 'ok', customer: signIn, ...((await deps.directory.update(next, { rev: customer.rev }, [])) ? { entry: next } : {}) };
    }
    const done = signedIn(deps, customer, now, via);
    const next: Customer = { ...customer, ...done.changes, failedLogins: 0, rev: customer.rev + 1, updatedAt: now };
    const stored = await deps.directory.update(next, { rev: customer.rev }, [done.event]);
    return { state: 'ok', customer: signIn, ...(stored ? { entry: next } : {}) };
  }
  const { next: failed, attempt, locked } = afterWrongPassword(customer, settings.lockout, now);
  const events = [auditEvent(deps, customer.id, 'login.failed', 'anonymous', { attempt, via })];
  if (locked) events.push(auditEvent(deps, customer.id, 'login.locked', 'system', { until: failed.lockedUntil }));
  await deps.directory.update(failed, { rev: customer.rev }, events);
  return { state: 'failed' };
}

/** How a completed sign-in is recorded: the last sign-in time on the entry and `login.succeeded` (with the second factor, if any). */
export function signedIn(deps: Deps, customer: Pick<Customer, 'id'>, now: number, via: SignInChannel, factor?: 'totp' | 'sms' | 'recovery' | 'enrolled') {
  return { changes: { lastSignInAt: now }, event: auditEvent(deps, customer.id, 'login.succeeded', 'customer', factor ? { via, factor } : { via }) };
}

/** The channel a pending sign-in came from (see SignInChannel). */
export const channelOf = (pending: { test?: unknown; loginCheck?: boolean }): SignInChannel => (pending.test ? 'test' : pending.loginCheck ? 'page' : 'sso');
