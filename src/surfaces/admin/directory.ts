import type { AdminSection } from './common';

/** Placeholder: this section's keys are defined here (see ../admin-api/directory.ts for the contract). */
export const directorySection: AdminSection = () => undefined;
