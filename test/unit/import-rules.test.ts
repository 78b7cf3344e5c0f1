import { isValidDisplayName } from '../../src/domain/display-name';
import { parseCustomerCsv } from '../../src/domain/csv-import';

describe('display names', () => {
  it.each([
    ['Erika Mustermann', true],
    ['  Jane Doe  ', true],
    ['Ö'.repeat(100), true],
    ['x'.repeat(101), false],
    ['', false],
    ['   ', false],
    ['Line\nbreak', false],
    ['Carriage\rreturn', false],
    ['Tab\there', false],
    ['Bell\u0007', false],
    ['Delete\u007f', false],
    ['Evil <attacker@example.com>', false],
  ])('%j → %s', (name, valid) => {
    expect(isValidDisplayName(name)).toBe(valid);
  });

  it('the CSV import reports a name with a control character on its line', () => {
    const result = parseCustomerCsv('email,name\nok@example.com,Ok Name\nbad@example.com,"Bad\tName"\n', 'en');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.find((r) => r.line === 3)?.problems).toContain('name-invalid');
    expect(result.rows.find((r) => r.line === 2)?.problems).toEqual([]);
  });
});

describe('CSV import and internal domains', () => {
  it('reports a staff address (internal domain or a subdomain) on its line; look-alike domains are customers', () => {
    const csv = 'email,name\nsam@staff.example,Sam\nkim@eu.staff.example,Kim\nlee@evil-staff.example,Lee\n';
    const result = parseCustomerCsv(csv, 'en', ['en', 'de'], ['staff.example']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => [r.line, r.problems])).toEqual([
      [2, ['internal-address']],
      [3, ['internal-address']],
      [4, []],
    ]);
  });
});
