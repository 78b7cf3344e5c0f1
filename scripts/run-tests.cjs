#!/usr/bin/env node
// The whole test suite: the linter, unit, integration (real handlers on the local Forge runtime), browser e2e and
// accessibility (Debian's chromium), static checks. Ends with one line "N passed, N failed".
const { execSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
// xmlsec1 verifies the IdP's signatures in test/integration/saml-idp.test.ts (Debian package xmlsec1).
const XMLSEC1 = '/usr/bin/xmlsec1';

const missing = [
  { binary: CHROMIUM, pkg: 'chromium', why: 'Browser tests' },
  { binary: XMLSEC1, pkg: 'xmlsec1', why: 'SAML signature tests' },
].filter((tool) => !fs.existsSync(tool.binary));
if (missing.length > 0) {
  const packages = missing.map((tool) => tool.pkg).join(' ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    for (const tool of missing) console.error(`${tool.why} need Debian's ${tool.pkg} at ${tool.binary}.`);
    console.error(`Run "sudo apt-get install -y ${packages}" first.`);
    process.exit(1);
  }
  console.log(`Installing Debian ${packages} for the tests…`);
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages}`, { stdio: 'inherit' });
}

// A larger young generation for every Node process of the run (jest and its workers, the hosts' threads, the
// linter, tsc, the Forge checks): these allocate many short-lived objects, and with V8's default semi-space the
// scavenger runs that often. Stand-alone, one run each on the loaded machine: the Forge checks 28.7 → 24.8 s,
// the linter 69.6 → 66.1 s of CPU, tsc 15.7 → 14.7 s. TEST_SEMI_SPACE_MB=0 leaves V8's default.
const semiSpace = Number(process.env.TEST_SEMI_SPACE_MB ?? 64);
if (semiSpace > 0 && !/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? '')) {
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--max-semi-space-size=${semiSpace}`].filter(Boolean).join(' ');
}

/** Seconds since `started` (a Date.now()), rounded. */
const secondsSince = (started) => Math.round((Date.now() - started) / 1000);

/**
 * One jest run with its JSON results, in band unless `workers` > 1; answers (a promise: the linter's process runs
 * beside, and its end is timed as it comes) {passed, failed, ok, seconds, files}: `files` is each test file's own
 * time ({file, seconds}), for the summary's slowest files.
 */
async function runJest(name, args, workers = 1) {
  const resultFile = path.join(root, 'test-artifacts', `${name}.json`);
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.rmSync(resultFile, { force: true });
  const started = Date.now();
  const jest = spawn(
    process.execPath,
    [path.join(root, 'node_modules/jest/bin/jest.js'), workers > 1 ? `--maxWorkers=${workers}` : '--runInBand', '--json', `--outputFile=${resultFile}`, ...args],
    { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } },
  );
  const status = await new Promise((resolve) => {
    jest.on('error', () => resolve(null));
    jest.on('exit', (code) => resolve(code));
  });
  const seconds = secondsSince(started);
  if (!fs.existsSync(resultFile)) return { passed: 0, failed: 1, ok: false, seconds, files: [] };
  const results = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const files = results.testResults.map((r) => ({
    file: path.relative(root, r.name),
    seconds: (r.endTime - r.startTime) / 1000,
    passed: r.assertionResults.filter((a) => a.status === 'passed').length,
    failed: r.assertionResults.filter((a) => a.status === 'failed').length + (r.status === 'failed' && r.assertionResults.length === 0 ? 1 : 0),
  }));
  return { passed: results.numPassedTests, failed, ok: status === 0 && failed === 0, seconds, files };
}

/**
 * The linter (eslint.config.mjs: typescript-eslint with type information) over the whole tree, counted as one
 * test: passed only at 0 errors and 0 warnings; otherwise each finding is printed and it counts as failed. It runs
 * in a process of its own beside the unit tests (the machine has two cores; jest runs in band) and, when it takes
 * longer, beside the integration files' start: the promise answers once it has finished and its findings are
 * printed.
 */
function runLint() {
  const resultFile = path.join(root, 'test-artifacts', 'eslint.json');
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.rmSync(resultFile, { force: true });
  console.log('Lint: eslint . (typescript-eslint with type information), beside the unit tests (and the start of integration); its findings follow when it ends');
  const started = Date.now();
  const eslint = spawn(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.', '--format', 'json', '--output-file', resultFile], {
    cwd: root,
    stdio: 'inherit',
  });
  return new Promise((resolve) => {
    eslint.on('error', () => resolve(lintResult(resultFile, null, secondsSince(started))));
    eslint.on('exit', (status) => resolve(lintResult(resultFile, status, secondsSince(started))));
  });
}

function lintResult(resultFile, status, seconds) {
  if (!fs.existsSync(resultFile)) {
    console.log(`lint: failed to run (eslint exit status ${status}) ✗`);
    return { passed: 0, failed: 1, ok: false, seconds, files: [] };
  }
  const results = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  let errors = 0;
  let warnings = 0;
  for (const file of results) {
    for (const m of file.messages) {
      if (m.severity === 2) errors++;
      else warnings++;
      console.log(`${path.relative(root, file.filePath)}:${m.line ?? 0}:${m.column ?? 0}  ${m.severity === 2 ? 'error' : 'warning'}  ${m.message}  ${m.ruleId ?? ''}`);
    }
  }
  const ok = status === 0 && errors === 0 && warnings === 0;
  console.log(`lint: ${errors} errors, ${warnings} warnings (${seconds} s) ${ok ? '✓' : '✗'}\n`);
  return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, ok, seconds, files: [] };
}

// The customer journeys again under the strictest reading of the platform (PLATFORM=strict, issue 13 item 3;
// docs/platform-assumptions.md): they must still work. Each file in test/e2e/strict/ runs one journey again with
// PLATFORM=strict set for its own host (test/e2e/strict/platform-strict.ts), so they run in the e2e phase's
// workers beside the other browser files; the summary counts them as the phase "strict".
const STRICT_DIR = 'test/e2e/strict/';

/**
 * How many jest workers run the integration and browser files that do not measure time (TEST_WORKERS, default 2:
 * the CI machine has two cores, and two browser files' processes (jest with its host, chromium) keep both busy:
 * docs/testing.md, "The slowest files").
 */
const WORKERS = Math.max(1, Number(process.env.TEST_WORKERS) || 2);

/** A directory's test files, in its subdirectories too. */
const testFilesIn = (dir) => fs.readdirSync(path.join(root, dir), { recursive: true }).filter((f) => f.endsWith('.test.ts')).sort().map((f) => `${dir}/${f}`);

/**
 * Test files in one phase: those that do not measure time with WORKERS workers, then, in band and alone on the
 * machine, those with the marker `@serial` (and its reason, in a comment) anywhere in their text: they measure time
 * (a latency, an answer within a second). The other core idles meanwhile, so such a file holds its timed tests
 * only, and the untimed rest of its subject is a file beside it (docs/testing.md). Answers the phase's
 * {passed, failed, ok, seconds, files}.
 */
async function runFiles(name, files, { beforeSerial } = {}) {
  const serial = files.filter((f) => /@serial\b/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  const parallel = files.filter((f) => !serial.includes(f));
  const runs = [];
  if (parallel.length > 0) runs.push(await runJest(`jest-results-${name}`, ['--runTestsByPath', ...parallel], WORKERS));
  // Whatever still runs beside (the linter) ends first: the timed files run alone on the machine.
  await beforeSerial;
  if (serial.length > 0) {
    console.log(`\n${name}: the files that measure time, in band: ${serial.join(', ')}`);
    runs.push(await runJest(`jest-results-${name}-serial`, ['--runTestsByPath', ...serial]));
  }
  return {
    passed: runs.reduce((n, r) => n + r.passed, 0),
    failed: runs.reduce((n, r) => n + r.failed, 0),
    ok: runs.length > 0 && runs.every((r) => r.ok),
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    files: runs.flatMap((r) => r.files),
  };
}

/**
 * The whole suite in phases: unit (every test file outside test/integration and test/e2e: test/unit,
 * test/contract, test/bench, the static checks, tests beside src/ and local/; in band) with the linter beside
 * it, integration (its workers start while the linter may still run; its timed files wait for it) and e2e
 * (runFiles each); e2e holds the customer journeys again with PLATFORM=strict
 * (test/e2e/strict/), reported as the phase "strict" within it. Answers each phase's {name, ...runJest result}.
 */
async function runSuite() {
  const linting = runLint();
  const unit = await runJest('jest-results-unit', ['--testPathIgnorePatterns=/node_modules/', '--testPathIgnorePatterns=/test/integration/', '--testPathIgnorePatterns=/test/e2e/']);
  // The integration files start when the unit tests end, while the linter may still run (it took 3–6 s longer
  // than the unit phase in the last five runs, with the other core idle); their timed files wait for it.
  const integration = await runFiles('integration', testFilesIn('test/integration'), { beforeSerial: linting });
  const lint = await linting;
  const e2eFiles = testFilesIn('test/e2e');
  console.log(`\nBrowser files, with the customer journeys again under PLATFORM=strict among them: ${e2eFiles.filter((f) => f.startsWith(STRICT_DIR)).join(', ')}`);
  const e2e = await runFiles('e2e', e2eFiles);
  return [
    { name: 'lint', ...lint },
    { name: 'unit', ...unit },
    { name: 'integration', ...integration },
    { name: 'e2e', ...e2e },
    // Within the e2e phase's wall-clock time: its `seconds` are the strict files' own times, added up.
    { name: 'strict', within: 'e2e', ...strictPart(e2e) },
  ];
}

/** The strict journeys' part of the e2e phase: their files' counts and own times (they ran in its workers). */
function strictPart(e2e) {
  const files = e2e.files.filter((f) => f.file.startsWith(STRICT_DIR));
  const failed = files.reduce((n, f) => n + f.failed, 0);
  return {
    passed: files.reduce((n, f) => n + f.passed, 0),
    failed,
    ok: files.length > 0 && failed === 0,
    seconds: Math.round(files.reduce((n, f) => n + f.seconds, 0)),
    files: [],
  };
}

/** Each phase's time and counts, then the ten slowest test files (docs/testing.md keeps a measured list). */
function printSummary(phases, started) {
  const pad = (text, width) => String(text).padEnd(width);
  console.log('\nSummary (wall-clock time per phase; lint ran beside the unit tests and the start of integration, the strict journeys within e2e):');
  for (const p of phases) {
    const within = p.within ? `   (its files' own times, within ${p.within}; counted there too)` : '';
    console.log(`  ${pad(p.name, 12)} ${String(p.seconds).padStart(5)} s   ${p.passed} passed, ${p.failed} failed ${p.ok ? '✓' : '✗'}${within}`);
  }
  console.log(`  ${pad('total', 12)} ${String(secondsSince(started)).padStart(5)} s`);
  const slowest = phases.flatMap((p) => p.files).sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  if (slowest.length > 0) {
    console.log('Slowest test files:');
    for (const f of slowest) console.log(`  ${f.seconds.toFixed(1).padStart(6)} s  ${f.file}`);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const started = Date.now();
  // A chosen file (or jest arguments): that one jest run; no linter, no summary.
  const runs = args.length === 0 ? await runSuite() : [await runJest('jest-results', args)];
  if (args.length === 0) printSummary(runs, started);
  // A phase that ran within another (strict within e2e) is counted there.
  const counted = runs.filter((r) => !r.within);
  const passed = counted.reduce((n, r) => n + r.passed, 0);
  const failed = counted.reduce((n, r) => n + r.failed, 0);
  // The very last line.
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(runs.every((r) => r.ok) && failed === 0 && passed > 0 ? 0 : 1);
}

void main();
