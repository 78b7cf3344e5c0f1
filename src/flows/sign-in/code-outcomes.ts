import { afterWrongCode } from '../../domain/code-attempts';
import type { Customer } from '../../domain/customer';
import type { PendingSignIn } from '../../domain/saml/pending';
import type { CodeClaim } from '../account-claims';
import { auditEvent, type Deps } from '../deps';

/**
 * What a typed code leads to, shared by the sign-in's code and SMS steps, the reset link and the profile panel:
 * the outcomes, a wrong code counted (on the attempt and toward the lock), a recovery code used.
 */
export type CodeOutcome =
  /** `flow`: the pending sign-in as the code completed it (used, its second factor among its factors). */
  | { state: 'ok'; customer: Customer; via: 'totp' | 'recovery'; flow: PendingSignIn }
  /**
   * `then`: the pending sign-in (and the entry, where this code read it) as this code left them, for the page that
   * answers (no re-read).
   */
  | { state: 'wrong'; left: number; then: { pending: PendingSignIn; entry?: Customer } }
  | { state: 'voided' }
  | { state: 'locked' };

export type EnrolOutcome = { state: 'enrolled'; codes: string[] } | CodeOutcome;

/**
 * A wrong (or replayed) code in a sign-in's second step, its attempt already claimed (src/flows/account-claims.ts):
 * audited with its number (and the lock at the tenth), its number in this sign-in claimed with it (5 void it).
 * The stage keeps the entry as claimed, so the next code's claim starts from it without a read.
 */
export async function codeFailed(deps: Deps, reference: string, pending: PendingSignIn, claimed: Extract<CodeClaim, { state: 'claimed' }>, replayed: boolean, voids = false): Promise<CodeOutcome> {
  const stage = pending.stage!;
  const id = claimed.entry.id;
  const events = [auditEvent(deps, id, 'twostep.failed', 'anonymous', { attempt: claimed.attempt, via: 'sign-in', ...(replayed ? { replayed: true } : {}) })];
  if (claimed.locks) events.push(auditEvent(deps, id, 'login.locked', 'system', { until: claimed.entry.lockedUntil }));
  await deps.directory.appendAudit(events);
  if (claimed.locks) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'locked' };
  }
  const attempts = claimed.inSignIn ?? stage.failures + 1;
  const counted: PendingSignIn = { ...pending, stage: { ...stage, failures: attempts, entry: claimed.entry } };
  return wrongCodeCounted(deps, reference, counted, attempts, { voids, entry: claimed.entry });
}

/**
 * A wrong code's verdict for the pending sign-in (src/domain/code-attempts.ts): `counted` (its stage carrying the
 * new count) written and answered, or the second step voided (back to the first factor). Every code step of a
 * sign-in answers through here: the authenticator app's, the SMS PIN's, and both enrolments'.
 */
export async function wrongCodeCounted(
  deps: Deps,
  reference: string,
  counted: PendingSignIn,
  attempts: number,
  opts: { voids?: boolean; entry?: Customer } = {},
): Promise<Exclude<CodeOutcome, { state: 'ok' }>> {
  const verdict = afterWrongCode(attempts, { voids: opts.voids });
  if (verdict.state === 'void') {
    await deps.pendingSignIns.put(reference, { ...counted, stage: undefined });
    return { state: 'voided' };
  }
  await deps.pendingSignIns.put(reference, counted);
  return { state: 'wrong', left: verdict.left, then: { pending: counted, ...(opts.entry ? { entry: opts.entry } : {}) } };
}
