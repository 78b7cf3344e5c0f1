import fs from 'node:fs';
import path from 'node:path';
import { docItems, squash, type DocItems } from '../support/doc-items';

/**
 * The README was 1,221 lines (at f86a683); it became a front door and its sections moved into docs/ (issue 21).
 * test/fixtures/readme-f86a683-items.json holds what that README documented, extracted by test/support/doc-items.ts
 * from `git show f86a683:README.md`: every heading, inline code span (routes, resolver keys, codes, file names),
 * `/local/api/…` route and shell-example line. Each must still appear in README.md or docs/*.md. Removing a
 * feature's documentation on purpose means removing its items from the fixture in the same change.
 */
const root = path.join(__dirname, '../..');
const before = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/readme-f86a683-items.json'), 'utf8')) as DocItems;

function pages(): string[] {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md'));
  return [path.join(root, 'README.md'), ...docs.map((name) => path.join(root, 'docs', name))].map((file) => fs.readFileSync(file, 'utf8'));
}

const now = pages();
const text = squash(now.join('\n'));
const headings = new Set(now.flatMap((page) => docItems(page).headings));

describe('nothing the old README documented is lost', () => {
  test('every heading is a heading of README.md or a page of docs/', () => {
    expect(before.headings.filter((heading) => !headings.has(heading))).toEqual([]);
  });

  test.each([['spans'], ['routes'], ['commands']] as const)('every one of the old README\'s %s appears in README.md or docs/', (kind) => {
    expect(before[kind].filter((item) => !text.includes(squash(item)))).toEqual([]);
  });

  test('the fixture holds what the old README documented (a sample)', () => {
    expect(before.headings).toEqual(expect.arrayContaining(['Scripting API', 'Two-step verification (issue 11)', 'The admin page']));
    expect(before.routes).toEqual(expect.arrayContaining(['/local/api/clock', '/local/api/invoke', '/local/api/automation/run']));
    expect(before.spans).toEqual(expect.arrayContaining(['admin/sso/keys {action: create-next | activate-next | retire-previous}', 'profile/two-step/confirm {code}']));
    expect(before.commands.length).toBeGreaterThan(10);
  });

  test('the check finds a missing item', () => {
    const lost = squash('`POST /local/api/clock` `{"advanceSeconds": N}`');
    expect(squash(now.join('\n').replaceAll('/local/api/clock', '/local/api/CLOCK')).includes(lost)).toBe(false);
  });

  test('README.md stays a front door (at most 250 lines)', () => {
    expect(now[0].split('\n').length).toBeLessThanOrEqual(250);
  });
});
