import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ADMIN_KEYS } from '../src/surfaces/admin-api';
import { AGENT_KEYS } from '../src/surfaces/agent-api';
import { PORTAL_KEYS } from '../src/surfaces/portal';
import { PROFILE_KEYS } from '../src/surfaces/profile-api';

/** The project root, whether this runs from local/ (tests) or bundled from dist/local/ (npm start). */
function projectRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'manifest.yml')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
export const ROOT = projectRoot(__dirname);

/** A manifest module as the host serves it: its type, key, function and (for resolver modules) the resolver keys. */
export interface ModuleInfo {
  type: string;
  moduleKey: string;
  function: string;
  resolverKeys: string[];
}

export function readModules(manifest: Record<string, unknown>): ModuleInfo[] {
  const modules = (manifest.modules ?? {}) as Record<string, Record<string, unknown>[]>;
  const keysByFunction: Record<string, string[]> = { portal: [...PORTAL_KEYS], agent: [...AGENT_KEYS], admin: [...ADMIN_KEYS], profile: [...PROFILE_KEYS] };
  return Object.entries(modules)
    .filter(([type]) => type !== 'function')
    .flatMap(([type, items]) =>
      items.map((item) => {
        const fn = String((item.resolver as { function?: string } | undefined)?.function ?? (item.function as string | undefined) ?? '');
        return { type, moduleKey: String(item.key), function: fn, resolverKeys: item.resolver ? (keysByFunction[fn] ?? []) : [] };
      }),
    );
}

/** manifest.yml as text (the KVS entities and queue timeouts read it so) and parsed, with its modules and app id. */
export function readManifest(root: string = ROOT) {
  const text = fs.readFileSync(path.join(root, 'manifest.yml'), 'utf8');
  const manifest = parseYaml(text) as Record<string, unknown>;
  return { text, manifest, modules: readModules(manifest), appId: String((manifest.app as { id: string }).id) };
}
