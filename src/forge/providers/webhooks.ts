import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { DeliveryEvent } from '../../ports/mail';
import { parseJson } from './http';

/**
 * Delivery webhooks, verified and normalised. Pure (no KVS, no clock): the caller dedupes on `dedupeKey`,
 * rejects 'forbidden' and 'stale', and acknowledges 'ignored' and events with 2xx so the provider stops retrying.
 */

export type WebhookHeaders = Record<string, string | string[] | undefined>;

/** Compares via SHA-256 digests so neither length nor content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Provider reason texts can quote the recipient (SMTP replies): addresses go, length is capped. */
function cleanReason(text: string | undefined): string {
  return (text ?? '')
    .replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g, '[address]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

const id = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1).max(200));

// ---------------------------------------------------------------------------------------------------------
// Postmark: no signature; the admin puts HTTP Basic credentials into the webhook URL
// (https://<user>:<password>@host/path), https://postmarkapp.com/developer/webhooks/webhooks-overview.
// Payloads: https://postmarkapp.com/developer/webhooks/delivery-webhook, https://postmarkapp.com/email-webhooks
// and the official SDK's types (ActiveCampaign/postmark.js src/client/models/webhooks/payload/*): RecordType
// Delivery|Bounce|SpamComplaint|Open|Click|..., MessageID, Metadata echoed from the send, DeliveredAt/BouncedAt ISO 8601.

const postmarkPayload = z.object({
  RecordType: z.string(),
  MessageID: z.string().min(1).max(200),
  ID: z.number().optional(),
  Type: z.string().optional(),
  Description: z.string().optional(),
  Inactive: z.boolean().optional(),
  DeliveredAt: z.string().optional(),
  BouncedAt: z.string().optional(),
  Metadata: z.object({ messageId: id, customerId: id }).optional(),
});

// Bounce webhooks also report soft bounces, auto-replies and the like; only these mean the address is dead.
const PERMANENT_BOUNCES = new Set(['HardBounce', 'BadEmailAddress', 'ManuallyDeactivated']);

/**
 * The secret (KVS `mail-webhook-secret`) is the Basic-auth password; the user name is free. An empty secret
 * refuses everything: an unconfigured endpoint must not accept unauthenticated events.
 */
export function verifyPostmark(request: { headers: WebhookHeaders; body: string }, secret: string): DeliveryEvent | 'forbidden' | 'ignored' {
  const auth = header(request.headers, 'authorization');
  const match = auth?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  // Always compare, so a missing header costs the same as a wrong one.
  const authorised = sameSecret(password, secret) && secret.length > 0 && colon >= 0;
  if (!authorised) return 'forbidden';

  const parsed = postmarkPayload.safeParse(parseJson(request.body));
  if (!parsed.success) return 'ignored';
  const p = parsed.data;
  let kind: DeliveryEvent['kind'];
  let when: string | undefined;
  let reason = '';
  if (p.RecordType === 'Delivery') {
    kind = 'delivered';
    when = p.DeliveredAt;
  } else if (p.RecordType === 'Bounce' && (PERMANENT_BOUNCES.has(p.Type ?? '') || p.Inactive === true)) {
    kind = 'bounced';
    when = p.BouncedAt;
    reason = cleanReason(`${p.Type ?? 'Bounce'}: ${p.Description ?? ''}`);
  } else if (p.RecordType === 'SpamComplaint') {
    kind = 'complained';
    when = p.BouncedAt;
    reason = cleanReason(p.Type ?? 'SpamComplaint');
  } else {
    return 'ignored'; // Open, Click, SubscriptionChange, soft bounces
  }
  const at = Date.parse(when ?? '');
  if (!p.Metadata || Number.isNaN(at)) return 'ignored'; // not one of ours, or unusable
  return {
    provider: 'postmark',
    kind,
    messageId: p.Metadata.messageId,
    customerId: p.Metadata.customerId,
    reason,
    at: Math.floor(at / 1000),
    // Postmark retries a failed hook with the same record; bounces and complaints have their own ID.
    dedupeKey: `postmark:${p.RecordType}:${p.MessageID}:${p.ID ?? ''}`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Mailgun: HMAC-SHA256(signing key, timestamp + token), hex, in the JSON body next to `event-data`,
// https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks (token: 50 random
// characters; cache it to refuse replays; check the timestamp is recent).
// Payloads: https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/webhook-payloads

export const MAILGUN_MAX_SKEW_SEC = 5 * 60;

const mailgunSignature = z.object({
  timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]).transform(String),
  token: z.string().min(1).max(200),
  signature: z.string().regex(/^[0-9a-f]{64}$/i),
});

const mailgunEvent = z.object({
  event: z.string(),
  severity: z.string().optional(),
  timestamp: z.number(),
  reason: z.string().optional(),
  'user-variables': z.object({ messageId: id, customerId: id }).optional(),
  'delivery-status': z.object({ description: z.string().optional(), message: z.string().optional(), code: z.number().optional() }).optional(),
});

export function verifyMailgun(body: string, signingKey: string, nowSec: number): DeliveryEvent | 'forbidden' | 'stale' | 'ignored' {
  if (!signingKey) return 'forbidden';
  const json = parseJson(body);
  const sig = mailgunSignature.safeParse((json as { signature?: unknown } | undefined)?.signature);
  if (!sig.success) return 'forbidden';
  const { timestamp, token, signature } = sig.data;
  const expected = createHmac('sha256', signingKey).update(timestamp + token).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'forbidden';
  if (Math.abs(nowSec - Number(timestamp)) > MAILGUN_MAX_SKEW_SEC) return 'stale';

  const parsed = mailgunEvent.safeParse((json as Record<string, unknown>)['event-data']);
  if (!parsed.success) return 'ignored';
  const e = parsed.data;
  let kind: DeliveryEvent['kind'];
  let reason = '';
  if (e.event === 'delivered') {
    kind = 'delivered';
  } else if (e.event === 'failed' && e.severity === 'permanent') {
    kind = 'bounced';
    const status = e['delivery-status'];
    reason = cleanReason([status?.code, status?.description || status?.message || e.reason].filter(Boolean).join(' '));
  } else if (e.event === 'complained') {
    kind = 'complained';
    reason = 'complained';
  } else {
    return 'ignored'; // accepted, opened, clicked, temporary failures, ...
  }
  const vars = e['user-variables'];
  if (!vars) return 'ignored';
  return {
    provider: 'mailgun',
    kind,
    messageId: vars.messageId,
    customerId: vars.customerId,
    reason,
    at: Math.floor(e.timestamp),
    dedupeKey: `mailgun:${token}`,
  };
}
