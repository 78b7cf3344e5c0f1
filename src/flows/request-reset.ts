import { canReceiveInvite, canReceiveReset, type Customer } from '../domain/customer';
import { parseIdentifier } from '../domain/identifier';
import { isInternalAddress } from '../domain/internal-domain';
import type { Settings } from '../domain/settings';
import type { Locale, MailLocale } from '../i18n/locale';
import type { Job } from '../ports/jobs';
import { actorOf, type Actor } from './actor';
import { allowClient } from './client-limit';
import { auditEvent, nowSec, type Deps } from './deps';
import { sendInvitation } from './invite';
import { deliver, type DeliverOutcome } from './deliver';
import { claimMailOrRefuse } from './account-claims';

/**
 * "Forgot your password?" in two halves. The request path does the same constant work for every input
 * (client limit, enqueue) and answers neutrally; the lookup, the per-account limit, the link and the
 * email happen in the queue consumer, where their cost cannot be timed by the requester.
 */
export async function acceptResetRequest(
  deps: Deps,
  input: { identifier: string; locale: Locale; clientAddress: string },
): Promise<{ resetLinkMinutes: number; internalUrl?: string }> {
  const settings = await deps.settings.load();
  // Staff addresses go to the internal self-service: decided by the typed domain alone, so known and
  // unknown addresses get the same answer, and nothing is queued or mailed.
  if (isInternalAddress(input.identifier, settings.internal.domains)) {
    return { resetLinkMinutes: settings.resetLinkMinutes, internalUrl: settings.internal.url };
  }
  if (await allowClient(deps, 'reset', input.clientAddress, settings.limits.resetPerClient)) {
    await deps.queue.push({ type: 'reset-request', identifier: input.identifier, locale: input.locale, requestedAt: nowSec(deps) });
  } else {
    deps.log.warn('reset request over the client limit');
  }
  return { resetLinkMinutes: settings.resetLinkMinutes };
}

export async function findCustomer(deps: Deps, raw: string): Promise<Customer | undefined> {
  const id = parseIdentifier(raw);
  return id.kind === 'email' ? deps.directory.findByEmail(id.key) : deps.directory.findByUsername(id.key);
}

export type ResetLinkOutcome = DeliverOutcome | { ok: false; error: 'wrong-state' | 'limit-reached' };

/** Mails a reset link to an active account, within the per-account limit. Used by the customer and by agents. */
export async function sendResetLink(deps: Deps, settings: Settings, customer: Customer, actor: Actor, locale: MailLocale): Promise<ResetLinkOutcome> {
  const who = actorOf(actor);
  if (!canReceiveReset(customer)) {
    await deps.directory.appendAudit([auditEvent(deps, customer.id, 'reset.refused', who.actor, { ...who.detail, reason: customer.status })]);
    return { ok: false, error: 'wrong-state' };
  }
  // The window is claimed before the mail goes out (issue 23 item 1): however the requests are timed, at most
  // the limit's mails leave; a mail that then fails still counts.
  const now = nowSec(deps);
  const claimed = await claimMailOrRefuse(deps, customer, { field: 'resetWindow', rule: settings.limits.resetPerAccount, canReceive: canReceiveReset }, who, now);
  if (!claimed.ok) return claimed;
  return deliver(deps, settings, claimed.customer, {
    kind: 'reset',
    locale: customer.locale || locale,
    actor,
    events: [auditEvent(deps, customer.id, 'reset.requested', who.actor, who.detail)],
  });
}

export async function processResetRequest(deps: Deps, job: Extract<Job, { type: 'reset-request' }>): Promise<void> {
  const settings = await deps.settings.load();
  const customer = await findCustomer(deps, job.identifier);
  if (!customer) {
    deps.log.info('reset requested for an identifier with no account');
    return;
  }
  // On the queue the job is claimed only now (src/surfaces/jobs.ts), before its first write: an unknown address costs
  // no ledger write. A mail's job is claimed in the transaction that claims the account's window (claimMailWindow,
  // issue 25); a refusal's audit comes after the ledger's own claim.
  if (deps.job && !canReceiveInvite(customer) && !canReceiveReset(customer) && !(await deps.job.begin())) return;
  // Never registered: the way in is the invitation, so send that again (the page said the same either way).
  const outcome = canReceiveInvite(customer)
    ? await sendInvitation(deps, settings, customer, { kind: 'customer' }, job.locale)
    : await sendResetLink(deps, settings, customer, { kind: 'anonymous' }, job.locale);
  if (!outcome.ok) deps.log.info('reset request not mailed', { reason: outcome.error });
}
