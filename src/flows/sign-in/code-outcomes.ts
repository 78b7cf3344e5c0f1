import { CODE_ATTEMPTS_PER_SIGN_IN, type TwoStepState } from '../../domain/two-step';
import type { Customer } from '../../domain/customer';
import { RECOVERY_CODES } from '../../domain/factors/recovery-codes';
import type { PendingSignIn } from '../../domain/saml/pending';
import { afterWrongCode } from '../../domain/sign-in-failures';
import { auditEvent, nowSec, type Deps } from '../deps';

/**
 * What a typed code leads to, shared by the sign-in's code and SMS steps, the reset link and the profile panel:
 * the outcomes, a wrong code counted (on the attempt and toward the lock), a recovery code used.
 */
export type CodeOutcome =
  | { state: 'ok'; customer: Customer; via: 'totp' | 'recovery' }
  | { state: 'wrong'; left: number }
  | { state: 'voided' }
  | { state: 'locked' };

export type EnrolOutcome = { state: 'enrolled'; codes: string[] } | CodeOutcome;

/**
 * A wrong (or replayed) code, wherever it was typed (sign-in or a reset link): counted on the entry and
 * toward the lock (domain/sign-in-failures.ts afterWrongCode), audited. True when it locked.
 */
export async function recordWrongCode(deps: Deps, customer: Customer, replayed: boolean, where: 'sign-in' | 'reset' | 'profile'): Promise<boolean> {
  const now = nowSec(deps);
  const settings = await deps.settings.load();
  const counted = afterWrongCode(customer, settings.lockout, now);
  if (!counted) return false;
  const { next, attempt, locked } = counted;
  const actor = where === 'profile' ? 'customer' : 'anonymous';
  const events = [auditEvent(deps, customer.id, 'twostep.failed', actor, { attempt, via: where, ...(replayed ? { replayed: true } : {}) })];
  if (locked) events.push(auditEvent(deps, customer.id, 'login.locked', 'system', { until: next.lockedUntil }));
  await deps.directory.update(next, { rev: customer.rev }, events);
  return locked;
}

/** A wrong code in a sign-in's second step: counted on the attempt (5 void it) and toward the lock (10 lock). */
export async function wrongCode(deps: Deps, reference: string, pending: PendingSignIn, customer: Customer, replayed: boolean): Promise<CodeOutcome> {
  const stage = pending.stage!;
  const locks = await recordWrongCode(deps, customer, replayed, 'sign-in');
  if (locks) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'locked' };
  }
  const attempts = stage.failures + 1;
  if (attempts >= CODE_ATTEMPTS_PER_SIGN_IN) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  await deps.pendingSignIns.put(reference, { ...pending, stage: { ...stage, failures: attempts } });
  return { state: 'wrong', left: CODE_ATTEMPTS_PER_SIGN_IN - attempts };
}

export const recoveryUsedEvent = (deps: Deps, customerId: string, state: TwoStepState) =>
  auditEvent(deps, customerId, 'twostep.recovery-used', 'customer', { left: RECOVERY_CODES - (state.recovery?.used.length ?? 0) });
