import type { Customer } from './customer';

/**
 * A wrong password (at the login page, the help-center sign-in or the profile's "Change password"): one more
 * failure, and at the threshold a lock for `minutes` (the count starts again after it).
 */
export function afterWrongPassword(customer: Customer, lockout: { threshold: number; minutes: number }, nowSec: number): { next: Customer; attempt: number; locked: boolean } {
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
