import { CODE_ATTEMPTS_PER_SIGN_IN, type TwoStepState } from '../../domain/two-step';
import type { Customer } from '../../domain/customer';
import { RECOVERY_CODES } from '../../domain/factors/recovery-codes';
import type { PendingSignIn } from '../../domain/saml/pending';
import type { CodeClaim } from '../account-claims';
import { auditEvent, type Deps } from '../deps';

/**
 * What a typed code leads to, shared by the sign-in's code and SMS steps, the reset link and the profile panel:
 * the outcomes, a wrong code counted (on the attempt and toward the lock), a recovery code used.
 */
export type CodeOutcome =
  | { state: 'ok'; customer: Customer; via: 'totp' | 'recovery' }
  /** `then`: the pending sign-in and the entry as this code left them, for the page that answers (no re-read). */
  | { state: 'wrong'; left: number; then?: { pending: PendingSignIn; entry: Customer } }
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
  if (voids || attempts >= CODE_ATTEMPTS_PER_SIGN_IN) {
    await deps.pendingSignIns.put(reference, { ...pending, stage: undefined });
    return { state: 'voided' };
  }
  const counted: PendingSignIn = { ...pending, stage: { ...stage, failures: attempts, entry: claimed.entry } };
  await deps.pendingSignIns.put(reference, counted);
  return { state: 'wrong', left: CODE_ATTEMPTS_PER_SIGN_IN - attempts, then: { pending: counted, entry: claimed.entry } };
}

export const recoveryUsedEvent = (deps: Deps, customerId: string, state: TwoStepState) =>
  auditEvent(deps, customerId, 'twostep.recovery-used', 'customer', { left: RECOVERY_CODES - (state.recovery?.used.length ?? 0) });
