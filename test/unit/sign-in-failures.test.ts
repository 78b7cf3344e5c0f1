import { newCustomer } from '../../src/domain/customer';
import { afterWrongCode, afterWrongPassword, codesInSignIn } from '../../src/domain/sign-in-failures';
import { CODE_ATTEMPTS_PER_SIGN_IN, CODE_FAILURES_LOCK } from '../../src/domain/two-step';

describe('a wrong password', () => {
  const base = { ...newCustomer({ id: 'c1', email: 'a@example.com', emailKey: 'a@example.com', username: 'u1', usernameKey: 'u1', displayName: 'A', locale: 'en', nowSec: 100 }), status: 'active' as const };
  const lockout = { threshold: 3, minutes: 15 };

  it('counts up to the threshold, then locks and starts the count again', () => {
    const one = afterWrongPassword(base, lockout, 1000);
    expect(one).toMatchObject({ attempt: 1, locked: false, next: { failedLogins: 1, lockedUntil: 0, rev: base.rev + 1, updatedAt: 1000 } });
    const two = afterWrongPassword(one.next, lockout, 1001);
    const three = afterWrongPassword(two.next, lockout, 1002);
    expect(three).toMatchObject({ attempt: 3, locked: true, next: { failedLogins: 0, lockedUntil: 1002 + 15 * 60 } });
  });
});

describe('a wrong second-factor code', () => {
  const base = { ...newCustomer({ id: 'c1', email: 'a@example.com', emailKey: 'a@example.com', username: 'u1', usernameKey: 'u1', displayName: 'A', locale: 'en', nowSec: 100 }), status: 'active' as const };
  const enrolled = { ...base, twoStep: { totp: { ref: 't', since: 0, lastStep: 0 }, failures: 0 } };
  const lockout = { minutes: 15 };

  it('counts nothing on an entry without a second factor', () => {
    expect(afterWrongCode(base, lockout, 1000)).toBeUndefined();
  });

  it(`counts in a row on the two-step state, locks at ${CODE_FAILURES_LOCK} and starts the count again; the password count is untouched`, () => {
    const one = afterWrongCode({ ...enrolled, failedLogins: 2 }, lockout, 1000)!;
    expect(one).toMatchObject({ attempt: 1, locked: false, next: { twoStep: { failures: 1 }, failedLogins: 2, lockedUntil: 0, rev: enrolled.rev + 1, updatedAt: 1000 } });
    const almost = { ...enrolled, twoStep: { ...enrolled.twoStep, failures: CODE_FAILURES_LOCK - 1 } };
    const last = afterWrongCode(almost, lockout, 2000)!;
    expect(last).toMatchObject({ attempt: CODE_FAILURES_LOCK, locked: true, next: { twoStep: { failures: 0, totp: enrolled.twoStep.totp }, lockedUntil: 2000 + 15 * 60 } });
  });
});

describe("a sign-in's own code count (issue 23 item 1)", () => {
  it('counts on the entry per sign-in attempt, never below the pending sign-in\'s count; at 5 the sign-in is void', () => {
    expect(codesInSignIn(undefined, 'a1', 0)).toEqual({ used: 0, void: false });
    expect(codesInSignIn({ attempt: 'a1', failures: 3 }, 'a1', 1)).toEqual({ used: 3, void: false });
    // Another sign-in's count does not carry over; the pending sign-in's own count is the floor.
    expect(codesInSignIn({ attempt: 'a0', failures: 3 }, 'a1', 2)).toEqual({ used: 2, void: false });
    expect(codesInSignIn({ attempt: 'a1', failures: CODE_ATTEMPTS_PER_SIGN_IN }, 'a1', 0)).toEqual({ used: CODE_ATTEMPTS_PER_SIGN_IN, void: true });
    expect(codesInSignIn(undefined, 'a1', CODE_ATTEMPTS_PER_SIGN_IN)).toMatchObject({ void: true });
  });
});
