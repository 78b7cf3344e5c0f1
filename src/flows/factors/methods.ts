import type { Customer } from '../../domain/customer';
import { hashRecoveryCode, newRecoveryCodes, RECOVERY_CODES } from '../../domain/factors/recovery-codes';
import { maskPhone } from '../../domain/phone';
import type { TwoStepState } from '../../domain/two-step';
import type { ProfileEnrolment } from '../../ports/sign-in';
import { auditEvent, nowSec, type Deps } from '../deps';
import { signedIn, type SignInChannel } from '../login';
import { queueTwoStepOnNotice } from '../two-step-notice';

/*
 * A confirmed method becomes the customer's, the same for an enrolment during a sign-in and a setup in the profile
 * panel: the secrets stored, the entry written once (conditioned on its revision), `twostep.enrolled` audited, the
 * customer told by email (queued). A recovery code used is audited with how many are left.
 */
const ref = (deps: Deps) => deps.randomBytes(9).toString('base64url');

/**
 * A confirmed key becomes the customer's authenticator-app method, with 10 new recovery codes (answered once,
 * stored only as hashes), in one write conditioned on the revision, audited `twostep.enrolled`. Undefined when
 * the entry changed meanwhile (the new secrets are deleted again). Shared by sign-in and the profile panel.
 */
export async function storeTotpMethod(deps: Deps, customer: Customer, secret: string, step: number, via: 'sign-in' | 'profile', signInVia?: SignInChannel): Promise<string[] | undefined> {
  const now = nowSec(deps);
  const codes = newRecoveryCodes(deps.randomBytes);
  const totpRef = ref(deps);
  const recoveryRef = ref(deps);
  await deps.factors.putTotp(customer.id, totpRef, secret);
  await deps.factors.putRecovery(customer.id, recoveryRef, codes.map(hashRecoveryCode));
  // Enrolled during a sign-in: the confirmed code completes that sign-in too.
  const done = signInVia ? signedIn(deps, customer, now, signInVia, 'enrolled') : undefined;
  const updated: Customer = {
    ...customer,
    ...done?.changes,
    twoStep: { totp: { ref: totpRef, since: now, lastStep: step }, recovery: { ref: recoveryRef, since: now, total: codes.length, used: [] }, failures: 0 },
    rev: customer.rev + 1,
    updatedAt: now,
  };
  const detail: Record<string, string> = via === 'profile' ? { method: 'totp', via } : { method: 'totp' };
  if (!(await deps.directory.update(updated, { rev: customer.rev }, [auditEvent(deps, customer.id, 'twostep.enrolled', 'customer', detail), ...(done ? [done.event] : [])]))) {
    await deps.factors.remove(customer.id, { totp: totpRef, recovery: recoveryRef });
    return undefined;
  }
  // "Two-step verification was turned on", queued (sign-in and profile alike: wherever `twostep.enrolled` is).
  await queueTwoStepOnNotice(deps, customer.id, 'totp');
  return codes;
}

/** A confirmed number becomes the customer's SMS method, with 10 new recovery codes unless they have some. */
export async function storeSmsMethod(deps: Deps, customer: Customer, e164: string, via: 'sign-in' | 'profile' = 'sign-in', signInVia?: SignInChannel): Promise<string[] | undefined> {
  const now = nowSec(deps);
  const smsRef = ref(deps);
  await deps.factors.putSms(customer.id, smsRef, e164);
  const newCodes = customer.twoStep?.recovery ? [] : newRecoveryCodes(deps.randomBytes);
  const recoveryRef = newCodes.length ? ref(deps) : undefined;
  if (recoveryRef) await deps.factors.putRecovery(customer.id, recoveryRef, newCodes.map(hashRecoveryCode));
  const twoStep: TwoStepState = {
    ...(customer.twoStep ?? { failures: 0 }),
    sms: { ref: smsRef, since: now, masked: maskPhone(e164) },
    ...(recoveryRef ? { recovery: { ref: recoveryRef, since: now, total: newCodes.length, used: [] } } : {}),
    failures: 0,
  };
  // Enrolled during a sign-in: the confirmed PIN completes that sign-in too (src/flows/login.ts).
  const done = signInVia ? signedIn(deps, customer, now, signInVia, 'enrolled') : undefined;
  const updated: Customer = { ...customer, ...done?.changes, twoStep, rev: customer.rev + 1, updatedAt: now };
  const enrolled = auditEvent(deps, customer.id, 'twostep.enrolled', 'customer', via === 'profile' ? { method: 'sms', via } : { method: 'sms' });
  if (!(await deps.directory.update(updated, { rev: customer.rev }, [enrolled, ...(done ? [done.event] : [])]))) {
    await deps.factors.remove(customer.id, { sms: smsRef, recovery: recoveryRef });
    return undefined;
  }
  await queueTwoStepOnNotice(deps, customer.id, 'sms');
  return newCodes;
}


/** `twostep.recovery-used`, with the recovery codes left. */
export const recoveryUsedEvent = (deps: Deps, customerId: string, state: TwoStepState) =>
  auditEvent(deps, customerId, 'twostep.recovery-used', 'customer', { left: RECOVERY_CODES - (state.recovery?.used.length ?? 0) });

/** Where an enrolment keeps its secret: the app's key under the attempt, the number being added under `<attempt>-sms`. */
export const enrolmentSecretKey = ({ attempt, method }: Pick<ProfileEnrolment, 'attempt' | 'method'>): string => (method === 'sms' ? `${attempt}-sms` : attempt);
