/**
 * Jira and Jira Service Management, asked as the calling user or as the app.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

/** What Jira says about an issue and the calling user (asked as that user, never trusted from the page). */
export interface IssueAccess {
  issueId: string;
  issueKey: string;
  projectKey: string;
  /** The reporter; `emailAddress` is null when Jira's privacy settings hide it from apps. */
  reporter: { accountId: string; displayName: string; emailAddress: string | null } | null;
  canBrowse: boolean;
  isAgent: boolean;
  isAdmin: boolean;
}

/** The calling user as `GET /rest/api/3/myself` answers; `accountType` is 'atlassian', 'customer' (portal-only) or 'app'. */
export interface JiraCaller {
  accountId: string;
  accountType: string;
  displayName: string;
  emailAddress: string | null;
  /** The user's effective time zone (IANA name), as Jira answers it; absent when Jira does not say. */
  timeZone?: string;
}

export interface Jira {
  /**
   * Two calls as the calling user: the issue (fields reporter, project) and "my permissions" on it
   * (BROWSE_PROJECTS, SERVICEDESK_AGENT, ADMINISTER). `undefined` when the caller cannot see the issue or
   * there is no calling user.
   */
  issueAccessForCaller(issueIdOrKey: string): Promise<IssueAccess | undefined>;
  /**
   * The calling user (for audit events of actions, and the admin's test email). `emailAddress` is null when
   * the user's profile visibility hides it from apps.
   */
  caller(): Promise<JiraCaller | undefined>;
  /**
   * One call as the calling user: the global ADMINISTER permission ("my permissions" without an issue or
   * project). False when there is no calling user or Jira does not answer OK.
   */
  isAdmin(): Promise<boolean>;
  /**
   * The site's default time zone (IANA name): `GET /rest/api/3/serverInfo` `serverTimeZone`, "the default
   * timezone of the Jira server". Undefined when Jira does not say or does not answer.
   */
  siteTimeZone(): Promise<string | undefined>;
}

/** A Jira user as Jira Service Management answers the app about a reporter. */
export interface JiraUserFacts {
  accountType: string;
  displayName: string;
  email: string | null;
  /** Jira's locale, e.g. 'de_DE'; '' when not given. */
  locale: string;
}

export interface ServiceDeskInfo {
  projectKey: string;
  projectName: string;
}

/** What auto-invite and the Automation action ask Jira Service Management (src/forge/service-desk.ts). */
export interface ServiceDeskJira {
  user(accountId: string): Promise<JiraUserFacts | undefined>;
  requestReporterEmail(issueKey: string): Promise<string | null>;
  serviceDesks(): Promise<ServiceDeskInfo[]>;
  /** The calling user may invite customers: a Jira administrator or an agent of some service desk. */
  callerMayInvite(): Promise<boolean>;
}
