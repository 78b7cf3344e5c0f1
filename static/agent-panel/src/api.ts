import { invoke } from '@forge/bridge';
import type { AgentAnswer, AgentErrorCode, AgentKey, InvitePayload, PanelData, TimelinePayload } from '../../../src/surfaces/agent-api';

/**
 * The one module that talks to the backend: a typed wrapper per resolver key. A rejected bridge call
 * (network, host) becomes `unreachable`; an answer that is not an envelope becomes `internal`.
 */
export type FailureCode = AgentErrorCode | 'unreachable';
export type Failure = { ok: false; error: FailureCode; field?: string };
export type Outcome<T> = { ok: true; data: T } | Failure;
type Data<K extends AgentKey> = Extract<AgentAnswer[K], { ok: true }>['data'];

const CODES: readonly AgentErrorCode[] = [
  'forbidden',
  'not-found',
  'invalid-input',
  'limit-reached',
  'wrong-state',
  'already-registered',
  'email-failed',
  'internal',
];

async function call<K extends AgentKey>(key: K, payload?: InvitePayload | TimelinePayload): Promise<Outcome<Data<K>>> {
  let answer: unknown;
  try {
    answer = await invoke(key, payload ? { ...payload } : undefined);
  } catch {
    return { ok: false, error: 'unreachable' };
  }
  if (!answer || typeof answer !== 'object' || typeof (answer as { ok?: unknown }).ok !== 'boolean') {
    return { ok: false, error: 'internal' };
  }
  const envelope = answer as AgentAnswer[K];
  if (envelope.ok) return envelope as Outcome<Data<K>>;
  const error = CODES.includes(envelope.error) ? envelope.error : 'internal';
  return typeof envelope.field === 'string' ? { ok: false, error, field: envelope.field } : { ok: false, error };
}

export const loadPanel = (): Promise<Outcome<PanelData>> => call('agent/panel');
export const loadTimeline = (payload: TimelinePayload): Promise<Outcome<PanelData['timeline']>> => call('agent/timeline', payload);
export const invite = (payload: InvitePayload): Promise<Outcome<PanelData>> => call('agent/invite', payload);
export const resendInvite = (): Promise<Outcome<PanelData>> => call('agent/resend-invite');
export const sendReset = (): Promise<Outcome<PanelData>> => call('agent/send-reset');
