import { invokeEnvelope } from '../../shared/invoke-envelope';
import { AGENT_ERROR_CODES, type AgentAnswer, type AgentErrorCode, type AgentKey, type InvitePayload, type PanelData, type TimelinePayload } from '../../../src/surfaces/agent-api';

/**
 * The one module that talks to the backend: a typed wrapper per resolver key. A rejected bridge call
 * (network, host) becomes `unreachable`; an answer that is not an envelope becomes `internal`.
 */
export type FailureCode = AgentErrorCode | 'unreachable';
export type Failure = { ok: false; error: FailureCode; field?: string };
export type Outcome<T> = { ok: true; data: T } | Failure;
type Data<K extends AgentKey> = Extract<AgentAnswer[K], { ok: true }>['data'];

/** The contract's codes (src/surfaces/agent-api.ts lists each once); anything else becomes `internal`. */
const CODES: readonly AgentErrorCode[] = AGENT_ERROR_CODES;

async function call<K extends AgentKey>(key: K, payload?: InvitePayload | TimelinePayload): Promise<Outcome<Data<K>>> {
  const outcome = await invokeEnvelope<Data<K>, AgentErrorCode>(key, payload, CODES);
  if (outcome.ok) return outcome;
  return outcome.field !== undefined ? { ok: false, error: outcome.error, field: outcome.field } : { ok: false, error: outcome.error };
}

export const loadPanel = (): Promise<Outcome<PanelData>> => call('agent/panel');
export const loadTimeline = (payload: TimelinePayload): Promise<Outcome<PanelData['timeline']>> => call('agent/timeline', payload);
export const invite = (payload: InvitePayload): Promise<Outcome<PanelData>> => call('agent/invite', payload);
export const resendInvite = (): Promise<Outcome<PanelData>> => call('agent/resend-invite');
export const sendReset = (): Promise<Outcome<PanelData>> => call('agent/send-reset');
