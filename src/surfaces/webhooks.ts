import { nowSec, type Deps } from '../flows/deps';
import { recordDelivery } from '../flows/mail-retry';
import { recordSmsDelivery } from '../flows/sms';
import { verifyMailgun, verifyPostmark } from '../forge/providers/webhooks';
import { verifySevenReport, verifyTwilioStatus, type SmsReportVerdict } from '../forge/sms/reports';
import type { DeliveryEvent } from '../ports/mail';
import { routeOf, type WebTriggerRequest, type WebTriggerResponse } from './pages/http';

/**
 * Delivery webhooks (`mail-events` web trigger): `/postmark` (HTTP Basic auth with the webhook secret) and
 * `/mailgun` (HMAC signature over timestamp and token with the signing key, 5-minute window). Forged calls
 * get 401, stale ones 400, replays (the same provider event again) 409; nothing is recorded for them.
 * SMS delivery reports arrive beside them: `/sms-twilio` (Twilio's status callback, signed with the auth token)
 * and `/sms-seven` (seven.io's `dlr` webhook, signed with the account's signing key); only the configured
 * SMS provider answers.
 */
const REPLAY_RETENTION_SEC = 7 * 86_400;
const MAX_BODY = 256 * 1024;

const answer = (statusCode: number, body: string): WebTriggerResponse => ({
  statusCode,
  headers: { 'Content-Type': ['text/plain; charset=utf-8'], 'Cache-Control': ['no-store'] },
  body,
});

export function deliveryWebhooks(deps: Deps) {
  return async (request: WebTriggerRequest): Promise<WebTriggerResponse> => {
    try {
      if ((request.method ?? '').toUpperCase() !== 'POST') return answer(405, 'POST only');
      const body = request.body ?? '';
      if (Buffer.byteLength(body) > MAX_BODY) return answer(413, 'too large');
      const provider = routeOf(request);
      const settings = await deps.settings.load();
      const headers: Record<string, string> = {};
      for (const [name, values] of Object.entries(request.headers ?? {})) if (values?.length) headers[name.toLowerCase()] = values[0];
      if (provider === 'sms-twilio' || provider === 'sms-seven') {
        if (provider !== `sms-${settings.sms.provider}`) return answer(404, 'no such provider');
        return await smsReport(deps, provider, request.method ?? 'POST', body, headers);
      }
      if (provider !== settings.delivery.provider) return answer(404, 'no such provider');
      const secret = await deps.secrets.get('mailWebhookSecret');
      if (!secret) return answer(401, 'not configured');
      const verdict: DeliveryEvent | 'forbidden' | 'stale' | 'ignored' =
        provider === 'postmark' ? verifyPostmark({ headers, body }, secret) : verifyMailgun(body, secret, nowSec(deps));
      if (verdict === 'forbidden') return answer(401, 'forbidden');
      if (verdict === 'stale') return answer(400, 'stale');
      if (verdict === 'ignored') return answer(200, 'ignored');
      if (!(await deps.replays.firstSeen(verdict.dedupeKey, REPLAY_RETENTION_SEC))) return answer(409, 'replayed');
      try {
        await recordDelivery(deps, verdict);
      } catch (error) {
        await deps.replays.forget(verdict.dedupeKey); // let the provider's retry through
        throw error;
      }
      return answer(200, 'ok');
    } catch (error) {
      deps.log.error('delivery webhook failed', { error: error instanceof Error ? error.name : 'unknown' });
      return answer(500, 'error');
    }
  };
}

/** One SMS delivery report: verified against the URL we gave the provider (signatures cover it), deduped, recorded. */
async function smsReport(deps: Deps, route: 'sms-twilio' | 'sms-seven', method: string, body: string, headers: Record<string, string>): Promise<WebTriggerResponse> {
  const url = `${await deps.urls.mailEventsBase()}/${route}`;
  let verdict: SmsReportVerdict;
  if (route === 'sms-twilio') {
    const token = await deps.secrets.get('smsApiKey');
    if (!token) return answer(401, 'not configured');
    verdict = verifyTwilioStatus({ url, body, signature: headers['x-twilio-signature'] }, token);
  } else {
    const key = await deps.secrets.get('smsWebhookKey');
    if (!key) return answer(401, 'not configured');
    verdict = verifySevenReport({ url, method, body, headers: { signature: headers['x-signature'], timestamp: headers['x-timestamp'], nonce: headers['x-nonce'] } }, key, nowSec(deps));
  }
  if (verdict === 'forbidden') return answer(401, 'forbidden');
  if (verdict === 'stale') return answer(400, 'stale');
  if (verdict === 'ignored') return answer(200, 'ignored');
  if (!(await deps.replays.firstSeen(verdict.dedupeKey, REPLAY_RETENTION_SEC))) return answer(409, 'replayed');
  try {
    const outcome = await recordSmsDelivery(deps, verdict);
    return answer(200, outcome === 'recorded' ? 'ok' : 'ignored');
  } catch (error) {
    await deps.replays.forget(verdict.dedupeKey);
    throw error;
  }
}
