#!/usr/bin/env node
// The whole test suite: unit, integration (real handlers on the local Forge runtime), browser e2e and
// accessibility (Debian's chromium), static checks. Ends with one line "N passed, N failed".
const { execSync, spawnSync } = require('node:child_process');
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

const resultFile = path.join(root, 'test-artifacts', 'jest-results.json');
fs.mkdirSync(path.dirname(resultFile), { recursive: true });
fs.rmSync(resultFile, { force: true });
const jest = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/jest/bin/jest.js'), '--runInBand', '--json', `--outputFile=${resultFile}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } },
);

let passed = 0;
let failed = 0;
if (fs.existsSync(resultFile)) {
  const results = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(jest.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
