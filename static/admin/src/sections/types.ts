import type { Lang, Messages } from '../i18n';

/** What the shell hands every section: the language and the shared messages (nav, errors, loading…). */
export interface SectionProps {
  lang: Lang;
  t: Messages;
}

export const SECTION_IDS = ['overview', 'customers', 'templates', 'branding', 'security', 'customer-pages', 'sso', 'api-access', 'delivery', 'activity', 'audit', 'diagnostics'] as const;
export type SectionId = (typeof SECTION_IDS)[number];
