import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the local host's worker threads (the jobs worker, the mail catcher) get their scripts from. */

const bundled = new Map<string, Promise<string>>();

/**
 * A worker thread's script (`jobs-worker`, `mail-catcher-worker`): next to the bundled host in dist/local (npm
 * start, npm run bench), or, when the host runs from its TypeScript sources (tests), bundled from local/<name>.ts
 * so it runs the same code. That bundle is kept on disk (bundleCached) and built again only when one of its
 * source files changed: jest gives each test file fresh modules, so a per-process cache alone bundled both
 * workers again for every test file that starts a host.
 */
export function workerScript(name: string): Promise<string> {
  if (!__filename.endsWith('.ts')) {
    // Bundled: beside the host (dist/local) or, for the bench's bundle (dist/bench), in dist/local.
    const candidates = [path.join(__dirname, `${name}.js`), path.join(__dirname, '..', 'local', `${name}.js`)];
    return Promise.resolve(candidates.find((file) => fs.existsSync(file)) ?? candidates[0]);
  }
  let script = bundled.get(name);
  if (!script) {
    script = bundleCached(name);
    bundled.set(name, script);
  }
  return script;
}

/** Bumped when the build options below change, so older bundles are not taken for current ones. */
const BUNDLE_FORMAT = 1;

/**
 * local/<name>.ts bundled into node_modules/.cache/portal-access/<name>-<key>.js (inside the project, so the
 * bundle's packages resolve from its node_modules; packages stay external, so only project files are bundled).
 * `key` hashes the contents of every file the last bundle read (listed in <name>.inputs.json) with esbuild's
 * version: a changed, added or removed import changes a listed file, so the key changes and the bundle is built
 * again. Files are written under a temporary name and renamed, so parallel test processes never read half a file.
 */
async function bundleCached(name: string): Promise<string> {
  const root = path.dirname(__dirname);
  const dir = path.join(root, 'node_modules', '.cache', 'portal-access');
  const inputsFile = path.join(dir, `${name}.inputs.json`);
  const esbuild = await import('esbuild');
  const keyOf = (inputs: string[]) => {
    const hash = createHash('sha256').update(`${BUNDLE_FORMAT}\0${esbuild.version}\0${name}`);
    for (const input of inputs) {
      const file = path.join(root, input);
      hash.update(`\0${input}\0`).update(fs.existsSync(file) ? fs.readFileSync(file) : 'missing');
    }
    return hash.digest('hex').slice(0, 16);
  };
  const outfileFor = (key: string) => path.join(dir, `${name}-${key}.js`);
  try {
    const { inputs } = JSON.parse(fs.readFileSync(inputsFile, 'utf8')) as { inputs: string[] };
    const cached = outfileFor(keyOf(inputs));
    if (fs.existsSync(cached)) return cached;
  } catch {
    // No (readable) list of inputs yet: bundle.
  }
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, `${name}.ts`)], bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning',
    absWorkingDir: root, outfile: path.join(dir, `${name}.js`), write: false, metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  // A source saved while (or just before) esbuild read it: the bundle may hold the older text under the newer
  // text's key, so it is kept for this process only and the next one bundles again.
  const changedMeanwhile = inputs.some((input) => (fs.statSync(path.join(root, input), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) >= started - 1000);
  const outfile = changedMeanwhile ? path.join(dir, `${name}-${process.pid}.js`) : outfileFor(keyOf(inputs));
  fs.mkdirSync(dir, { recursive: true });
  const writeAtomically = (file: string, data: string | Uint8Array) => {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  };
  writeAtomically(outfile, result.outputFiles[0].contents);
  if (!changedMeanwhile) writeAtomically(inputsFile, JSON.stringify({ inputs }));
  // Bundles of earlier sources: an hour old, so no test process still about to start one.
  for (const file of fs.readdirSync(dir)) {
    const old = path.join(dir, file);
    const mtimeMs = fs.statSync(old, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (file.startsWith(`${name}-`) && old !== outfile && Date.now() - mtimeMs > 3_600_000) fs.rmSync(old, { force: true });
  }
  return outfile;
}
