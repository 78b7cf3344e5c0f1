import { allowAccountSend, allowSiteSend, PIN_TTL_SEC, siteWindowLeftSec, SENDS_PER_ACCOUNT } from '../domain/factors/sms-pin';
import { retryDelaySec } from '../domain/delivery';
import { maskPhone, parseMobile } from '../domain/phone';
import type { Job } from '../ports/jobs';
import type { SendResult } from '../ports/mail';
import type { SmsDeliveryReport } from '../ports/sms';
import { smsAccountKey, SMS_SITE_DAY_KEY } from '../forge/kvs-keys';
import { auditEvent, nowSec, type Deps } from './deps';
import { settledBoth } from './deliver';

/**
 * Sending SMS (issue 11), always off the request path: `queueSms` checks the number and the limits, keeps
 * the message in the SMS outbox (KVS secret storage: it holds a number and maybe a PIN) and queues a
 * `send-sms` job; the `jobs` consumer (`processSmsJob`) hands it to the provider, so a slow provider never
 * slows a page. A temporary failure (429 with Retry-After, 5xx, network) is retried twice within two minutes;
 * a permanent one (invalid number, bad key) is final. An SMS older than a PIN's lifetime is dropped unsent.
 * Log lines carry the message id, the provider and the reason only: never the number or the text; the
 * customer's timeline gets `sms.sent` / `sms.failed` (and the provider's delivery reports) with the number masked.
 */
export const SMS_MAX_ATTEMPTS = 3;
const MAX_RETRY_DELAY_SEC = 120;

export type QueueSmsOutcome =
  | { ok: true; id: string; to: string }
  | { ok: false; error: 'invalid-number' }
  /** `scope`: the account's 5 per hour, or the site's daily cap. Nothing was queued. */
  | { ok: false; error: 'limit'; scope: 'account' | 'site' };

export interface SmsRequest {
  /** A mobile number; normalised to E.164 (numbers without + are read as German). */
  to: string;
  text: string;
  /** The customer it is for: counts toward their 5 SMS per hour. Absent for an admin's test SMS. */
  customerId?: string;
}

export async function queueSms(deps: Deps, request: SmsRequest): Promise<QueueSmsOutcome> {
  const number = parseMobile(request.to);
  if (!number.ok) return { ok: false, error: 'invalid-number' };
  const settings = await deps.settings.load();
  const now = nowSec(deps);

  // Both windows are claimed before anything is queued (issue 23 item 1): however the requests are timed, at most
  // the limit's SMS go out. The account's first (a refusal there costs the site nothing); a refusal by the
  // site's cap after the account's claim leaves that claim counted (the SMS did not go out: fail closed).
  const accountKey = request.customerId ? smsAccountKey(request.customerId) : undefined;
  if (accountKey) {
    const claimed = await deps.limits.claim(accountKey, (stored) => {
      const account = allowAccountSend(stored, now);
      return account.allowed ? { window: account.next, ttlSec: account.next.start + SENDS_PER_ACCOUNT.windowSec - now } : undefined;
    });
    if (!claimed) {
      deps.log.warn('sms refused: account limit', { limit: SENDS_PER_ACCOUNT.limit });
      return { ok: false, error: 'limit', scope: 'account' };
    }
  }
  const site = await deps.limits.claim(SMS_SITE_DAY_KEY, (stored) => {
    const day = allowSiteSend(stored, now, settings.sms.dailyCap);
    return day.allowed ? { window: day.next, ttlSec: siteWindowLeftSec(now) } : undefined;
  });
  if (!site) {
    deps.log.warn('sms refused: daily cap of the site reached', { dailyCap: settings.sms.dailyCap });
    return { ok: false, error: 'limit', scope: 'site' };
  }

  const id = deps.randomBytes(12).toString('hex');
  const customer = request.customerId ? { customerId: request.customerId } : {};
  await deps.smsOutbox.put(id, { to: number.e164, text: request.text, ...customer, attempts: 0, queuedAt: now });
  await deps.queue.push({ type: 'send-sms', id });
  return { ok: true, id, to: number.e164 };
}

/**
 * The `send-sms` job: one attempt for one pending SMS. A missing record (sent, given up, expired) is left alone.
 * The job names its attempt; a duplicate of an earlier attempt's job, or a second delivery of this one, finds the
 * attempt already claimed (a write that succeeds once) and sends nothing, so a PIN never goes out twice.
 */
export async function processSmsJob(deps: Deps, job: Extract<Job, { type: 'send-sms' }>): Promise<void> {
  const pending = await deps.smsOutbox.get(job.id);
  if (!pending) return;
  const attempt = pending.attempts + 1;
  if ((job.attempt ?? 1) !== attempt) return;
  const now = nowSec(deps);
  if (now - pending.queuedAt >= PIN_TTL_SEC) {
    await deps.smsOutbox.remove(job.id);
    deps.log.warn('sms dropped: too old to send', { id: job.id, attempts: pending.attempts });
    return;
  }
  // Issue 24: a customer erased since the SMS was queued gets nothing (and no event under their old id).
  const owner = pending.customerId ? await deps.directory.get(pending.customerId) : undefined;
  if (pending.customerId && (!owner || owner.erasingAs)) {
    await deps.smsOutbox.remove(job.id);
    deps.log.info('sms dropped: customer erased', { id: job.id });
    return;
  }
  if (!(await deps.smsOutbox.claim(job.id, attempt))) {
    deps.log.info('sms job ignored: this attempt is already claimed', { id: job.id, attempt });
    return;
  }
  const settings = await deps.settings.load();
  const provider = settings.sms.provider;
  let result: SendResult;
  try {
    result = await deps.sms.send({ id: job.id, to: pending.to, text: pending.text }, settings);
  } catch (error) {
    result = { ok: false, reason: error instanceof Error ? `transport-${error.name}` : 'transport-error', retryable: true };
  }
  // The timeline shows the number masked, never the number or the text.
  const detail = { messageId: job.id, provider, attempt, to: maskPhone(pending.to) };
  const audit = (kind: 'sms.sent' | 'sms.failed', extra: Record<string, string | number | boolean> = {}) =>
    pending.customerId ? deps.directory.appendAudit([auditEvent(deps, pending.customerId, kind, 'system', { ...detail, ...extra })]) : undefined;
  if (result.ok) {
    const sentEvents = pending.customerId ? [auditEvent(deps, pending.customerId, 'sms.sent', 'system', { ...detail, ...(result.providerMessageId ? { providerMessageId: providerMessageKey(result.providerMessageId) } : {}) })] : [];
    const record = async () => {
      await deps.smsOutbox.remove(job.id);
      deps.log.info('sms sent', { id: job.id, provider, attempt });
      const providerId = result.providerMessageId ? providerMessageKey(result.providerMessageId) : undefined;
      await Promise.all([
        sentEvents.length ? deps.directory.appendAudit(sentEvents) : undefined,
        pending.customerId && providerId ? deps.smsOutbox.markSent(`${provider}-${providerId}`, { customerId: pending.customerId, masked: detail.to, provider }) : undefined,
      ]);
    };
    // Off the queue the job is marked sent beside the record: delivered again, it stores what is missing and never sends again.
    await settledBoth(deps.job?.sent({ channel: 'sms', smsId: job.id, events: sentEvents }), record());
    return;
  }
  if (result.retryable && attempt < SMS_MAX_ATTEMPTS) {
    const delay = Math.min(MAX_RETRY_DELAY_SEC, retryDelaySec(attempt, result.retryAfterSec));
    await deps.smsOutbox.put(job.id, { ...pending, attempts: attempt });
    await deps.queue.push({ type: 'send-sms', id: job.id, attempt: attempt + 1 }, delay);
    deps.log.warn('sms not accepted, retrying', { id: job.id, provider, reason: result.reason, attempt, retryInSec: delay });
    return;
  }
  await deps.smsOutbox.remove(job.id);
  deps.log.warn('sms failed', { id: job.id, provider, reason: result.reason, attempt, retryable: result.retryable });
  await audit('sms.failed', { reason: result.reason });
}

/** A provider's message id as a storage key part: letters, digits and - only, at most 64. */
export const providerMessageKey = (id: string) => id.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64);

/** Records a delivery report on the customer's timeline (`sms.delivered` / `sms.undelivered`, masked number). */
export async function recordSmsDelivery(deps: Deps, report: SmsDeliveryReport): Promise<'recorded' | 'unknown-message'> {
  const key = providerMessageKey(report.providerMessageId);
  const sent = key ? await deps.smsOutbox.sent(`${report.provider}-${key}`) : undefined;
  if (!sent) return 'unknown-message';
  const kind = report.delivered ? 'sms.delivered' : 'sms.undelivered';
  const detail = { provider: report.provider, providerMessageId: key, to: sent.masked, ...(report.reason ? { reason: report.reason.slice(0, 100) } : {}) };
  await deps.directory.appendAudit([auditEvent(deps, sent.customerId, kind, 'system', detail)]);
  return 'recorded';
}
