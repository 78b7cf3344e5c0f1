/** Section: Customer directory (list, actions, CSV import and export, bulk resend of expired invitations). */
import type { ListGroup } from '../../domain/customer-admin';
import type { ImportFileError, ImportProblem } from '../../domain/csv-import';
import type { ImportChunkResult, ImportPreviewOf, ImportRowInput } from '../../domain/import-plan';
import { adminCall, keysOf } from './common';

export const DIRECTORY_CALLS = {
  'admin/customers/list': adminCall<CustomerListPayload, CustomerPage>(),
  'admin/customers/invite': adminCall<CustomerInvitePayload, CustomerRow>(),
  'admin/customers/action': adminCall<CustomerActionPayload, CustomerRow>(),
  'admin/customers/import-preview': adminCall<{ csv: string; /** For rows without a language. */ defaultLocale: 'en' | 'de' }, ImportPreview>(),
  'admin/customers/import-run': adminCall<ImportRunPayload, ImportRunResult>(),
  'admin/customers/export': adminCall<ExportPayload, ExportChunk>(),
  'admin/customers/resend-expired': adminCall<ResendExpiredPayload, ResendExpiredResult>(),
};
export const DIRECTORY_KEYS = keysOf(DIRECTORY_CALLS);

export const CUSTOMER_STATUSES = ['not-invited', 'invited', 'invite-expired', 'active', 'reset-pending', 'locked', 'disabled'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
/**
 * Filters of the list beyond one status, each the exact set behind a figure of the Overview: every registered
 * entry (locked and "reset link sent" included), invitations expiring within 48 hours, addresses with a
 * delivery problem (src/domain/customer-admin.ts, `inListGroup`).
 */
export const CUSTOMER_GROUPS = ['registered', 'invite-expiring', 'delivery-problem'] as const satisfies readonly ListGroup[];
export type CustomerGroup = (typeof CUSTOMER_GROUPS)[number];
/** What the list's "Status" filter (and `#customers?status=…`) accepts besides `all`. */
export const CUSTOMER_FILTERS = [...CUSTOMER_STATUSES, ...CUSTOMER_GROUPS] as const;
export type CustomerFilter = CustomerStatus | CustomerGroup;
/**
 * `mark-admin` / `unmark-admin`: the portal administrator mark (two-step policy "admins"), audited as
 * `customer.updated` with detail `portalAdmin`. `reset-two-step`: removes the customer's enrolled
 * second-factor methods and their secrets (only when one is enrolled), audited as `twostep.reset`.
 * `remove-passkeys` (issue 22): removes all of the customer's passkeys, audited as `passkey.removed`, mailed.
 */
export const CUSTOMER_ACTIONS = ['unlock', 'disable', 'enable', 'send-reset', 'resend-invite', 'mark-admin', 'unmark-admin', 'reset-two-step', 'remove-passkeys'] as const;
export type CustomerAction = (typeof CUSTOMER_ACTIONS)[number];

/** Bounds the backend enforces (the UI keeps within them). */
export const DIRECTORY_LIMITS = {
  page: 50,
  search: 254,
  cursor: 2000,
  /** The CSV text for a preview: the payload, and the answer carrying the valid rows back, stay under Forge's 5 MB. */
  csvChars: 3 * 1024 * 1024,
  /** Parsed rows per import call; with invitations fewer, since every invitation is a mail sent in the call. */
  importChunk: 500,
  importChunkWithInvites: 50,
  /** Expired invitations resent per call (each one is a mail). */
  /** Each resend may wait on the provider (HTTP): 10 keep a call well inside the 25 s resolver limit. */
  resendChunk: 10,
} as const;

export interface CustomerRow {
  id: string;
  email: string;
  username: string;
  displayName: string;
  locale: string;
  status: CustomerStatus;
  invitedAt: number;
  /** Seconds; 0 when there is no invitation link. */
  inviteExpiresAt: number;
  lockedUntil: number;
  updatedAt: number;
  /** Marked as one of the customer's portal administrators. */
  portalAdmin: boolean;
  /** A second-factor method is enrolled (authenticator app). */
  twoStep: boolean;
  /** Which row actions fit the state (the server checks again). */
  actions: Record<CustomerAction, boolean>;
}

export interface CustomerListPayload {
  status?: CustomerFilter | 'all';
  /** Prefix of the email address or the username (see `searchBy`), case-insensitive. */
  search?: string;
  searchBy?: 'email' | 'username';
  cursor?: string;
}
export interface CustomerPage {
  customers: CustomerRow[];
  cursor: string | null;
}

export interface CustomerInvitePayload {
  email: string;
  displayName: string;
  username?: string;
  /** en, de or an email language added under Email templates. */
  locale: string;
  /** Mark the new customer as a portal administrator (default false). */
  portalAdmin?: boolean;
}

export interface CustomerActionPayload {
  id: string;
  action: CustomerAction;
}

/** `portalAdmin` is left out when the file has no `portal_admin` column. */
export type ImportRowTuple = [line: number, email: string, name: string, username: string, locale: string, portalAdmin?: boolean];

export const rowOfTuple = ([line, email, name, username, locale, portalAdmin]: ImportRowTuple): ImportRowInput => ({
  line,
  email,
  name,
  username,
  locale,
  ...(portalAdmin === undefined ? {} : { portalAdmin }),
});

export const tupleOfRow = (r: ImportRowInput): ImportRowTuple =>
  r.portalAdmin === undefined ? [r.line, r.email, r.name, r.username, r.locale] : [r.line, r.email, r.name, r.username, r.locale, r.portalAdmin];

export type { ImportFileError, ImportProblem };

/** The valid rows travel as compact tuples: [line, email, name, username, locale, portalAdmin?]. */
export type ImportPreview = ImportPreviewOf<ImportRowTuple>;

export interface ImportRunPayload {
  rows: ImportRowInput[];
  /** Send invitations to customers created by this import (and to earlier imported ones never invited). */
  invite: boolean;
}

export type ImportRunResult = ImportChunkResult;
export type { ImportRowInput };

export interface ExportPayload {
  cursor?: string;
}
export interface ExportChunk {
  /** CSV text (the first chunk starts with the header line); concatenate the chunks in order. */
  csv: string;
  count: number;
  cursor: string | null;
}

export interface ResendExpiredPayload {
  cursor?: string;
}
export interface ResendExpiredResult {
  resent: number;
  skippedLimit: number;
  failed: number;
  /** Expired invitations found so far that are still to do (first call only: how many there are). */
  total?: number;
  cursor: string | null;
}
