import { createHash } from 'node:crypto';
import type { DeskProject } from './jira-servicedesk';

/**
 * The local Jira site's people and data (local/jira-emulator.ts): the personas and their access, the app's own
 * account, the licensed partner, the two service desk projects and the demo requests with their reporters.
 */

export const PERSONAS = ['anonymous', 'customer', 'agent', 'other-agent', 'admin'] as const;
export type Persona = (typeof PERSONAS)[number];
export const isPersona = (value: unknown): value is Persona => (PERSONAS as readonly unknown[]).includes(value);

export interface Account {
  accountId: string;
  accountType: 'atlassian' | 'app' | 'customer';
  displayName: string;
  /** undefined: hidden by the user's profile visibility (the field is then omitted). */
  emailAddress?: string;
  active: boolean;
  timeZone: string;
  locale: string;
}

export interface PersonaAccess {
  account: Account;
  /** Project keys the persona is a service desk agent of (BROWSE_PROJECTS + SERVICEDESK_AGENT there). */
  agentOf: string[];
  /** Jira administrator (ADMINISTER global permission); here also browse on every project. */
  admin: boolean;
  /** Browse issues through the platform REST API at all (false for a portal customer). */
  browsesIssues: boolean;
}

export const TZ = 'Europe/Berlin';

/** Persona → Jira account and access; 'anonymous' has none. */
export const PERSONA_ACCOUNTS: Record<Exclude<Persona, 'anonymous'>, PersonaAccess> = {
  customer: {
    account: { accountId: '5b10ac8d82e05b22cc7d4ef1', accountType: 'atlassian', displayName: 'Jane Doe', emailAddress: 'jane.doe@example.com', active: true, timeZone: TZ, locale: 'en_US' },
    agentOf: [],
    admin: false,
    browsesIssues: false,
  },
  agent: {
    account: { accountId: '5b10ac8d82e05b22cc7d4ea1', accountType: 'atlassian', displayName: 'Alex Agent', emailAddress: 'alex.agent@demo-company.example', active: true, timeZone: TZ, locale: 'en_US' },
    agentOf: ['DEMO'],
    admin: false,
    browsesIssues: true,
  },
  'other-agent': {
    account: { accountId: '5b10ac8d82e05b22cc7d4ea2', accountType: 'atlassian', displayName: 'Olga Other', emailAddress: 'olga.other@demo-company.example', active: true, timeZone: TZ, locale: 'de_DE' },
    agentOf: ['OTHER'],
    admin: false,
    browsesIssues: true,
  },
  admin: {
    account: { accountId: '5b10ac8d82e05b22cc7d4ead', accountType: 'atlassian', displayName: 'Ada Admin', emailAddress: 'ada.admin@demo-company.example', active: true, timeZone: TZ, locale: 'en_US' },
    agentOf: [],
    admin: true,
    browsesIssues: true,
  },
};

/** The app itself (asApp()): sees everything, holds none of the three permissions. */
export const APP: PersonaAccess = {
  account: { accountId: '557058:00000000-0000-4000-8000-0000000a99a0', accountType: 'app', displayName: 'Portal Access', active: true, timeZone: TZ, locale: 'en_US' },
  agentOf: [],
  admin: false,
  browsesIssues: true,
};

export const PROJECTS = {
  DEMO: { id: '10000', key: 'DEMO', name: 'Demo Service Desk', deskId: '1' },
  OTHER: { id: '10001', key: 'OTHER', name: 'Other Service Desk', deskId: '2' },
} as const;
export type ProjectKey = keyof typeof PROJECTS;
export const isProjectKey = (key: string): key is ProjectKey => Object.prototype.hasOwnProperty.call(PROJECTS, key);
/** Every project is a service desk here (GET /rest/servicedeskapi/servicedesk lists them all). */
export const SERVICE_DESKS: readonly DeskProject[] = Object.values(PROJECTS);

/**
 * A licensed Jira user who is neither an agent nor staff (a partner agency's developer, on no internal
 * domain): raising a request as her must not invite her to the portal (issue 12).
 */
export const LICENSED_PARTNER: Account = { accountId: '5b10ac8d82e05b22cc7d4eb1', accountType: 'atlassian', displayName: 'Pat Partner', emailAddress: 'pat.partner@partner-agency.example', active: true, timeZone: TZ, locale: 'en_US' };

export const portalCustomerAccount = (accountId: string, displayName: string, emailAddress?: string): Account => ({
  accountId,
  accountType: 'customer',
  displayName,
  ...(emailAddress ? { emailAddress } : {}),
  active: true,
  timeZone: TZ,
  locale: 'en_US',
});
export const JANE = PERSONA_ACCOUNTS.customer.account;

export interface DemoIssue {
  id: string;
  key: string;
  project: ProjectKey;
  summary: string;
  reporter: Account;
  /** Raised on the host (issue 12): when, on the host clock. */
  createdMs?: number;
}

export const ISSUES: DemoIssue[] = [
  { id: '10001', key: 'DEMO-1', project: 'DEMO', summary: 'Cannot finish my registration', reporter: portalCustomerAccount('5b10ac8d82e05b22cc7d4e01', 'Tom Invited', 'tom.invited@example.com') },
  { id: '10002', key: 'DEMO-2', project: 'DEMO', summary: 'Forgot my password', reporter: JANE },
  { id: '10003', key: 'DEMO-3', project: 'DEMO', summary: 'Einladungslink funktioniert nicht mehr', reporter: portalCustomerAccount('5b10ac8d82e05b22cc7d4e03', 'Ines Abgelaufen', 'ines.abgelaufen@example.de') },
  { id: '10004', key: 'DEMO-4', project: 'DEMO', summary: 'My account is locked', reporter: portalCustomerAccount('5b10ac8d82e05b22cc7d4e04', 'Larry Locked', 'larry.locked@example.com') },
  { id: '10005', key: 'DEMO-5', project: 'DEMO', summary: 'Zugang zum Portal', reporter: portalCustomerAccount('5b10ac8d82e05b22cc7d4e05', 'Nora Neu', 'nora.neu@example.com') },
  { id: '10006', key: 'DEMO-6', project: 'DEMO', summary: 'Passwort ändern', reporter: portalCustomerAccount('5b10ac8d82e05b22cc7d4e06', 'Erika Mustermann', 'erika.mustermann@example.de') },
  { id: '10007', key: 'DEMO-7', project: 'DEMO', summary: 'Why can I not log in?', reporter: portalCustomerAccount('5b10ac8d82e05b22cc7d4e07', 'Dana Disabled', 'dana.disabled@example.com') },
  { id: '10008', key: 'DEMO-8', project: 'DEMO', summary: 'Reset link never arrived', reporter: portalCustomerAccount('5b10ac8d82e05b22cc7d4e08', 'Hidden Email') },
  { id: '10101', key: 'OTHER-1', project: 'OTHER', summary: 'Question about an invoice', reporter: JANE },
];

/** For the host's index page. `reporterEmail` is null when Jira hides it. */
export const DEMO_ISSUES: { id: string; key: string; summary: string; reporterDisplayName: string; reporterEmail: string | null }[] = ISSUES.map((i) => ({
  id: i.id,
  key: i.key,
  summary: i.summary,
  reporterDisplayName: i.reporter.displayName,
  reporterEmail: i.reporter.emailAddress ?? null,
}));

/** A stable portal-only account id for an address: 'qm:' and a UUID-shaped hash, like Atlassian's portal-only ids. */
export function portalAccountId(emailKey: string): string {
  const h = createHash('sha256').update(`portal-customer:${emailKey}`).digest('hex');
  return `qm:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}:${h.slice(32, 40)}`;
}
