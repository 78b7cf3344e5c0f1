/** One thing that happened to a customer's entry, as the audit log and the timeline keep it. */
export interface AuditEvent {
  id: string;
  customerId: string;
  at: number; // seconds
  kind: AuditKind;
  actor: string; // 'customer', 'system', 'anonymous' or a Jira account id
  detail: Record<string, string | number | boolean>;
}

/**
 * Every kind of audit event the app writes, in the order the admin's audit log offers them per category (the prefix
 * before the dot). The type is derived from it: this list is the one place a kind is added.
 */
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
  /** Issue 22: a sign-in code mailed, accepted, or refused (wrong, void, limit, locked, disabled, not registered). */
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
  /** Issue 24: a customer erased (under the opaque reference that replaced them; no personal detail). */
  'customer.erased',
  /** Issue 24: everything kept about a customer downloaded (by an admin, or by the customer). */
  'customer.exported',
  /** Issue 24: the Privacy API reported an Atlassian account closed; what the app kept of it is erased (filed under an opaque reference). */
  'account.closed',
  /** Issue 22: a passkey added, removed (by the customer or an admin), used to sign in, or refused (with the reason). */
  'passkey.added',
  'passkey.removed',
  'passkey.used',
  'passkey.refused',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
