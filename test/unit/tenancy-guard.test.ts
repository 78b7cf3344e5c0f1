import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tenancyRule = require('../../scripts/tenancy-lint.cjs') as Linter.RuleEntry;

/**
 * The guard against module-level tenant state in src/ (issue 20, docs/tenancy.md): the lint rule `npm test`
 * runs on src/ flags each way a module keeps state across invocations, and leaves constants and the
 * sanctioned PerInstallation alone.
 */
const linter = new Linter({ configType: 'flat' });
const flagged = (code: string) =>
  linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-syntax': tenancyRule } }], 'src/forge/example.ts').map((m) => m.line);

describe('the tenancy lint rule', () => {
  it.each([
    ['a module-level let', 'let cached: string | undefined;'],
    ['an exported let', 'export let current = 0;'],
    ['an empty Map', 'const cache = new Map<string, string>();'],
    ['an empty Set', 'export const seen = new Set<string>();'],
    ['a module-level instance', "const store = new SettingsStore(clock);"],
    ['an empty object', 'const byKey: Record<string, string> = {};'],
    ['an empty array', 'const queue: string[] = [];'],
    ['a container inside an object', 'const state = { cache: new Map() };'],
    ['a static field', 'class A { static cache = new Map(); }'],
  ])('flags %s', (_what, code) => {
    expect([...new Set(flagged(code))]).toEqual([1]);
  });

  it.each([
    ['a constant', "const CACHE_MS = 10_000;"],
    ['a lookup table', 'const CODES = new Set([300, 406]);'],
    ['a derived table', 'const BY_CODE = new Map(SERIES.map((s) => [s.code, s]));'],
    ['state per installation', 'const state = new PerInstallation(() => ({ n: 0 }));'],
    ['instance state', 'class Store { private cached?: string; private readonly cache = new Map(); }'],
    ['state inside a function', 'function f() { let n = 0; const m = new Map(); return [n, m]; }'],
  ])('leaves %s alone', (_what, code) => {
    expect(flagged(code)).toEqual([]);
  });
});
