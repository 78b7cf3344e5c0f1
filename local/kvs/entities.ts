import { parse } from 'yaml';

export interface EntityIndex {
  name: string;
  partition?: string[];
  range: string[];
}

export interface EntityDefinition {
  name: string;
  attributes: Record<string, { type: string }>;
  indexes: EntityIndex[];
}

type ManifestIndex = string | { name: string; partition?: string | string[]; range: string | string[] };
type ManifestEntity = { name: string; attributes?: Record<string, { type: string }>; indexes?: ManifestIndex[] };

const asList = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

/** Reads `app.storage.entities` from a Forge manifest.yml. A bare index name `attr` means `{name: attr, range: [attr]}`. */
export function entitiesFromManifest(manifestYamlText: string): EntityDefinition[] {
  const manifest = parse(manifestYamlText) as { app?: { storage?: { entities?: ManifestEntity[] } } } | null;
  const entities = manifest?.app?.storage?.entities ?? [];
  return entities.map((e) => ({
    name: e.name,
    attributes: e.attributes ?? {},
    indexes: (e.indexes ?? []).map((ix): EntityIndex => {
      if (typeof ix === 'string') return { name: ix, range: [ix] };
      const partition = asList(ix.partition);
      return { name: ix.name, ...(partition ? { partition } : {}), range: asList(ix.range) ?? [] };
    }),
  }));
}
