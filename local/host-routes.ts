import type { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { WebTriggerRequest, WebTriggerResponse } from '../src/surfaces/pages/http';
import { automationConfigFrame, automationRulePage } from './automation-page';
import type { HostClock } from './clock';
import type { LocalSite, Platform } from './host-options';
import { scriptingApi } from './host-api-routes';
import type { HostWork } from './host-work';
import { readBody } from './http-body';
import { CONTENT_TYPES, send, sendHtml, sendJson, sendText } from './http-send';
import { PERSONAS, PERSONA_ACCOUNTS, isPersona, type Persona } from './jira-emulator';
import type { MailCatcher } from './mail-catcher';
import { ROOT, type ModuleInfo } from './manifest-modules';
import { adminSettingsPage, issueViewPage, moduleFrame } from './pages';
import { DEMO_SITE, invocationContext } from './sites';
import type { SmsCatcher } from './sms-catcher';

type Handler = (event: never, context: never) => Promise<unknown>;

/** What the host's HTTP routes reach: the sites, the edges they share, the app's handlers and the host's work. */
export interface HostContext {
  platform: Platform;
  modules: ModuleInfo[];
  sites: LocalSite[];
  clock: HostClock;
  mailbox: MailCatcher;
  smsbox: SmsCatcher;
  work: HostWork;
  /** The platform's side of an invocation: which site's storage, trigger URLs and Jira it reaches (see forge-runtime.ts). */
  invocationSite: AsyncLocalStorage<LocalSite>;
  /** The persona of the invocation in progress (or a portal customer's accountId): what `asUser()` Jira calls are answered as. */
  personaOfCall: AsyncLocalStorage<string>;
  /** The host's own tooling on a site (seeding, the demo summary). */
  asSite<T>(site: LocalSite, fn: () => T): T;
  /** Resolver functions (portal, agent, admin, profile) and web trigger functions, by function key. */
  resolverFunctions: Record<string, Handler>;
  triggerFunctions: Record<string, (request: WebTriggerRequest, context: never) => Promise<WebTriggerResponse>>;
  /** The demo site's URL (the mailbox's). */
  baseUrl(): string;
}

/** One request in the routes: its URL, `METHOD /path`, and the site its host names. */
export interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  route: string;
  site: LocalSite;
}

/** The stand-in pages' query: who is looking (a persona), in which language and theme; undefined = bad persona (answered). */
export function view({ url, res }: Exchange, defaultPersona: Persona) {
  const persona = url.searchParams.get('persona') ?? defaultPersona;
  if (!isPersona(persona)) {
    sendText(res, 400, `persona must be one of ${PERSONAS.join(', ')}`);
    return undefined;
  }
  return {
    persona,
    personaName: persona === 'anonymous' ? 'Anonymous visitor' : PERSONA_ACCOUNTS[persona].account.displayName,
    lang: url.searchParams.get('lang') === 'de' ? ('de' as const) : ('en' as const),
    theme: url.searchParams.get('theme') === 'dark' ? ('dark' as const) : ('light' as const),
  };
}

/** A built Custom UI app's index.html, or undefined after answering 503 (not built yet). */
function builtIndex(res: http.ServerResponse, app: string): string | undefined {
  const indexFile = path.join(ROOT, `static/${app}/build/index.html`);
  if (fs.existsSync(indexFile)) return fs.readFileSync(indexFile, 'utf8');
  sendText(res, 503, 'The Custom UI is not built yet: run npm run build.');
  return undefined;
}

/** The host's HTTP handler: web triggers, the Custom UI and the Jira stand-in pages, the help center, then the scripting API. */
export async function handle(ctx: HostContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const route = `${req.method} ${url.pathname}`;
  // The site is the request's host (issue 20): `<label>.localhost` is that site; 127.0.0.1 and localhost the demo site.
  const hostname = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  // `acs.<label>.localhost` is that site's help-center ACS on an origin of its own (local/saml-sp.ts acsOriginFor).
  const label = hostname.endsWith('.localhost') ? hostname.slice(0, -'.localhost'.length).replace(/^acs\./, '') : DEMO_SITE.label;
  const site = ctx.sites.find((s) => s.def.label === label);
  if (!site) return sendText(res, 404, 'No such site on this host');
  const ex: Exchange = { req, res, url, route, site };
  const { jira, helpCenter } = site;

  if (url.pathname.startsWith(`/x/`)) return webTrigger(ctx, ex);

  const staticMatch = /^\/static\/(portal|agent-panel|admin|profile|automation-config)\//.exec(url.pathname);
  if (staticMatch) {
    const buildDir = path.join(ROOT, `static/${staticMatch[1]}/build`);
    const file = path.normalize(path.join(buildDir, url.pathname.slice(staticMatch[0].length)));
    if (!file.startsWith(buildDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return send(res, 404, 'text/plain', 'Not found');
    return send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
  }

  const moduleMatch = /^\/module\/([\w-]+)$/.exec(url.pathname);
  if (req.method === 'GET' && moduleMatch) {
    const module = ctx.modules.find((m) => m.moduleKey === moduleMatch[1] && m.resolverKeys.length > 0);
    const resource = module?.type === 'jira:issueContext' ? 'agent-panel' : module?.type === 'jira:adminPage' ? 'admin' : module?.type === 'jiraServiceManagement:portalProfilePanel' ? 'profile' : module ? 'portal' : undefined;
    if (!module || !resource) return sendText(res, 404, 'No such module');
    const index = builtIndex(res, resource);
    if (index === undefined) return;
    const v = view(ex, 'anonymous');
    if (!v) return;
    // A portal customer beyond the personas (`account`, from ensurePortalCustomer): only with persona=customer.
    const account = url.searchParams.get('account') ?? undefined;
    if (account !== undefined && (v.persona !== 'customer' || !jira.isPortalCustomer(account))) {
      return sendText(res, 400, 'account must be a known portal customer accountId, with persona=customer');
    }
    return sendHtml(res, 200, moduleFrame(index, {
      moduleKey: module.moduleKey, extensionType: module.type, persona: v.persona, locale: v.lang === 'de' ? 'de-DE' : 'en-US', theme: v.theme,
      issueKey: url.searchParams.get('issue') ?? undefined, resourceBase: `/static/${resource}/`, accountId: account,
    }));
  }

  const browseMatch = /^\/jira\/browse\/([A-Z]+-\d+)$/.exec(url.pathname);
  if (req.method === 'GET' && browseMatch) {
    const issue = jira.findIssue(browseMatch[1]);
    if (!issue) return sendText(res, 404, 'No such issue');
    const v = view(ex, 'agent');
    if (!v) return;
    return sendHtml(res, 200, issueViewPage(issue, v));
  }

  // Jira Automation's rule builder stand-in for the action "Send portal activation" (issue 12, local/automation-page.ts).
  const automationMatch = /^\/jira\/automation\/([\w-]+)$/.exec(url.pathname);
  if (req.method === 'GET' && (automationMatch || url.pathname === '/automation-config/frame')) {
    const actionKey = automationMatch?.[1] ?? url.searchParams.get('action') ?? '';
    if (!ctx.modules.some((m) => m.type === 'action' && m.moduleKey === actionKey)) return sendText(res, 404, 'No such action');
    const v = view(ex, 'admin');
    if (!v) return;
    if (automationMatch) return sendHtml(res, 200, automationRulePage(v.lang, v.persona, actionKey));
    const index = builtIndex(res, 'automation-config');
    if (index === undefined) return;
    const inputs = Object.fromEntries(['email', 'displayName', 'language'].flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k) ?? '']] : [])));
    return sendHtml(res, 200, automationConfigFrame(index, { lang: v.lang, actionKey, inputs }));
  }

  if (req.method === 'GET' && url.pathname === '/jira/settings/apps/portal-access') {
    const v = view(ex, 'admin');
    if (!v) return;
    return sendHtml(res, 200, adminSettingsPage(v));
  }

  // The help center stand-in, signed in through the app as SAML IdP (local/help-center.ts, local/saml-sp.ts).
  if ((url.pathname === '/help-center' || url.pathname.startsWith('/help-center/')) && helpCenter && (await ctx.invocationSite.run(site, () => helpCenter.handle(req, res, url)))) return;

  return scriptingApi(ctx, ex);
}

/** `/x/<trigger>/…`: a web trigger invocation of the site, with the platform's request and answer shapes (strict: the strictest reading). */
async function webTrigger(ctx: HostContext, { req, res, url, site }: Exchange): Promise<void> {
  const strict = ctx.platform === 'strict';
  const [, , trigger, ...rest] = url.pathname.split('/');
  const module = ctx.modules.find((m) => m.type === 'webtrigger' && m.moduleKey === decodeURIComponent(trigger));
  if (!module) return sendJson(res, 404, { code: 'NO_TRIGGER', message: 'No such web trigger' });
  const body = await readBody(req, 1024 * 1024);
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  if (strict) {
    // The strictest reading: the platform passes neither the client's address nor its cookies.
    delete headers['x-forwarded-for'];
    delete headers.cookie;
  } else headers['x-forwarded-for'] ??= [req.socket.remoteAddress ?? '127.0.0.1'];
  const queryParameters: Record<string, string[]> = {};
  url.searchParams.forEach((value, key) => (queryParameters[key] ??= []).push(value));
  const response = await ctx.invocationSite.run(site, () => ctx.triggerFunctions[module.function]({
    method: req.method ?? 'GET',
    path: url.pathname,
    userPath: rest.join('/'),
    headers,
    queryParameters,
    // Over the host's limit the handler sees the real first bytes (more than any handler accepts) and answers its own 413.
    body: body.ok ? body.text : body.head,
  }, invocationContext(site.def) as never));
  if (!body.ok) res.setHeader('Connection', 'close');
  const answerHeaders = Object.entries(response.headers).filter(([name]) => !(strict && name.toLowerCase() === 'set-cookie'));
  res.writeHead(body.ok ? response.statusCode : 413, Object.fromEntries(answerHeaders.map(([k, v]) => [k, v.join(', ')])));
  res.end(response.isBase64Encoded && !strict ? Buffer.from(response.body, 'base64') : response.body);
}
