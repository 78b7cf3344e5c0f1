import type { AdminSection } from './common';

/** Placeholder: this section's keys are defined here (see ../admin-api/templates.ts for the contract). */
export const templatesSection: AdminSection = () => undefined;
