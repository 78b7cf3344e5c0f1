import { invokeEnvelope } from '../../shared/invoke-envelope';
import type { AdminAnswer, AdminErrorCode, AdminKey, AdminPayload, DeliveryData, DeliveryField, DeliverySavePayload, EmailActivityPage, TestMailSent } from '../../../src/surfaces/admin-api';

/**
 * The one module that talks to the backend: a typed wrapper per resolver key. A rejected bridge call
 * (network, host) becomes `unreachable`; an answer that is not an envelope becomes `internal`.
 */
export type FailureCode = AdminErrorCode | 'unreachable';
export type Failure = { ok: false; error: FailureCode; field?: DeliveryField; reason?: string };
export type Outcome<T> = { ok: true; data: T } | Failure;
type Data<K extends AdminKey> = Extract<AdminAnswer[K], { ok: true }>['data'];

const CODES: readonly AdminErrorCode[] = ['forbidden', 'invalid-input', 'no-email', 'email-failed', 'internal'];
const FIELDS: readonly DeliveryField[] = ['provider', 'senderName', 'senderAddress', 'replyTo', 'mailgunDomain', 'mailgunRegion', 'apiKey', 'webhookSecret'];

async function call<K extends AdminKey>(key: K, payload?: AdminPayload[K]): Promise<Outcome<Data<K>>> {
  const outcome = await invokeEnvelope<Data<K>, AdminErrorCode>(key, payload, CODES);
  if (outcome.ok) return outcome;
  const field = FIELDS.find((f) => f === outcome.field);
  return {
    ok: false,
    error: outcome.error,
    ...(field ? { field } : {}),
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
  };
}

export const loadDelivery = (): Promise<Outcome<DeliveryData>> => call('admin/delivery/get');
export const saveDelivery = (payload: DeliverySavePayload): Promise<Outcome<DeliveryData>> => call('admin/delivery/save', payload);
export const sendTestMail = (): Promise<Outcome<TestMailSent>> => call('admin/delivery/test');
export const loadEmailActivity = (cursor?: string): Promise<Outcome<EmailActivityPage>> => call('admin/email-activity', cursor ? { cursor } : {});
