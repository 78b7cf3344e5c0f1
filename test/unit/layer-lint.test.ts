import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tenancyRule = require('../../scripts/tenancy-lint.cjs') as unknown[];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const layerRules = require('../../scripts/layer-lint.cjs') as (tenancy: unknown[]) => Linter.Config[];

/**
 * The layers (issue 21, docs/architecture.md): the lint blocks eslint.config.mjs takes from scripts/layer-lint.cjs
 * flag an import that points up a layer and an adapter built outside app.ts, and leave the allowed arrows alone.
 */
const linter = new Linter({ configType: 'flat' });
const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerRules(tenancyRule)];
const findings = (file: string, code: string) => linter.verify(code, config, file).map((m) => m.ruleId);

describe('the layer lint rules', () => {
  it.each([
    ['domain → flows', 'src/domain/customer.ts', "import { x } from '../flows/deps';"],
    ['domain → ports', 'src/domain/erasure.ts', "import type { Directory } from '../ports/directory';"],
    ['domain (nested) → forge', 'src/domain/saml/keys.ts', "import { x } from '../../forge/idp-keys';"],
    ['domain → saml/ (the XML layer)', 'src/domain/overview/days.ts', "import { x } from '../../saml/sign';"],
    ['domain → @forge/kvs', 'src/domain/customer.ts', "import { kvs } from '@forge/kvs';"],
    ['flows → @forge/kvs', 'src/flows/overview.ts', "import { kvs } from '@forge/kvs';"],
    ['flows → a surface', 'src/flows/profile-two-step.ts', "import type { TwoStepView } from '../surfaces/profile-api';"],
    ['flows (nested) → an adapter', 'src/flows/sign-in/start.ts', "import { KvsDirectory } from '../../forge/directory';"],
    ['flows → app', 'src/flows/invite.ts', "import { forgeDeps } from '../app';"],
    ['forge → a flow', 'src/forge/sms/reports.ts', "import type { SmsDeliveryReport } from '../../flows/sms';"],
    ['forge → a surface', 'src/forge/outbox.ts', "import { x } from '../surfaces/jobs';"],
    ['mail → forge', 'src/mail/renderer.ts', "import { x } from '../forge/templates';"],
    ['saml → flows', 'src/saml/sign.ts', "import { x } from '../flows/deps';"],
    ['ports → forge', 'src/ports/sign-in.ts', "import type { KvsIdpKeys } from '../forge/idp-keys';"],
    ['ports (a family) → flows', 'src/ports/directory.ts', "import type { Deps } from '../flows/deps';"],
    ['surfaces → app', 'src/surfaces/admin/api-keys.ts', "import { forgeDeps } from '../../app';"],
    ['surfaces → @forge/kvs', 'src/surfaces/admin/delivery.ts', "import { kvs } from '@forge/kvs';"],
  ])('flags %s', (_what, file, code) => {
    expect(findings(file, code)).toEqual(['no-restricted-imports']);
  });

  it.each([
    ['a surface', 'src/surfaces/admin/api-keys.ts', 'function section() { return new KvsApiKeys(); }'],
    ['a flow', 'src/flows/overview.ts', 'function load() { return new ForgeServiceDesk(); }'],
  ])('flags an adapter built in %s', (_what, file, code) => {
    expect(findings(file, code)).toEqual(['no-restricted-syntax']);
  });

  it.each([
    ['domain → domain', 'src/domain/delivery.ts', "import { x } from './customer';"],
    ['domain → its own saml/ folder', 'src/domain/settings.ts', "import { x } from './saml/service-provider';"],
    ['domain (nested) → domain', 'src/domain/overview/items.ts', "import { x } from '../saml/keys';"],
    ['domain → i18n', 'src/domain/customer.ts', "import type { MailLocale } from '../i18n/locale';"],
    ['flows → domain, ports, mail, saml', 'src/flows/sign-in/respond.ts', "import { a } from '../../domain/customer';\nimport type { B } from '../../ports';\nimport { c } from '../../mail/renderer';\nimport { d } from '../../saml/sign';"],
    ['flows → the forge modules without I/O', 'src/flows/sms.ts', "import { a } from '../forge/kvs-keys';\nimport { b } from '../forge/claim';\nimport { c } from '../forge/installation';"],
    ['forge → @forge/kvs and ports', 'src/forge/directory.ts', "import { kvs } from '@forge/kvs';\nimport type { Directory } from '../ports';"],
    ['surfaces → flows, forge and the resolver', 'src/surfaces/jobs.ts', "import { a } from '../flows/deps';\nimport { b } from '../forge/kvs-keys';\nimport Resolver from '@forge/resolver';"],
    ['app.ts building adapters', 'src/app.ts', "import { KvsDirectory } from './forge/directory';\nexport function deps() { return new KvsDirectory(); }"],
  ])('leaves %s alone', (_what, file, code) => {
    expect(findings(file, code)).toEqual([]);
  });
});
