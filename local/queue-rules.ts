import { parse } from 'yaml';

/**
 * What Forge's async events refuse on a push ("Async events limits", "Async events API", "Error handling for
 * Forge async events"): at most 50 events and 200 KB combined per push, at most 100 KB per event when the
 * consumer's function has a timeout over 55 seconds ("Payload size for long running functions"), a delay of 0 to
 * 900 seconds. @forge/events checks the first three itself before sending; the per-event limit only the platform
 * checks, so the emulated publish endpoint checks all of them. Pure; kept apart from delivery and redelivery.
 */
export const QUEUE_LIMITS = {
  eventsPerPush: 50,
  pushMaxBytes: 200 * 1024,
  longRunningEventMaxBytes: 100 * 1024,
  /** A consumer function with a timeout above this is "long running". */
  longRunningAboveSec: 55,
  maxDelaySec: 900,
} as const;

/** The push request @forge/events sends to /webhook/queue/publish/…. */
export interface QueuePush {
  queueName: string;
  payload: { body: Record<string, unknown>; delayInSeconds?: number }[];
}

/** The platform's answer to a refused push: 413 `{errorMessage}` (the client's PayloadTooBigError) or 400. */
export interface QueueRefusal {
  status: 400 | 413;
  body: { code: string; errorMessage: string; message: string };
}

const refuse = (status: 400 | 413, code: string, message: string): QueueRefusal => ({ status, body: { code, errorMessage: message, message } });
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Why the platform would refuse this push, or undefined. `consumerTimeoutSec`: the queue's consumer function timeout. */
export function queuePushRefusal(push: QueuePush, consumerTimeoutSec: number = QUEUE_LIMITS.longRunningAboveSec): QueueRefusal | undefined {
  const events = Array.isArray(push.payload) ? push.payload : [];
  if (events.length === 0) return refuse(400, 'NO_EVENTS_TO_PUSH', 'No events pushed');
  if (events.length > QUEUE_LIMITS.eventsPerPush) return refuse(400, 'TOO_MANY_EVENTS', `More than ${QUEUE_LIMITS.eventsPerPush} events in one push (${events.length})`);
  const delayed = events.find((e) => e.delayInSeconds !== undefined && !(e.delayInSeconds >= 0 && e.delayInSeconds <= QUEUE_LIMITS.maxDelaySec));
  if (delayed) return refuse(400, 'INVALID_PUSH_SETTINGS', `Delay in seconds must be between 0 and ${QUEUE_LIMITS.maxDelaySec} (${String(delayed.delayInSeconds)})`);
  const total = bytes(events);
  if (total > QUEUE_LIMITS.pushMaxBytes) return refuse(413, 'PAYLOAD_TOO_BIG', `The combined payload of one push is at most 200 KB (${total} bytes)`);
  if (consumerTimeoutSec > QUEUE_LIMITS.longRunningAboveSec) {
    const big = events.map(bytes).find((b) => b > QUEUE_LIMITS.longRunningEventMaxBytes);
    if (big !== undefined) return refuse(413, 'PAYLOAD_TOO_BIG', `An event for a consumer with a timeout over ${QUEUE_LIMITS.longRunningAboveSec} s is at most 100 KB (${big} bytes)`);
  }
  return undefined;
}

type ManifestModules = { modules?: { consumer?: { queue: string; function: string }[]; function?: { key: string; timeoutSeconds?: number }[] } };

/** Each queue's consumer function timeout in seconds (Forge's default 55 when none is set), from manifest.yml. */
export function consumerTimeouts(manifestYamlText: string): Record<string, number> {
  const manifest = (parse(manifestYamlText) ?? {}) as ManifestModules;
  const timeoutOf = new Map((manifest.modules?.function ?? []).map((f) => [f.key, f.timeoutSeconds ?? QUEUE_LIMITS.longRunningAboveSec]));
  return Object.fromEntries((manifest.modules?.consumer ?? []).map((c) => [c.queue, timeoutOf.get(c.function) ?? QUEUE_LIMITS.longRunningAboveSec]));
}
