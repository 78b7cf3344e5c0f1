// Lint with type information (issue 13): typescript-eslint's type-checked recommended set over every TypeScript
// file the root tsconfig.json compiles (src, local, test, bench, static/*/src and static/shared; scripts/ holds
// only plain .cjs/.mjs, which this config leaves alone). `npm test` runs it first and fails on any error or warning.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import tenancyRule from './scripts/tenancy-lint.cjs';
import layerRules from './scripts/layer-lint.cjs';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'static/*/build/', 'test-artifacts/', '.local-data/', 'coverage/', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Every switch over a union names each member, so a new member is a lint error until it is handled; a
      // `default` does not excuse a missing case (considerDefaultExhaustiveForUnions stays false).
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // The code's convention: a leading underscore names what a destructuring drops on purpose
      // (`const { secret: _secret, ...rest } = x`) or a parameter an interface makes us accept.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Off: ports (Mailer, Directory, SmsSender…) and library interfaces (LiquidJS's fs, samlify's cache) are
      // async by contract, and their in-memory implementations and test fakes satisfy them with `async` methods
      // that have nothing to await; `async` there also turns a synchronous throw into a rejection, as callers expect.
      '@typescript-eslint/require-await': 'off',
      // `let { a, b } = …` where only `a` is reassigned stays one declaration; a `let` assigned once after
      // closures that read it were created (the local host's wiring) stays a `let`.
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tenancy (issue 20, docs/tenancy.md): a warm Forge process serves several installations without clearing
    // module state, so src/ keeps nothing mutable at module level. A cache goes into an adapter that forgeDeps
    // builds per installation, or into a PerInstallation (src/forge/installation.ts). A module-level value that
    // holds no tenant data (a pure memo of its key, a lookup table) says why in an eslint-disable comment.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': tenancyRule,
    },
  },
  // The layers (issue 21, docs/architecture.md): an import may point down, never up; flows and surfaces build no adapter.
  ...layerRules(tenancyRule),
  {
    // Lines of src/ stay readable on one screen (issue 21): at most 160 characters. A URL, a string or a template
    // literal may run longer (a sentence or a URL is not broken to fit); comments may not. (Core `max-len` is
    // deprecated in favour of @stylistic, available until ESLint 11.)
    files: ['src/**/*.ts'],
    rules: {
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // One file is one screen of thought (issue 21, docs/STYLE): at most 300 lines, comments and blank lines
    // included (what `wc -l` counts), in src/, local/, bench/, the UI apps, their catalogues and the tests alike.
    // A file that grows past it is split by responsibility, not exempted.
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'max-lines': ['error', { max: 300 }],
    },
  },
  {
    // The local KVS emulator takes @forge/kvs's request bodies as they come (`type Req = Record<string, any>`,
    // local/kvs/tables.ts): the client is the real @forge/kvs, trusted for shape; what matters is validated where
    // it is used (the routes, the queries, the batches and transactions).
    files: ['local/kvs/sqlite-kvs.ts', 'local/kvs/tables.ts', 'local/kvs/queries.ts', 'local/kvs/multi-key.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // Tests read HTTP and JSON bodies as `any` (`await res.json()`, `JSON.parse`) and let `expect(...)` be the
    // check of their shape; typing every body first would add casts, not safety. Source code keeps these rules.
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
