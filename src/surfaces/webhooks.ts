import { kvs } from '@forge/kvs';
import { nowSec, type Deps } from '../flows/deps';
import { recordDelivery } from '../flows/mail-retry';
import { MAIL_WEBHOOK_SECRET } from '../forge/mail';
import { verifyMailgun, verifyPostmark } from '../forge/providers/webhooks';
import type { DeliveryEvent } from '../ports';
import { routeOf, type WebTriggerRequest, type WebTriggerResponse } from './pages/http';

/**
 * Delivery webhooks (`mail-events` web trigger): `/postmark` (HTTP Basic auth with the webhook secret) and
 * `/mailgun` (HMAC signature over timestamp and token with the signing key, 5-minute window). Forged calls
 * get 401, stale ones 400, replays (the same provider event again) 409; nothing is recorded for them.
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
      if (provider !== settings.delivery.provider) return answer(404, 'no such provider');
      const secret = await kvs.getSecret<string>(MAIL_WEBHOOK_SECRET);
      if (!secret) return answer(401, 'not configured');
      const headers: Record<string, string> = {};
      for (const [name, values] of Object.entries(request.headers ?? {})) if (values?.length) headers[name.toLowerCase()] = values[0];
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
