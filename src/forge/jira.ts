import { asApp, asUser, NeedsAuthenticationError, route, type APIResponse, type Route } from '@forge/api';
import type { IssueAccess, Jira, JiraCaller } from '../ports/jira';

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
 *  - GET /rest/api/3/serverInfo ("can be accessed anonymously", permissions: none)
 *    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-server-info/#api-rest-api-3-serverinfo-get
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
  /** The user's effective time zone (IANA name): Jira's default time zone unless the user chose another. */
  timeZone?: string;
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

/**
 * Jira did not answer usefully: a 5xx or 429, no answer within the adapter's time limit, or the request
 * itself failed. Resolvers answer it as `jira-unavailable` ("try again in a moment"). The message names the
 * path only, never a payload.
 */
export class JiraUnavailableError extends Error {
  readonly code = 'jira-unavailable';
  constructor(
    /** The HTTP status, or 0 when there was no answer (timeout, network). */
    readonly status: number,
    readonly reason: 'status' | 'timeout' | 'network',
    path: string,
  ) {
    super(`Jira unavailable (${reason}${status ? ` ${status}` : ''}) for ${path}`);
    this.name = 'JiraUnavailableError';
  }
}

export const isJiraUnavailable = (error: unknown): error is JiraUnavailableError => error instanceof JiraUnavailableError;

/** Well inside the 25 s a Forge resolver has, so the panel can still answer in time. */
export const JIRA_TIMEOUT_MS = 8_000;

/**
 * GETs JSON from Jira as the app or the calling user, within `timeoutMs`: undefined when Jira says the caller has
 * no access (or there is no caller); JiraUnavailableError on a 5xx or 429, a timeout or no answer; any other
 * status throws what `otherStatus` makes of it.
 */
export async function getJiraJson<T>(as: 'app' | 'user', path: Route, timeoutMs: number, otherStatus: (status: number, where: string) => Error): Promise<T | undefined> {
  const where = path.value.split('?')[0];
  let response: APIResponse;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new JiraUnavailableError(0, 'timeout', where)), timeoutMs);
    });
    const requester = as === 'app' ? asApp() : asUser();
    response = await Promise.race([requester.requestJira(path, { headers: { Accept: 'application/json' } }), timeout]);
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) return undefined; // no user to act as
    if (error instanceof JiraUnavailableError) throw error;
    throw new JiraUnavailableError(0, 'network', where);
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) return (await response.json()) as T;
  if (NO_ACCESS.has(response.status)) return undefined;
  if (response.status >= 500 || response.status === 429) throw new JiraUnavailableError(response.status, 'status', where);
  throw otherStatus(response.status, where);
}

export class ForgeJira implements Jira {
  constructor(private readonly options: { timeoutMs?: number } = {}) {}

  private get<T>(path: Route): Promise<T | undefined> {
    return getJiraJson<T>('user', path, this.options.timeoutMs ?? JIRA_TIMEOUT_MS, (status, where) => new JiraRequestError(status, where));
  }

  async issueAccessForCaller(issueIdOrKey: string): Promise<IssueAccess | undefined> {
    const byId = /^\d+$/.test(issueIdOrKey);
    const [issue, mine] = await Promise.all([
      this.get<IssueResponse>(route`/rest/api/3/issue/${issueIdOrKey}?fields=reporter,project`),
      this.get<PermissionsResponse>(
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
    const me = await this.get<JiraUser>(route`/rest/api/3/myself`);
    return me ? { accountId: me.accountId, accountType: me.accountType ?? '', displayName: me.displayName ?? '', emailAddress: me.emailAddress || null, ...(me.timeZone ? { timeZone: me.timeZone } : {}) } : undefined;
  }

  async siteTimeZone(): Promise<string | undefined> {
    try {
      const info = await this.get<{ serverTimeZone?: unknown }>(route`/rest/api/3/serverInfo`);
      return typeof info?.serverTimeZone === 'string' && info.serverTimeZone ? info.serverTimeZone : undefined;
    } catch {
      return undefined;
    }
  }

  /** Global ADMINISTER of the calling user; any failure (no user, 4xx, 5xx, network) is "no". */
  async isAdmin(): Promise<boolean> {
    try {
      const mine = await this.get<PermissionsResponse>(route`/rest/api/3/mypermissions?permissions=ADMINISTER`);
      return mine?.permissions.ADMINISTER?.havePermission === true;
    } catch {
      return false;
    }
  }
}
