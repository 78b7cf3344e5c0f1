import { route, type Route } from '@forge/api';
import type { JiraUserFacts, ServiceDeskInfo, ServiceDeskJira } from '../ports/jira';
import { getJiraJson, JIRA_TIMEOUT_MS, JiraUnavailableError } from './jira';

/**
 * What "invite new requesters automatically" and the Automation action ask Jira (issue 12). As the app:
 *  - GET /rest/api/3/user?accountId=…  (the reporter: accountType, displayName, locale, emailAddress when the
 *    profile visibility lets apps see it)
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-get
 *  - GET /rest/servicedeskapi/request/{issueIdOrKey}  (the request's reporter as JSM shows it: UserDTO with
 *    emailAddress, "may be returned as null" by privacy settings), asked only when the first answer has no email
 *    https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-get
 *  - GET /rest/servicedeskapi/servicedesk?start=&limit=  (every service desk, for the admin setting)
 *    https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-servicedesk/#api-rest-servicedeskapi-servicedesk-get
 * As the calling user (the Automation rule's connection): GET /rest/api/3/mypermissions?permissions=ADMINISTER,SERVICEDESK_AGENT.
 * Failures: 5xx, 429, a timeout or no answer throw JiraUnavailableError (callers release what they claimed);
 * 401/403/404 read as "not there".
 */
interface UserBean {
  accountType?: string;
  displayName?: string;
  emailAddress?: string | null;
  locale?: string;
}
interface CustomerRequestBean {
  reporter?: { emailAddress?: string | null } | null;
}
interface ServiceDeskPage {
  isLastPage?: boolean;
  values?: { projectKey?: string; projectName?: string }[];
}
interface PermissionsBean {
  permissions: Record<string, { havePermission?: boolean } | undefined>;
}

/** At most 20 pages of 50: 1,000 service desks is far beyond any site's count. */
const MAX_PAGES = 20;

/** Any status but the ones that say "no access" leaves Jira unavailable to these callers (they release what they claimed). */
const get = <T>(as: 'app' | 'user', path: Route, timeoutMs: number) =>
  getJiraJson<T>(as, path, timeoutMs, (status, where) => new JiraUnavailableError(status, 'status', where));

export class ForgeServiceDesk implements ServiceDeskJira {
  constructor(private readonly timeoutMs = JIRA_TIMEOUT_MS) {}

  async user(accountId: string): Promise<JiraUserFacts | undefined> {
    const user = await get<UserBean>('app', route`/rest/api/3/user?accountId=${accountId}`, this.timeoutMs);
    return user && { accountType: user.accountType ?? '', displayName: user.displayName ?? '', email: user.emailAddress || null, locale: user.locale ?? '' };
  }

  async requestReporterEmail(issueKey: string): Promise<string | null> {
    const request = await get<CustomerRequestBean>('app', route`/rest/servicedeskapi/request/${issueKey}`, this.timeoutMs);
    return request?.reporter?.emailAddress || null;
  }

  async serviceDesks(): Promise<ServiceDeskInfo[]> {
    const desks: ServiceDeskInfo[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await get<ServiceDeskPage>('app', route`/rest/servicedeskapi/servicedesk?start=${page * 50}&limit=${50}`, this.timeoutMs);
      for (const d of answer?.values ?? []) if (d.projectKey) desks.push({ projectKey: d.projectKey, projectName: d.projectName ?? d.projectKey });
      if (!answer || answer.isLastPage !== false || (answer.values ?? []).length === 0) break;
    }
    return desks;
  }

  /** False without a calling user or when Jira refuses; throws JiraUnavailableError when Jira cannot answer. */
  async callerMayInvite(): Promise<boolean> {
    const mine = await get<PermissionsBean>('user', route`/rest/api/3/mypermissions?permissions=${'ADMINISTER,SERVICEDESK_AGENT'}`, this.timeoutMs);
    return mine?.permissions.ADMINISTER?.havePermission === true || mine?.permissions.SERVICEDESK_AGENT?.havePermission === true;
  }
}
