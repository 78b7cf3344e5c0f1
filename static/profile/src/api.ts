import { invoke } from '@forge/bridge';
import type { Criterion, CriterionId } from '../../../src/domain/password-policy';
import type { ChangePasswordPayload, ProfileAnswer, ProfileErrorCode, ProfileKey } from '../../../src/surfaces/profile-api';

/**
 * The one module that talks to the backend: a typed wrapper per resolver key. A rejected bridge call
 * becomes `unreachable`; an answer that is not an envelope, or an unknown code, becomes `internal`. Besides
 * the shared envelope fields it keeps `criteria` (a policy rejection) and `until` (a lockout), checked.
 */
export type FailureCode = ProfileErrorCode | 'unreachable';
export type Failure = { ok: false; error: FailureCode; field?: string; criteria?: Criterion[]; until?: number };
export type Outcome<T> = { ok: true; data: T } | Failure;
type Data<K extends ProfileKey> = Extract<ProfileAnswer[K], { ok: true }>['data'];

const CODES: readonly ProfileErrorCode[] = [
  'forbidden',
  'not-found',
  'invalid-input',
  'wrong-password',
  'rejected',
  'mismatch',
  'locked',
  'disabled',
  'wrong-state',
  'too-many',
  'internal',
];
const CRITERIA: readonly CriterionId[] = ['minLength', 'maxLength', 'notCommon', 'notPersonal', 'lower', 'upper', 'digit', 'symbol'];

function criteriaOf(value: unknown): Criterion[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.filter(
    (c): c is Criterion => !!c && typeof c === 'object' && CRITERIA.includes((c as Criterion).id) && typeof (c as Criterion).met === 'boolean',
  );
  return list.map((c) => ({ id: c.id, met: c.met }));
}

async function call<K extends ProfileKey>(key: K, payload?: ChangePasswordPayload): Promise<Outcome<Data<K>>> {
  let answer: unknown;
  try {
    answer = await invoke(key, payload ? { ...payload } : undefined);
  } catch {
    return { ok: false, error: 'unreachable' };
  }
  if (!answer || typeof answer !== 'object' || typeof (answer as { ok?: unknown }).ok !== 'boolean') return { ok: false, error: 'internal' };
  const envelope = answer as { ok: boolean; data?: Data<K>; error?: unknown; field?: unknown; criteria?: unknown; until?: unknown };
  if (envelope.ok) return { ok: true, data: envelope.data as Data<K> };
  const criteria = criteriaOf(envelope.criteria);
  return {
    ok: false,
    error: CODES.includes(envelope.error as ProfileErrorCode) ? (envelope.error as ProfileErrorCode) : 'internal',
    ...(typeof envelope.field === 'string' ? { field: envelope.field } : {}),
    ...(criteria ? { criteria } : {}),
    ...(typeof envelope.until === 'number' && Number.isFinite(envelope.until) ? { until: envelope.until } : {}),
  };
}

export const loadProfile = () => call('profile/get');
export const changePassword = (payload: ChangePasswordPayload) => call('profile/change-password', payload);
