import { adminStatus } from '../domain/customer-admin';
import type { Customer } from '../domain/customer';
import type { AuditEvent } from '../domain/audit';
import { actorOf, type Actor } from './actor';
import { auditEvent, nowSec, type Deps } from './deps';

/**
 * "Download data" (issue 24, GDPR Art. 15 and 20): everything the app holds about one customer, as JSON, for
 * an admin (Customers section) or the customer themselves (profile panel). Secrets are never in it: the
 * password, authenticator key and recovery codes appear as "present", the phone number masked as the
 * customer saw it when adding it. The customer's own copy names agents and admins by role only (their
 * account ids and names are other people's data). The download itself is audited (`customer.exported`).
 */
export const CUSTOMER_DATA_FORMAT = 'portal-access/customer-data/v1';
/** Audit pages (100 events each) one download reads; past it `truncated` says so. */
const MAX_AUDIT_PAGES = 20;

export type Audience = 'admin' | 'customer';

export interface CustomerDataEvent {
  at: string;
  kind: string;
  actor: string;
  detail: AuditEvent['detail'];
}

export interface CustomerData {
  format: typeof CUSTOMER_DATA_FORMAT;
  generatedAt: string;
  entry: Record<string, string | number | boolean | null>;
  factors: { password: 'present' | 'absent'; authenticatorApp: 'present' | 'absent'; sms: 'present' | 'absent'; smsNumberMasked: string | null; recoveryCodes: 'present' | 'absent'; recoveryCodesLeft: number };
  /** Issue 22: each passkey as kept (its public key included: it is the customer's data and no secret). */
  passkeys: { id: string; name: string; createdAt: string | null; lastUsedAt: string | null; signCounter: number; transports: string[]; publicKey: string }[];
  pendingLink: { purpose: string; expiresAt: string } | null;
  deliveryIssue: { kind: string; at: string } | null;
  signIns: CustomerDataEvent[];
  mails: CustomerDataEvent[];
  activity: CustomerDataEvent[];
  truncated: boolean;
}

const iso = (sec: number | undefined) => (sec ? new Date(sec * 1000).toISOString() : null);
const ROLE_ACTORS = new Set(['customer', 'system', 'anonymous', 'api']);

function eventFor(e: AuditEvent, audience: Audience): CustomerDataEvent {
  if (audience === 'admin' || ROLE_ACTORS.has(e.actor)) return { at: new Date(e.at * 1000).toISOString(), kind: e.kind, actor: e.actor, detail: e.detail };
  const { actorName: _name, ...detail } = e.detail;
  return { at: new Date(e.at * 1000).toISOString(), kind: e.kind, actor: typeof e.detail.actorRole === 'string' ? e.detail.actorRole : 'staff', detail };
}

export function customerData(c: Customer, events: AuditEvent[], truncated: boolean, audience: Audience, now: number): CustomerData {
  const list = events.map((e) => eventFor(e, audience));
  const two = c.twoStep;
  return {
    format: CUSTOMER_DATA_FORMAT,
    generatedAt: new Date(now * 1000).toISOString(),
    entry: {
      id: c.id,
      email: c.email,
      username: c.username,
      displayName: c.displayName,
      locale: c.locale || null,
      atlassianAccountId: c.accountId || null,
      status: adminStatus(c, now),
      externalId: c.externalId ?? null,
      provisionedBy: c.provisionedBy ?? null,
      portalAdmin: c.portalAdmin === true,
      createdAt: iso(c.createdAt),
      invitedAt: iso(c.invitedAt),
      activatedAt: iso(c.activatedAt),
      passwordChangedAt: iso(c.passwordChangedAt),
      lastSignInAt: iso(c.lastSignInAt),
      lockedUntil: iso(c.lockedUntil),
      failedSignInsInARow: c.failedLogins,
    },
    factors: {
      password: c.passwordRef ? 'present' : 'absent',
      authenticatorApp: two?.totp ? 'present' : 'absent',
      sms: two?.sms ? 'present' : 'absent',
      smsNumberMasked: two?.sms?.masked ?? null,
      recoveryCodes: two?.recovery ? 'present' : 'absent',
      recoveryCodesLeft: two?.recovery ? two.recovery.total - two.recovery.used.length : 0,
    },
    passkeys: (c.passkeys ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      createdAt: iso(p.createdAt),
      lastUsedAt: iso(p.lastUsedAt),
      signCounter: p.counter,
      transports: p.transports,
      publicKey: p.publicKey,
    })),
    pendingLink: c.link ? { purpose: c.link.purpose, expiresAt: new Date(c.link.expiresAt * 1000).toISOString() } : null,
    deliveryIssue: c.deliveryIssue ? { kind: c.deliveryIssue.kind, at: new Date(c.deliveryIssue.at * 1000).toISOString() } : null,
    signIns: list.filter((e) => e.kind.startsWith('login.') || e.kind.startsWith('twostep.') || e.kind.startsWith('passkey.')),
    mails: list.filter((e) => e.kind.startsWith('email.') || e.kind.startsWith('sms.')),
    activity: list,
    truncated,
  };
}

/** Reads the customer's whole trail (newest first, bounded), audits the download, answers the document. */
export async function downloadCustomerData(deps: Deps, customer: Customer, actor: Actor, audience: Audience): Promise<CustomerData> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await deps.directory.listAudit(customer.id, 100, cursor);
    events.push(...page.events);
    cursor = page.cursor;
    pages += 1;
  } while (cursor && pages < MAX_AUDIT_PAGES);
  const who = actorOf(actor);
  await deps.directory.appendAudit([auditEvent(deps, customer.id, 'customer.exported', who.actor, who.detail)]);
  return customerData(customer, events, cursor !== undefined, audience, nowSec(deps));
}
