import { createHash, createHmac } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { queueSms } from '../../src/flows/sms';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { SMS_API_KEY_SECRET } from '../../src/forge/kvs-keys';
import type { SendResult } from '../../src/ports/mail';
import type { OutgoingSms } from '../../src/ports/sms';
import { expectNoAxeViolations, saveScreenshot } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';

/**
 * SMS on the agent panel's timeline (issue 11), en and de: "Verification code sent by SMS" when the provider took
 * it, and the provider's delivery report (a signed Twilio status callback on the `mail-events` trigger) as
 * "SMS delivered" / "SMS not delivered"; the number never appears. axe finds no violations.
 */
jest.setTimeout(90_000);

const TOKEN = 'twilio-auth-token-for-e2e';
const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const sidFor = (id: string) => `SM${createHash('md5').update(id).digest('hex')}`;
// The SMS catcher with a Twilio-shaped message sid, so the status callback can name the message.
const session = useBrowserAndHost({
  host: {
    sms: (catcher) => ({
      send: async (sms: OutgoingSms): Promise<SendResult> => {
        catcher.add(sms);
        return { ok: true, providerMessageId: sidFor(sms.id) };
      },
    }),
  },
});

beforeAll(async () => {
  const { host } = session.env;
  const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
  await kvs.set(SETTINGS_KEY, { ...stored, sms: { provider: 'twilio', sender: '+4915712345678', twilioAccountSid: SID, dailyCap: 200 } });
  (host.deps.settings as { forget?: () => void }).forget?.();
  await kvs.setSecret(SMS_API_KEY_SECRET, TOKEN);

  // Two SMS for Erika (DEMO-6): one delivered, one not.
  const erika = (await host.deps.directory.findByEmail('erika.mustermann@example.de'))!;
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const queued = await queueSms(host.deps, { to: '+4915123456789', text: `Code 12345${i}`, customerId: erika.id });
    if (!queued.ok) throw new Error(queued.error);
    ids.push(queued.id);
  }
  await host.idle();
  const url = `${host.url}/x/mail-events/sms-twilio`;
  for (const [id, status] of [
    [ids[0], 'delivered'],
    [ids[1], 'undelivered'],
  ]) {
    const fields: Record<string, string> = { AccountSid: SID, MessageSid: sidFor(id), MessageStatus: status, To: '+4915123456789', ...(status === 'undelivered' ? { ErrorCode: '30003' } : {}) };
    const signature = createHmac('sha1', TOKEN).update(url + Object.keys(fields).sort().map((k) => k + fields[k]).join('')).digest('base64');
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() });
    expect(r.status).toBe(200);
  }
});

const T = {
  en: { locale: 'en-US' as const, sent: 'Verification code sent by SMS', delivered: 'SMS delivered', undelivered: 'SMS not delivered' },
  de: { locale: 'de-DE' as const, sent: 'Bestätigungscode per SMS gesendet', delivered: 'SMS zugestellt', undelivered: 'SMS nicht zugestellt' },
};

it.each(['en', 'de'] as const)('the timeline names the SMS events (%s), without the number', async (lang) => {
  const t = T[lang];
  const context = await session.newContext({ locale: t.locale });
  const page = await context.newPage();
  try {
    await page.goto(`${session.env.url}/jira/browse/DEMO-6?persona=agent&lang=${lang}&theme=light`);
    const panel = page.frameLocator('iframe[title="Portal access"]');
    await panel.getByText(t.delivered, { exact: true }).waitFor();
    await panel.getByText(t.undelivered, { exact: true }).waitFor();
    await expect(panel.getByText(t.sent, { exact: true }).count()).resolves.toBe(2);
    const text = await panel.locator('body').innerText();
    expect(text).not.toContain('23456789');
    await expectNoAxeViolations(page, `agent panel with sms events ${lang}`);
  } catch (error) {
    await saveScreenshot(page, `agent-panel-sms-${lang}`);
    throw error;
  } finally {
    await context.close();
  }
});
