import { asUser, NeedsAuthenticationError, route, type APIResponse, type Route } from '@forge/api';
import type { IssueAccess, Jira, JiraCaller } from '../ports';

/**
 * Asks Jira Cloud (REST v3) as the calling user. Responses used:
 *  - GET /rest/api/3/issue/{issueIdOrKey}?fields=reporter,project
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get
 *    404 both when the issue does not exist and when the user may not see it.
 *  - GET /rest/api/3/mypermissions?issueKey=…|issueId=…&permissions=…
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
 *    accepts issueId or issueKey ("issueKey: Ignored if issueId is provided", also in
 *    https://mrrefactoring.github.io/jira.js/interfaces/Version2Parameters.GetMyPermissions.html), so both calls run in parallel.
 *    Without issue or project parameters it answers global permissions (ADMINISTER: "Administer Jira").
 *  - GET /rest/api/3/myself
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get
 * User `emailAddress` is omitted or null when the user's profile visibility hides it
 * (https://developer.atlassian.com/cloud/jira/platform/profile-visibility/).
 */

const PERMISSIONS = 'BROWSE_PROJECTS,SERVICEDESK_AGENT,ADMINISTER';
/** The caller is missing, not signed in, not allowed, or the issue is hidden/missing: not an error for us. */
const NO_ACCESS = new Set([401, 403, 404]);

interface JiraUser {
  accountId: string;
  accountType?: string;
  displayName?: string;
  emailAddress?: string | null;
}
interface IssueResponse {
  id: string;
  key: string;
  fields: { reporter?: JiraUser | null; project: { id: string; key: string } };
}
interface PermissionsResponse {
  permissions: Record<string, { havePermission?: boolean } | undefined>;
}

class JiraRequestError extends Error {
  constructor(
    readonly status: number,
    path: string,
  ) {
    super(`Jira answered ${status} for ${path}`);
    this.name = 'JiraRequestError';
  }
}

/** GETs as the user; undefined when Jira says the caller has no access (or there is no caller). */
async function getAsUser<T>(path: Route): Promise<T | undefined> {
  let response: APIResponse;
  try {
    response = await asUser().requestJira(path, { headers: { Accept: 'application/json' } });
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) return undefined; // no user to act as
    throw error;
  }
  if (response.ok) return (await response.json()) as T;
  if (NO_ACCESS.has(response.status)) return undefined;
  throw new JiraRequestError(response.status, path.value.split('?')[0]);
}

export class ForgeJira implements Jira {
  async issueAccessForCaller(issueIdOrKey: string): Promise<IssueAccess | undefined> {
    const byId = /^\d+$/.test(issueIdOrKey);
    const [issue, mine] = await Promise.all([
      getAsUser<IssueResponse>(route`/rest/api/3/issue/${issueIdOrKey}?fields=reporter,project`),
      getAsUser<PermissionsResponse>(
        byId
          ? route`/rest/api/3/mypermissions?issueId=${issueIdOrKey}&permissions=${PERMISSIONS}`
          : route`/rest/api/3/mypermissions?issueKey=${issueIdOrKey}&permissions=${PERMISSIONS}`,
      ),
    ]);
    if (!issue || !mine) return undefined;
    const have = (key: string) => mine.permissions[key]?.havePermission === true;
    const reporter = issue.fields.reporter;
    return {
      issueId: issue.id,
      issueKey: issue.key,
      projectKey: issue.fields.project.key,
      reporter: reporter ? { accountId: reporter.accountId, displayName: reporter.displayName ?? '', emailAddress: reporter.emailAddress || null } : null,
      canBrowse: have('BROWSE_PROJECTS'),
      isAgent: have('SERVICEDESK_AGENT'),
      isAdmin: have('ADMINISTER'),
    };
  }

  async caller(): Promise<JiraCaller | undefined> {
    const me = await getAsUser<JiraUser>(route`/rest/api/3/myself`);
    return me ? { accountId: me.accountId, accountType: me.accountType ?? '', displayName: me.displayName ?? '', emailAddress: me.emailAddress || null } : undefined;
  }

  /** Global ADMINISTER of the calling user; any failure (no user, 4xx, 5xx, network) is "no". */
  async isAdmin(): Promise<boolean> {
    try {
      const mine = await getAsUser<PermissionsResponse>(route`/rest/api/3/mypermissions?permissions=ADMINISTER`);
      return mine?.permissions.ADMINISTER?.havePermission === true;
    } catch {
      return false;
    }
  }
}
