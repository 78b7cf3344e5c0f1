import { parseCustomerCsv } from '../../src/domain/csv-import';

/** The CSV import preview: every malformed row reported with its line, nothing guessed. */
const problemsByLine = (text: string) => {
  const result = parseCustomerCsv(text, 'en');
  if (!result.ok) throw new Error(result.error);
  return Object.fromEntries(result.rows.map((r) => [r.line, r.problems]));
};

it('reads the columns in any order, with a BOM, quotes, semicolons and CRLF', () => {
  const result = parseCustomerCsv('\uFEFFName;E-Mail;Sprache;Benutzername\r\n"Mustermann, Erika";erika@example.de;de-DE;customer2300230\r\n', 'en');
  expect(result).toEqual({
    ok: true,
    valid: 1,
    invalid: 0,
    rows: [{ line: 2, email: 'erika@example.de', emailKey: 'erika@example.de', displayName: 'Mustermann, Erika', username: 'customer2300230', locale: 'de', problems: [] }],
  });
});

it('reports every problem of every row with its line number', () => {
  const csv = [
    'email,name,username,locale',
    'jane@example.com,Jane Doe,,',
    ',No Email,,',
    'not-an-email,Bad Email,,',
    'JANE@example.com,Jane Again,,',
    'tom@example.com,,,',
    'eve@example.com,<script>alert(1)</script>,,',
    'u1@example.com,User One,bad name!,',
    'u2@example.com,User Two,taken,',
    'u3@example.com,User Three,TAKEN,',
    'u4@example.com,User Four,,fr',
  ].join('\n');
  expect(problemsByLine(csv)).toEqual({
    2: [],
    3: ['email-missing'],
    4: ['email-invalid'],
    5: ['duplicate-email'],
    6: ['name-missing'],
    7: ['name-invalid'],
    8: ['username-invalid'],
    9: [],
    10: ['duplicate-username'],
    11: ['locale-invalid'],
  });
});

it('uses the default language when the column is empty or missing', () => {
  const result = parseCustomerCsv('email,name\na@example.com,A', 'de');
  expect(result.ok && result.rows[0].locale).toBe('de');
});

it('refuses files without the required columns, broken quoting, or too much data', () => {
  expect(parseCustomerCsv('mail\na@example.com', 'en')).toEqual({ ok: false, error: 'missing-columns' });
  expect(parseCustomerCsv('', 'en')).toEqual({ ok: false, error: 'no-header' });
  expect(parseCustomerCsv('email,name\n"a@example.com,A', 'en')).toMatchObject({ ok: false, error: 'malformed' });
  expect(parseCustomerCsv('email,name\n' + 'a@example.com,A\n'.repeat(10_001), 'en')).toEqual({ ok: false, error: 'too-many-rows' });
  expect(parseCustomerCsv('x'.repeat(10 * 1024 * 1024 + 1), 'en')).toEqual({ ok: false, error: 'too-large' });
});

it('parses 10,000 rows quickly (the import preview is interactive)', () => {
  const csv = 'email,name,username,locale\n' + Array.from({ length: 10_000 }, (_, i) => `user${i}@example.com,User ${i},user${i},${i % 2 ? 'de' : 'en'}`).join('\n');
  const started = performance.now();
  const result = parseCustomerCsv(csv, 'en');
  const ms = performance.now() - started;
  expect(result.ok && result.valid).toBe(10_000);
  expect(ms).toBeLessThan(2000);
});
