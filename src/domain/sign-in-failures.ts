import { derivedStatus, type Customer } from './customer';
import { CODE_FAILURES_LOCK } from './two-step';
import { attemptVoid } from './code-attempts';

/** Why an account may not sign in (or change its password, or finish a second step) now. */
export type RefusalReason = 'locked' | 'disabled' | 'not-registered';

/**
 * Disabled beats everything; an account that never set a password is not registered; a lock holds until its
 * time has passed. Undefined = the account may try its password.
 */
export function refusalOf(customer: Customer, now: number): RefusalReason | undefined {
  const status = derivedStatus(customer, now);
  if (status === 'disabled') return 'disabled';
  if (customer.status !== 'active' || customer.passwordRef === '') return 'not-registered';
  if (status === 'locked') return 'locked';
  return undefined;
}

/**
 * A wrong password (at the login page, the help-center sign-in or the profile's "Change password"): one more
 * failure, and at the threshold a lock for `minutes` (the count starts again after it).
 */
export function afterWrongPassword(
  customer: Customer,
  lockout: { threshold: number; minutes: number },
  nowSec: number,
): { next: Customer; attempt: number; locked: boolean } {
  const attempt = customer.failedLogins + 1;
  const locked = attempt >= lockout.threshold;
  return {
    attempt,
    locked,
    next: {
      ...customer,
      failedLogins: locked ? 0 : attempt,
      lockedUntil: locked ? nowSec + lockout.minutes * 60 : customer.lockedUntil,
      rev: customer.rev + 1,
      updatedAt: nowSec,
    },
  };
}

/**
 * A wrong (or replayed) second-factor code, wherever it was typed: one more failure in a row on the entry's
 * two-step state, and at CODE_FAILURES_LOCK a lock for `minutes` (the count starts again after it).
 * Undefined when the entry has no second factor (nothing to count).
 */
export function afterWrongCode(
  customer: Customer,
  lockout: { minutes: number },
  nowSec: number,
): { next: Customer; attempt: number; locked: boolean } | undefined {
  if (!customer.twoStep) return undefined;
  const attempt = (customer.twoStep.failures ?? 0) + 1;
  const locked = attempt >= CODE_FAILURES_LOCK;
  return {
    attempt,
    locked,
    next: {
      ...customer,
      twoStep: { ...customer.twoStep, failures: locked ? 0 : attempt },
      lockedUntil: locked ? nowSec + lockout.minutes * 60 : customer.lockedUntil,
      rev: customer.rev + 1,
      updatedAt: nowSec,
    },
  };
}

/**
 * The wrong codes a sign-in's code step (or an enrolment) has had, by its `attempt`: the count on the entry
 * (`slot`: twoStep.signIn, enrolCodes) for that attempt, never less than `floor` (the count its own record
 * keeps). `void` when no more code may be checked in it.
 */
export function codesInSignIn(slot: { attempt: string; failures: number } | undefined, attempt: string, floor: number): { used: number; void: boolean } {
  const used = Math.max(slot?.attempt === attempt ? slot.failures : 0, floor);
  return { used, void: attemptVoid(used) };
}
