import { newCustomer, type Customer } from '../../src/domain/customer';
import { adminActions, applyAccountChange } from '../../src/domain/customer-admin';
import { checkRows, parseCustomerCsv, parsePortalAdmin, type ImportRow } from '../../src/domain/csv-import';
import { planImport } from '../../src/domain/import-plan';

/** The admin's two-step rules (issue 11): the portal administrator mark in the CSV import, and the account changes. Pure. */
const NOW = 1_800_000_000;
const active = (over: Partial<Customer> = {}): Customer => ({
  ...newCustomer({ id: 'c1', email: 'jane@example.com', emailKey: 'jane@example.com', username: 'jane', usernameKey: 'jane', displayName: 'Jane Doe', locale: 'en', nowSec: NOW - 1000 }),
  status: 'active',
  invitedAt: NOW - 900,
  activatedAt: NOW - 800,
  passwordRef: 'ref',
  ...over,
});
const row = (over: Partial<ImportRow> = {}): ImportRow => ({ line: 2, email: 'jane@example.com', emailKey: 'jane@example.com', displayName: 'Jane Doe', username: '', locale: 'en', problems: [], ...over });
const enrolled = { totp: { ref: 't', since: NOW - 10, lastStep: 0 }, recovery: { ref: 'r', since: NOW - 10, total: 10, used: [] }, failures: 2 };

describe('portal_admin column', () => {
  it.each([
    ['yes', true], ['YES', true], [' true ', true], ['1', true], ['ja', true], ['Ja', true],
    ['no', false], ['false', false], ['0', false], ['nein', false], ['NEIN', false], ['', false], ['  ', false],
    ['maybe', undefined], ['y', undefined], ['2', undefined], ['wahr', undefined], ['yes please', undefined],
  ])('%j reads as %s', (cell, expected) => {
    expect(parsePortalAdmin(cell)).toBe(expected);
  });

  it('is optional: without the column rows carry no mark; an unknown value is a row problem', () => {
    const without = parseCustomerCsv('email,name\na@example.com,A\n', 'en');
    if (!without.ok) throw new Error(without.error);
    expect(without.rows[0]).not.toHaveProperty('portalAdmin');

    const parsed = parseCustomerCsv('email;name;Portal_Admin\na@example.com;A;ja\nb@example.com;B;\nc@example.com;C;vielleicht\n', 'en');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.rows.map((r) => [r.portalAdmin, r.problems])).toEqual([[true, []], [false, []], [undefined, ['portal-admin-invalid']]]);
    expect(parsed).toMatchObject({ valid: 2, invalid: 1 });
  });

  it('checks the rows the UI sends back (booleans) the same way', () => {
    const rows = checkRows([{ line: 2, email: 'a@example.com', name: 'A', username: '', locale: 'en', portalAdmin: true }], 'en');
    expect(rows[0]).toMatchObject({ portalAdmin: true, problems: [] });
  });

  it('changes an existing entry only when the file has the column and the mark differs', () => {
    const stored = new Map([['jane@example.com', active({ portalAdmin: true })]]);
    expect(planImport([row()], stored)[0].kind).toBe('unchanged');
    expect(planImport([row({ portalAdmin: true })], stored)[0].kind).toBe('unchanged');
    expect(planImport([row({ portalAdmin: false })], stored)[0]).toMatchObject({ kind: 'changed', changes: { portalAdmin: false } });
    const unmarked = new Map([['jane@example.com', active()]]);
    expect(planImport([row({ portalAdmin: false })], unmarked)[0].kind).toBe('unchanged');
    const renamed = planImport([row({ displayName: 'Jane D.' })], unmarked)[0];
    expect(renamed.kind === 'changed' && 'portalAdmin' in renamed.changes).toBe(false);
  });
});

describe('account changes', () => {
  it('offers mark or unmark by the mark, and the two-step reset only with a method enrolled', () => {
    expect(adminActions(active(), NOW)).toMatchObject({ 'mark-admin': true, 'unmark-admin': false, 'reset-two-step': false });
    expect(adminActions(active({ portalAdmin: true, twoStep: enrolled }), NOW)).toMatchObject({ 'mark-admin': false, 'unmark-admin': true, 'reset-two-step': true });
    // Recovery codes alone are no method.
    expect(adminActions(active({ twoStep: { recovery: enrolled.recovery, failures: 0 } }), NOW)['reset-two-step']).toBe(false);
  });

  it('sets or removes the mark, and a reset drops the whole two-step state; each bumps the revision', () => {
    const c = active({ rev: 4, twoStep: enrolled });
    expect(applyAccountChange(c, 'mark-admin', NOW)).toMatchObject({ portalAdmin: true, rev: 5, updatedAt: NOW });
    expect(applyAccountChange({ ...c, portalAdmin: true }, 'unmark-admin', NOW)).toMatchObject({ portalAdmin: false, rev: 5 });
    const reset = applyAccountChange(c, 'reset-two-step', NOW)!;
    expect(reset).not.toHaveProperty('twoStep');
    expect(reset).toMatchObject({ rev: 5, passwordRef: 'ref', status: 'active' });
    expect(applyAccountChange(active(), 'reset-two-step', NOW)).toBeUndefined();
    expect(applyAccountChange(active({ portalAdmin: true }), 'mark-admin', NOW)).toBeUndefined();
    expect(applyAccountChange(active(), 'unmark-admin', NOW)).toBeUndefined();
  });
});
