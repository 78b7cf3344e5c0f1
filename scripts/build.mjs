// Builds everything `npm start` and the tests run: the Forge backend bundle (self-contained, as Forge
// bundles it), the local host, and the Custom UI app(s).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { moduleText, passkeyScript } from './build-passkey-script.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

// The passkey script the customer pages inline (generated source, committed; a unit test checks it is current).
writeFileSync('src/surfaces/pages/passkey-script.ts', moduleText(await passkeyScript()));
await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/forge/index.js', minify: true, sourcemap: false });
// Issue 25: what a function loads on a cold start should stay ≤ 1.5 MB (the bench's `bundle` check fails above it).
// A named `import { z } from 'zod'` alone adds 350 KiB (all its locales): import it as a namespace.
// `npm run bench -- --only bundle` shows what each package adds.
const FORGE_BUNDLE_TARGET = 1_500_000;
if (statSync('dist/forge/index.js').size > FORGE_BUNDLE_TARGET) {
  console.warn(`warning: dist/forge/index.js is ${statSync('dist/forge/index.js').size} bytes, over the ${FORGE_BUNDLE_TARGET} target (issue 25)`);
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
