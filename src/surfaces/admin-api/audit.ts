/** Section: Audit log (filters, pagination, CSV export). */
import { AUDIT_KINDS, type AuditKind } from '../../domain/audit';
import { adminCall } from './common';

/** The kinds the app writes (../../domain/audit: one list; the UI names each). The filter also takes kinds added later. */
export { AUDIT_KINDS };
/** Every kind the UI has words for (all of them: the list is the domain's own). */
export type KnownAuditKind = AuditKind;

/** Category filters: every kind that starts with the prefix. */
export const AUDIT_CATEGORIES = ['reset.', 'password.', 'email.', 'login.', 'invite.', 'customer.', 'twostep.', 'passkey.'] as const;

/** Who the filter `actor` may name besides an Atlassian account id. */
export const AUDIT_ROLES = ['system', 'customer', 'anonymous'] as const;

/** Bounds the backend enforces (the UI keeps within them). */
export const AUDIT_LIMITS = { filter: 200, cursor: 2000, page: 50, exportChunk: 200 } as const;

export interface AuditFilter {
  /** Email, username or customer id ('' or absent: everyone). */
  customer?: string;
  /** An Atlassian account id, or 'system' / 'customer' / 'anonymous'. */
  actor?: string;
  /** One kind ('email.sent') or a category prefix ending in a dot ('email.'). */
  kind?: string;
}

export interface AuditPagePayload extends AuditFilter {
  cursor?: string;
}

export type AuditActor =
  | { role: 'system' | 'customer' | 'anonymous' }
  /** `api`: the provisioning API (issue 12), `name` the key's name. */
  | { role: 'agent' | 'admin' | 'person' | 'api'; accountId: string; name: string | null };

export interface AuditEntry {
  id: string;
  /** Seconds since the epoch. */
  at: number;
  kind: string;
  /** null: the customer no longer exists (or never did, e.g. an admin's test email). */
  customer: { id: string; displayName: string; email: string } | null;
  actor: AuditActor;
  /** What the event recorded (template, attempt, reason, …), without who did it. */
  detail: Record<string, string | number | boolean>;
}

export interface AuditPage {
  entries: AuditEntry[];
  /**
   * Where to go on; null when the log is exhausted. A page can hold fewer entries than the page size (even
   * none) and still have a cursor: each call scans a bounded part of the log.
   */
  cursor: string | null;
}

export interface AuditCsvChunk {
  /** CSV text; the first chunk (no cursor given) starts with the header row. */
  csv: string;
  rows: number;
  cursor: string | null;
}

export const AUDIT_CALLS = {
  'admin/audit': adminCall<AuditPagePayload, AuditPage>(),
  'admin/audit/export': adminCall<AuditPagePayload, AuditCsvChunk>(),
};
