import * as z from 'zod';
import type { Customer } from '../domain/customer';
import { canAddPasskey, MAX_PASSKEYS, passkeysOf, viewOf } from '../domain/passkeys';
import type { Deps } from '../flows/deps';
import { passkeysAvailable } from '../flows/passkey-add';
import { removePasskeys, renamePasskey, type ManageOutcome } from '../flows/passkey-manage';
import type { PasskeysView, ProfileData, ProfileErrorCode, ProfileFailure, ProfileKey, ProfileResult } from './profile-api';

/**
 * The profile panel's passkeys (issue 22): the list (name, created, last used), rename, remove. Adding one runs
 * on the customer pages' own origin (the RP), so the panel links to their log-in with "Add a passkey" after it.
 */
export async function passkeysView(deps: Deps, customer: Customer, lang: string): Promise<PasskeysView> {
  const list = passkeysOf(customer).map(viewOf);
  const addUrl = canAddPasskey(customer) && (await passkeysAvailable(deps)) ? `${await deps.urls.customerPagesBase()}/login?${new URLSearchParams({ next: 'passkey', lang })}` : null;
  return { list, max: MAX_PASSKEYS, addUrl };
}

const renamePayload = z.object({ id: z.string().min(1).max(1400), name: z.string().max(200) });
const removePayload = z.object({ id: z.string().min(1).max(1400) });

/** Defines a profile resolver that runs for the identified caller's own entry (profile.ts: catch-all, identity, then `run`). */
export type DefineForCustomer = <T>(key: ProfileKey, run: (customer: Customer, payload: unknown) => Promise<ProfileResult<T>>) => void;

const failure = (error: ProfileErrorCode, extra: Partial<ProfileFailure> = {}): ProfileFailure => ({ ok: false, error, ...extra });

export function definePasskeyResolvers(defineForCustomer: DefineForCustomer, deps: Deps, profile: (c: Customer) => Promise<ProfileData>): void {
  const answer = async (outcome: ManageOutcome): Promise<ProfileResult<ProfileData>> => {
    if (outcome.state === 'done') return { ok: true, data: await profile(outcome.customer) };
    if (outcome.state === 'invalid') return failure('invalid-input', { field: 'name' });
    return failure(outcome.state === 'not-found' ? 'not-found' : 'internal');
  };
  defineForCustomer('profile/passkeys/rename', async (customer, payload): Promise<ProfileResult<ProfileData>> => {
    const input = renamePayload.safeParse(payload);
    if (!input.success) return failure('invalid-input', { field: 'name' });
    return answer(await renamePasskey(deps, customer, input.data.id, input.data.name));
  });
  defineForCustomer('profile/passkeys/remove', async (customer, payload): Promise<ProfileResult<ProfileData>> => {
    const input = removePayload.safeParse(payload);
    if (!input.success) return failure('invalid-input');
    return answer(await removePasskeys(deps, customer, input.data.id, 'customer'));
  });
}
