import { newCustomer } from '../../src/domain/customer';
import { afterWrongPassword } from '../../src/domain/sign-in-failures';

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
