import type { Customer } from './customer';
import { adminStatus } from './customer-admin';
import type { ImportFileError, ImportProblem, ImportRow } from './csv-import';

/**
 * What an import does with each valid row, decided from the row and the entry stored under its email:
 * none → new; a different name, language or (when the file has the column) portal administrator mark →
 * changed (only those: a username is how the customer logs in, so an import never renames one); otherwise
 * unchanged. Running the same file again therefore
 * plans nothing but "unchanged".
 */
export type PlannedRow =
  | { kind: 'new'; row: ImportRow }
  | { kind: 'changed'; row: ImportRow; existing: Customer; changes: Pick<Customer, 'displayName' | 'locale' | 'portalAdmin'> }
  | { kind: 'unchanged'; row: ImportRow; existing: Customer };

export function planImport(rows: readonly ImportRow[], existingByEmailKey: ReadonlyMap<string, Customer>): PlannedRow[] {
  return rows.map((row): PlannedRow => {
    const existing = existingByEmailKey.get(row.emailKey);
    if (!existing) return { kind: 'new', row };
    const markChanged = row.portalAdmin !== undefined && row.portalAdmin !== (existing.portalAdmin === true);
    if (existing.displayName === row.displayName && existing.locale === row.locale && !markChanged) return { kind: 'unchanged', row, existing };
    return { kind: 'changed', row, existing, changes: { displayName: row.displayName, locale: row.locale, ...(markChanged ? { portalAdmin: row.portalAdmin } : {}) } };
  });
}

export function countPlan(plan: readonly PlannedRow[]): Record<PlannedRow['kind'], number> {
  const counts = { new: 0, changed: 0, unchanged: 0 };
  for (const p of plan) counts[p.kind]++;
  return counts;
}

/** An entry an import created without sending its invitation: "send invitations" on a later run finishes it. */
export function awaitsFirstInvitation(c: Customer): boolean {
  return adminStatus(c, 0) === 'not-invited';
}

/** One parsed, valid CSV row as the preview hands it on and the UI sends it back in chunks. */
export interface ImportRowInput {
  line: number;
  email: string;
  name: string;
  username: string;
  locale: string;
  /** Column `portal_admin`; absent when the file has no such column (an existing customer's mark is kept). */
  portalAdmin?: boolean;
}

/**
 * What the preview reports, whichever way its valid rows travel (`Row`: the flow's ImportRowInput, the admin
 * page's compact tuples).
 */
export type ImportPreviewOf<Row> =
  | { ok: false; fileError: ImportFileError }
  | {
      ok: true;
      total: number;
      new: number;
      changed: number;
      unchanged: number;
      invalid: number;
      /** Rows with problems (at most 1,000 listed; `invalid` counts all). */
      problems: ImportProblem[];
      /** The valid rows, sorted by email, for the import calls. */
      rows: Row[];
    };

/** What one chunk of an import did. */
export interface ImportChunkResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not written: problems found on the server, a username in use, or a conflicting change. */
  failed: { line: number; reason: string }[];
  invited: number;
  /** Invitations not sent because the per-account limit was reached. */
  inviteSkipped: number;
  inviteFailed: number;
}
