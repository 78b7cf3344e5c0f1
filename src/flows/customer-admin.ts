import { queueTwoStepNotice, queueTwoStepResetNotice } from './two-step-notice';
import { derivedStatus, mailLocaleOf, type Customer } from '../domain/customer';
import { adminStatus, applyAccountChange, applyStateChange, type AccountChange, type AdminAction, type StateChange } from '../domain/customer-admin';
import type { AuditKind } from '../domain/audit';
import { actorOf, type Actor } from './actor';
import { auditEvent, nowSec, type Deps } from './deps';
import { sendInvitation } from './invite';
import { sendResetLink } from './request-reset';

/**
 * An admin's actions on one directory entry, each audited with the admin as actor. State changes are one
 * conditional write (customer + audit event); reset and invitation go through the same flows (and limits)
 * as the agent panel and the customer pages.
 */
export type AdminActionOutcome =
  | { ok: true; customer: Customer }
  | { ok: false; error: 'not-found' | 'not-allowed' | 'limit' | 'conflict' | 'email-failed' };

const STATE_EVENT: Record<StateChange, AuditKind> = { unlock: 'customer.unlocked', disable: 'customer.disabled', enable: 'customer.enabled' };

export async function changeState(deps: Deps, id: string, change: StateChange, actor: Actor): Promise<AdminActionOutcome> {
  const customer = await deps.directory.get(id);
  if (!customer) return { ok: false, error: 'not-found' };
  const now = nowSec(deps);
  const next = applyStateChange(customer, change, now);
  if (!next) return { ok: false, error: 'not-allowed' };
  const who = actorOf(actor);
  const event = auditEvent(deps, id, STATE_EVENT[change], who.actor, { ...who.detail, from: derivedStatus(customer, now) });
  return (await deps.directory.update(next, { rev: customer.rev }, [event])) ? { ok: true, customer: next } : { ok: false, error: 'conflict' };
}

/**
 * The portal administrator mark (audited as `customer.updated`, detail `portalAdmin`) or a two-step reset
 * (`twostep.reset`): one write conditioned on the revision, with its audit event. A reset then deletes the
 * secrets the removed state named (TOTP key, recovery-code hashes); should that fail, the entry no longer
 * points at them, so they are unreachable and the reset stands.
 */
export async function changeAccount(deps: Deps, id: string, change: AccountChange, actor: Actor): Promise<AdminActionOutcome> {
  const customer = await deps.directory.get(id);
  if (!customer) return { ok: false, error: 'not-found' };
  const next = applyAccountChange(customer, change, nowSec(deps));
  if (!next) return { ok: false, error: 'not-allowed' };
  const who = actorOf(actor);
  const detail =
    change === 'reset-two-step'
      ? { ...who.detail, methods: [customer.twoStep?.totp ? 'totp' : '', customer.twoStep?.sms ? 'sms' : '', customer.twoStep?.recovery ? 'recovery' : ''].filter(Boolean).join(',') }
      : change === 'remove-passkeys'
        ? { ...who.detail, count: customer.passkeys?.length ?? 0, left: 0 }
        : { ...who.detail, portalAdmin: change === 'mark-admin' };
  const kind: AuditKind = change === 'reset-two-step' ? 'twostep.reset' : change === 'remove-passkeys' ? 'passkey.removed' : 'customer.updated';
  const event = auditEvent(deps, id, kind, who.actor, detail);
  if (!(await deps.directory.update(next, { rev: customer.rev }, [event]))) return { ok: false, error: 'conflict' };
  // Issue 22: the customer is told their passkeys are gone.
  if (change === 'remove-passkeys') await queueTwoStepNotice(deps, id, 'passkey-removed', { left: 0, ...(customer.passkeys?.length === 1 ? { name: customer.passkeys[0].name } : {}) });
  if (change === 'reset-two-step') {
    try {
      await deps.factors.remove(id, { totp: customer.twoStep?.totp?.ref, sms: customer.twoStep?.sms?.ref, recovery: customer.twoStep?.recovery?.ref });
    } catch (error) {
      // The error's text may name the secret's key: only its code is logged.
      deps.log.error('two-step reset: secrets not deleted', { code: String((error as { code?: string | number })?.code ?? 'unknown') });
    }
    // The customer is told (they must set it up again at the next sign-in where it is required).
    await queueTwoStepResetNotice(deps, id);
  }
  return { ok: true, customer: next };
}

/** Any admin row action: state changes, sends, and account changes. */
export function runAdminAction(deps: Deps, id: string, action: AdminAction, actor: Actor): Promise<AdminActionOutcome> {
  switch (action) {
    case 'send-reset':
    case 'resend-invite':
      return sendFor(deps, id, action, actor);
    case 'mark-admin':
    case 'unmark-admin':
    case 'reset-two-step':
    case 'remove-passkeys':
      return changeAccount(deps, id, action, actor);
    case 'disable':
    case 'enable':
    case 'unlock':
      return changeState(deps, id, action, actor);
  }
}

/** Reset link or invitation for one entry; `retrying` (the provider stumbled, the outbox retries) counts as done. */
export async function sendFor(deps: Deps, id: string, what: 'send-reset' | 'resend-invite', actor: Actor): Promise<AdminActionOutcome> {
  const customer = await deps.directory.get(id);
  if (!customer) return { ok: false, error: 'not-found' };
  const settings = await deps.settings.load();
  const locale = mailLocaleOf(customer);
  const outcome =
    what === 'send-reset' ? await sendResetLink(deps, settings, customer, actor, locale) : await sendInvitation(deps, settings, customer, actor, locale);
  if (outcome.ok) return outcome;
  switch (outcome.error) {
    case 'retrying':
      return { ok: true, customer: (await deps.directory.get(id)) ?? customer };
    case 'limit-reached':
      return { ok: false, error: 'limit' };
    case 'wrong-state':
    case 'already-registered':
    case 'username-taken':
    case 'internal-address':
      return { ok: false, error: 'not-allowed' };
    case 'email-failed':
    case 'conflict':
      return { ok: false, error: outcome.error };
    default: {
      // Exhaustive: a new flow error does not compile until it is placed above.
      const unmapped: never = outcome;
      throw new Error(`unmapped flow error ${(unmapped as { error: string }).error}`);
    }
  }
}

/**
 * One step of "resend all expired invitations": walks the invited customers (stored status `invited`, by
 * last change) from `cursor`, resending each expired invitation through the invitation flow, so the
 * per-account limit holds (a throttled one is counted and skipped). Stops after `max` resends or a few
 * pages. The whole run only looks at entries last updated before it started (its start rides in the
 * cursor): every attempt updates the entry — even one whose mail failed or is still retrying and so stays
 * "expired" — so nobody is reached twice in one run.
 */
export async function resendExpiredStep(
  deps: Deps,
  actor: Actor,
  from: string | undefined,
  max: number,
): Promise<{ resent: number; skippedLimit: number; failed: number; cursor: string | undefined }> {
  const settings = await deps.settings.load();
  const run = parseRunCursor(from) ?? { startedAt: nowSec(deps), cursor: undefined };
  const result = { resent: 0, skippedLimit: 0, failed: 0, cursor: from };
  let cursor = run.cursor;
  for (let pages = 0; pages < 5 && result.resent + result.skippedLimit + result.failed < max; pages++) {
    const page = await deps.directory.listByStatus('invited', max, cursor, { to: run.startedAt - 1 });
    for (const customer of page.customers) {
      if (adminStatus(customer, nowSec(deps)) !== 'invite-expired') continue;
      const outcome = await sendInvitation(deps, settings, customer, actor, mailLocaleOf(customer));
      if (outcome.ok || outcome.error === 'retrying') result.resent++;
      else if (outcome.error === 'limit-reached') result.skippedLimit++;
      else result.failed++;
    }
    cursor = page.cursor;
    result.cursor = cursor ? `${run.startedAt}.${cursor}` : undefined;
    if (!cursor) break;
  }
  return result;
}

/** `<run start, seconds>.<directory cursor>`; anything else (e.g. a forged cursor) is undefined. */
function parseRunCursor(value: string | undefined): { startedAt: number; cursor: string } | undefined {
  const match = /^(\d{1,10})\.(.+)$/s.exec(value ?? '');
  return match ? { startedAt: Number(match[1]), cursor: match[2] } : undefined;
}

/** How many invitations are expired now (for the progress bar): counts pages of the invited customers. */
export async function countExpired(deps: Deps, maxPages: number): Promise<{ count: number; exact: boolean }> {
  let cursor: string | undefined;
  let count = 0;
  const now = nowSec(deps);
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await deps.directory.listByStatus('invited', 100, cursor);
    count += page.customers.filter((c) => adminStatus(c, now) === 'invite-expired').length;
    cursor = page.cursor;
    if (!cursor) return { count, exact: true };
  }
  return { count, exact: false };
}
