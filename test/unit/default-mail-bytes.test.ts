import fs from 'node:fs';
import path from 'node:path';
import { LOCALES } from '../../src/i18n/locale';
import { DEFAULT_TEMPLATES, MAIL_KINDS } from '../../src/mail/default-templates';
import { MailRenderer } from '../../src/mail/renderer';
import { SAMPLE_BRAND, sampleVariables } from '../../src/mail/template-validation';

/**
 * Every shipped mail, byte for byte: each kind's default template in each locale (its Liquid source, and the mail
 * it renders with the admin preview's sample data) equals the golden file test/fixtures/default-mails.json. The
 * defaults are built from shared pieces (src/mail/defaults/); a change to those pieces that alters any mail fails
 * here. A deliberate wording change rewrites the golden file: `UPDATE_GOLDEN=1` and review its diff.
 */
const GOLDEN = path.join(__dirname, '../fixtures/default-mails.json');
const renderer = new MailRenderer();

function current(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of MAIL_KINDS) {
    for (const locale of LOCALES) {
      const template = DEFAULT_TEMPLATES[kind][locale];
      out[`${kind}/${locale}`] = { template, rendered: renderer.render(template, locale, SAMPLE_BRAND, sampleVariables(kind, locale)) };
    }
  }
  return out;
}

describe('the default mails', () => {
  it('are byte-identical to the golden file (source and rendered mail, every kind and locale)', () => {
    const now = current();
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(GOLDEN, `${JSON.stringify(now, null, 1)}\n`);
    const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(now).sort()).toEqual(Object.keys(golden).sort());
    for (const key of Object.keys(golden)) expect({ key, ...(now[key] as object) }).toEqual({ key, ...(golden[key] as object) });
  });
});
