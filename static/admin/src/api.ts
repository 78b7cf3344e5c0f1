import { invokeEnvelope } from '../../shared/invoke-envelope';
import { ADMIN_ERROR_CODES, type AdminAnswer, type AdminErrorCode, type AdminKey, type AdminPayload, type DeliveryData, type DeliverySavePayload, type EmailActivityPage, type TestMailSent } from '../../../src/surfaces/admin-api';

/**
 * The one module that talks to the backend: a typed wrapper per resolver key. A rejected bridge call
 * (network, host) becomes `unreachable`; an answer that is not an envelope becomes `internal`.
 */
export type FailureCode = AdminErrorCode | 'unreachable';
export type Failure = { ok: false; error: FailureCode; field?: string; reason?: string; problems?: unknown[] };
export type Outcome<T> = { ok: true; data: T } | Failure;
type Data<K extends AdminKey> = Extract<AdminAnswer[K], { ok: true }>['data'];

/** Calls one resolver key: sections use this directly for their own keys. */
export async function call<K extends AdminKey>(key: K, payload?: AdminPayload[K]): Promise<Outcome<Data<K>>> {
  const outcome = await invokeEnvelope<Data<K>, AdminErrorCode>(key, payload, ADMIN_ERROR_CODES);
  if (outcome.ok) return outcome;
  const problems = outcome.problems;
  return {
    ok: false,
    error: outcome.error,
    ...(typeof outcome.field === 'string' ? { field: outcome.field } : {}),
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    ...(Array.isArray(problems) ? { problems } : {}),
  };
}

export const loadDelivery = (): Promise<Outcome<DeliveryData>> => call('admin/delivery/get');
export const saveDelivery = (payload: DeliverySavePayload): Promise<Outcome<DeliveryData>> => call('admin/delivery/save', payload);
export const sendTestMail = (): Promise<Outcome<TestMailSent>> => call('admin/delivery/test');
export const loadEmailActivity = (cursor?: string): Promise<Outcome<EmailActivityPage>> => call('admin/email-activity', cursor ? { cursor } : {});
