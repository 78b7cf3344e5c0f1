import { isPlausibleEmail } from '../src/domain/identifier';
import type { Clock } from '../src/ports/platform';
import { isPersona, SERVICE_DESKS, type JiraEmulator } from './jira-emulator';
import type { RaisedRequest } from './jira-servicedesk';
import { nextProductEventDelivery, outcomeOf, type RetryContext } from './redelivery';

/**
 * Raising requests and running the Automation action on the local host (issue 12):
 *  - `raise`: the help center's "Raise a request" and `POST /local/api/requests` create the issue in the Jira
 *    emulator (reporter: the Jira account with that address, else a portal-only customer account) and then
 *    deliver `avi:jira:created:issue` to the manifest's trigger function the way Forge does: in its own
 *    invocation, after the request that raised it has been answered.
 *  - `runAction`: `POST /local/api/automation/run` calls an `action` module's function with the rule's
 *    inputs, as the rule's connection user (a persona, default `admin`), and answers its output.
 */
export interface RaiseInput {
  projectKey: string;
  reporterEmail: string;
  reporterName?: string;
  summary: string;
}

export type RaiseAnswer =
  | { ok: true; request: RaisedRequest }
  | { ok: false; status: 400 | 404; code: 'BAD_REQUEST_INPUT' | 'NO_PROJECT'; field?: keyof RaiseInput; message: string };

export interface RequestsOptions {
  jira: JiraEmulator;
  clock: Clock;
  /** Runs a function in its own invocation (off the caller's request), counted by the host's idle(). */
  detached: (what: string, run: () => Promise<unknown>) => void;
  /** The trigger functions subscribed to `avi:jira:created:issue`. */
  createdIssueTriggers: () => ((event: unknown, context: unknown) => Promise<unknown>)[];
  /** The action module's function by its key, or undefined. */
  action: (actionKey: string) => ((payload: unknown, context: unknown) => Promise<unknown>) | undefined;
  /** Runs `fn` as a persona's (or the app's) Jira user. */
  asPersona: <T>(persona: string, fn: () => Promise<T>) => Promise<T>;
  /** Runs `run` after `delaySec` on the host clock (a product event's retry). */
  later: (delaySec: number, run: () => void) => void;
  /** The context Forge passes the site's functions (default: the demo site's installContext). */
  context?: Record<string, unknown>;
  /** Runs `fn` as an invocation of the site (its storage and Jira; see local/host.ts). */
  inSite?: <T>(fn: () => T) => T;
}

const SITE_ARI = 'ari:cloud:jira::site/00000000-0000-4000-8000-000000000001';
const noControl = (s: string) => !/[\p{Cc}<>]/u.test(s);

/** The fields of a raise call or form, checked (the same rules for both). */
export function checkRaiseInput(raw: Record<string, unknown>): { ok: true; input: RaiseInput } | { ok: false; field: keyof RaiseInput; message: string } {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);
  const projectKey = str(raw.projectKey);
  if (!projectKey || !/^[A-Z][A-Z0-9_]{0,254}$/.test(projectKey)) return { ok: false, field: 'projectKey', message: 'projectKey must be a project key such as DEMO' };
  const reporterEmail = str(raw.reporterEmail);
  if (!reporterEmail || !isPlausibleEmail(reporterEmail)) return { ok: false, field: 'reporterEmail', message: 'reporterEmail must be an email address' };
  const reporterName = raw.reporterName === undefined ? '' : str(raw.reporterName);
  if (reporterName === undefined || reporterName.length > 200 || !noControl(reporterName)) return { ok: false, field: 'reporterName', message: 'reporterName must be a name of at most 200 characters without < or >' };
  const summary = str(raw.summary);
  if (!summary || summary.length > 255 || /\p{Cc}/u.test(summary)) return { ok: false, field: 'summary', message: 'summary must be 1–255 characters on one line' };
  return { ok: true, input: { projectKey, reporterEmail, ...(reporterName ? { reporterName } : {}), summary } };
}

/** The product event as Forge delivers it (https://developer.atlassian.com/platform/forge/events-reference/jira/). */
export function createdIssueEvent(request: RaisedRequest): Record<string, unknown> {
  const desk = SERVICE_DESKS.find((d) => d.key === request.project);
  const created = new Date(request.createdMs).toISOString().replace('Z', '+0000');
  const user = { accountId: request.reporter.accountId };
  return {
    eventType: 'avi:jira:created:issue',
    issue: {
      id: request.id,
      key: request.key,
      fields: {
        summary: request.summary,
        issuetype: { id: '10003', name: 'Service request', subtask: false },
        creator: user,
        created,
        project: { id: desk?.id ?? '', key: request.project, name: desk?.name ?? request.project, projectTypeKey: 'service_desk', simplified: false },
        reporter: user,
        assignee: null,
        updated: created,
        status: { name: 'Waiting for support', statusCategory: { key: 'new' } },
      },
    },
    atlassianId: request.reporter.accountId,
    associatedUsers: [user],
  };
}

export function createRequests(options: RequestsOptions) {
  // What Forge passes each function of the site's installation (issue 20: local/sites.ts).
  const context = options.context ?? { installContext: SITE_ARI };
  const inSite = options.inSite ?? (<T>(fn: () => T) => fn());

  /** Delivers the request's created event to every subscribed trigger, each in its own invocation. */
  function deliverCreated(request: RaisedRequest): void {
    const event = createdIssueEvent(request);
    for (const trigger of options.createdIssueTriggers()) deliverTo(trigger, event, undefined);
  }

  /**
   * One delivery to one trigger, as an invocation of the site; retried (local/redelivery.ts) only when the
   * trigger returns an `InvocationError`, at most four times, with the event's `retryContext`. A throw is never retried.
   */
  function deliverTo(trigger: (event: unknown, context: unknown) => Promise<unknown>, event: Record<string, unknown>, retryContext: RetryContext | undefined): void {
    options.detached('request-created trigger', async () => {
      const answer = await inSite(() => options.asPersona('app', () => trigger(retryContext ? { ...event, retryContext } : event, context)));
      const next = nextProductEventDelivery(outcomeOf(answer), retryContext);
      if (next) options.later(next.delaySec, () => deliverTo(trigger, event, next.retryContext));
      return answer;
    });
  }

  return {
    raise(raw: Record<string, unknown>): RaiseAnswer {
      const checked = checkRaiseInput(raw);
      if (!checked.ok) return { ok: false, status: 400, code: 'BAD_REQUEST_INPUT', field: checked.field, message: checked.message };
      const request = options.jira.raiseRequest({ ...checked.input, nowMs: options.clock.nowMs() });
      if (!request) return { ok: false, status: 404, code: 'NO_PROJECT', field: 'projectKey', message: 'No service desk has that project key (DEMO, OTHER)' };
      deliverCreated(request);
      return { ok: true, request };
    },

    /** Delivers a raised request's event again (Forge may deliver an event more than once, or late). */
    redeliver(issueKey: string): boolean {
      const request = options.jira.raisedRequest(issueKey);
      if (request) deliverCreated(request);
      return request !== undefined;
    },

    async runAction(raw: Record<string, unknown>): Promise<{ status: 200 | 400 | 404; body: unknown }> {
      const actionKey = typeof raw.actionKey === 'string' ? raw.actionKey : '';
      const fn = options.action(actionKey);
      if (!fn) return { status: 404, body: { code: 'NO_ACTION', message: 'No action module has that key' } };
      const inputs = raw.inputs ?? {};
      if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) return { status: 400, body: { code: 'BAD_INPUTS', message: 'inputs must be an object of the action\'s inputs' } };
      const persona = raw.persona ?? 'admin';
      if (!isPersona(persona) || persona === 'anonymous') return { status: 400, body: { code: 'UNKNOWN_PERSONA', message: 'persona (the rule\'s connection user) must be customer, agent, other-agent or admin' } };
      const output = await inSite(() => options.asPersona(persona, () => fn(inputs, context)));
      return { status: 200, body: output };
    },
  };
}

export type Requests = ReturnType<typeof createRequests>;
