import { CODE_ATTEMPTS_PER_SIGN_IN } from './two-step';

/**
 * The one rule for wrong one-time codes within an attempt (a sign-in's code step, an enrolment, the profile's setup,
 * an emailed code; ory/kratos keeps one shared check for its codes with capped attempts): the wrong code numbered
 * `attempts` (this one included) leaves `max - attempts` tries, and the `max`-th voids the attempt (back to the
 * start). `voids`: the code's own record already says void (a PIN or an email code at its limit, or expired).
 * Counting toward the account's lock is separate (src/domain/sign-in-failures.ts).
 */
export type AfterWrongCode = { state: 'wrong'; left: number } | { state: 'void' };

export function afterWrongCode(attempts: number, opts: { voids?: boolean; max?: number } = {}): AfterWrongCode {
  const max = opts.max ?? CODE_ATTEMPTS_PER_SIGN_IN;
  return opts.voids || attempts >= max ? { state: 'void' } : { state: 'wrong', left: max - attempts };
}

/** The tries left after `failures` wrong codes (what a refused, uncounted input such as a malformed code shows). */
export const triesLeft = (failures: number, max = CODE_ATTEMPTS_PER_SIGN_IN): number => max - failures;

/** No more code may be checked in an attempt with `failures` wrong codes. */
export const attemptVoid = (failures: number, max = CODE_ATTEMPTS_PER_SIGN_IN): boolean => failures >= max;
