import type { Customer } from '../domain/customer';
import { linkLifetimeSec, linkPurposeOf, MAX_ATTEMPTS, retryDelaySec, type MailKind, type NoticeFacts, type OutboxActor, type OutboxRecord } from '../domain/delivery';
import { issueLink } from '../domain/link-token';
import type { Settings } from '../domain/settings';
import { uiLocale, type MailLocale } from '../i18n/locale';
import type { RenderedMail } from '../mail/renderer';
import type { AuditEvent } from '../domain/audit';
import type { SendResult } from '../ports/mail';
import type { SentRecord } from '../ports/jobs';
import { composeMail } from './compose';
import { claimOnEntry } from './account-claims';
import { auditEvent, nowSec, type Deps } from './deps';

/**
 * Delivers one customer mail. Link mails get a fresh link per attempt, stored only once the provider took
 * the mail (with the caller's changes and audit events, in one conditional write), so no live link exists
 * that the customer never got. A temporary failure puts the mail in the outbox and schedules a retry with
 * exponential backoff (same message id = idempotency key); a permanent one, or the last attempt, is final.
 */
export type DeliverOutcome =
  | { ok: true; customer: Customer }
  | { ok: false; error: 'retrying' | 'email-failed' | 'conflict' };

export interface DeliverRequest {
  kind: MailKind;
  locale: MailLocale;
  actor: OutboxActor;
  /** Changes stored with the link (e.g. a rate window); only on the first attempt. */
  changes?: Partial<Customer>;
  events?: AuditEvent[];
  /** Set on retries: the outbox record being retried. */
  outbox?: OutboxRecord;
  /** A two-step notice's facts (when, method, codes left); kept on the outbox record for retries. */
  notice?: NoticeFacts;
}

export async function send(deps: Deps, settings: Settings, customer: Customer, messageId: string, mail: RenderedMail): Promise<SendResult> {
  const { branding } = settings;
  try {
    return await deps.mail.send(
      {
        id: messageId,
        customerId: customer.id,
        to: { name: customer.displayName, address: customer.email },
        from: { name: branding.senderName, address: branding.senderAddress },
        replyTo: branding.replyTo || undefined,
        ...mail,
      },
      settings,
    );
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? `transport-${error.name}` : 'transport-error', retryable: true };
  }
}

/** Waits for both; throws the first one's error, else the second's, else answers the second's value. */
export async function settledBoth<T>(first: Promise<unknown> | undefined, second: Promise<T>): Promise<T> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return b.value;
}

export async function deliver(deps: Deps, settings: Settings, customer: Customer, request: DeliverRequest): Promise<DeliverOutcome> {
  const now = nowSec(deps);
  const messageId = request.outbox?.id ?? deps.randomBytes(12).toString('hex');
  const attempt = (request.outbox?.attempts ?? 0) + 1;
  const purpose = linkPurposeOf(request.kind);
  const base = await deps.urls.customerPagesBase();
  const issued = purpose
    ? issueLink(customer.id, purpose, now, linkLifetimeSec(request.kind, customer, settings, now), deps.randomBytes)
    : undefined;
  const lang = uiLocale(request.locale); // the pages speak en and de
  const urls = {
    link: issued ? `${base}/reset?token=${encodeURIComponent(issued.token)}&lang=${lang}` : undefined,
    forgot: `${base}/forgot?lang=${lang}`,
  };
  const notice = request.notice ?? request.outbox?.notice;
  const mail = await composeMail(deps, settings, customer, request.kind, request.locale, urls, request.actor.name, notice);
  const result = await send(deps, settings, customer, messageId, mail);
  const detail = { template: request.kind, messageId, attempt };
  const events = request.events ?? [];

  if (result.ok) {
    const sent = auditEvent(deps, customer.id, 'email.sent', 'system', { ...detail, ...(result.providerMessageId ? { providerMessageId: result.providerMessageId.slice(0, 200) } : {}) });
    const outboxSent = request.outbox && { record: { ...request.outbox, status: 'sent' as const, attempts: attempt, updatedAt: now, rev: request.outbox.rev + 1 }, rev: request.outbox.rev };
    const patch: Partial<Customer> | undefined = issued && { ...request.changes, link: issued.link, linkHash: issued.link.hash };
    const left: SentRecord = { channel: 'mail', customerId: customer.id, events: [...events, sent], ...(patch ? { update: { rev: customer.rev, patch } } : {}), ...(outboxSent ? { outbox: outboxSent } : {}) };
    // On the queue the job is marked done in the record's own transaction, the link's or the audit's (issue 25: no
    // separate sent and done writes); should that record fail, the sent mark alone is written, so a delivery
    // again stores what is left.
    const folded = deps.job !== undefined;
    const record = async (): Promise<DeliverOutcome> => {
      if (outboxSent) await deps.outbox.put(outboxSent.record, outboxSent.rev);
      if (!patch) {
        await deps.directory.appendAudit([...events, sent], folded ? [deps.job!.doneMark()] : undefined);
        if (folded) await deps.job!.recorded();
        return { ok: true, customer };
      }
      // Conditioned on the revision; when somebody else changed the entry meanwhile (a parallel request's claim
      // or link), the link is stored on a fresh read, as long as the account is still what the mail was for
      // (the newest link stored wins, as with a resend).
      const next = await claimOnEntry<Customer | undefined>(
        deps,
        customer,
        (current) => {
          if (!current || current.status !== customer.status || current.passwordRef !== customer.passwordRef) return { answer: undefined };
          const stored: Customer = { ...current, ...patch, rev: current.rev + 1, updatedAt: now };
          return { next: stored, events: [...events, sent], ...(folded ? { alongside: [deps.job!.doneMark()] } : {}), won: stored };
        },
        undefined,
      );
      if (!next) {
        deps.log.warn('link not stored: the account changed while the email was sent');
        return { ok: false, error: 'conflict' };
      }
      if (folded) await deps.job!.recorded();
      return { ok: true, customer: next };
    };
    if (!folded) return record(); // off the queue: no job to mark
    try {
      return await record();
    } catch (error) {
      await deps.job!.sent(left).catch(() => undefined);
      throw error;
    }
  }

  deps.log.warn('email not accepted', { template: request.kind, reason: result.reason, attempt, retryable: result.retryable });
  // A request counts against the per-account limits even when its mail could not go out yet.
  const recordFailure = async (failure: AuditEvent) => {
    const windows: Partial<Customer> = {};
    if (request.changes?.resetWindow !== undefined) windows.resetWindow = request.changes.resetWindow;
    if (request.changes?.inviteWindow !== undefined) windows.inviteWindow = request.changes.inviteWindow;
    if (Object.keys(windows).length === 0) return deps.directory.appendAudit([...events, failure]);
    const next: Customer = { ...customer, ...windows, rev: customer.rev + 1, updatedAt: now };
    if (!(await deps.directory.update(next, { rev: customer.rev }, [...events, failure]))) await deps.directory.appendAudit([...events, failure]);
  };
  if (result.retryable && attempt < MAX_ATTEMPTS) {
    const record: OutboxRecord = request.outbox
      ? { ...request.outbox, status: 'retrying', attempts: attempt, lastReason: result.reason, updatedAt: now, rev: request.outbox.rev + 1 }
      : { id: messageId, customerId: customer.id, kind: request.kind, locale: request.locale, actor: request.actor, attempts: attempt, status: 'retrying', lastReason: result.reason, createdAt: now, updatedAt: now, rev: 1, ...(notice ? { notice } : {}) };
    await deps.outbox.put(record, request.outbox?.rev);
    const delay = retryDelaySec(attempt, result.retryAfterSec);
    await deps.queue.push({ type: 'retry-mail', messageId }, delay);
    await recordFailure(auditEvent(deps, customer.id, 'email.retrying', 'system', { ...detail, reason: result.reason, retryInSec: delay }));
    return { ok: false, error: 'retrying' };
  }
  if (request.outbox) {
    await deps.outbox.put({ ...request.outbox, status: 'failed', attempts: attempt, lastReason: result.reason, updatedAt: now, rev: request.outbox.rev + 1 }, request.outbox.rev);
  }
  await recordFailure(auditEvent(deps, customer.id, 'email.failed', 'system', { ...detail, reason: result.reason }));
  return { ok: false, error: 'email-failed' };
}
