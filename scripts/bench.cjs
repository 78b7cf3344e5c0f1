// `npm run bench` (after the build): runs the bundled benchmark, which prints its report and writes
// bench/results/latest.json. `npm run bench -- --only <section>` runs one section (as BENCH_ONLY=<section>). Plain Node, so it works without a TypeScript toolchain at run time.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'bench', 'run.js');
const result = spawnSync(process.execPath, ['--enable-source-maps', entry, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  console.error(result.error);
  process.exit(1);
}
process.exit(result.status ?? 1);
