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
import { RaisedRequestStore, SITE, type RaisedRequest } from './jira-servicedesk';
import { APP, ISSUES, isProjectKey, JANE, LICENSED_PARTNER, PERSONA_ACCOUNTS, portalAccountId, portalCustomerAccount, TZ, type Account, type DemoIssue, type DEMO_ISSUES, type Persona, type PersonaAccess, type ProjectKey } from './jira-directory';
import { answerGet, errors, serverInfo, type JiraSite } from './jira-routes';

// Who and what the site holds (local/jira-directory.ts) and how each resource is answered (local/jira-routes.ts).
export { DEMO_ISSUES, isPersona, PERSONA_ACCOUNTS, PERSONAS, SERVICE_DESKS, type Persona } from './jira-directory';

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
      const account = known ?? portalCustomerAccount(accountId, input.displayName.trim() || emailKey, input.email.trim());
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
    if (url.pathname === '/rest/api/3/serverInfo' && method === 'GET') return serverInfo(this.siteTimeZone);
    if (!who) return errors(401, 'You are not authenticated. Authentication required to perform this operation.');
    if (method !== 'GET') return errors(405, `${method} is not emulated`);
    return answerGet(who, url, this.site);
  }

  /** The site as the routes read it. */
  private readonly site: JiraSite = { issues: () => this.allIssues(), accountOf: (accountId) => this.accountOf(accountId) };
}
