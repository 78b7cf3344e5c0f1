import type { AdminSection } from './common';

/** Placeholder: this section's keys are defined here (see ../admin-api/audit.ts for the contract). */
export const auditSection: AdminSection = () => undefined;
