// Installs npm dependencies when node_modules is missing or older than package-lock.json, so the README's
// two commands work on a fresh clone. Plain Node: it must run before anything is installed.
const { execFileSync, execSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

// better-sqlite3 (the local KVS) ships no binary on npm: its install script asks GitHub for a prebuilt one
// (prebuild-install), which this machine cannot reach, and then compiles SQLite from source: 64 s of a fresh
// clone's 95 s install here. prebuild-install first looks for `<name>-v<version>-node-v<abi>-<platform>-<arch>.tar.gz`
// in the folder its documented `npm_config_<package>_local_prebuilds` setting names; the first install on a machine
// compiles and leaves that archive of its own build in the user's cache, so the next clone unpacks it instead. The
// archive is keyed by version, Node ABI, platform and CPU; prebuild-install loads the unpacked binary before it
// accepts it and compiles again if that fails. PORTAL_ACCESS_PREBUILDS=off compiles every time.
const prebuilds = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'portal-access', 'prebuilds');
const useCache = process.env.PORTAL_ACCESS_PREBUILDS !== 'off';

function sqliteArchive() {
  const dir = path.join(root, 'node_modules', 'better-sqlite3');
  const glibc = process.platform === 'linux' && Boolean(process.report?.getReport().header.glibcVersionRuntime);
  if (!glibc || !fs.existsSync(path.join(dir, 'package.json'))) return undefined; // musl or another OS: its own name
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = path.join(prebuilds, `better-sqlite3-v${version}-node-v${process.versions.modules}-linux-${process.arch}.tar.gz`);
  return { dir, file };
}

function keepSqliteBuild() {
  const archive = sqliteArchive();
  if (!archive || fs.existsSync(archive.file)) return;
  const binary = path.join(archive.dir, 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(binary)) return;
  try {
    fs.mkdirSync(prebuilds, { recursive: true });
    const partial = `${archive.file}.${process.pid}.tmp`;
    execFileSync('tar', ['-czf', partial, '-C', archive.dir, 'build/Release/better_sqlite3.node']);
    fs.renameSync(partial, archive.file);
    console.log(`Kept this machine's build of better-sqlite3 for the next install (${archive.file}).`);
  } catch (error) {
    console.log(`Could not keep the better-sqlite3 build (${error.message}); the next install compiles it again.`);
  }
}

const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) {
  // `npm install` rather than `npm ci`: the registry mirror here lacks some other platforms' optional
  // binaries (e.g. @swc/core-darwin-arm64), so the lock file cannot list them and `npm ci` refuses it.
  console.log('Installing dependencies (npm install from package-lock.json)…');
  // `--prefer-offline`: what npm's cache holds is taken without asking the registry again (the lock file pins every
  // version; anything missing is still fetched). A fresh clone's install on the 2-core machine: 352 s → 247 s (one run each, loaded).
  const env = useCache ? { ...process.env, npm_config_better_sqlite3_local_prebuilds: prebuilds } : process.env;
  execSync('npm install --no-audit --no-fund --prefer-offline', { cwd: root, stdio: 'inherit', env });
  if (useCache) keepSqliteBuild();
}
