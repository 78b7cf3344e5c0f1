import { newCustomer, type Customer } from '../../src/domain/customer';
import { adminActions, adminStatus, applyStateChange, inListGroup } from '../../src/domain/customer-admin';
import { csvRow } from '../../src/domain/csv-export';
import { checkRows, parseCustomerCsv, type ImportRow } from '../../src/domain/csv-import';
import { awaitsFirstInvitation, countPlan, planImport } from '../../src/domain/import-plan';
import { addState, contribution, readState, stateDelta, type StateCounts } from '../../src/domain/overview/counts';

/** The admin's rules for the customer directory: import planning, state changes, statuses. Pure. */
const NOW = 1_800_000_000;
const base = (over: Partial<Customer> = {}): Customer => ({
  ...newCustomer({ id: 'c1', email: 'Jane@Example.com', emailKey: 'jane@example.com', username: 'jane', usernameKey: 'jane', displayName: 'Jane Doe', locale: 'en', nowSec: NOW - 1000 }),
  ...over,
});
const active = (over: Partial<Customer> = {}) => base({ status: 'active', invitedAt: NOW - 900, activatedAt: NOW - 800, passwordRef: 'ref', ...over });
const row = (over: Partial<ImportRow> = {}): ImportRow => ({ line: 2, email: 'Jane@Example.com', emailKey: 'jane@example.com', displayName: 'Jane Doe', username: '', locale: 'en', problems: [], ...over });

describe('import planning', () => {
  it('plans new, changed (name or language) and unchanged rows from the stored entries', () => {
    const stored = new Map([['jane@example.com', active()], ['tom@example.com', active({ id: 'c2', emailKey: 'tom@example.com', displayName: 'Tom', locale: 'de' })]]);
    const plan = planImport(
      [
        row(),
        row({ line: 3, email: 'tom@example.com', emailKey: 'tom@example.com', displayName: 'Tom Renamed', locale: 'de' }),
        row({ line: 4, email: 'new@example.com', emailKey: 'new@example.com', displayName: 'New' }),
      ],
      stored,
    );
    expect(plan.map((p) => [p.row.line, p.kind])).toEqual([[2, 'unchanged'], [3, 'changed'], [4, 'new']]);
    expect(plan[1]).toMatchObject({ changes: { displayName: 'Tom Renamed', locale: 'de' } });
    expect(countPlan(plan)).toEqual({ new: 1, changed: 1, unchanged: 1 });
  });

  it('counts a different language as a change, and never a different username', () => {
    const stored = new Map([['jane@example.com', active()]]);
    expect(planImport([row({ locale: 'de' })], stored)[0].kind).toBe('changed');
    expect(planImport([row({ username: 'someone-else' })], stored)[0].kind).toBe('unchanged');
  });

  it('plans the same rows as unchanged once they are stored (a second run does nothing)', () => {
    const rows = [row(), row({ line: 3, email: 'b@example.com', emailKey: 'b@example.com', displayName: 'B', locale: 'de' })];
    const stored = new Map(rows.map((r, i) => [r.emailKey, base({ id: `c${i}`, emailKey: r.emailKey, displayName: r.displayName, locale: r.locale })]));
    expect(countPlan(planImport(rows, stored))).toEqual({ new: 0, changed: 0, unchanged: 2 });
  });

  it('checks rows sent back by the UI with the same rules as the file', () => {
    const checked = checkRows(
      [
        { line: 2, email: 'a@example.com', name: 'A', username: '', locale: 'en' },
        { line: 3, email: 'A@example.com', name: 'A again', username: '', locale: 'en' },
        { line: 4, email: 'b@example.com', name: '<b>', username: 'x y', locale: 'fr' },
      ],
      'en',
    );
    expect(checked.map((r) => r.problems)).toEqual([[], ['duplicate-email'], ['name-invalid', 'username-invalid', 'locale-invalid']]);
  });

  it('reads back cells the export protected against formula injection', () => {
    const csv = 'email,name\r\n' + csvRow(['eve@example.com', '=HYPERLINK("http://x")']) + csvRow(['plus@example.com', '+49 30 1']) + csvRow(['q@example.com', "'quoted"]);
    const parsed = parseCustomerCsv(csv, 'en');
    expect(parsed.ok && parsed.rows.map((r) => r.displayName)).toEqual(['=HYPERLINK("http://x")', '+49 30 1', "'quoted"]);
  });

  it('numbers rows by the line they start on, also after a quoted line break or an empty line', () => {
    const parsed = parseCustomerCsv('email,name\n\na@example.com,"Two\nLines"\nb@example.com,B', 'en');
    expect(parsed.ok && parsed.rows.map((r) => r.line)).toEqual([3, 5]);
  });
});

describe('admin state changes', () => {
  it('unlocks only a locked account, clearing its failed logins', () => {
    const locked = active({ lockedUntil: NOW + 60, failedLogins: 7 });
    expect(adminStatus(locked, NOW)).toBe('locked');
    expect(applyStateChange(locked, 'unlock', NOW)).toMatchObject({ lockedUntil: 0, failedLogins: 0, rev: locked.rev + 1, updatedAt: NOW });
    expect(applyStateChange(active(), 'unlock', NOW)).toBeUndefined();
  });

  it('disables anything not disabled and kills its live link; enables back to what it was', () => {
    const withLink = active({ link: { hash: 'h', purpose: 'reset', expiresAt: NOW + 600 } as Customer['link'], linkHash: 'h' });
    const disabled = applyStateChange(withLink, 'disable', NOW)!;
    expect(disabled).toMatchObject({ status: 'disabled', link: null, linkHash: '' });
    expect(applyStateChange(disabled, 'disable', NOW)).toBeUndefined();
    expect(applyStateChange(disabled, 'enable', NOW)).toMatchObject({ status: 'active' });
    const neverRegistered = applyStateChange(base({ invitedAt: NOW - 10 }), 'disable', NOW)!;
    expect(applyStateChange(neverRegistered, 'enable', NOW)).toMatchObject({ status: 'invited' });
    expect(applyStateChange(active(), 'enable', NOW)).toBeUndefined();
  });

  it('offers the actions that fit each state', () => {
    expect(adminActions(active(), NOW)).toEqual({ unlock: false, disable: true, enable: false, 'send-reset': true, 'resend-invite': false, 'mark-admin': true, 'unmark-admin': false, 'reset-two-step': false, 'remove-passkeys': false });
    expect(adminActions(base({ invitedAt: NOW - 10 }), NOW)).toEqual({ unlock: false, disable: true, enable: false, 'send-reset': false, 'resend-invite': true, 'mark-admin': true, 'unmark-admin': false, 'reset-two-step': false, 'remove-passkeys': false });
    expect(adminActions(active({ status: 'disabled' }), NOW)).toEqual({ unlock: false, disable: false, enable: true, 'send-reset': false, 'resend-invite': false, 'mark-admin': true, 'unmark-admin': false, 'reset-two-step': false, 'remove-passkeys': false });
  });

  it('calls an imported entry that never got an invitation "not invited", not "invitation expired"', () => {
    expect(adminStatus(base(), NOW)).toBe('not-invited');
    expect(awaitsFirstInvitation(base())).toBe(true);
    expect(adminStatus(base({ invitedAt: NOW - 8 * 86_400 }), NOW)).toBe('invite-expired');
    expect(awaitsFirstInvitation(base({ invitedAt: NOW - 8 * 86_400 }))).toBe(false);
  });
});

describe('list groups behind the Overview figures', () => {
  const H = 3600;
  const invite = (expiresAt: number) => ({ purpose: 'invite' as const, hash: `h${expiresAt}`, issuedAt: expiresAt - 7 * 86_400, expiresAt });
  const bounce = { kind: 'bounced' as const, reason: 'mailbox not found', at: NOW - 60 };
  const reset = { purpose: 'reset' as const, hash: 'r', issuedAt: NOW - 60, expiresAt: NOW + H };
  // Every state, times well away from the counters' hour (invitations) and minute (locks) boundaries.
  const customers: Customer[] = [
    base(),
    base({ deliveryIssue: bounce }),
    base({ invitedAt: NOW - 86_400, link: invite(NOW + 20 * H + 600) }),
    base({ invitedAt: NOW - 86_400, link: invite(NOW + 47 * H + 600), deliveryIssue: bounce }),
    base({ invitedAt: NOW - 86_400, link: invite(NOW + 49 * H + 600) }),
    base({ invitedAt: NOW - 86_400, link: invite(NOW + 6 * 86_400) }),
    base({ invitedAt: NOW - 9 * 86_400, link: invite(NOW - 2 * 86_400) }),
    base({ invitedAt: NOW - 9 * 86_400 }),
    active(),
    active({ deliveryIssue: bounce }),
    active({ lockedUntil: NOW + 900 }),
    active({ lockedUntil: NOW - 900 }),
    active({ link: reset, linkHash: 'r' }),
    active({ status: 'disabled', deliveryIssue: bounce }),
    active({ status: 'disabled', lockedUntil: NOW + 900 }),
  ];
  const count = (keep: (c: Customer) => boolean) => customers.filter(keep).length;

  it('registered is every stored active entry; expiring is a live invitation within 48 hours; delivery problem any status', () => {
    expect(customers.filter((c) => inListGroup(c, 'registered', NOW)).map((c) => adminStatus(c, NOW))).toEqual(['active', 'active', 'locked', 'active', 'reset-pending']);
    expect(customers.filter((c) => inListGroup(c, 'invite-expiring', NOW)).map((c) => c.link?.expiresAt)).toEqual([NOW + 20 * H + 600, NOW + 47 * H + 600]);
    expect(count((c) => inListGroup(c, 'delivery-problem', NOW))).toBe(4);
  });

  it('lists as many entries as the counters count for each figure', () => {
    const f = customers.reduce<StateCounts>((sum, c) => addState(sum, stateDelta(undefined, contribution(c))), {});
    const { funnel, attention } = readState(f, NOW);
    const status = (s: string) => count((c) => adminStatus(c, NOW) === s);
    expect(funnel).toEqual({ notInvited: status('not-invited'), invited: status('invited'), inviteExpired: status('invite-expired'), active: count((c) => inListGroup(c, 'registered', NOW)), disabled: status('disabled') });
    expect(attention).toEqual({ expiringSoon: count((c) => inListGroup(c, 'invite-expiring', NOW)), locked: status('locked'), deliveryProblems: count((c) => inListGroup(c, 'delivery-problem', NOW)) });
  });
});
