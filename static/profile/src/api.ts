import { invoke } from '@forge/bridge';
import type { Criterion, CriterionId } from '../../../src/domain/password-policy';
import type {
  ChangePasswordPayload,
  PasskeyRemovePayload,
  PasskeyRenamePayload,
  ProfileAnswer,
  ProfileErrorCode,
  ProfileKey,
  SmsStartPayload,
  TwoStepConfirmPayload,
  TwoStepRecoveryPayload,
  TwoStepRemovePayload,
} from '../../../src/surfaces/profile-api';

/**
 * The one module that talks to the backend: a typed wrapper per resolver key. A rejected bridge call
 * becomes `unreachable`; an answer that is not an envelope, or an unknown code, becomes `internal`. Besides
 * the shared envelope fields it keeps `criteria` (a policy rejection), `until` (a lockout) and `left` (tries
 * left for a two-step setup), checked.
 */
export type FailureCode = ProfileErrorCode | 'unreachable';
export type Failure = { ok: false; error: FailureCode; field?: string; criteria?: Criterion[]; until?: number; left?: number };
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
  'not-allowed',
  'required',
  'expired',
  'wrong-code',
  'sms-limit',
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

type Payload = ChangePasswordPayload | TwoStepConfirmPayload | TwoStepRemovePayload | TwoStepRecoveryPayload | SmsStartPayload | PasskeyRenamePayload | PasskeyRemovePayload;

async function call<K extends ProfileKey>(key: K, payload?: Payload): Promise<Outcome<Data<K>>> {
  let answer: unknown;
  try {
    answer = await invoke(key, payload ? { ...payload } : undefined);
  } catch {
    return { ok: false, error: 'unreachable' };
  }
  if (!answer || typeof answer !== 'object' || typeof (answer as { ok?: unknown }).ok !== 'boolean') return { ok: false, error: 'internal' };
  const envelope = answer as { ok: boolean; data?: Data<K>; error?: unknown; field?: unknown; criteria?: unknown; until?: unknown; left?: unknown };
  if (envelope.ok) return { ok: true, data: envelope.data as Data<K> };
  const criteria = criteriaOf(envelope.criteria);
  return {
    ok: false,
    error: CODES.includes(envelope.error as ProfileErrorCode) ? (envelope.error as ProfileErrorCode) : 'internal',
    ...(typeof envelope.field === 'string' ? { field: envelope.field } : {}),
    ...(criteria ? { criteria } : {}),
    ...(typeof envelope.until === 'number' && Number.isFinite(envelope.until) ? { until: envelope.until } : {}),
    ...(typeof envelope.left === 'number' && Number.isInteger(envelope.left) ? { left: envelope.left } : {}),
  };
}

export const loadProfile = () => call('profile/get');
export const changePassword = (payload: ChangePasswordPayload) => call('profile/change-password', payload);
/** `proof` where SMS is on already: the current password and a current code. */
export const startTwoStep = (proof?: TwoStepRemovePayload) => call('profile/two-step/start', proof);
export const confirmTwoStep = (payload: TwoStepConfirmPayload) => call('profile/two-step/confirm', payload);
export const removeTwoStep = (payload: TwoStepRemovePayload) => call('profile/two-step/remove', payload);
export const renewRecoveryCodes = (payload: TwoStepRecoveryPayload) => call('profile/two-step/recovery-codes', payload);
export const startSms = (payload: SmsStartPayload) => call('profile/two-step/sms/start', payload);
export const resendSms = () => call('profile/two-step/sms/resend');
export const confirmSms = (payload: TwoStepConfirmPayload) => call('profile/two-step/sms/confirm', payload);
export const sendSmsCode = () => call('profile/two-step/sms/code');
export const downloadMyData = () => call('profile/data');
export const renamePasskey = (payload: PasskeyRenamePayload) => call('profile/passkeys/rename', payload);
export const removePasskey = (payload: PasskeyRemovePayload) => call('profile/passkeys/remove', payload);
