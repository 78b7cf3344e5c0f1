import type { FrameLocator, Page } from 'playwright-core';
import { advanceClockAndSettle, expectNoAxeViolations, invokeResolver, listMail, mailFaults, panelFrame, saveScreenshot } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import type { AdminResult, DeliveryData, DeliverySavePayload } from '../../src/surfaces/admin-api';

/**
 * What the agent sees of email delivery, in a real browser: a customer asks for a reset link on the forgot
 * page while the local host's mailbox refuses (permanently, then temporarily); the agent panel on the
 * customer's request shows the failed email, the retry, and – once the host clock has run the retry – the
 * sent email, with exactly one mail in the mailbox. Then a Postmark bounce webhook for that mail: the panel
 * shows the delivery warning. axe-core inside the panel with the warning. Texts are literal
 * (static/agent-panel/src/i18n.ts and the customer pages' messages).
 */
jest.setTimeout(90_000);

const JANE = { issue: 'DEMO-2', email: 'jane.doe@example.com' };
const RESET_SUBJECT = '[Demo Service Desk] Reset your password';
const FORGOT = { heading: 'Forgot your password?', identifier: 'Email address or username', submit: 'E-mail me', sent: 'Check your email' };
const WEBHOOK_SECRET = 'whsec-delivery-status-0123456789';

const T = {
  en: {
    locale: 'en-US' as const,
    failed: 'Email could not be sent: password reset link',
    retrying: 'Email delayed, retrying',
    sent: 'Email sent: password reset link',
    bounced: 'Email bounced',
    warning: 'Emails to this address bounced:',
    reason: (r: string) => `Reason: ${r}`,
  },
  de: {
    locale: 'de-DE' as const,
    failed: 'E-Mail konnte nicht gesendet werden: Link zum Zurücksetzen',
    retrying: 'E-Mail verzögert, neuer Versuch folgt',
    sent: 'E-Mail gesendet: Link zum Zurücksetzen',
    bounced: 'E-Mail unzustellbar',
    warning: 'E-Mails an diese Adresse sind unzustellbar:',
    reason: (r: string) => `Grund: ${r}`,
  },
};
type Lang = keyof typeof T;
type Theme = 'light' | 'dark';

const session = useBrowserAndHost();

async function newPage(lang: Lang, bypassCSP = false): Promise<Page> {
  const context = await session.newContext({ locale: T[lang].locale, bypassCSP });
  return context.newPage();
}

const panelOf = (page: Page): FrameLocator => page.frameLocator('iframe[title="Portal access"]');

/** Opens DEMO-2 as the agent and waits until the panel has loaded. */
async function openPanel(page: Page, lang: Lang = 'en', theme: Theme = 'light'): Promise<FrameLocator> {
  const response = await page.goto(`${session.env.url}/jira/browse/${JANE.issue}?persona=agent&lang=${lang}&theme=${theme}`);
  expect(response?.status()).toBe(200);
  const panel = panelOf(page);
  await panel.locator('.pa-lozenge').waitFor();
  return panel;
}

/** The timeline's labels, newest first. */
const labels = async (panel: FrameLocator) => (await panel.locator('.pa-event .pa-event-label').allInnerTexts()).map((s) => s.trim());

/** The customer asks for a reset link on the forgot page and sees the neutral confirmation. */
async function customerRequestsReset(): Promise<void> {
  const page = await newPage('en');
  try {
    expect((await page.goto(`${session.env.pages}/forgot?lang=en`))?.status()).toBe(200);
    expect(await page.locator('main h1').textContent()).toBe(FORGOT.heading);
    await page.getByLabel(FORGOT.identifier, { exact: true }).fill(JANE.email);
    await Promise.all([page.waitForURL(/\/forgot\/sent\?/), page.getByRole('button', { name: FORGOT.submit, exact: true }).click()]);
    expect(await page.locator('main h1').textContent()).toBe(FORGOT.sent);
  } catch (error) {
    await saveScreenshot(page, 'delivery-status-forgot');
    throw error;
  } finally {
    await page.close();
  }
  await session.env.host.idle();
}

const resetMails = async () => (await listMail(session.env.url)).filter((m) => m.to === JANE.email && m.subject === RESET_SUBJECT);

// ---------------------------------------------------------------------------------------------------------

describe('delivery status in the agent panel', () => {
  test('a permanently refused reset mail shows as failed; the customer still sees the neutral page', async () => {
    await mailFaults(session.env.url, { rejectNext: 1, refuseNext: 0, down: false });
    await customerRequestsReset();
    expect(await resetMails()).toHaveLength(0);

    const page = await newPage('en');
    try {
      const panel = await openPanel(page);
      const failed = panel.locator('.pa-event').filter({ hasText: T.en.failed });
      expect(await failed.count()).toBe(1);
      expect(await failed.getAttribute('class')).toContain('pa-event--bad');
      expect((await failed.locator('.pa-event-reason').innerText()).trim()).toBe(T.en.reason('smtp-550'));
      expect((await labels(panel))[0]).toBe(T.en.failed);
    } catch (error) {
      await saveScreenshot(page, 'delivery-status-failed');
      throw error;
    }
  });

  test('a temporarily refused reset mail shows as retrying, then as sent once the retry ran; exactly one mail', async () => {
    await mailFaults(session.env.url, { refuseNext: 1 });
    await customerRequestsReset();
    expect(await resetMails()).toHaveLength(0);

    const page = await newPage('en');
    try {
      let panel = await openPanel(page);
      expect((await labels(panel))[0]).toBe(T.en.retrying);
      expect(await panel.locator('.pa-event').filter({ hasText: T.en.retrying }).locator('.pa-event-reason').innerText()).toBe(T.en.reason('smtp-451'));

      await advanceClockAndSettle(session.env, 30);
      panel = await openPanel(page); // reload
      const shown = await labels(panel);
      expect(shown[0]).toBe(T.en.sent);
      expect(shown.filter((l) => l === T.en.retrying)).toHaveLength(1);
      expect(shown.filter((l) => l === T.en.failed)).toHaveLength(1);
      expect(await resetMails()).toHaveLength(1);

      // Nothing is sent again later.
      await advanceClockAndSettle(session.env, 15 * 60);
      expect(await resetMails()).toHaveLength(1);
      expect((await listMail(session.env.url)).filter((m) => m.to === JANE.email)).toHaveLength(1);
    } catch (error) {
      await saveScreenshot(page, 'delivery-status-retry');
      throw error;
    }
  });

  test('a Postmark bounce for that mail shows the delivery warning', async () => {
    // The admin configures Postmark with a webhook secret (as the admin page does).
    const save: DeliverySavePayload = {
      provider: 'postmark',
      senderName: 'Demo Support',
      senderAddress: 'support@demo-company.example',
      replyTo: '',
      mailgunDomain: '',
      mailgunRegion: 'eu',
      apiKey: 'pm-server-token-bounce-9a8b',
      webhookSecret: WEBHOOK_SECRET,
    };
    const saved = await invokeResolver<AdminResult<DeliveryData>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/delivery/save', persona: 'admin', payload: { ...save } });
    if (!saved.ok) throw new Error(`admin/delivery/save: ${saved.error} ${saved.field ?? ''}`);
    expect(saved.data.webhookUrl).toBe(`${session.env.url}/x/mail-events/postmark`);

    // The sent reset mail's ids, as the app put them into the provider's Metadata.
    const customer = await session.env.host.deps.directory.findByEmail(JANE.email);
    expect(customer).toBeTruthy();
    const { events } = await session.env.host.deps.directory.listAudit(customer!.id, 20);
    const sent = events.find((e) => e.kind === 'email.sent');
    expect(sent).toBeDefined();
    const messageId = String(sent!.detail.messageId);

    const description = 'The server was unable to deliver your message (ex: unknown user, mailbox not found).';
    const bounce = {
      RecordType: 'Bounce',
      MessageStream: 'outbound',
      ID: 4323372036854776000,
      Type: 'HardBounce',
      TypeCode: 1,
      Name: 'Hard bounce',
      Tag: 'reset',
      MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
      Metadata: { messageId, customerId: customer!.id },
      ServerID: 23,
      Description: description,
      Details: "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
      Email: JANE.email,
      From: 'support@demo-company.example',
      BouncedAt: new Date(session.env.host.clock.nowMs()).toISOString(),
      DumpAvailable: true,
      Inactive: true,
      CanActivate: true,
      Subject: RESET_SUBJECT,
      Content: '',
    };
    const post = (password: string) =>
      fetch(saved.data.webhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`postmark-hooks:${password}`).toString('base64')}` },
        body: JSON.stringify(bounce),
      });
    expect((await post('not-the-secret-000')).status).toBe(401);
    expect((await post(WEBHOOK_SECRET)).status).toBe(200);
    expect((await post(WEBHOOK_SECRET)).status).toBe(409);

    const page = await newPage('en');
    try {
      const panel = await openPanel(page);
      const warning = panel.locator('.pa-delivery-warning');
      await warning.waitFor();
      const text = (await warning.innerText()).trim();
      expect(text.startsWith(T.en.warning)).toBe(true);
      expect(text).toContain('HardBounce');
      expect((await labels(panel))[0]).toBe(T.en.bounced);
      expect(await panel.locator('.pa-event').filter({ hasText: T.en.bounced }).count()).toBe(1);
    } catch (error) {
      await saveScreenshot(page, 'delivery-status-bounce');
      throw error;
    }
  });

  describe('the panel with the delivery warning has no axe violations (inside its frame)', () => {
    const cases = (['en', 'de'] as const).flatMap((lang) => (['light', 'dark'] as const).map((theme) => ({ lang, theme })));
    test.each(cases)('$lang $theme', async ({ lang, theme }) => {
      const t = T[lang];
      const page = await newPage(lang, true);
      const label = `delivery-status ${lang} ${theme}`;
      try {
        const panel = await openPanel(page, lang, theme);
        const frame = await panelFrame(page);
        expect(await frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
        expect(await frame.evaluate(() => document.documentElement.lang)).toBe(lang);
        await panel.locator('.pa-delivery-warning').filter({ hasText: t.warning }).waitFor();
        const shown = await labels(panel);
        expect(shown[0]).toBe(t.bounced);
        expect(shown).toEqual(expect.arrayContaining([t.sent, t.retrying, t.failed]));
        await expectNoAxeViolations(frame, label);
      } catch (error) {
        await saveScreenshot(page, label);
        throw error;
      }
    });
  });
});
