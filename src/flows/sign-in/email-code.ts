import type { Customer } from '../../domain/customer';
import { checkEmailCode, EMAIL_CODE_MAX_TRIES, issueEmailCode, normaliseEmailCode, signInBinding } from '../../domain/factors/email-code';
import { isInternalAddress } from '../../domain/internal-domain';
import type { PendingSignIn } from '../../domain/saml/pending';
import { refusalOf } from '../../domain/sign-in-failures';
import { stepAfterPassword } from '../../domain/two-step';
import type { Locale } from '../../i18n/locale';
import type { AuditEvent } from '../../domain/audit';
import type { Job } from '../../ports/jobs';
import { claimOnEntry } from '../account-claims';
import { allowClient } from '../client-limit';
import { composeMail } from '../compose';
import { send } from '../deliver';
import { auditEvent, nowSec, type Deps } from '../deps';
import { channelOf, signedIn } from '../login';
import { findCustomer } from '../request-reset';
import { finish, readFor, type PendingRead, type SignInOutcome } from './respond';
import { completed, finishesWithAccountWrite } from '../../domain/sign-in-flow';
import { isConfigured } from '../../domain/saml/service-provider';
import { SignInFinished, type PlainWrite } from '../../ports/directory';
import { afterWrongCode, triesLeft } from '../../domain/code-attempts';
import { beginSecondStep } from './second-step';

/*
 * "Email me a sign-in code" (issue 22 item 2; rules in src/domain/factors/email-code.ts, docs/sign-in.md).
 *
 * Request: the same constant work for every input, as "Forgot your password?" (client limit, one queued job, the
 * pending sign-in written) and the same neutral answer; the lookup, the per-account limit, the code and the mail
 * happen in the queue consumer, where their cost cannot be timed by the requester.
 *
 * Entry: every try is decided and written in one write conditioned on the entry's revision (src/forge/claim.ts),
 * so of 30 parallel tries of the right code one signs in, and 30 parallel wrong ones count 30 (the fifth voids it).
 * An unknown address counts its tries on the pending sign-in and writes a decoy where a known one writes its
 * claim: both answer "wrong or expired code, N tries left" alike.
 */
const MAIL_KIND = 'sign-in-code' as const;

/** The request path. `off`: the site does not allow email codes (nothing queued, nothing written). */
export async function requestEmailCode(deps: Deps, reference: string, pending: PendingSignIn, input: { identifier: string; locale: Locale; clientAddress: string }): Promise<'sent' | 'off'> {
  const settings = await deps.settings.load();
  if (!settings.signInMethods.emailCode) return 'off';
  const now = nowSec(deps);
  const allowed = await allowClient(deps, 'email-code', input.clientAddress, settings.limits.resetPerClient);
  await deps.pendingSignIns.put(reference, {
    ...pending,
    stage: undefined,
    // A code asked for starts the first factor again (whatever a code before it completed).
    factors: [],
    emailCode: { identifier: input.identifier, tries: 0, requestedAt: now },
  });
  // The push is the request's last call: the consumer (another invocation, where a known address costs more) starts
  // only when the request has done all its own work, so nothing of its cost can show in the answer's time.
  if (allowed) await deps.queue.push({ type: 'email-code', signIn: signInBinding(reference), identifier: input.identifier, locale: input.locale, requestedAt: now });
  else deps.log.warn('email code request over the client limit');
  return 'sent';
}

/** The queue consumer: finds the account, claims a send of its window with the new code (newest only), mails it. */
export async function processEmailCodeRequest(deps: Deps, job: Extract<Job, { type: 'email-code' }>): Promise<void> {
  const settings = await deps.settings.load();
  if (!settings.signInMethods.emailCode || isInternalAddress(job.identifier, settings.internal.domains)) return;
  const customer = await findCustomer(deps, job.identifier);
  if (!customer) {
    deps.log.info('sign-in code requested for an identifier with no account');
    return;
  }
  // On the queue the job is claimed only now (src/surfaces/jobs.ts), before its first write, as the reset request's:
  // an address with no account costs no ledger write.
  if (deps.job && !(await deps.job.begin())) return;
  const now = nowSec(deps);
  type Claimed = { code: string; entry: Customer } | { refused: string };
  const claimed = await claimOnEntry<Claimed>(
    deps,
    customer,
    (current) => {
      if (!current) return { answer: { refused: 'not-registered' } };
      const refused = refusalOf(current, now);
      if (refused) return { answer: { refused } };
      const issued = issueEmailCode(current.emailCode, job.signIn, now, settings.limits.resetPerAccount, deps.randomBytes);
      if (!issued.ok) return { answer: { refused: 'limit' } };
      const next: Customer = { ...current, emailCode: issued.state, rev: current.rev + 1, updatedAt: now };
      return { next, won: { code: issued.code, entry: next } };
    },
    { refused: 'contended' },
  );
  if ('refused' in claimed) return record(deps, customer.id, [auditEvent(deps, customer.id, 'login.code-refused', 'anonymous', { reason: claimed.refused })]);
  const messageId = deps.randomBytes(12).toString('hex');
  const base = await deps.urls.customerPagesBase();
  const mail = await composeMail(deps, settings, claimed.entry, MAIL_KIND, claimed.entry.locale || job.locale, { forgot: `${base}/forgot?lang=${job.locale}` }, undefined, undefined, claimed.code);
  // A code is not retried later: it lives 10 minutes, and "Send a new code" is one click away.
  const result = await send(deps, settings, claimed.entry, messageId, mail);
  const detail = { template: MAIL_KIND, messageId, attempt: 1 };
  if (!result.ok) {
    deps.log.warn('email not accepted', { template: MAIL_KIND, reason: result.reason });
    return record(deps, customer.id, [auditEvent(deps, customer.id, 'email.failed', 'system', { ...detail, reason: result.reason })]);
  }
  return record(deps, customer.id, [
    auditEvent(deps, customer.id, 'login.code-sent', 'anonymous'),
    auditEvent(deps, customer.id, 'email.sent', 'system', { ...detail, ...(result.providerMessageId ? { providerMessageId: result.providerMessageId.slice(0, 200) } : {}) }),
  ]);
}

/**
 * The job's outcome on the timeline. On the queue the job's done mark lands in the same transaction (as a notice's,
 * src/flows/deliver.ts): no separate sent and done writes. Should that write fail, the sent mark alone is written with
 * the events, so that a delivery again stores them and sends nothing (src/flows/job-once.ts).
 */
async function record(deps: Deps, customerId: string, events: AuditEvent[]): Promise<void> {
  if (!deps.job) return deps.directory.appendAudit(events);
  try {
    await deps.directory.appendAudit(events, [deps.job.doneMark()]);
  } catch (error) {
    await deps.job.sent({ channel: 'mail', customerId, events }).catch(() => undefined);
    throw error;
  }
  await deps.job.recorded();
}

/** `finished`: the sign-in's finish landed with the entry's write. */
type TryOutcome = { state: 'ok'; entry: Customer; done: boolean; finished: boolean } | { state: 'wrong'; left: number } | { state: 'void' } | { state: 'none' };

/** One try of a code, decided and written on the entry at once (see above); `none`: nothing of this sign-in to try. */
function tryCode(
  deps: Deps,
  customer: Customer,
  pending: PendingSignIn,
  signIn: string,
  code: string,
  twoStep: Parameters<typeof stepAfterPassword>[0],
  now: number,
  finishing?: PlainWrite,
): Promise<TryOutcome> {
  return claimOnEntry<TryOutcome>(
    deps,
    customer,
    (current) => {
      if (!current) return { answer: { state: 'none' } };
      const refused = refusalOf(current, now);
      if (refused) return { answer: { state: 'none' } };
      const check = checkEmailCode(current.emailCode, signIn, code, now);
      if (check.ok) {
        // No second step: the sign-in is complete, recorded in this same write (src/flows/login.ts).
        const done = stepAfterPassword(twoStep, current) === 'done' ? signedIn(deps, current, now, channelOf(pending), 'email-code') : undefined;
        const next: Customer = { ...current, ...done?.changes, emailCode: check.state, rev: current.rev + 1, updatedAt: now };
        // Where it completes the sign-in, the finish lands in this write too (a claim: another finish first refuses it).
        const alongside = done && finishing ? [finishing] : [];
        return {
          next,
          events: [auditEvent(deps, current.id, 'login.code-used', 'anonymous'), ...(done ? [done.event] : [])],
          alongside,
          won: { state: 'ok', entry: next, done: Boolean(done), finished: alongside.length > 0 },
        };
      }
      if (!check.state) return { answer: { state: check.reason === 'void' ? 'void' : 'none' } };
      const next: Customer = { ...current, emailCode: check.state, rev: current.rev + 1, updatedAt: now };
      const events = [auditEvent(deps, current.id, 'login.code-refused', 'anonymous', { reason: check.reason, attempt: EMAIL_CODE_MAX_TRIES - check.left })];
      return { next, events, won: check.reason === 'void' ? { state: 'void' } : { state: 'wrong', left: check.left } };
    },
    { state: 'none' },
  );
}

/** `wrong`: with what the code page shows again (what was typed as the identifier; started by the log-in page). */
export type EmailCodeOutcome = { state: 'wrong'; left: number; malformed?: boolean; identifier: string; loginCheck: boolean } | { state: 'voided' } | { state: 'off' };

/** The code typed on the "Enter the code" page of a pending sign-in. */
export async function submitEmailCode(
  deps: Deps,
  input: { reference: string; code: string },
  read?: PendingRead,
): Promise<SignInOutcome | { state: 'email-code'; outcome: EmailCodeOutcome }> {
  const found = await readFor(deps, input.reference, read);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  const { pending } = found;
  const asked = pending.emailCode;
  if (!asked) return { state: 'email-code', outcome: { state: 'voided' } };
  const settings = await deps.settings.load();
  if (!settings.signInMethods.emailCode) return { state: 'email-code', outcome: { state: 'off' } };
  const left = triesLeft(asked.tries, EMAIL_CODE_MAX_TRIES);
  const code = normaliseEmailCode(input.code);
  // Something that is not 6 digits is refused without counting (the page says so).
  const again = { identifier: asked.identifier, loginCheck: pending.kind.type === 'login-page' };
  if (!code) return { state: 'email-code', outcome: { state: 'wrong', left, malformed: true, ...again } };
  const now = nowSec(deps);
  const customer = await findCustomer(deps, asked.identifier);
  const after: PendingSignIn = completed({ ...pending, emailCode: undefined }, 'emailCode');
  const finishing = finishesWithAccountWrite(pending.kind, isConfigured(settings.sso)) ? deps.pendingSignIns.finishWrite(input.reference, after) : undefined;
  const tried = customer ? tryCode(deps, customer, pending, signInBinding(input.reference), code, settings.twoStep, now, finishing) : Promise.resolve({ state: 'none' } as const);
  const outcome = await tried.catch((error: unknown) => {
    if (error instanceof SignInFinished) return { state: 'finished' } as const;
    throw error;
  });
  // Another step (a passkey, a password) finished this sign-in first: the answer of a used one.
  if (outcome.state === 'finished') return { state: 'request', request: 'used' };
  if (outcome.state === 'ok') {
    const entry = outcome.entry;
    if (!outcome.done) {
      // Two-step verification: the second step follows, as after a password (an email code is never a second factor).
      await beginSecondStep(deps, input.reference, after, entry, stepAfterPassword(settings.twoStep, entry) === 'enrol' ? 'enrol' : 'verify', entry);
      return { state: 'second-step' };
    }
    const signIn = {
      id: entry.id,
      email: entry.email,
      displayName: entry.displayName,
      username: entry.username,
      locale: entry.locale,
      twoStep: entry.twoStep,
      portalAdmin: entry.portalAdmin,
    };
    return finish(deps, input.reference, after, signIn, outcome.finished);
  }
  // Where the account wrote nothing (unknown, refused, a code of another sign-in), a decoy write stands in for it.
  if (outcome.state === 'none') await deps.directory.decoy();
  // The tries of this sign-in or the account's count of this code, whichever is higher (src/domain/code-attempts.ts).
  const tries = asked.tries + 1;
  const counted = Math.max(tries, outcome.state === 'wrong' ? EMAIL_CODE_MAX_TRIES - outcome.left : 0);
  const verdict = afterWrongCode(counted, { voids: outcome.state === 'void', max: EMAIL_CODE_MAX_TRIES });
  if (verdict.state === 'void') {
    await deps.pendingSignIns.put(input.reference, { ...pending, emailCode: undefined });
    return { state: 'email-code', outcome: { state: 'voided' } };
  }
  await deps.pendingSignIns.put(input.reference, { ...pending, emailCode: { ...asked, tries } });
  return { state: 'email-code', outcome: { state: 'wrong', left: verdict.left, ...again } };
}
