/** Section: Customer directory (list, actions, CSV import and export, bulk resend of expired invitations). */
import type { AdminResult } from './common';

export const DIRECTORY_KEYS = [] as const;

export type DirectoryAnswer = {};

export type DirectoryPayload = {};

// Placeholder so the import is used until the section's keys are added.
export type _DirectoryUnused = AdminResult<never>;
