import fs from 'node:fs';
import { CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES } from '../support/chromium-args';

/**
 * Chromium keeps only the last `--disable-features` it is given, and playwright-core puts its own list before the
 * caller's arguments: ours must carry playwright-core's, or a playwright-core upgrade would silently turn its
 * features back on (HTTPS upgrades of the local host's http URLs, paint holding, …).
 */
describe('chromium arguments of the tests and the bench', () => {
  it("repeat the installed playwright-core's --disable-features list in the one list chromium reads", () => {
    const bundle = fs.readFileSync(require.resolve('playwright-core/lib/coreBundle'), 'utf8');
    const start = bundle.indexOf('disabledFeatures = [');
    expect(start).toBeGreaterThan(0);
    const listed = bundle.slice(start, bundle.indexOf(']', start)).split('\n').filter((line) => !line.trim().startsWith('//')).join('\n');
    const theirs = [...listed.matchAll(/"([A-Za-z0-9]+)"/g)].map((m) => m[1]);
    expect(theirs.length).toBeGreaterThan(5);
    expect([...PLAYWRIGHT_DISABLED_FEATURES].sort()).toEqual([...theirs].sort());
    const lists = CHROMIUM_ARGS.filter((arg) => arg.startsWith('--disable-features='));
    expect(lists).toHaveLength(1);
    expect(lists[0].slice('--disable-features='.length).split(',')).toEqual(expect.arrayContaining(theirs));
    expect(lists[0]).toContain('WebUIOmniboxPopup');
  });
});
