import type { Customer } from '../domain/customer';
import { erasureReference, messageIdsOf, pseudonymised } from '../domain/erasure';
import type { AuditEvent } from '../domain/audit';
import { actorOf, type Actor } from './actor';
import { auditEvent, type Deps } from './deps';

/**
 * "Delete customer and their data" (issue 24, GDPR Art. 17), one flow for the admin page and the
 * provisioning API's `DELETE /customers/{externalId}`:
 *
 * 1. the entry is marked (conditioned on its revision) with the opaque reference its audit events move to,
 *    and disabled, so no sign-in or reset starts meanwhile;
 * 2. the audit events are rewritten under that reference without personal detail (domain/erasure.ts), a
 *    page at a time; the outbox and SMS records their message ids name are deleted first;
 * 3. everything kept beside the entry goes (secrets, enrolments, pending sign-ins, idempotent answers);
 * 4. the entry and its claims are deleted with the erasure's own event (actor and time, nothing of the
 *    person), then events written meanwhile by work already under way are swept up.
 *
 * Each step is safe to repeat: a run that fails midway leaves the mark, and the next run goes on under the
 * same reference. Nothing is logged about the person (ids of the erasure only as counts).
 */
export type EraseOutcome = { ok: true; reference: string; events: number } | { ok: false; error: 'not-found' | 'conflict' };

/** Audit pages rewritten per call; past it the call fails with `conflict` and a repeat goes on. */
const MAX_AUDIT_PAGES = 200;
const AUDIT_PAGE = 100;
const ATTEMPTS = 3;

async function pseudonymiseAll(deps: Deps, customer: Customer, reference: string): Promise<number | undefined> {
  let rewritten = 0;
  for (let pages = 0; pages < MAX_AUDIT_PAGES; pages++) {
    const events = await deps.erasure.auditOf(customer.id, AUDIT_PAGE);
    if (events.length === 0) return rewritten;
    await deps.erasure.removeTraces(customer, messageIdsOf(events));
    await deps.erasure.rewriteAudit(events.map((e) => pseudonymised(e, reference, customer.accountId)));
    rewritten += events.length;
  }
  return undefined;
}

/** Why the app itself erased (recorded on the erasure's event; an admin's or a key's erasure has none). */
export type ErasureReason = 'account-closed' | 'never-registered';

export async function eraseCustomer(deps: Deps, id: string, actor: Actor, reason?: ErasureReason): Promise<EraseOutcome> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await deps.directory.get(id);
    if (!found) return { ok: false, error: 'not-found' };
    let customer = found;
    if (!customer.erasingAs) {
      const marked: Customer = { ...customer, status: 'disabled', erasingAs: erasureReference(deps.randomBytes), rev: customer.rev + 1 };
      if (!(await deps.directory.update(marked, { rev: customer.rev }, []))) continue;
      customer = marked;
    }
    const reference = customer.erasingAs as string;
    const rewritten = await pseudonymiseAll(deps, customer, reference);
    if (rewritten === undefined) return { ok: false, error: 'conflict' };
    await deps.erasure.removeTraces(customer, { mails: [], sms: [] });
    const who = actorOf(actor);
    const event: AuditEvent = auditEvent(deps, reference, 'customer.erased', who.actor, { ...who.detail, events: rewritten, ...(reason ? { reason } : {}) });
    if (!(await deps.erasure.removeEntry(customer, event))) continue;
    // Work that was under way (a mail being sent, an SMS report) may have filed an event under the old id.
    const late = await pseudonymiseAll(deps, customer, reference);
    deps.log.info('customer erased', { events: rewritten + (late ?? 0) });
    return { ok: true, reference, events: rewritten + (late ?? 0) };
  }
  return { ok: false, error: 'conflict' };
}
