import type { Customer } from '../../domain/customer';
import { matchRecoveryCode } from '../../domain/factors/recovery-codes';
import { checkTotp, normaliseCode } from '../../domain/factors/totp';
import type { TwoStepState } from '../../domain/two-step';
import { nowSec, type Deps } from '../deps';

/*
 * A code for one of the customer's methods, checked the same way at sign-in (src/flows/sign-in/second-step.ts), for a
 * change in the profile panel (src/flows/profile-two-step.ts) and with a reset link (src/flows/complete-reset.ts).
 */

/**
 * Checks a code against the customer's methods without writing: the app's code (each time step once) or,
 * with `recovery`, an unused recovery code. `next` is the state to store with the change it allows.
 */
export async function checkSecondFactor(
  deps: Deps,
  customer: Customer,
  input: { code: string; recovery: boolean },
  secrets: SecretReads = deps.factors,
): Promise<{ ok: true; next: TwoStepState } | { ok: false; replayed: boolean }> {
  const state = customer.twoStep;
  if (!state) return { ok: false, replayed: false };
  if (input.recovery && state.recovery) {
    const hashes = (await secrets.getRecovery(customer.id, state.recovery.ref)) ?? [];
    const index = matchRecoveryCode(input.code.slice(0, 64), hashes, state.recovery.used);
    return index >= 0
      ? { ok: true, next: { ...state, failures: 0, recovery: { ...state.recovery, used: [...state.recovery.used, index] } } }
      : { ok: false, replayed: false };
  }
  if (!input.recovery && state.totp) {
    const secret = await secrets.getTotp(customer.id, state.totp.ref);
    const check = secret
      ? await checkTotp(secret, normaliseCode(input.code.slice(0, 32)), nowSec(deps), state.totp.lastStep)
      : { ok: false as const, replayed: false };
    return check.ok ? { ok: true, next: { ...state, failures: 0, totp: { ...state.totp, lastStep: check.step } } } : check;
  }
  return { ok: false, replayed: false };
}

/** The secret reads a check makes (the code step passes its read-once copy). */
export type SecretReads = Pick<Deps['factors'], 'getTotp' | 'getRecovery'>;
