import { autoInviteOn, entryDisplayName, EVENT_MEMORY_SEC, parseCreatedRequest, reporterQualifies, type SkipReason } from '../domain/auto-invite';
import { normaliseForLookup } from '../domain/identifier';
import { acceptsMailLocale } from '../domain/settings';
import { requestEventKey } from '../forge/kvs-keys';
import type { ServiceDeskJira } from '../ports/jira';
import { nowSec, type Deps } from './deps';
import { ensureAccess, type Activation, type EnsureError } from './ensure-access';

/**
 * A request was created (Forge product event `avi:jira:created:issue`, issue 12): when the setting is on for
 * its project and the reporter is a portal-only customer the directory does not know, create their entry and
 * send the invitation through the one "ensure access" operation (source: the request).
 *
 * Cheap first: the setting (one cached KVS read) and the directory by account id decide most events without
 * asking Jira. One decision per request: its event is claimed (KVS key with FAIL_IF_EXISTS, 30 days), so a
 * second or late delivery does nothing; when Jira cannot answer, the claim is released and the error thrown,
 * so a redelivery is handled. Nothing about the reporter (address, name) is logged.
 */
export type AutoInviteOutcome =
  | { invited: true; issueKey: string }
  | { invited: false; issueKey?: string; reason: SkipReason | 'bad-event' | Exclude<Activation, 'invited'> | EnsureError };

export async function handleRequestCreated(deps: Deps, jira: ServiceDeskJira, event: unknown): Promise<AutoInviteOutcome> {
  const request = parseCreatedRequest(event);
  if (!request) {
    deps.log.warn('request event ignored: not an issue-created payload');
    return { invited: false, reason: 'bad-event' };
  }
  const { issueKey } = request;
  const done = (outcome: AutoInviteOutcome): AutoInviteOutcome => {
    deps.log.info('request event handled', { issueKey, outcome: outcome.invited ? 'invited' : outcome.reason });
    return outcome;
  };
  const skip = (reason: Exclude<AutoInviteOutcome, { invited: true }>['reason']) => done({ invited: false, issueKey, reason });

  const settings = await deps.settings.load();
  if (!autoInviteOn(settings.autoInvite, request.projectKey)) return skip('not-enabled');
  if (!request.reporterAccountId) return skip('no-reporter');
  if (await deps.directory.findByAccount(request.reporterAccountId)) return skip('in-directory');

  const claim = requestEventKey(request.issueId);
  if (!(await deps.replays.firstSeen(claim, EVENT_MEMORY_SEC))) return skip('duplicate-event');
  try {
    const user = await jira.user(request.reporterAccountId);
    if (!user) return skip('no-reporter');
    const email = user.email ?? (user.accountType === 'customer' ? await jira.requestReporterEmail(issueKey) : null);
    const facts = { accountId: request.reporterAccountId, accountType: user.accountType, displayName: user.displayName, email };
    const verdict = reporterQualifies(facts, settings.internal.domains);
    if (!verdict.ok) return skip(verdict.reason);
    if (await deps.directory.findByEmail(normaliseForLookup(verdict.email))) return skip('in-directory');

    const language = user.locale.slice(0, 2).toLowerCase();
    const outcome = await ensureAccess(
      deps,
      settings,
      { email: verdict.email, displayName: entryDisplayName(facts, verdict.email), ...(acceptsMailLocale(settings, language) ? { locale: language } : {}) },
      { kind: 'request', issueKey },
      { activate: true },
    );
    if (!outcome.ok) return skip(outcome.error);
    if (outcome.created) await linkAccount(deps, outcome.customer.id, request.reporterAccountId);
    const activation = outcome.activation ?? 'already-invited';
    return activation === 'invited' ? done({ invited: true, issueKey }) : skip(activation);
  } catch (error) {
    await deps.replays.forget(claim).catch(() => undefined);
    throw error;
  }
}

/**
 * Links the entry this event created to the reporter's Jira account, as the agent panel's invitation does,
 * so the customer's later requests stop at the directory lookup by account (no claim, no Jira call) and the
 * panel finds them by account. Only after the invitation's link is stored (conditioned on the revision and
 * the link), so it never races the invitation; a conflict leaves the entry unlinked, which is harmless.
 */
async function linkAccount(deps: Deps, customerId: string, accountId: string): Promise<void> {
  const current = await deps.directory.get(customerId);
  if (!current || current.accountId || (await deps.directory.findByAccount(accountId))) return;
  const expected = { rev: current.rev, ...(current.linkHash ? { linkHash: current.linkHash } : {}) };
  await deps.directory.update({ ...current, accountId, rev: current.rev + 1, updatedAt: nowSec(deps) }, expected, []);
}
