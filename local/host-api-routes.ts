import { CUSTOMER_PAGES_TRIGGER } from '../src/forge/urls';
import { demoSummary } from './demo-data';
import type { LocalSite } from './host-options';
import type { Exchange, HostContext } from './host-routes';
import { readBody } from './http-body';
import { sendHtml, sendJson, sendText } from './http-send';
import { PERSONAS, PERSONA_ACCOUNTS, isPersona, type JiraFaults } from './jira-emulator';
import { indexPage, mailboxPage, smsPage } from './pages';
import { privacyScript } from './privacy-emulator';
import { invocationContext } from './sites';

/** The scripting API's JSON body: undefined when it was answered already (413 over `limit`, 400 not a JSON object). */
async function jsonBody<T extends object>({ req, res }: Exchange, limit: number): Promise<T | undefined> {
  const body = await readBody(req, limit);
  if (!body.ok) {
    res.setHeader('Connection', 'close');
    sendJson(res, 413, { code: 'TOO_LARGE', message: `The body is larger than ${limit} bytes` });
    return undefined;
  }
  try {
    const value = JSON.parse(body.text || '{}') as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
  } catch {
    // answered below
  }
  sendJson(res, 400, { code: 'BAD_JSON', message: 'The body must be a JSON object' });
  return undefined;
}

const links = (ctx: HostContext, site: LocalSite) => ({
  helpCenter: `${site.url}/help-center`,
  login: `${site.url}/x/${CUSTOMER_PAGES_TRIGGER}/login`,
  forgot: `${site.url}/x/${CUSTOMER_PAGES_TRIGGER}/forgot`,
  mailbox: `${ctx.baseUrl()}/mail`,
});

/** A count a fault takes, or undefined when it is not one (0 to `max`). */
const count = (v: unknown, max = 10_000) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? v : undefined);

/**
 * A catcher's routes (`/mail`, `/sms`): its page, its messages as JSON, and emptying it. False when `route` is
 * none of them.
 */
function catcherRoute<M>({ res, route }: Exchange, name: 'mail' | 'sms', box: { list(): M[]; clear(): void }, page: (messages: M[]) => string): boolean {
  if (route === `GET /${name}`) sendHtml(res, 200, page(box.list()));
  else if (route === `GET /${name}/api/messages`) sendJson(res, 200, box.list());
  else if (route === `DELETE /${name}/api/messages`) {
    box.clear();
    sendJson(res, 200, { deleted: true });
  } else return false;
  return true;
}

/** The index page, the mailbox and SMS pages, and the scripting API (`/local/api/…`, docs/local-host.md); 404 otherwise. */
export async function scriptingApi(ctx: HostContext, ex: Exchange): Promise<void> {
  const { res, route, site } = ex;
  const { jira, requests } = site;
  const { mailbox, smsbox, clock } = ctx;
  if (catcherRoute(ex, 'mail', mailbox, mailboxPage) || catcherRoute(ex, 'sms', smsbox, smsPage)) return;
  switch (route) {
    case 'GET /': {
      const summary = await ctx.asSite(site, () => demoSummary(site.deps, site.data));
      const others = ctx.sites.map((s) => ({ name: s.def.name, url: s.url, current: s === site, ...links(ctx, s) }));
      return sendHtml(res, 200, indexPage(links(ctx, site), summary.customers, jira.issueList(), others));
    }
    case 'GET /local/api/demo':
      return sendJson(res, 200, await ctx.asSite(site, () => demoSummary(site.deps, site.data)));
    case 'POST /local/api/clock': {
      const body = await jsonBody<{ advanceSeconds?: unknown }>(ex, 10_000);
      if (!body) return;
      const seconds = body.advanceSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 10 * 365 * 86_400) {
        return sendJson(res, 400, { code: 'BAD_CLOCK', message: 'advanceSeconds must be a number of seconds between 0 and 10 years' });
      }
      clock.advance(seconds);
      ctx.work.runDue();
      await ctx.work.runScheduled();
      return sendJson(res, 200, { now: new Date(clock.nowMs()).toISOString(), offsetSeconds: clock.offsetMs / 1000 });
    }
    case 'POST /local/api/mail/faults': {
      const body = await jsonBody<{ refuseNext?: unknown; rejectNext?: unknown; down?: unknown }>(ex, 10_000);
      if (!body) return;
      if ((body.refuseNext !== undefined && count(body.refuseNext) === undefined) || (body.rejectNext !== undefined && count(body.rejectNext) === undefined) || (body.down !== undefined && typeof body.down !== 'boolean')) {
        return sendJson(res, 400, { code: 'BAD_FAULTS', message: 'refuseNext and rejectNext take a count (0–10000), down takes true or false' });
      }
      mailbox.refuseNext = count(body.refuseNext) ?? mailbox.refuseNext;
      mailbox.rejectNext = count(body.rejectNext) ?? mailbox.rejectNext;
      if (typeof body.down === 'boolean') mailbox.down = body.down;
      return sendJson(res, 200, { refuseNext: mailbox.refuseNext, rejectNext: mailbox.rejectNext, down: mailbox.down });
    }
    case 'POST /local/api/jira/faults': {
      const body = await jsonBody<{ status?: unknown; delayMs?: unknown; next?: unknown }>(ex, 10_000);
      if (!body) return;
      const { status, delayMs, next } = body;
      if ((status !== undefined && status !== 500 && status !== 503) || (delayMs !== undefined && count(delayMs, 120_000) === undefined) || (next !== undefined && count(next) === undefined)) {
        return sendJson(res, 400, { code: 'BAD_FAULTS', message: 'status takes 500 or 503, delayMs 0–120000, next a count (0–10000); {} clears the faults' });
      }
      const faults: JiraFaults = { ...(status ? { status } : {}), ...(delayMs ? { delayMs: delayMs as number } : {}), ...(next !== undefined ? { next: next as number } : {}) };
      jira.faults = faults.status || faults.delayMs ? faults : undefined;
      return sendJson(res, 200, { faults: jira.faults ?? null });
    }
    case 'POST /local/api/scheduled/run':
      await ctx.work.runScheduled();
      return sendJson(res, 200, { ran: ctx.modules.filter((m) => m.type === 'scheduledTrigger').map((m) => m.moduleKey) });
    case 'GET /local/api/privacy':
    case 'POST /local/api/privacy/accounts':
    case 'POST /local/api/privacy/faults': {
      const body = route.startsWith('GET') ? {} : await jsonBody<Record<string, unknown>>(ex, 10_000);
      if (!body) return;
      const answer = privacyScript(site.privacy, route, body);
      return sendJson(res, answer.status, answer.body);
    }
    case 'POST /local/api/requests': {
      const body = await jsonBody<Record<string, unknown>>(ex, 10_000);
      if (!body) return;
      const raised = requests.raise(body);
      if (!raised.ok) return sendJson(res, raised.status, { code: raised.code, field: raised.field, message: raised.message });
      const { request } = raised;
      return sendJson(res, 201, { issueKey: request.key, issueId: request.id, projectKey: request.project, reporter: { accountId: request.reporter.accountId, accountType: request.reporter.accountType } });
    }
    case 'POST /local/api/automation/run': {
      const body = await jsonBody<Record<string, unknown>>(ex, 10_000);
      if (!body) return;
      const ran = await requests.runAction(body);
      return sendJson(res, ran.status, ran.body);
    }
    case 'GET /local/api/modules':
      return sendJson(res, 200, { platform: ctx.platform, modules: ctx.modules });
    case 'POST /local/api/invoke':
      return invoke(ctx, ex);
    default:
      return sendText(res, 404, 'Not found');
  }
}

/** `POST /local/api/invoke`: a resolver call as the Custom UI bridge makes it, as a persona (or a portal customer). */
async function invoke(ctx: HostContext, ex: Exchange): Promise<void> {
  const { res, site } = ex;
  const { jira } = site;
  const body = await jsonBody<{ moduleKey?: unknown; functionKey?: unknown; payload?: unknown; persona?: unknown; issueKey?: unknown; accountId?: unknown }>(ex, 1024 * 1024);
  if (!body) return;
  const persona = body.persona ?? 'anonymous';
  if (!isPersona(persona)) return sendJson(res, 400, { code: 'UNKNOWN_PERSONA', message: `persona must be one of ${PERSONAS.join(', ')}` });
  const module = ctx.modules.find((m) => m.moduleKey === body.moduleKey);
  if (!module || module.resolverKeys.length === 0) return sendJson(res, 404, { code: 'NO_MODULE', message: 'No module with a resolver has that key' });
  if (typeof body.functionKey !== 'string' || !module.resolverKeys.includes(body.functionKey)) {
    return sendJson(res, 404, { code: 'NO_RESOLVER', message: `The module ${module.moduleKey} exposes: ${module.resolverKeys.join(', ')}` });
  }
  const handler = ctx.resolverFunctions[module.function];
  if (!handler) return sendJson(res, 404, { code: 'NO_FUNCTION', message: 'That module has no resolver function here' });
  // The platform's context: the module, and for issue modules the issue the page is showing.
  const issueKey = typeof body.issueKey === 'string' ? body.issueKey : undefined;
  const issue = issueKey ? jira.findIssue(issueKey) : undefined;
  const extension = { type: module.type, ...(issue ? { issue: { key: issue.key, id: issue.id }, project: { key: issue.key.split('-')[0] } } : {}) };
  // `accountId`: a portal customer other than the persona's Jane (see ensurePortalCustomer), persona customer only.
  if (body.accountId !== undefined && (persona !== 'customer' || typeof body.accountId !== 'string' || !jira.isPortalCustomer(body.accountId))) {
    return sendJson(res, 400, { code: 'UNKNOWN_ACCOUNT', message: 'accountId must be a known portal customer, with persona customer' });
  }
  const portalAccount = typeof body.accountId === 'string' ? body.accountId : undefined;
  const accountId = portalAccount ?? (persona === 'anonymous' ? undefined : PERSONA_ACCOUNTS[persona].account.accountId);
  const jiraAs = portalAccount && portalAccount !== PERSONA_ACCOUNTS.customer.account.accountId ? portalAccount : persona;
  const result = await ctx.invocationSite.run(site, () =>
    ctx.personaOfCall.run(jiraAs, () =>
      ctx.resolverFunctions[module.function](
        { call: { functionKey: body.functionKey, payload: (body.payload ?? {}) as Record<string, unknown> }, context: { moduleKey: module.moduleKey, extension, cloudId: site.def.cloudId } } as never,
        invocationContext(site.def, accountId ? { accountId } : undefined) as never,
      ),
    ),
  );
  return sendJson(res, 200, { result });
}
