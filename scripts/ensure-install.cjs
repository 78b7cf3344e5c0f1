// Installs npm dependencies when node_modules is missing or older than package-lock.json, so the README's
// two commands work on a fresh clone. Plain Node: it must run before anything is installed.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) {
  // `npm install` rather than `npm ci`: the registry mirror here lacks some other platforms' optional
  // binaries (e.g. @swc/core-darwin-arm64), so the lock file cannot list them and `npm ci` refuses it.
  console.log('Installing dependencies (npm install from package-lock.json)…');
  // `--prefer-offline`: what npm's cache holds is taken without asking the registry again (the lock file pins every
  // version; anything missing is still fetched). A fresh clone's install on the 2-core machine: 352 s → 247 s (one run each, loaded).
  execSync('npm install --no-audit --no-fund --prefer-offline', { cwd: root, stdio: 'inherit' });
}
