/**
 * Answers the three Jira Cloud REST v3 endpoints the app calls as the user, from demo data, with the
 * documented response shapes:
 *  - GET /rest/api/3/issue/{issueIdOrKey}?fields=…  (IssueBean: id, key, self, fields{summary, reporter, project})
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get
 *    404 "Issue does not exist or you do not have permission to see it." for a missing OR hidden issue.
 *  - GET /rest/api/3/mypermissions?issueId|issueKey=…&permissions=A,B  → {permissions:{KEY:{id,key,name,type,description,havePermission}}}
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
 *    (issueKey is "Ignored if issueId is provided"; 404 when the issue is not found or not visible).
 *    Without issueId/issueKey the answer is global: ADMINISTER (a GLOBAL permission) only for the `admin` persona
 *    (anonymous 401, like every call); project permissions say whether the user holds them in any project.
 *  - GET /rest/api/3/myself → User (accountId, accountType, emailAddress, displayName, active, timeZone, locale)
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get
 *  - GET /rest/api/3/serverInfo → ServerInformation (baseUrl, serverTime, serverTimeZone, …), also anonymously
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-server-info/#api-rest-api-3-serverinfo-get
 * Users: `emailAddress` is left out when the user's profile visibility hides it
 * (https://developer.atlassian.com/cloud/jira/platform/profile-visibility/).
 *
 * Visibility choices: anonymous → 401 everywhere. A JSM portal customer cannot read issues through the Jira
 * platform REST API (customers use the portal / servicedeskapi), so `customer` gets 404 for every issue, even
 * the ones they reported. Agents see their service desk's issues; the site admin sees everything but is no agent.
 * The app itself (provider 'app') sees everything and holds none of the three permissions.
 *
 * As the app it also answers what "invite new requesters automatically" asks (issue 12; shapes in
 * ./jira-servicedesk.ts): GET /rest/api/3/user?accountId= (Get user), GET /rest/servicedeskapi/servicedesk
 * (DEMO and OTHER) and GET /rest/servicedeskapi/request/{issueIdOrKey}. Requests raised on the host
 * (`raiseRequest`) get the project's next key and are visible like the demo requests.
 *
 * Portal-only customers (accountType 'customer') beyond the fixed personas are created on demand with
 * `ensurePortalCustomer` (the help center's SAML service provider does so when a customer signs in, as
 * Atlassian creates a portal-only account at the first SSO login); a call made as such an account passes its
 * accountId as the `persona`. Such a customer, like the `customer` persona, reads no issues.
 */
import { createHash } from 'node:crypto';
import { customerRequestDto, RaisedRequestStore, serviceDeskPage, SITE, type DeskProject, type RaisedRequest } from './jira-servicedesk';

export const PERSONAS = ['anonymous', 'customer', 'agent', 'other-agent', 'admin'] as const;
export type Persona = (typeof PERSONAS)[number];
export const isPersona = (value: unknown): value is Persona => (PERSONAS as readonly unknown[]).includes(value);

interface Account {
  accountId: string;
  accountType: 'atlassian' | 'app' | 'customer';
  displayName: string;
  /** undefined: hidden by the user's profile visibility (the field is then omitted). */
  emailAddress?: string;
  active: boolean;
  timeZone: string;
  locale: string;
}

interface PersonaAccess {
  account: Account;
  /** Project keys the persona is a service desk agent of (BROWSE_PROJECTS + SERVICEDESK_AGENT there). */
  agentOf: string[];
  /** Jira administrator (ADMINISTER global permission); here also browse on every project. */
  admin: boolean;
  /** Browse issues through the platform REST API at all (false for a portal customer). */
  browsesIssues: boolean;
}

const TZ = 'Europe/Berlin';

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

const APP: PersonaAccess = {
  account: { accountId: '557058:00000000-0000-4000-8000-0000000a99a0', accountType: 'app', displayName: 'Portal Access', active: true, timeZone: TZ, locale: 'en_US' },
  agentOf: [],
  admin: false,
  browsesIssues: true,
};

const PROJECTS = {
  DEMO: { id: '10000', key: 'DEMO', name: 'Demo Service Desk', deskId: '1' },
  OTHER: { id: '10001', key: 'OTHER', name: 'Other Service Desk', deskId: '2' },
} as const;
type ProjectKey = keyof typeof PROJECTS;
const isProjectKey = (key: string): key is ProjectKey => Object.prototype.hasOwnProperty.call(PROJECTS, key);
/** Every project is a service desk here (GET /rest/servicedeskapi/servicedesk lists them all). */
export const SERVICE_DESKS: readonly DeskProject[] = Object.values(PROJECTS);

/**
 * A licensed Jira user who is neither an agent nor staff (a partner agency's developer, on no internal
 * domain): raising a request as her must not invite her to the portal (issue 12).
 */
const LICENSED_PARTNER: Account = { accountId: '5b10ac8d82e05b22cc7d4eb1', accountType: 'atlassian', displayName: 'Pat Partner', emailAddress: 'pat.partner@partner-agency.example', active: true, timeZone: TZ, locale: 'en_US' };

const customer = (accountId: string, displayName: string, emailAddress?: string): Account => ({
  accountId,
  accountType: 'customer',
  displayName,
  ...(emailAddress ? { emailAddress } : {}),
  active: true,
  timeZone: TZ,
  locale: 'en_US',
});
const JANE = PERSONA_ACCOUNTS.customer.account;

interface DemoIssue {
  id: string;
  key: string;
  project: ProjectKey;
  summary: string;
  reporter: Account;
  /** Raised on the host (issue 12): when, on the host clock. */
  createdMs?: number;
}

const ISSUES: DemoIssue[] = [
  { id: '10001', key: 'DEMO-1', project: 'DEMO', summary: 'Cannot finish my registration', reporter: customer('5b10ac8d82e05b22cc7d4e01', 'Tom Invited', 'tom.invited@example.com') },
  { id: '10002', key: 'DEMO-2', project: 'DEMO', summary: 'Forgot my password', reporter: JANE },
  { id: '10003', key: 'DEMO-3', project: 'DEMO', summary: 'Einladungslink funktioniert nicht mehr', reporter: customer('5b10ac8d82e05b22cc7d4e03', 'Ines Abgelaufen', 'ines.abgelaufen@example.de') },
  { id: '10004', key: 'DEMO-4', project: 'DEMO', summary: 'My account is locked', reporter: customer('5b10ac8d82e05b22cc7d4e04', 'Larry Locked', 'larry.locked@example.com') },
  { id: '10005', key: 'DEMO-5', project: 'DEMO', summary: 'Zugang zum Portal', reporter: customer('5b10ac8d82e05b22cc7d4e05', 'Nora Neu', 'nora.neu@example.com') },
  { id: '10006', key: 'DEMO-6', project: 'DEMO', summary: 'Passwort ändern', reporter: customer('5b10ac8d82e05b22cc7d4e06', 'Erika Mustermann', 'erika.mustermann@example.de') },
  { id: '10007', key: 'DEMO-7', project: 'DEMO', summary: 'Why can I not log in?', reporter: customer('5b10ac8d82e05b22cc7d4e07', 'Dana Disabled', 'dana.disabled@example.com') },
  { id: '10008', key: 'DEMO-8', project: 'DEMO', summary: 'Reset link never arrived', reporter: customer('5b10ac8d82e05b22cc7d4e08', 'Hidden Email') },
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

/** BROWSE_PROJECTS/ADMINISTER ids and names as Jira reports them; the SERVICEDESK_AGENT id and texts are illustrative. */
const PERMISSIONS: Record<string, { id: string; name: string; type: 'PROJECT' | 'GLOBAL'; description: string }> = {
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', type: 'PROJECT', description: 'Ability to browse projects and the issues within them.' },
  SERVICEDESK_AGENT: { id: '10200', name: 'Service Desk Agent', type: 'PROJECT', description: 'Ability to act as a service desk agent (view queues, work on and respond to requests).' },
  ADMINISTER: { id: '0', name: 'Administer Jira', type: 'GLOBAL', description: 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.' },
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json;charset=UTF-8' } });
}
const errors = (status: number, message: string) => json(status, { errorMessages: [message], errors: {} });
const NOT_FOUND = () => errors(404, 'Issue does not exist or you do not have permission to see it.');

function userJson(a: Account): Record<string, unknown> {
  const avatar = (size: number) => `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/default/${size}x${size}.png`;
  return {
    self: `${SITE}/rest/api/3/user?accountId=${encodeURIComponent(a.accountId)}`,
    accountId: a.accountId,
    ...(a.emailAddress !== undefined ? { emailAddress: a.emailAddress } : {}),
    avatarUrls: { '48x48': avatar(48), '24x24': avatar(24), '16x16': avatar(16), '32x32': avatar(32) },
    displayName: a.displayName,
    active: a.active,
    timeZone: a.timeZone,
    accountType: a.accountType,
  };
}

function projectJson(key: ProjectKey): Record<string, unknown> {
  const p = PROJECTS[key];
  return { self: `${SITE}/rest/api/3/project/${p.id}`, id: p.id, key: p.key, name: p.name, projectTypeKey: 'service_desk', simplified: false };
}

/** A stable portal-only account id for an address: 'qm:' and a UUID-shaped hash, like Atlassian's portal-only ids. */
function portalAccountId(emailKey: string): string {
  const h = createHash('sha256').update(`portal-customer:${emailKey}`).digest('hex');
  return `qm:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}:${h.slice(32, 40)}`;
}

/**
 * A fault switch (`POST /local/api/jira/faults`), like the mailbox's: the next `next` calls (every call
 * while `next` is undefined) wait `delayMs` and/or answer `status` (500 or 503) with Jira's error body
 * instead of the real answer. `{}` clears it.
 */
export interface JiraFaults {
  status?: 500 | 503;
  delayMs?: number;
  next?: number;
}

export class JiraEmulator {
  /** Requests raised on the host (issue 12), kept in `requestsFile` when given. */
  private readonly raised: RaisedRequestStore;

  constructor(options: { requestsFile?: string } = {}) {
    this.raised = new RaisedRequestStore(options.requestsFile);
    // Their portal-only reporters exist again after a restart (same ids: derived from the address).
    for (const r of this.raised.all()) if (r.reporter.accountType === 'customer' && r.reporter.emailAddress) this.ensurePortalCustomer({ email: r.reporter.emailAddress, displayName: r.reporter.displayName });
  }

  /** The site's default time zone (serverInfo's serverTimeZone); undefined: serverInfo leaves it out. */
  siteTimeZone: string | undefined = TZ;
  /** Every call, for tests and benchmarks. */
  readonly calls: { persona: string | undefined; path: string }[] = [];
  /** The fault switch; undefined: Jira answers normally. */
  faults: JiraFaults | undefined;

  /** The platform's path into the emulator: applies the fault switch, then {@link handle}. */
  async respond(persona: string | undefined, path: string, init?: RequestInit): Promise<Response> {
    const fault = this.takeFault();
    if (fault?.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.delayMs);
        // A call nobody waits for any more (the app gave up) must not hold the process open.
        timer.unref?.();
      });
    }
    if (fault?.status) {
      this.calls.push({ persona, path });
      return errors(fault.status, fault.status === 503 ? 'Service Unavailable' : 'Internal server error');
    }
    return this.handle(persona, path, init);
  }

  private takeFault(): JiraFaults | undefined {
    const fault = this.faults;
    if (!fault) return undefined;
    if (fault.next !== undefined) {
      if (fault.next <= 0) {
        this.faults = undefined;
        return undefined;
      }
      fault.next -= 1;
      if (fault.next === 0) this.faults = undefined;
    }
    return fault;
  }
  /** Portal customers known beyond the personas, by accountId. */
  private readonly portalCustomers = new Map<string, PersonaAccess>();

  /**
   * The portal customer account for an address, created on first use: the `customer` persona (Jane) and the
   * demo requests' reporters keep their accountIds, everyone else gets a stable id derived from the address.
   * Returns the accountId; calls with it as `persona` are answered as that account.
   */
  ensurePortalCustomer(input: { email: string; displayName: string }): string {
    const emailKey = input.email.trim().toLowerCase();
    const known = [JANE, ...ISSUES.map((i) => i.reporter)].find((a) => a.emailAddress?.toLowerCase() === emailKey);
    const accountId = known?.accountId ?? portalAccountId(emailKey);
    if (accountId === JANE.accountId) return accountId;
    if (!this.portalCustomers.has(accountId)) {
      const account = known ?? customer(accountId, input.displayName.trim() || emailKey, input.email.trim());
      this.portalCustomers.set(accountId, { account, agentOf: [], admin: false, browsesIssues: false });
    }
    return accountId;
  }

  /**
   * Raises a request in a service desk the way the help center does (issue 12): the reporter is the Jira
   * account with that address (a licensed user, a demo reporter) or else a portal-only customer account,
   * created on first use. The new issue gets the project's next key (DEMO-9, DEMO-10, …).
   */
  raiseRequest(input: { projectKey: string; reporterEmail: string; reporterName?: string; summary: string; nowMs: number }): RaisedRequest | undefined {
    if (!isProjectKey(input.projectKey)) return undefined;
    const emailKey = input.reporterEmail.trim().toLowerCase();
    const licensed = [...Object.values(PERSONA_ACCOUNTS).map((p) => p.account), LICENSED_PARTNER].find((a) => a.accountType === 'atlassian' && a.emailAddress?.toLowerCase() === emailKey);
    const accountId = licensed?.accountId ?? this.ensurePortalCustomer({ email: input.reporterEmail, displayName: input.reporterName ?? '' });
    const reporter = licensed ?? this.accountOf(accountId);
    if (!reporter) return undefined;
    const all = this.allIssues();
    const next = Math.max(0, ...all.filter((i) => i.project === input.projectKey).map((i) => Number(i.key.split('-')[1]))) + 1;
    const request: RaisedRequest = {
      id: String(Math.max(...all.map((i) => Number(i.id))) + 1),
      key: `${input.projectKey}-${next}`,
      project: input.projectKey,
      summary: input.summary,
      reporter: { accountId: reporter.accountId, accountType: reporter.accountType === 'customer' ? 'customer' : 'atlassian', displayName: reporter.displayName, ...(reporter.emailAddress ? { emailAddress: reporter.emailAddress } : {}), active: true, timeZone: reporter.timeZone },
      createdMs: input.nowMs,
    };
    this.raised.add(request);
    return request;
  }

  /** The demo requests and raised ones whose reporter has this address (the help center's "Your requests"). */
  issuesReportedBy(email: string): { key: string; summary: string }[] {
    const key = email.trim().toLowerCase();
    return key ? this.allIssues().filter((i) => i.reporter.emailAddress?.toLowerCase() === key).map((i) => ({ key: i.key, summary: i.summary })) : [];
  }

  /** Every request, demo and raised, as the host's index page lists them. */
  issueList(): (typeof DEMO_ISSUES)[number][] {
    return this.allIssues().flatMap((i) => this.findIssue(i.key) ?? []);
  }

  /** A request raised on the host, by key. */
  raisedRequest(key: string): RaisedRequest | undefined {
    return this.raised.all().find((r) => r.key === key);
  }

  /** The demo requests and the raised ones, as the host's pages list them. */
  findIssue(key: string): (typeof DEMO_ISSUES)[number] | undefined {
    const issue = this.allIssues().find((i) => i.key === key);
    return issue && { id: issue.id, key: issue.key, summary: issue.summary, reporterDisplayName: issue.reporter.displayName, reporterEmail: issue.reporter.emailAddress ?? null };
  }

  private allIssues(): DemoIssue[] {
    const raised = this.raised.all().map((r): DemoIssue => ({
      id: r.id,
      key: r.key,
      project: r.project as ProjectKey,
      summary: r.summary,
      reporter: this.accountOf(r.reporter.accountId) ?? { ...r.reporter, locale: 'en_US' },
      createdMs: r.createdMs,
    }));
    return [...ISSUES, ...raised];
  }

  /** Any account the emulator knows: personas, the licensed partner, demo reporters and portal customers. */
  private accountOf(accountId: string): Account | undefined {
    return [...Object.values(PERSONA_ACCOUNTS).map((p) => p.account), LICENSED_PARTNER, ...ISSUES.map((i) => i.reporter)].find((a) => a.accountId === accountId) ?? this.portalCustomers.get(accountId)?.account;
  }

  /** A customer account the emulator answers for (the `customer` persona or an ensured portal customer). */
  isPortalCustomer(accountId: string): boolean {
    return accountId === JANE.accountId || this.portalCustomers.has(accountId);
  }

  /** `persona`: a {@link Persona}, 'app' for asApp(), an ensured portal customer's accountId, undefined/'anonymous' for no user. */
  handle(persona: string | undefined, path: string, init?: RequestInit): Response {
    this.calls.push({ persona, path });
    const who =
      persona === 'app'
        ? APP
        : persona && persona !== 'anonymous'
          ? (PERSONA_ACCOUNTS[persona as Exclude<Persona, 'anonymous'>] ?? this.portalCustomers.get(persona))
          : undefined;
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = new URL(path, SITE);
    // GET /rest/api/3/serverInfo: "can be accessed anonymously"; the site's default time zone as serverTimeZone.
    if (url.pathname === '/rest/api/3/serverInfo' && method === 'GET') {
      return json(200, { baseUrl: SITE, deploymentType: 'Cloud', serverTime: new Date().toISOString(), serverTimeZone: this.siteTimeZone, serverTitle: 'Demo Company', defaultLocale: { locale: 'en_US' } });
    }
    if (!who) return errors(401, 'You are not authenticated. Authentication required to perform this operation.');
    if (method !== 'GET') return errors(405, `${method} is not emulated`);

    if (url.pathname === '/rest/api/3/myself') return json(200, { ...userJson(who.account), locale: who.account.locale, expand: 'groups,applicationRoles' });

    // GET /rest/api/3/user?accountId= (Get user): 404 for an unknown account; email as the profile visibility allows.
    if (url.pathname === '/rest/api/3/user') {
      const account = this.accountOf(url.searchParams.get('accountId') ?? '');
      if (!account) return errors(404, 'Specified user does not exist or you do not have required permissions');
      return json(200, { ...userJson(account), locale: account.locale, expand: 'groups,applicationRoles' });
    }

    if (url.pathname === '/rest/servicedeskapi/servicedesk') return json(200, serviceDeskPage(SERVICE_DESKS, url));

    const requestMatch = /^\/rest\/servicedeskapi\/request\/([^/]+)$/.exec(url.pathname);
    if (requestMatch) {
      const ref = decodeURIComponent(requestMatch[1]);
      const issue = this.allIssues().find((i) => i.id === ref || i.key === ref.toUpperCase());
      // The app, the desk's agents, the admin and the reporter see a request; everyone else gets 404.
      const sees = issue && (who === APP || who.admin || who.agentOf.includes(issue.project) || who.account.accountId === issue.reporter.accountId);
      if (!issue || !sees) return errors(404, 'The request does not exist or you do not have permission to see it.');
      return json(200, customerRequestDto({ ...issue, createdMs: issue.createdMs ?? Date.parse('2026-11-02T09:00:00Z') }, PROJECTS[issue.project]));
    }

    const issueMatch = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(url.pathname);
    if (issueMatch) {
      const issue = this.visibleIssue(who, decodeURIComponent(issueMatch[1]));
      if (!issue) return NOT_FOUND();
      const wanted = (url.searchParams.get('fields') ?? 'summary,reporter,project').split(',').map((f) => f.trim());
      const all: Record<string, unknown> = { summary: issue.summary, reporter: userJson(issue.reporter), project: projectJson(issue.project) };
      const fields = Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name) || wanted.includes('*all')));
      return json(200, { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${SITE}/rest/api/3/issue/${issue.id}`, key: issue.key, fields });
    }

    if (url.pathname === '/rest/api/3/mypermissions') {
      const keys = (url.searchParams.get('permissions') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
      if (keys.length === 0) return errors(400, 'The permissions query parameter is required.');
      const unknown = keys.find((k) => !PERMISSIONS[k]);
      if (unknown) return errors(400, `The permission key '${unknown}' is invalid.`);
      const ref = url.searchParams.get('issueId') ?? url.searchParams.get('issueKey');
      const issue = ref === null ? undefined : this.visibleIssue(who, ref);
      if (ref !== null && !issue) return errors(404, 'The issue does not exist or you do not have permission to see it.');
      const have = (key: string): boolean => {
        // Global permission: the same with or without an issue, and only the site admin holds it.
        if (key === 'ADMINISTER') return who.admin;
        const agentHere = issue ? who.agentOf.includes(issue.project) : who.agentOf.length > 0;
        if (key === 'SERVICEDESK_AGENT') return agentHere;
        return agentHere || who.admin || who === APP; // BROWSE_PROJECTS
      };
      return json(200, { permissions: Object.fromEntries(keys.map((key) => [key, { ...PERMISSIONS[key], key, havePermission: have(key) }])) });
    }

    return errors(404, `The local Jira emulator does not answer ${url.pathname}`);
  }

  private visibleIssue(who: PersonaAccess, idOrKey: string): DemoIssue | undefined {
    const issue = this.allIssues().find((i) => i.id === idOrKey || i.key === idOrKey.toUpperCase());
    if (!issue || !who.browsesIssues) return undefined;
    return who === APP || who.admin || who.agentOf.includes(issue.project) ? issue : undefined;
  }
}
