import type { DerivedStatus } from '../domain/customer';
import type { MailLocaleEntry } from '../domain/settings';
import type { AuditKind } from '../domain/audit';

/**
 * The agent panel's contract, imported by the backend resolver and by the Custom UI (static/agent-panel):
 * resolver keys, payloads and answers. Every answer is an envelope with a stable error code the UI
 * translates; nothing here ever carries a password, hash or link token.
 */
export const AGENT_KEYS = ['agent/panel', 'agent/timeline', 'agent/invite', 'agent/resend-invite', 'agent/send-reset'] as const;
export type AgentKey = (typeof AGENT_KEYS)[number];

/** `not-invited`: the reporter is not in the directory; `unidentified`: Jira shares neither a linked account nor an email. */
export type PanelStatus = DerivedStatus | 'not-invited' | 'unidentified';

export interface PanelCustomer {
  displayName: string;
  email: string;
  username: string;
  locale: string;
  /** Seconds since the epoch; 0 = never. */
  invitedAt: number;
  inviteExpiresAt: number;
  activatedAt: number;
  passwordChangedAt: number;
  /** The last successful sign-in (help center or login page); 0 = never. */
  lastSignInAt: number;
  resetExpiresAt: number;
  lockedUntil: number;
  /** Marked by an admin as one of the customer's portal administrators. */
  portalAdmin: boolean;
  /**
   * Two-step verification: `on` (a method is enrolled), `required` (the policy requires it and none is
   * set up yet: enrolment at the next sign-in), `off` (none enrolled and not required, or the policy is off).
   * Read-only for agents.
   */
  twoStep: 'on' | 'required' | 'off';
  /** With `on`: the methods, the SMS number masked (`+49 ••• •••• 67`); never the number or a key. */
  twoStepMethods: { totp: boolean; sms: string | null };
  /** Issue 22: how many passkeys the customer holds (read-only; never a key or name). */
  passkeys: number;
}

export interface TimelineEntry {
  id: string;
  at: number;
  kind: AuditKind;
  /** 'customer', 'system', 'anonymous', or 'agent' (an agent's own account id is never sent to other agents' pages). */
  actor: 'customer' | 'system' | 'anonymous' | 'agent' | 'admin';
  /** Display name of the acting agent, when the actor was an agent. */
  actorName?: string;
  template?: string;
  reason?: string;
  /** For email events: which delivery attempt this was (1 = first). */
  attempt?: number;
  /** Done automatically (issue 12): by the provisioning API, a new requester's request, or an Automation rule. */
  via?: 'api' | 'request' | 'automation';
  /** With `via: 'request'`: the request that caused it (e.g. DEMO-12). */
  issueKey?: string;
}

export interface PanelData {
  issueKey: string;
  reporter: { displayName: string; email: string | null };
  status: PanelStatus;
  customer: PanelCustomer | null;
  timeline: { entries: TimelineEntry[]; cursor: string | null };
  /** Which actions the caller may take now. */
  actions: { invite: boolean; resendInvite: boolean; sendReset: boolean };
  invitesLeftToday: number;
  /** The provider reported a bounce or spam complaint for the customer's address (until a later mail is delivered). */
  deliveryWarning: { kind: 'bounced' | 'complained'; reason: string; at: number } | null;
  /** Email languages an admin added beyond en and de (offered in the invite form). */
  mailLocales: MailLocaleEntry[];
}

export type AgentErrorCode =
  | 'forbidden'
  | 'not-found'
  | 'invalid-input'
  | 'limit-reached'
  | 'wrong-state'
  | 'already-registered'
  /** The address is under an internal (staff) domain: staff use the internal self-service, no invitation. */
  | 'internal-address'
  | 'email-failed'
  /** Jira answered 5xx (or 429), did not answer in time, or could not be reached: try again in a moment. */
  | 'jira-unavailable'
  | 'internal';

/** Every code, once (a Record, so a new code does not compile until it is listed): the UI accepts exactly these. */
const AGENT_ERRORS: Record<AgentErrorCode, true> = {
  forbidden: true,
  'not-found': true,
  'invalid-input': true,
  'limit-reached': true,
  'wrong-state': true,
  'already-registered': true,
  'internal-address': true,
  'email-failed': true,
  'jira-unavailable': true,
  internal: true,
};
export const AGENT_ERROR_CODES = Object.keys(AGENT_ERRORS) as AgentErrorCode[];

export type AgentResult<T> = { ok: true; data: T } | { ok: false; error: AgentErrorCode; field?: string };

export interface InvitePayload {
  email: string;
  displayName: string;
  username?: string;
  /** en, de or an email language an admin added. */
  locale: string;
}

export interface TimelinePayload {
  cursor: string;
}

export type AgentAnswer = {
  'agent/panel': AgentResult<PanelData>;
  'agent/timeline': AgentResult<PanelData['timeline']>;
  'agent/invite': AgentResult<PanelData>;
  'agent/resend-invite': AgentResult<PanelData>;
  'agent/send-reset': AgentResult<PanelData>;
};
