import { invoke } from '@forge/bridge';

/**
 * Calls one resolver key and checks the answer is the backend's envelope. A rejected bridge call (network,
 * host) becomes `unreachable`; an answer that is not an envelope, or an error code the caller does not
 * know, becomes `internal`. `field` and `reason` pass through only as strings (`reason` cut to 80), `problems` only as an array.
 */
export type EnvelopeOutcome<T, E extends string> =
  | { ok: true; data: T }
  | { ok: false; error: E | 'unreachable' | 'internal'; field?: string; reason?: string; problems?: unknown[] };

export async function invokeEnvelope<T, E extends string>(key: string, payload: object | undefined, codes: readonly E[]): Promise<EnvelopeOutcome<T, E>> {
  let answer: unknown;
  try {
    answer = await invoke(key, payload ? { ...payload } : undefined);
  } catch {
    return { ok: false, error: 'unreachable' };
  }
  if (!answer || typeof answer !== 'object' || typeof (answer as { ok?: unknown }).ok !== 'boolean') {
    return { ok: false, error: 'internal' };
  }
  const envelope = answer as { ok: boolean; data?: T; error?: unknown; field?: unknown; reason?: unknown; problems?: unknown };
  if (envelope.ok) return { ok: true, data: envelope.data as T };
  const error = codes.includes(envelope.error as E) ? (envelope.error as E) : 'internal';
  return {
    ok: false,
    error,
    ...(typeof envelope.field === 'string' ? { field: envelope.field } : {}),
    ...(typeof envelope.reason === 'string' ? { reason: envelope.reason.slice(0, 80) } : {}),
    ...(Array.isArray(envelope.problems) ? { problems: envelope.problems } : {}),
  };
}
