import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { SmsDeliveryReport } from '../../ports/sms';

/**
 * SMS delivery reports, verified and normalised. Pure (no KVS, no clock): the caller passes the secret, the URL
 * the provider called and the time, dedupes on `dedupeKey`, answers 401 for 'forbidden', 400 for 'stale' and
 * 2xx for 'ignored' (a status that is not final, so the provider stops retrying).
 */
export type SmsReportVerdict = (SmsDeliveryReport & { dedupeKey: string }) | 'forbidden' | 'stale' | 'ignored';

const MAX_SKEW_SEC = 5 * 60;

function sameBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Twilio's status callback (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status): a
 * form-encoded POST to the `StatusCallback` URL given with the message, with `MessageSid`, `MessageStatus`
 * (queued, sent, delivered, undelivered, failed, …), `ErrorCode` for the failed ones, `AccountSid`, `From`, `To`.
 * Signed in `X-Twilio-Signature`: Base64(HMAC-SHA1(auth token, the full URL + every POST parameter's name and
 * value, sorted by name)) (https://www.twilio.com/docs/usage/webhooks/webhooks-security). `To` is never kept.
 */
export function verifyTwilioStatus(input: { url: string; body: string; signature: string | undefined }, authToken: string): SmsReportVerdict {
  if (!authToken || !input.signature) return 'forbidden';
  const params = new URLSearchParams(input.body);
  const signed = input.url + [...params.keys()].sort().map((name) => name + params.getAll(name).join('')).join('');
  const expected = createHmac('sha1', authToken).update(signed, 'utf8').digest();
  if (!sameBytes(Buffer.from(input.signature, 'base64'), expected)) return 'forbidden';
  const sid = params.get('MessageSid') ?? '';
  const status = params.get('MessageStatus') ?? '';
  if (!/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid)) return 'ignored';
  if (status === 'delivered') return { provider: 'twilio', providerMessageId: sid, delivered: true, dedupeKey: `twilio:${sid}:${status}` };
  if (status === 'undelivered' || status === 'failed') {
    const code = /^\d{1,6}$/.exec(params.get('ErrorCode') ?? '')?.[0];
    return { provider: 'twilio', providerMessageId: sid, delivered: false, reason: code ? `twilio-${code}` : status, dedupeKey: `twilio:${sid}:${status}` };
  }
  return 'ignored';
}

/**
 * seven.io's `dlr` webhook (https://docs.seven.io/en/rest-api/webhooks): JSON `{webhook_event: "dlr",
 * webhook_timestamp, data: {msg_id, status, timestamp}}`, status DELIVERED, NOTDELIVERED, BUFFERED, TRANSMITTED,
 * ACCEPTED, EXPIRED, REJECTED, FAILED or UNKNOWN. Signed with the account's signing key
 * (https://docs.seven.io/en/rest-api/signing): `X-Signature` = HMAC-SHA256 over
 * `X-Timestamp \n X-Nonce \n method \n full URL \n MD5(body) as hex`; the docs do not show the signature's
 * encoding, so hex (PHP's `hash_hmac` default) and Base64 are both accepted. Timestamps older than 5 minutes
 * are stale.
 */
const sevenDlr = z.object({
  webhook_event: z.string(),
  data: z.object({ msg_id: z.union([z.string(), z.number()]), status: z.string() }).passthrough(),
});
const SEVEN_UNDELIVERED = new Set(['NOTDELIVERED', 'EXPIRED', 'REJECTED', 'FAILED']);

export function verifySevenReport(
  input: { url: string; method: string; body: string; headers: { signature?: string; timestamp?: string; nonce?: string } },
  signingKey: string,
  nowSec: number,
): SmsReportVerdict {
  const { signature, timestamp, nonce } = input.headers;
  if (!signingKey || !signature || !timestamp || !nonce || !/^\d{1,12}$/.test(timestamp)) return 'forbidden';
  const bodyMd5 = createHash('md5').update(input.body, 'utf8').digest('hex');
  const expected = createHmac('sha256', signingKey).update([timestamp, nonce, input.method.toUpperCase(), input.url, bodyMd5].join('\n'), 'utf8').digest();
  const given = /^[0-9a-fA-F]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.from(signature, 'base64');
  if (!sameBytes(given, expected)) return 'forbidden';
  if (Math.abs(nowSec - Number(timestamp)) > MAX_SKEW_SEC) return 'stale';
  let json: unknown;
  try {
    json = JSON.parse(input.body);
  } catch {
    return 'ignored';
  }
  const parsed = sevenDlr.safeParse(json);
  if (!parsed.success || parsed.data.webhook_event !== 'dlr') return 'ignored';
  const id = String(parsed.data.data.msg_id);
  const status = parsed.data.data.status.toUpperCase();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return 'ignored';
  if (status === 'DELIVERED') return { provider: 'seven', providerMessageId: id, delivered: true, dedupeKey: `seven:${id}:${status}` };
  if (SEVEN_UNDELIVERED.has(status)) return { provider: 'seven', providerMessageId: id, delivered: false, reason: `seven-${status.toLowerCase()}`, dedupeKey: `seven:${id}:${status}` };
  return 'ignored';
}
