import { newCustomer } from '../../src/domain/customer';
import { linkLifetimeSec, linkPurposeOf } from '../../src/domain/delivery';
import { generatedUsername, generatedUsernameRun } from '../../src/domain/username';

/** Which mails carry which link and how long it lives; the format of generated usernames. */
const base = newCustomer({ id: 'c1', email: 'a@b.c', emailKey: 'a@b.c', username: 'u1', usernameKey: 'u1', displayName: 'A', locale: 'en', nowSec: 0 });
const lifetimes = { resetLinkMinutes: 30, inviteLinkDays: 7 };

it('reset mails carry a reset link, invitations and reminders an invitation link, notices none', () => {
  expect(linkPurposeOf('reset')).toBe('reset');
  expect(linkPurposeOf('invite')).toBe('invite');
  expect(linkPurposeOf('invite-reminder')).toBe('invite');
  expect(linkPurposeOf('password-changed')).toBeUndefined();
  expect(linkPurposeOf('twostep-on')).toBeUndefined();
});

it('links live their configured lifetime; a reminder\'s link keeps the invitation\'s expiry', () => {
  expect(linkLifetimeSec('reset', base, lifetimes, 1000)).toBe(30 * 60);
  expect(linkLifetimeSec('invite', base, lifetimes, 1000)).toBe(7 * 86_400);
  const invited = { ...base, link: { hash: 'h', purpose: 'invite' as const, issuedAt: 0, expiresAt: 5000 } };
  expect(linkLifetimeSec('invite-reminder', invited, lifetimes, 1000)).toBe(4000);
  expect(linkLifetimeSec('invite-reminder', invited, lifetimes, 6000)).toBe(0);
  expect(linkLifetimeSec('invite-reminder', base, lifetimes, 1000)).toBe(0);
});

it('generated usernames are customer and seven digits, from customer1000000 to customer9999999', () => {
  expect(generatedUsername(0)).toBe('customer1000000');
  expect(generatedUsername(8_999_999)).toBe('customer9999999');
  expect(generatedUsername(9_000_000)).toBe('customer1000000');
  expect(generatedUsername(0xffffffff)).toMatch(/^customer[1-9]\d{6}$/);
});

it('a run of generated usernames is consecutive and stays within the range', () => {
  expect(generatedUsernameRun(5, 3)).toEqual(['customer1000005', 'customer1000006', 'customer1000007']);
  const run = generatedUsernameRun(0xffffffff, 500);
  expect(run).toHaveLength(500);
  for (const name of run) expect(name).toMatch(/^customer[1-9]\d{6}$/);
  expect(generatedUsernameRun(8_999_999 - 10, 10).at(-1)).toBe('customer9999998');
});
