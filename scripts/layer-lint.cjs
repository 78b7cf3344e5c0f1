// The layers (issue 21, docs/architecture.md "The layers"): flat-config blocks for eslint.config.mjs, shared with
// test/unit/layer-lint.test.ts (which proves each arrow up is flagged and each allowed import is not).
// An import may point down, never up: each folder of src/ names the folders of src/ (relative imports) and the
// packages it must not import, so `npm test`'s lint fails on a new arrow up. A file `depth` folders below src/<folder>/ reaches src/ with depth + 1 `../` (so src/domain/saml/ is not
// mistaken for src/saml/); the patterns are made per depth.
const FORGE_PACKAGES = { regex: '^@forge/', message: 'Only src/forge/ (the adapters) and the surfaces\' entry points talk to the platform (docs/architecture.md).' };
function layer(folder, folders, why, extra = []) {
  return [0, 1, 2, 3].map((depth) => ({
    files: [`src/${folder}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: `^${'\\.\\./'.repeat(depth + 1)}(${folders.join('|')})(/|$)`, message: why }, ...extra] }],
    },
  }));
}
// Flows may use these forge/ modules: no I/O of their own (key and secret names; the claim algorithm over a
// store's conditioned write; state kept per installation). Everything else they reach through the ports.
const FLOWS_MAY_USE_FROM_FORGE = ['kvs-keys', 'claim', 'installation'];
// A surface gets its adapters from app.ts (through Deps); it never builds one (`new Kvs…`, `new Forge…`).
const NO_ADAPTER_BUILT_HERE = {
  selector: 'NewExpression[callee.name=/^(Kvs|Forge)[A-Z]/]',
  message: 'Adapters are built in src/app.ts (forgeDeps) and reach flows and surfaces through Deps (docs/architecture.md).',
};

/** The blocks, given the tenancy rule's options (the no-adapter selector joins them: one `no-restricted-syntax` per file). */
module.exports = (tenancyRule) => [
  ...layer('domain', ['flows', 'forge', 'surfaces', 'mail', 'saml', 'crypto', 'ports', 'app', 'index'],
    'domain/ is pure rules: it imports only domain/ and i18n/ (docs/architecture.md).', [FORGE_PACKAGES]),
  ...layer('i18n', ['flows', 'forge', 'surfaces', 'mail', 'saml', 'crypto', 'ports', 'app', 'index'],
    'i18n/ holds the sentences: it imports only i18n/ and domain/ (docs/architecture.md).', [FORGE_PACKAGES]),
  ...['mail', 'saml', 'crypto'].flatMap((folder) => layer(folder, ['flows', 'forge', 'surfaces', 'ports', 'app', 'index'],
    'mail/, saml/ and crypto/ wrap their libraries for the layers above; they import only domain/, i18n/ and each other (docs/architecture.md).', [FORGE_PACKAGES])),
  ...layer('ports', ['flows', 'forge', 'surfaces', 'mail', 'saml', 'crypto', 'app', 'index'], 'ports/ are interfaces over domain/ types only (docs/architecture.md).', [FORGE_PACKAGES]),
  ...layer('flows', ['surfaces', 'app', 'index'], 'flows/ are use cases: they never import a surface or the wiring (docs/architecture.md).', [
    FORGE_PACKAGES,
    {
      regex: `^(\\.\\./)+forge/(?!(${FLOWS_MAY_USE_FROM_FORGE.join('|')})$)`,
      message: `flows/ reach the adapters through the ports (Deps); of forge/ they use only ${FLOWS_MAY_USE_FROM_FORGE.join(', ')} (docs/architecture.md).`,
    },
  ]),
  ...layer('forge', ['flows', 'surfaces', 'app', 'index'], 'forge/ adapters implement the ports: they never import a flow or a surface (docs/architecture.md).'),
  ...layer('surfaces', ['app', 'index'], 'surfaces/ get their adapters from app.ts: they never import the wiring (docs/architecture.md).', [
    { regex: '^@forge/kvs$', message: 'surfaces/ reach storage through the ports (Deps), never @forge/kvs itself (docs/architecture.md).' },
  ]),
  {
    files: ['src/flows/**/*.ts', 'src/surfaces/**/*.ts'],
    rules: {
      'no-restricted-syntax': [...tenancyRule, NO_ADAPTER_BUILT_HERE],
    },
  },
];
