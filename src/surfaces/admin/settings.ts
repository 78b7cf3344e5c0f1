import type { AdminSection } from './common';

/** Placeholder: this section's keys are defined here (see ../admin-api/settings.ts for the contract). */
export const settingsSection: AdminSection = () => undefined;
