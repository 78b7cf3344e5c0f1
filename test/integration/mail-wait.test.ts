import { SmtpTransport } from '../../local/smtp-transport';
import type { MailTransport } from '../../src/ports/mail';
import { mailMark, resetLinkFromText, startE2eHost, waitForMail, type E2eHost } from '../support/browser';
import { form } from '../support/local-host';

/**
 * The browser tests' mailbox wait (test/support/browser.ts waitForMail) answers only once the link in the mail
 * works. A link mail's link is stored after the provider took the mail (src/flows/deliver.ts), so on a busy
 * machine the mail could be listed before its link was: the reset journey once opened such a link and met "This
 * link is no longer valid" instead of the form. Here the provider answers 400 ms after the mail is in the mailbox
 * (a slow provider's reply, a descheduled jobs worker), every time, so the gap is always there.
 */
let env: E2eHost;
const slowProvider: MailTransport = {
  async send(mail) {
    smtp ??= new SmtpTransport(env.host.mailbox.port);
    const result = await smtp.send(mail);
    await new Promise((resolve) => setTimeout(resolve, 400));
    return result;
  },
};
let smtp: SmtpTransport | undefined;

beforeAll(async () => {
  env = await startE2eHost({ mail: slowProvider });
});
afterAll(async () => {
  smtp?.close();
  await env.close();
});

it('waitForMail answers once the job that sent the mail has finished: its reset link opens the form at once', async () => {
  const ignore = await mailMark(env.url);
  expect((await form(env.host, 'forgot', { identifier: 'jane.doe@example.com', lang: 'en' })).status).toBe(303);
  const { mail } = await waitForMail(env.url, { to: 'jane.doe@example.com', subject: '[Demo Service Desk] Reset your password', ignore });
  const page = await fetch(resetLinkFromText(mail.text));
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Create new password');
});
