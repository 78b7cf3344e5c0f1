import { newCustomer } from '../src/domain/customer';
import { composeMail } from '../src/flows/compose';
import { nowSec, type Deps } from '../src/flows/deps';
import { WARM_UP_ADDRESS } from './mail-catcher-protocol';
import type { SmtpTransport } from './smtp-transport';

/**
 * Run once when the jobs worker starts, so the first mail after `npm start` arrives as fast as the next ones
 * (the promise is "within a second"): the job path's first reads (settings, the e-mail index), Liquid parsing
 * the reset and invitation mails in both languages, and one SMTP conversation to the catcher's WARM_UP_ADDRESS
 * (it opens the pooled connection and runs the MIME builder and the catcher's parser once). Nothing is written:
 * the reads find nothing, and the catcher drops the warm-up message (it is never in the mailbox).
 */
export async function warmUp(deps: Deps, smtp: SmtpTransport | undefined): Promise<void> {
  const settings = await deps.settings.load();
  await deps.directory.findByEmail('warm-up@example.invalid');
  // Not deps.urls: it keeps the first answer for the instance, and the host may not have told the worker its URL yet.
  const base = 'http://127.0.0.1/x/customer-pages';
  let last;
  for (const locale of ['en', 'de'] as const) {
    const customer = newCustomer({ id: 'warm-up', email: 'warm-up@example.invalid', emailKey: 'warm-up@example.invalid', username: 'warm-up', usernameKey: 'warm-up', displayName: 'Warm-up', locale, nowSec: nowSec(deps) });
    const urls = { link: `${base}/reset?token=warm-up&lang=${locale}`, forgot: `${base}/forgot?lang=${locale}` };
    for (const kind of ['reset', 'invite'] as const) last = await composeMail(deps, settings, customer, kind, locale, urls);
  }
  if (smtp && last) {
    // Its result does not matter: send() reports a refusal rather than throwing.
    const { branding } = settings;
    await smtp.send({ id: 'warm-up', customerId: 'warm-up', to: { name: 'Wärm-up', address: WARM_UP_ADDRESS }, from: { name: branding.senderName, address: branding.senderAddress }, ...last });
  }
}
