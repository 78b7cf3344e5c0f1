import { APP, PROJECTS, SERVICE_DESKS, type Account, type DemoIssue, type PersonaAccess, type ProjectKey } from './jira-directory';
import { customerRequestDto, serviceDeskPage, SITE } from './jira-servicedesk';

/**
 * What the local Jira answers, by resource (the shapes and rules: local/jira-emulator.ts): the server info, the
 * caller, a user, the service desks, a customer request, an issue, and the caller's permissions.
 */

/** BROWSE_PROJECTS/ADMINISTER ids and names as Jira reports them; the SERVICEDESK_AGENT id and texts are illustrative. */
const PERMISSIONS: Record<string, { id: string; name: string; type: 'PROJECT' | 'GLOBAL'; description: string }> = {
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', type: 'PROJECT', description: 'Ability to browse projects and the issues within them.' },
  SERVICEDESK_AGENT: { id: '10200', name: 'Service Desk Agent', type: 'PROJECT', description: 'Ability to act as a service desk agent (view queues, work on and respond to requests).' },
  ADMINISTER: { id: '0', name: 'Administer Jira', type: 'GLOBAL', description: 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.' },
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json;charset=UTF-8' } });
}
export const errors = (status: number, message: string) => json(status, { errorMessages: [message], errors: {} });
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

/** What a route reads of the emulated site: its issues (demo and raised) and its accounts. */
export interface JiraSite {
  issues(): DemoIssue[];
  accountOf(accountId: string): Account | undefined;
}

/** One call as a route sees it: the caller, the URL, the site, and the path's one parameter (decoded) if it has one. */
interface Call {
  who: PersonaAccess;
  url: URL;
  site: JiraSite;
  ref: string;
}

/** GET /rest/api/3/serverInfo: "can be accessed anonymously"; the site's default time zone as serverTimeZone. */
export function serverInfo(siteTimeZone: string | undefined): Response {
  return json(200, { baseUrl: SITE, deploymentType: 'Cloud', serverTime: new Date().toISOString(), serverTimeZone: siteTimeZone, serverTitle: 'Demo Company', defaultLocale: { locale: 'en_US' } });
}

function visibleIssue(who: PersonaAccess, site: JiraSite, idOrKey: string): DemoIssue | undefined {
  const issue = site.issues().find((i) => i.id === idOrKey || i.key === idOrKey.toUpperCase());
  if (!issue || !who.browsesIssues) return undefined;
  return who === APP || who.admin || who.agentOf.includes(issue.project) ? issue : undefined;
}

function myself({ who }: Call): Response {
  return json(200, { ...userJson(who.account), locale: who.account.locale, expand: 'groups,applicationRoles' });
}

/** GET /rest/api/3/user?accountId= (Get user): 404 for an unknown account; email as the profile visibility allows. */
function user({ url, site }: Call): Response {
  const account = site.accountOf(url.searchParams.get('accountId') ?? '');
  if (!account) return errors(404, 'Specified user does not exist or you do not have required permissions');
  return json(200, { ...userJson(account), locale: account.locale, expand: 'groups,applicationRoles' });
}

/** The app, the desk's agents, the admin and the reporter see a request; everyone else gets 404. */
function customerRequest({ who, site, ref }: Call): Response {
  const issue = site.issues().find((i) => i.id === ref || i.key === ref.toUpperCase());
  const sees = issue && (who === APP || who.admin || who.agentOf.includes(issue.project) || who.account.accountId === issue.reporter.accountId);
  if (!issue || !sees) return errors(404, 'The request does not exist or you do not have permission to see it.');
  return json(200, customerRequestDto({ ...issue, createdMs: issue.createdMs ?? Date.parse('2026-11-02T09:00:00Z') }, PROJECTS[issue.project]));
}

function issueBean({ who, url, site, ref }: Call): Response {
  const issue = visibleIssue(who, site, ref);
  if (!issue) return NOT_FOUND();
  const wanted = (url.searchParams.get('fields') ?? 'summary,reporter,project').split(',').map((f) => f.trim());
  const all: Record<string, unknown> = { summary: issue.summary, reporter: userJson(issue.reporter), project: projectJson(issue.project) };
  const fields = Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name) || wanted.includes('*all')));
  return json(200, { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${SITE}/rest/api/3/issue/${issue.id}`, key: issue.key, fields });
}

function myPermissions({ who, url, site }: Call): Response {
  const keys = (url.searchParams.get('permissions') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (keys.length === 0) return errors(400, 'The permissions query parameter is required.');
  const unknown = keys.find((k) => !PERMISSIONS[k]);
  if (unknown) return errors(400, `The permission key '${unknown}' is invalid.`);
  const ref = url.searchParams.get('issueId') ?? url.searchParams.get('issueKey');
  const issue = ref === null ? undefined : visibleIssue(who, site, ref);
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

/** The GET routes a caller (a persona, a portal customer or the app) is answered on, by path. */
const ROUTES: [RegExp, (call: Call) => Response][] = [
  [/^\/rest\/api\/3\/myself$/, myself],
  [/^\/rest\/api\/3\/user$/, user],
  [/^\/rest\/servicedeskapi\/servicedesk$/, ({ url }) => json(200, serviceDeskPage(SERVICE_DESKS, url))],
  [/^\/rest\/servicedeskapi\/request\/([^/]+)$/, customerRequest],
  [/^\/rest\/api\/3\/issue\/([^/]+)$/, issueBean],
  [/^\/rest\/api\/3\/mypermissions$/, myPermissions],
];

/** A signed-in caller's GET: the route for its path, or 404 for a path the emulator does not answer. */
export function answerGet(who: PersonaAccess, url: URL, site: JiraSite): Response {
  for (const [path, answer] of ROUTES) {
    const match = path.exec(url.pathname);
    if (match) return answer({ who, url, site, ref: match[1] === undefined ? '' : decodeURIComponent(match[1]) });
  }
  return errors(404, `The local Jira emulator does not answer ${url.pathname}`);
}
