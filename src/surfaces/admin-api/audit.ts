/** Section: Audit log (filters, pagination, CSV export). */
import type { AdminResult } from './common';

export const AUDIT_KEYS = [] as const;

export type AuditAnswer = {};

export type AuditPayload = {};

// Placeholder so the import is used until the section's keys are added.
export type _AuditUnused = AdminResult<never>;
