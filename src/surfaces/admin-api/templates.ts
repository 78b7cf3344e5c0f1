/** Section: Email templates (editor, preview, versions, test send). */
import type { AdminResult } from './common';

export const TEMPLATE_KEYS = [] as const;

export type TemplatesAnswer = {};

export type TemplatesPayload = {};

// Placeholder so the import is used until the section's keys are added.
export type _TemplatesUnused = AdminResult<never>;
