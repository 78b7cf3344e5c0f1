import * as z from 'zod';
import { isPlausibleEmail } from './identifier';
import { isInternalAddress } from './internal-domain';

/**
 * "Invite new requesters automatically" (issue 12): per service desk project, a request raised by someone
 * the directory does not know yet creates their entry and sends the invitation. Pure rules: which projects,
 * what the product event must look like, and who qualifies.
 */

/** The stored setting: the keys of the service desk projects where it is on (none by default). */
export interface AutoInviteSettings {
  projects: string[];
}

export const DEFAULT_AUTO_INVITE: AutoInviteSettings = { projects: [] };

/** Jira project keys: an upper-case letter, then letters, digits or underscores (Jira's default pattern). */
export const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
export const AUTO_INVITE_MAX_PROJECTS = 500;

export const autoInviteSchema = z.object({
  projects: z
    .array(z.string().regex(PROJECT_KEY))
    .max(AUTO_INVITE_MAX_PROJECTS)
    .refine((keys) => new Set(keys).size === keys.length, 'duplicate'),
});

export function autoInviteOn(settings: AutoInviteSettings, projectKey: string): boolean {
  return settings.projects.includes(projectKey);
}

/** The setting with one project turned on or off (sorted, without duplicates). */
export function withProject(settings: AutoInviteSettings, projectKey: string, on: boolean): AutoInviteSettings {
  const rest = settings.projects.filter((k) => k !== projectKey);
  return { projects: (on ? [...rest, projectKey] : rest).sort() };
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-\d{1,10}$/;
const ACCOUNT_ID = /^[\w:-]{1,128}$/;

/**
 * The part of the `avi:jira:created:issue` payload the app reads
 * (https://developer.atlassian.com/platform/forge/events-reference/jira/): `issue.id`, `issue.key`,
 * `issue.fields.project.key` and `issue.fields.reporter.accountId` (the payload's users carry only an
 * accountId). Everything else is ignored; a payload without these is not acted on.
 */
const createdIssueEvent = z.object({
  eventType: z.literal('avi:jira:created:issue').optional(),
  issue: z.object({
    id: z.string().regex(/^\d{1,18}$/),
    key: z.string().regex(ISSUE_KEY),
    fields: z.object({
      project: z.object({ key: z.string().regex(PROJECT_KEY) }),
      reporter: z.object({ accountId: z.string().regex(ACCOUNT_ID) }).nullish(),
    }),
  }),
});

export interface CreatedRequest {
  issueId: string;
  issueKey: string;
  projectKey: string;
  /** Undefined when the issue has no reporter (e.g. created by an integration without one). */
  reporterAccountId?: string;
}

export function parseCreatedRequest(event: unknown): CreatedRequest | undefined {
  const parsed = createdIssueEvent.safeParse(event);
  if (!parsed.success) return undefined;
  const { issue } = parsed.data;
  return { issueId: issue.id, issueKey: issue.key, projectKey: issue.fields.project.key, reporterAccountId: issue.fields.reporter?.accountId };
}

/** What Jira says about the reporter, asked as the app. */
export interface ReporterFacts {
  accountId: string;
  /** 'customer' = a portal-only customer; 'atlassian' = an Atlassian account (a licensed user or not); 'app'. */
  accountType: string;
  displayName: string;
  /** Null when Jira hides it (profile visibility) in every answer the app asked for. */
  email: string | null;
}

export type SkipReason =
  /** The setting is off for the request's project. */
  | 'not-enabled'
  | 'no-reporter'
  /** The reporter's account or address is in the directory already (invited, active or disabled). */
  | 'in-directory'
  /** An Atlassian account (a licensed Jira user or an Atlassian-account customer) or an app, not portal-only. */
  | 'not-portal-customer'
  | 'no-email'
  | 'internal-address'
  /** The same request's event was handled already (delivered twice or late). */
  | 'duplicate-event';

/**
 * Who qualifies, once the project is on and the reporter's account is not linked to an entry: a portal-only
 * customer (accountType 'customer') with a usable address outside the internal domains. The directory
 * lookup by address (`inDirectory`) comes from the caller.
 */
export function reporterQualifies(
  reporter: ReporterFacts,
  internalDomains: readonly string[],
): { ok: true; email: string } | { ok: false; reason: SkipReason } {
  if (reporter.accountType !== 'customer') return { ok: false, reason: 'not-portal-customer' };
  const email = reporter.email?.trim() ?? '';
  if (!email || !isPlausibleEmail(email)) return { ok: false, reason: 'no-email' };
  if (isInternalAddress(email, internalDomains)) return { ok: false, reason: 'internal-address' };
  return { ok: true, email };
}

/**
 * The display name for the new entry: Jira's, without control characters and angle brackets (it lands in
 * mail headers and templates); the address's local part when Jira has none.
 */
export function entryDisplayName(reporter: ReporterFacts, email: string): string {
  const cleaned = reporter.displayName.replace(/[\p{Cc}<>]/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return cleaned || email.slice(0, email.indexOf('@'));
}

/** How long a handled request's event is remembered (a redelivery later than this is handled again, harmlessly). */
export const EVENT_MEMORY_SEC = 30 * 86_400;
