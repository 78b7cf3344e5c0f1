#!/usr/bin/env node
// Offline Forge checks: full manifest validation (@forge/manifest) and every client-side linter of
// @forge/lint except the permission linter, which downloads Atlassian's API specs and cannot run offline.
// Exits non-zero on any error or warning.
// The full validation compiles @forge/manifest's 2.3 MB JSON schema (ajv) each time a processor is built; the
// processors are cached by validation type and options, so the full validation here is built with the options
// the lint's FullManifestLinter builds it with (deprecatedRuntimes), and the linter takes the same one: one
// compile of it fewer (the four other manifest linters each build a processor of another type, compiled anew).
const path = require('node:path');
const fs = require('node:fs');
const { ProcessorBuilder, ValidationTypes } = require('@forge/manifest');
const { lint, getClientSideLintersOnly, problemCount, reportLintResults } = require('@forge/lint');
const { listTSConfigIncludeExclude, FileSystemReader } = require('@forge/cli-shared');

process.chdir(path.join(__dirname, '..'));

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

(async () => {
  const statsig = { getDeprecatedRuntimes: async () => [] };
  // What validate(false, 'manifest.yml') does (the full validation; a missing option reads as no deprecated runtime).
  const full = ProcessorBuilder.instance().withValidation(ValidationTypes.FULL).withOptions({ deprecatedRuntimes: await statsig.getDeprecatedRuntimes() });
  const result = await full.build().process('manifest.yml');
  const problems = result.errors ?? [];
  for (const e of problems) console.log(`manifest ${e.level} line ${e.line}: ${e.message}`);
  if (!result.success || problems.length > 0) {
    console.log(`manifest: ${problems.length} problem(s)`);
    process.exit(1);
  }
  const manifest = result.manifestObject.typedContent;
  const logger = { info: (m) => console.log(m) };
  const linters = (await getClientSideLintersOnly(manifest, 'development', logger, statsig)).filter(
    (linter) => linter.constructor.name !== 'PermissionLinter',
  );
  const apps = fs.readdirSync('static').filter((name) => fs.existsSync(path.join('static', name, 'src')));
  const files = [...sourceFiles('src'), ...apps.flatMap((name) => sourceFiles(path.join('static', name, 'src'))), ...sourceFiles('static/shared')];
  // @forge/lint parses a .ts/.tsx file only when its full path is among tsconfig.json's `include` globs expanded
  // (@forge/cli-shared listTSConfigIncludeExclude); anything else it skips without a word. Until 2026-12-07 the
  // include named folders ("src"), which expand to no file, so no file was linted: refuse that silently-empty run.
  const { include } = await listTSConfigIncludeExclude(new FileSystemReader());
  const included = new Set(include);
  const skipped = files.filter((file) => !included.has(path.resolve('./' + file)));
  if (skipped.length > 0) {
    console.log(`forge checks: @forge/lint would skip ${skipped.length} file(s) that tsconfig.json's include does not list, e.g. ${skipped[0]}`);
    process.exit(1);
  }
  const results = await lint(files, manifest, 'development', logger, statsig, { linter: { mode: 'client-side' }, linters });
  reportLintResults(logger, results);
  const count = problemCount(results);
  console.log(`forge checks: manifest valid; lint ${count.errors ?? 0} error(s), ${count.warnings ?? 0} warning(s) over ${files.length} files with ${linters.length} linters`);
  process.exit((count.errors ?? 0) + (count.warnings ?? 0) > 0 ? 1 : 0);
})().catch((error) => {
  console.error('forge checks failed to run:', error);
  process.exit(2);
});
