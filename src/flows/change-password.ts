import { isCommonPassword } from '../domain/common-passwords';
import type { Customer } from '../domain/customer';
import { emailLocalPart } from '../domain/identifier';
import { evaluatePassword, type Criterion, type PersonalInfo } from '../domain/password-policy';
import { refusalOf } from '../domain/sign-in-failures';
import { checkPasswordCounted } from './account-claims';
import { allowClient } from './client-limit';
import { auditEvent, nowSec, type Deps } from './deps';

/**
 * A signed-in customer changes their own password (profile panel). The caller has already been matched to
 * `customer` from the platform's account id. Order: state and per-account attempt limit (no hash), the new
 * password's policy and confirmation (no hash), then exactly one scrypt for the current password and, only
 * when it matched, one for the new hash. A wrong current password counts as a failed sign-in toward the
 * lockout, like the sign-in page; a locked or disabled account is refused before any hash.
 */
export type ChangeResult =
  | { state: 'done' }
  | { state: 'wrong-password' }
  | { state: 'locked'; until: number }
  | { state: 'disabled' }
  /** Never registered (no password yet): the invitation is the way in. */
  | { state: 'wrong-state' }
  | { state: 'too-many' }
  | { state: 'rejected'; criteria: Criterion[] }
  | { state: 'mismatch' }
  /** Somebody else changed the entry meanwhile (nothing of ours was kept). */
  | { state: 'conflict' };

/** Attempts per account and window: the sign-in page's per-client rule, applied to the account. */
const SCOPE = 'change-password';

export function personalInfoOf(customer: Customer): PersonalInfo {
  return { username: customer.usernameKey, emailLocalPart: emailLocalPart(customer.emailKey) };
}

export async function changePassword(
  deps: Deps,
  signedIn: Customer,
  input: { current: string; password: string; confirm: string },
): Promise<ChangeResult> {
  let customer = signedIn;
  const now = nowSec(deps);
  // The same refusals as a sign-in (login.ts), decided before any hash.
  const refused = refusalOf(customer, now);
  if (refused === 'disabled') return { state: 'disabled' };
  if (refused === 'not-registered') return { state: 'wrong-state' };
  if (refused === 'locked') return { state: 'locked', until: customer.lockedUntil };

  const settings = await deps.settings.load();
  if (!(await allowClient(deps, SCOPE, `account:${customer.id}`, settings.limits.loginPerClient))) return { state: 'too-many' };

  const verdict = evaluatePassword(input.password, settings.policy, personalInfoOf(customer), isCommonPassword);
  if (!verdict.ok) return { state: 'rejected', criteria: verdict.criteria };
  if (input.password !== input.confirm) return { state: 'mismatch' };

  // Counted before its hash, like a sign-in (issue 23 item 1): the entry as settled comes back.
  const checked = await checkPasswordCounted(deps, customer, input.current, settings.lockout, now);
  if (!checked.ok) return checked.until ? { state: 'locked', until: checked.until } : { state: 'wrong-password' };
  customer = checked.entry;

  const hash = await deps.hasher.hash(input.password);
  const ref = deps.randomBytes(9).toString('base64url');
  await deps.passwords.put(customer.id, ref, hash);
  const next: Customer = {
    ...customer,
    passwordChangedAt: now,
    passwordRef: ref,
    // A pending reset link dies with the change, as every link does when a password is set.
    link: customer.link?.purpose === 'reset' ? null : customer.link,
    linkHash: customer.link?.purpose === 'reset' ? '' : customer.linkHash,
    failedLogins: 0,
    rev: customer.rev + 1,
    updatedAt: now,
  };
  const won = await deps.directory.update(next, { rev: customer.rev, linkHash: customer.linkHash }, [
    auditEvent(deps, customer.id, 'password.changed', 'customer', { via: 'profile' }),
  ]);
  if (!won) {
    await deps.passwords.remove(customer.id, ref);
    return { state: 'conflict' };
  }
  await deps.passwords.remove(customer.id, customer.passwordRef);
  await deps.queue.push({ type: 'password-changed-notice', customerId: customer.id });
  return { state: 'done' };
}
