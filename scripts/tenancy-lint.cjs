// The tenancy guard (issue 20, docs/tenancy.md): `no-restricted-syntax` options for src/, shared by
// eslint.config.mjs and test/unit/tenancy-guard.test.ts (which proves each selector catches what it names).
module.exports = [
        'error',
        ...['Program > VariableDeclaration', 'Program > ExportNamedDeclaration > VariableDeclaration'].flatMap((decl) => [
          { selector: `${decl}[kind!='const']`, message: 'Module-level let/var outlives the invocation and its tenant: keep it in a PerInstallation or a per-installation adapter (docs/tenancy.md).' },
          {
            selector: `${decl} > VariableDeclarator > NewExpression[arguments.length=0], ${decl} > VariableDeclarator > NewExpression:not([callee.name=/^(Map|Set|RegExp|PerInstallation)$/])`,
            message: 'A module-level object outlives the invocation and its tenant: build it per installation (forgeDeps) or keep it in a PerInstallation (docs/tenancy.md).',
          },
          {
            selector: `${decl} > VariableDeclarator > :matches(ObjectExpression[properties.length=0], ArrayExpression[elements.length=0]), ${decl} > VariableDeclarator > :matches(ObjectExpression, ArrayExpression) NewExpression[arguments.length=0]`,
            message: 'A module-level empty object, array or container is a cache shared by every tenant: use a PerInstallation (docs/tenancy.md).',
          },
        ]),
        { selector: 'ClassBody > PropertyDefinition[static=true][readonly!=true], ClassBody > PropertyDefinition[static=true] > NewExpression', message: 'A static field is module state shared by every tenant: keep it on the instance, which forgeDeps builds per installation (docs/tenancy.md).' },
      ];
