import Resolver from '@forge/resolver';
import type { Deps } from '../flows/deps';
import { auditSection } from './admin/audit';
import { adminContext } from './admin/common';
import { deliverySection } from './admin/delivery';
import { directorySection } from './admin/directory';
import { overviewSection } from './admin/overview';
import { settingsSection } from './admin/settings';
import { ssoSection } from './admin/sso';
import { smsSection } from './admin/sms';
import { templatesSection } from './admin/templates';
import { apiKeysSection } from './admin/api-keys';
import { autoInviteSection } from './admin/auto-invite';
import { diagnosticsSection } from './admin/diagnostics';
import { privacySection } from './admin/privacy';

export { ADMIN_KEYS } from './admin-api';

/**
 * The admin page's resolver (module `admin-page`, function `admin`): one file per section under ./admin/.
 * Every key is defined through `AdminContext.define`, which asks Jira, as the calling user, for the global
 * ADMINISTER permission before anything is read or changed.
 */
export function adminResolver(deps: Deps) {
  const resolver = new Resolver();
  const admin = adminContext(deps, resolver);
  const sections = [deliverySection, templatesSection, settingsSection, directorySection, auditSection, ssoSection, smsSection, apiKeysSection,
    overviewSection, diagnosticsSection, privacySection, autoInviteSection];
  for (const section of sections) section(admin);
  return resolver.getDefinitions();
}
