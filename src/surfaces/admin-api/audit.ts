/** Section: Audit log (filters, pagination, CSV export). */
import type { AuditKind } from '../../domain/audit';
import { adminCall } from './common';

/** The kinds the app writes today (the UI names them); the filter also takes kinds added later. */
export const AUDIT_KINDS = [
  'reset.requested',
  'reset.throttled',
  'reset.refused',
  'password.changed',
  'email.sent',
  'email.retrying',
  'email.failed',
  'email.delivered',
  'email.bounced',
  'email.complained',
  'login.succeeded',
  'login.failed',
  'login.locked',
  'login.refused',
  'login.code-sent',
  'login.code-used',
  'login.code-refused',
  'invite.sent',
  'invite.resent',
  'invite.throttled',
  'invite.reminded',
  'invite.accepted',
  'customer.imported',
  'customer.updated',
  'customer.adopted',
  'customer.unlocked',
  'customer.disabled',
  'customer.enabled',
  'twostep.reset',
  'twostep.enrolled',
  'twostep.failed',
  'twostep.recovery-used',
  'twostep.removed',
  'twostep.recovery-created',
  'sms.sent',
  'sms.failed',
  'sms.delivered',
  'sms.undelivered',
  'customer.erased',
  'customer.exported',
  'account.closed',
  'passkey.added',
  'passkey.removed',
  'passkey.used',
  'passkey.refused',
] as const satisfies readonly AuditKind[];
export type KnownAuditKind = (typeof AUDIT_KINDS)[number];
/** Fails to compile when the app writes a kind this list (and so the UI's words for it) does not name. */
export const AUDIT_KINDS_COMPLETE: [Exclude<AuditKind, KnownAuditKind>] extends [never] ? true : never = true;

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
