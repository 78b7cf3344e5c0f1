import fs from 'node:fs';
import path from 'node:path';
import { entitiesFromManifest, type EntityDefinition } from '../../local/kvs/entities';
import * as keys from '../../src/forge/kvs-keys';

/**
 * docs/storage.md lists every entity, attribute and index exactly as manifest.yml declares them (they cannot be
 * deleted once deployed to staging or production), and every key and secret name of src/forge/kvs-keys.ts.
 */
const ROOT = path.join(__dirname, '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/storage.md'), 'utf8');
const manifest = entitiesFromManifest(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));

const cells = (line: string) =>
  line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The entities as the doc's "### Entity `name`" sections describe them: attribute and index tables. */
function documentedEntities(markdown: string): EntityDefinition[] {
  const entities: EntityDefinition[] = [];
  let current: EntityDefinition | undefined;
  let table: 'attributes' | 'indexes' | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^#{2,3} (.*)$/.exec(line);
    if (heading) {
      const entity = /^Entity `([^`]+)`$/.exec(heading[1]);
      current = entity ? { name: entity[1], attributes: {}, indexes: [] } : undefined;
      if (current) entities.push(current);
      table = undefined;
      continue;
    }
    if (!current || !line.startsWith('|')) continue;
    const row = cells(line);
    if (row[0] === 'Attribute') table = 'attributes';
    else if (row[0] === 'Index') table = 'indexes';
    else if (table === 'attributes' && row[0].startsWith('`')) current.attributes[names(row[0])[0]] = { type: row[1] };
    else if (table === 'indexes' && row[0].startsWith('`')) {
      const partition = names(row[1]);
      current.indexes.push({ name: names(row[0])[0], ...(partition.length > 0 ? { partition } : {}), range: names(row[2]) });
    }
  }
  return entities;
}

describe('docs/storage.md', () => {
  it('lists exactly the entities, attributes (with types) and indexes of manifest.yml', () => {
    const documented = documentedEntities(doc);
    expect(documented.map((e) => e.name)).toEqual(manifest.map((e) => e.name));
    for (const entity of manifest) expect(documented.find((e) => e.name === entity.name)).toEqual(entity);
  });

  it('names every plain key, key builder and secret of src/forge/kvs-keys.ts', () => {
    const exported = Object.keys(keys).filter((name) => name !== 'ENTITY');
    expect(exported.length).toBeGreaterThan(30);
    expect(exported.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  it('says what may still change after the first production deploy, and cites the page', () => {
    expect(doc).toMatch(/## What may still change after the first production deploy/);
    expect(doc).toMatch(/entities, attributes and indexes cannot be deleted/);
    expect(doc).toMatch(/"Custom entities"/);
  });

  it('the parser sees a difference (a type, a missing attribute, an index range)', () => {
    const changed = doc.replace('| `rev` | integer | The value\'s revision', '| `rev` | string | The value\'s revision').replace(/\| `inviteClaimAt` \|.*\n/, '').replace('| `by-day` | – | `day` |', '| `by-day` | – | `first` |');
    const documented = documentedEntities(changed);
    expect(documented.find((e) => e.name === 'revision')?.attributes.rev).toEqual({ type: 'string' });
    expect(documented.find((e) => e.name === 'customer')?.attributes).not.toHaveProperty('inviteClaimAt');
    expect(documented.find((e) => e.name === 'overview-day')?.indexes).toEqual([{ name: 'by-day', range: ['first'] }]);
  });
});
