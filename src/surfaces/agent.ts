import { isValidDisplayName } from '../domain/display-name';
import Resolver from '@forge/resolver';
import * as z from 'zod';
import { agentActions, derivedStatus, invitesLeft, mailLocaleOf, type Customer } from '../domain/customer';
import { isPlausibleEmail, isPlausibleUsername, normaliseForLookup } from '../domain/identifier';
import { acceptsMailLocale } from '../domain/settings';
import { hasSecondFactor, isRequired, type TwoStepSettings } from '../domain/two-step';
import type { Actor } from '../flows/actor';
import { nowSec, type Deps } from '../flows/deps';
import { inviteCustomer, sendInvitation, type InviteOutcome } from '../flows/invite';
import { sendResetLink, type ResetLinkOutcome } from '../flows/request-reset';
import type { AuditEvent } from '../domain/audit';
import type { IssueAccess } from '../ports/jira';
import type { AgentErrorCode, AgentKey, AgentResult, PanelCustomer, PanelData, TimelineEntry } from './agent-api';
import { guarded } from './resolver-errors';

/**
 * The agent panel's resolver (module `agent-panel`, function `agent`). Every call asks Jira, as the
 * calling user, whether they can see the issue in the Forge context and are an agent of its project (or a
 * Jira admin) before anything is read or changed. The issue comes from the platform's context, never
 * from the page's payload. Answers carry no password, hash or link.
 */
const TIMELINE_PAGE = 10;

interface CallContext {
  accountId?: string;
  extension?: { issue?: { key?: string; id?: string } };
}

const invitePayload = z.object({
  email: z.string().trim().max(254).refine(isPlausibleEmail, 'email'),
  displayName: z.string().trim().refine(isValidDisplayName, 'displayName'),
  username: z.string().trim().max(64).optional().refine((s) => !s || isPlausibleUsername(s), 'username'),
  locale: z.string().regex(/^[a-z]{2}$/),
});
const timelinePayload = z.object({ cursor: z.string().min(1).max(2000) });

type Authorized = { access: IssueAccess; customer: Customer | undefined };

const fail = (error: AgentErrorCode, field?: string): { ok: false; error: AgentErrorCode; field?: string } => ({
  ok: false, error, ...(field ? { field } : {}),
});

/** What the panel's actions can end in: the invitation and reset flows' errors, and the panel's own refusals. */
type ActionOutcome = InviteOutcome | ResetLinkOutcome | { ok: false; error: 'not-found' | 'already-registered' | 'wrong-state' };
export type AgentFlowError = Extract<ActionOutcome, { ok: false }>['error'];

/**
 * The one translation from flow errors to the panel's codes. A Record over every flow error: a new flow
 * error does not compile until it is mapped here. `fresh-panel`: the mail is in the outbox and will be
 * retried (the timeline says so), so the answer is the fresh panel.
 */
export const AGENT_FLOW_ERRORS: Record<AgentFlowError, { error: AgentErrorCode; field?: string } | 'fresh-panel'> = {
  retrying: 'fresh-panel',
  'email-failed': { error: 'email-failed' },
  conflict: { error: 'internal' },
  'wrong-state': { error: 'wrong-state' },
  'already-registered': { error: 'already-registered' },
  'limit-reached': { error: 'limit-reached' },
  'username-taken': { error: 'invalid-input', field: 'username' },
  'internal-address': { error: 'internal-address' },
  'not-found': { error: 'not-found' },
};

function toTimeline(events: AuditEvent[]): TimelineEntry[] {
  return events.map((e) => {
    const role = e.detail.actorRole;
    const actor: TimelineEntry['actor'] = role === 'agent' || role === 'admin' ? role : e.actor === 'customer' || e.actor === 'anonymous' ? e.actor : 'system';
    return {
      id: e.id,
      at: e.at,
      kind: e.kind,
      actor,
      ...(typeof e.detail.actorName === 'string' ? { actorName: e.detail.actorName } : {}),
      ...(typeof e.detail.template === 'string' ? { template: e.detail.template } : {}),
      ...(typeof e.detail.reason === 'string' ? { reason: e.detail.reason } : {}),
      ...(typeof e.detail.attempt === 'number' ? { attempt: e.detail.attempt } : {}),
      ...(e.detail.via === 'api' || e.detail.via === 'request' || e.detail.via === 'automation' ? { via: e.detail.via } : {}),
      ...(e.detail.via === 'request' && typeof e.detail.issueKey === 'string' ? { issueKey: e.detail.issueKey } : {}),
    };
  });
}

function toPanelCustomer(c: Customer, twoStep: TwoStepSettings): PanelCustomer {
  return {
    displayName: c.displayName,
    email: c.email,
    username: c.username,
    locale: c.locale,
    invitedAt: c.invitedAt,
    inviteExpiresAt: c.link?.purpose === 'invite' ? c.link.expiresAt : 0,
    activatedAt: c.activatedAt,
    passwordChangedAt: c.passwordChangedAt,
    lastSignInAt: c.lastSignInAt ?? 0,
    resetExpiresAt: c.link?.purpose === 'reset' ? c.link.expiresAt : 0,
    lockedUntil: c.lockedUntil,
    portalAdmin: c.portalAdmin === true,
    // With the policy off no code is asked, whatever is enrolled.
    twoStep: twoStep.policy === 'off' ? 'off' : hasSecondFactor(c) ? 'on' : isRequired(twoStep, c) ? 'required' : 'off',
    twoStepMethods: { totp: Boolean(c.twoStep?.totp), sms: c.twoStep?.sms?.masked ?? null },
    passkeys: c.passkeys?.length ?? 0,
  };
}

export function agentResolver(deps: Deps) {
  async function authorize(context: CallContext): Promise<Authorized | undefined> {
    const issue = context.extension?.issue?.key ?? context.extension?.issue?.id;
    if (!context.accountId || !issue) return undefined;
    const access = await deps.jira.issueAccessForCaller(issue);
    if (!access || !access.canBrowse || !(access.isAgent || access.isAdmin)) return undefined;
    // The reporter: by linked Atlassian account first, else by the email Jira shares (it may hide it).
    const reporter = access.reporter;
    let customer = reporter ? await deps.directory.findByAccount(reporter.accountId) : undefined;
    if (!customer && reporter?.emailAddress) customer = await deps.directory.findByEmail(normaliseForLookup(reporter.emailAddress));
    return { access, customer };
  }

  async function panel({ access, customer }: Authorized, timeline?: { events: AuditEvent[]; cursor?: string }): Promise<PanelData> {
    const settings = await deps.settings.load();
    const now = nowSec(deps);
    const page = customer ? (timeline ?? (await deps.directory.listAudit(customer.id, TIMELINE_PAGE))) : { events: [] };
    const status = customer ? derivedStatus(customer, now) : access.reporter?.emailAddress ? 'not-invited' : 'unidentified';
    return {
      issueKey: access.issueKey,
      reporter: { displayName: access.reporter?.displayName ?? '', email: access.reporter?.emailAddress ?? null },
      status,
      customer: customer ? toPanelCustomer(customer, settings.twoStep) : null,
      timeline: { entries: toTimeline(page.events), cursor: page.cursor ?? null },
      actions: agentActions(status),
      invitesLeftToday: invitesLeft(customer, settings.limits.invitePerAccount, now),
      deliveryWarning: customer?.deliveryIssue ?? null,
      mailLocales: settings.mailLocales,
    };
  }

  async function actorFor(access: IssueAccess): Promise<Actor | undefined> {
    const me = await deps.jira.caller();
    return me ? { kind: access.isAgent ? 'agent' : 'admin', accountId: me.accountId, name: me.displayName } : undefined;
  }

  /** Runs an action for an authorized caller and answers with the fresh panel (one round trip for the UI). */
  async function act(
    context: CallContext,
    run: (auth: Authorized, actor: Actor) => Promise<ActionOutcome>,
    authorized?: Authorized,
  ): Promise<AgentResult<PanelData>> {
    const auth = authorized ?? (await authorize(context));
    if (!auth) return fail('forbidden');
    const actor = await actorFor(auth.access);
    if (!actor) return fail('forbidden');
    const outcome = await run(auth, actor);
    if (outcome.ok) return { ok: true, data: await panel({ ...auth, customer: outcome.customer }) };
    const answer = AGENT_FLOW_ERRORS[outcome.error];
    if (answer !== 'fresh-panel') return fail(answer.error, answer.field);
    const fresh = await authorize(context);
    return fresh ? { ok: true, data: await panel(fresh) } : fail('forbidden');
  }

  const linkAccount = (auth: Authorized): Partial<Customer> =>
    auth.access.reporter && auth.customer && !auth.customer.accountId ? { accountId: auth.access.reporter.accountId } : {};

  const resolver = new Resolver();
  /** Every key runs in the one catch-all: a throw is logged redacted and answered `jira-unavailable` or `internal`. */
  const define = <T>(key: AgentKey, handler: (request: { payload: unknown; context: unknown }) => Promise<AgentResult<T>>) =>
    resolver.define(key, (request) => guarded(deps.log, 'agent', key, () => handler(request), (code) => fail(code)));

  define('agent/panel', async ({ context }): Promise<AgentResult<PanelData>> => {
    const auth = await authorize(context as CallContext);
    return auth ? { ok: true, data: await panel(auth) } : fail('forbidden');
  });

  define('agent/timeline', async ({ payload, context }): Promise<AgentResult<PanelData['timeline']>> => {
    const auth = await authorize(context as CallContext);
    if (!auth) return fail('forbidden');
    const input = timelinePayload.safeParse(payload);
    if (!input.success) return fail('invalid-input', 'cursor');
    if (!auth.customer) return fail('not-found');
    const page = await deps.directory.listAudit(auth.customer.id, TIMELINE_PAGE, input.data.cursor);
    return { ok: true, data: { entries: toTimeline(page.events), cursor: page.cursor ?? null } };
  });

  define('agent/resend-invite', async ({ context }) =>
    act(context as CallContext, async (auth, actor) => {
      if (!auth.customer) return { ok: false, error: 'not-found' };
      const settings = await deps.settings.load();
      return sendInvitation(deps, settings, auth.customer, actor, mailLocaleOf(auth.customer), linkAccount(auth));
    }),
  );

  define('agent/send-reset', async ({ context }) =>
    act(context as CallContext, async (auth, actor) => {
      if (!auth.customer) return { ok: false, error: 'not-found' };
      const settings = await deps.settings.load();
      return sendResetLink(deps, settings, auth.customer, actor, mailLocaleOf(auth.customer));
    }),
  );

  define('agent/invite', async ({ payload, context }): Promise<AgentResult<PanelData>> => {
    // The caller first: nobody learns anything about the payload's validity before they are allowed.
    const authorized = await authorize(context as CallContext);
    if (!authorized) return fail('forbidden');
    const input = invitePayload.safeParse(payload);
    if (!input.success) return fail('invalid-input', String(input.error.issues[0]?.path[0] ?? ''));
    // en, de or an email language an admin added.
    if (!acceptsMailLocale(await deps.settings.load(), input.data.locale)) return fail('invalid-input', 'locale');
    return act(context as CallContext, async (auth, actor) => {
      if (auth.customer) return { ok: false, error: auth.customer.status === 'active' ? 'already-registered' : 'wrong-state' };
      const reporter = auth.access.reporter;
      const sameAsReporter = reporter?.emailAddress && normaliseForLookup(reporter.emailAddress) === normaliseForLookup(input.data.email);
      const accountId = sameAsReporter || !reporter?.emailAddress ? reporter?.accountId : undefined;
      const outcome = await inviteCustomer(deps, { ...input.data, accountId }, actor);
      return outcome;
    }, authorized);
  });

  return resolver.getDefinitions();
}
