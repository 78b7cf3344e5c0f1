// Builds everything `npm start` and the tests run: the Forge backend bundle (self-contained, as Forge
// bundles it), the local host, and the Custom UI app(s).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { moduleText, passkeyScript } from './build-passkey-script.mjs';
import { writeShippedLists } from './build-shipped-lists.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

// The passkey script the customer pages inline (generated source, committed; a unit test checks it is current).
writeFileSync('src/surfaces/pages/passkey-script.ts', moduleText(await passkeyScript()));
// The compact copies of the common-password list and the phone metadata (issue 25), rewritten when stale.
writeShippedLists();
await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/forge/index.js', minify: true, sourcemap: false });
// Issue 25: what a function loads on a cold start stays ≤ 1.5 MB: the build fails above it (so does the bench's
// `bundle` check). A named `import { z } from 'zod'` alone adds 350 KiB (all its locales): import it as a namespace.
// `BENCH_ONLY=bundle node dist/bench/run.js` shows what each package adds (docs/bench.md, "Issue 25").
const FORGE_BUNDLE_LIMIT = 1_500_000;
const forgeBytes = statSync('dist/forge/index.js').size;
if (forgeBytes > FORGE_BUNDLE_LIMIT) {
  console.error(`error: dist/forge/index.js is ${forgeBytes} bytes, over the ${FORGE_BUNDLE_LIMIT}-byte limit of issue 25 (a Forge function loads it on each cold start).`
    + '\nSee what each package adds with `BENCH_ONLY=bundle node dist/bench/run.js` (docs/bench.md, "Issue 25").');
  process.exit(1);
}
await build({ ...common, entryPoints: ['local/main.ts'], outfile: 'dist/local/main.js', packages: 'external' });
// The local host's jobs worker (queued, delayed and scheduled work on its own thread), beside main.js.
await build({ ...common, entryPoints: ['local/jobs-worker.ts'], outfile: 'dist/local/jobs-worker.js', packages: 'external' });
await build({ ...common, entryPoints: ['local/mail-catcher-worker.ts'], outfile: 'dist/local/mail-catcher-worker.js', packages: 'external' });
await build({ ...common, entryPoints: ['bench/run.ts'], outfile: 'dist/bench/run.js', packages: 'external' });
for (const app of ['portal', 'agent-panel', 'admin', 'profile', 'automation-config']) {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', `static/${app}/vite.config.mts`, '--logLevel', 'warn'], { stdio: 'inherit' });
}

const kib = (file) => (statSync(file).size / 1024).toFixed(0);
console.log(`built: dist/forge/index.js ${kib('dist/forge/index.js')} KiB (Forge backend, self-contained), dist/local/main.js, static/portal/build, static/agent-panel/build, static/admin/build, static/profile/build, static/automation-config/build`);
