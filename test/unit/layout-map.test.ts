import fs from 'node:fs';
import path from 'node:path';

/**
 * The layout map (docs/architecture.md, "How it works"; it was the README's until issue 21) lists every file under src/, local/, bench/, scripts/, static/*\/src,
 * static/shared and docs/, and every folder of test/: a folder header at the start of a line (`src/domain/`),
 * then its entries indented by two spaces, one line each.
 */
const root = path.join(__dirname, '../..');

function layoutMap(): string[] {
  const readme = fs.readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  const marker = readme.indexOf('<!-- The layout map');
  expect(marker).toBeGreaterThan(-1);
  const open = readme.indexOf('```\n', marker);
  const close = readme.indexOf('```\n', open + 4);
  return readme.slice(open + 4, close).split('\n');
}

/** Every path the map names: `<folder header><entry>` for each entry line. */
function listed(): Set<string> {
  const out = new Set<string>();
  let folder = '';
  for (const line of layoutMap()) {
    const header = /^(\S+\/)(\s|$)/.exec(line);
    if (header) {
      folder = header[1];
      continue;
    }
    const entry = /^ {2}(\S+)/.exec(line);
    if (entry && folder) out.add(folder + entry[1]);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return filesUnder(rel);
    return e.name.endsWith('.test.ts') ? [] : [rel];
  });
}

function expected(): string[] {
  const staticApps = fs
    .readdirSync(path.join(root, 'static'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, 'static', e.name, 'src')))
    .map((e) => `static/${e.name}/src`);
  const files = ['src', 'local', 'bench', 'scripts', 'docs', 'static/shared', ...staticApps].flatMap(filesUnder);
  const testEntries = fs
    .readdirSync(path.join(root, 'test'), { withFileTypes: true })
    .map((e) => (e.isDirectory() ? `test/${e.name}/` : `test/${e.name}`));
  return [...files, ...testEntries].sort();
}

describe('the layout map (docs/architecture.md)', () => {
  test('names every file of src/, local/, bench/, scripts/, static/*/src, static/shared, docs/ and every folder of test/', () => {
    const names = listed();
    expect(expected().filter((file) => !names.has(file))).toEqual([]);
  });

  test('names nothing that is gone', () => {
    const present = new Set(expected());
    const covered = /^(src|local|bench|scripts|docs|test|static\/shared|static\/[^/]+\/src)\//;
    expect([...listed()].filter((name) => covered.test(name) && !present.has(name))).toEqual([]);
  });

  test('the check reads the map (a sample of entries is found)', () => {
    const names = listed();
    for (const file of ['src/index.ts', 'src/domain/saml/keys.ts', 'local/kvs/sqlite-kvs.ts', 'static/shared/tokens.css', 'test/unit/']) {
      expect(names.has(file)).toBe(true);
    }
  });
});
