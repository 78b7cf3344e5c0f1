/** Section: Branding, security, customer-page help texts and internal domains. */
import type { AdminResult } from './common';

export const SETTINGS_KEYS = [] as const;

export type SettingsAnswer = {};

export type SettingsPayload = {};

// Placeholder so the import is used until the section's keys are added.
export type _SettingsUnused = AdminResult<never>;
