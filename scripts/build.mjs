// Builds everything `npm start` and the tests run: the Forge backend bundle (self-contained, as Forge
// bundles it), the local host, and the Custom UI app(s).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { moduleText, passkeyScript } from './build-passkey-script.mjs';
import { writeShippedLists } from './build-shipped-lists.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
// Issue 25: what a function loads on a cold start stays ≤ 1.5 MB (see esbuildBundles).
const FORGE_BUNDLE_LIMIT = 1_500_000;
const APPS = ['portal', 'agent-panel', 'admin', 'profile', 'automation-config'];
/** Vite builds at once (each its own process): the machine has two cores, and esbuild's bundles run beside them. */
const VITE_AT_ONCE = 2;

// The passkey script the customer pages inline (generated source, committed; a unit test checks it is current).
writeFileSync('src/surfaces/pages/passkey-script.ts', moduleText(await passkeyScript()));
// The compact copies of the common-password list and the phone metadata (issue 25), rewritten when stale.
writeShippedLists();

/** One Custom UI app's Vite build in a process of its own; rejects when it fails. */
function viteBuild(app) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', `static/${app}/vite.config.mts`, '--logLevel', 'warn'], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build of static/${app} failed (${signal ?? `exit ${code}`})`))));
  });
}

/** The Custom UI apps, VITE_AT_ONCE at a time. */
async function viteBuilds() {
  const queue = [...APPS];
  const lane = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) await viteBuild(app);
  };
  await Promise.all(Array.from({ length: VITE_AT_ONCE }, lane));
}

/** The Forge bundle (with its size limit) and the local host's, the workers' and the bench's bundles, at once. */
async function esbuildBundles() {
  await Promise.all([
    build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/forge/index.js', minify: true, sourcemap: false }),
    build({ ...common, entryPoints: ['local/main.ts'], outfile: 'dist/local/main.js', packages: 'external' }),
    // The local host's jobs worker (queued, delayed and scheduled work on its own thread), beside main.js.
    build({ ...common, entryPoints: ['local/jobs-worker.ts'], outfile: 'dist/local/jobs-worker.js', packages: 'external' }),
    build({ ...common, entryPoints: ['local/mail-catcher-worker.ts'], outfile: 'dist/local/mail-catcher-worker.js', packages: 'external' }),
    build({ ...common, entryPoints: ['bench/run.ts'], outfile: 'dist/bench/run.js', packages: 'external' }),
  ]);
  // Issue 25: what a function loads on a cold start stays ≤ 1.5 MB: the build fails above it (so does the bench's
  // `bundle` check). A named `import { z } from 'zod'` alone adds 350 KiB (all its locales): import it as a namespace.
  // `BENCH_ONLY=bundle node dist/bench/run.js` shows what each package adds (docs/bench.md, "Issue 25").
  const forgeBytes = statSync('dist/forge/index.js').size;
  if (forgeBytes > FORGE_BUNDLE_LIMIT) {
    throw new Error(`dist/forge/index.js is ${forgeBytes} bytes, over the ${FORGE_BUNDLE_LIMIT}-byte limit of issue 25 (a Forge function loads it on each cold start).`
      + '\nSee what each package adds with `BENCH_ONLY=bundle node dist/bench/run.js` (docs/bench.md, "Issue 25").');
  }
}
// The esbuild bundles and the Vite builds are independent: they run at the same time (both wait on their own
// processes and threads; before, eleven steps one after another).
const outcomes = await Promise.allSettled([esbuildBundles(), viteBuilds()]);
const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason);
if (failures.length > 0) {
  for (const failure of failures) console.error(`error: ${failure instanceof Error ? failure.message : String(failure)}`);
  process.exit(1);
}

const kib = (file) => (statSync(file).size / 1024).toFixed(0);
console.log(`built: dist/forge/index.js ${kib('dist/forge/index.js')} KiB (Forge backend, self-contained), dist/local/main.js, ${APPS.map((app) => `static/${app}/build`).join(', ')}`);
