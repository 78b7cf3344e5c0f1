import type { LocalHost } from '../../local/host';
import type { CapturedMail } from '../../local/mail-catcher';
import { invokeResolver } from './local-host';

/**
 * The mailbox and SMS box of a browser file's host (test/support/browser.ts re-exports all of it): the messages,
 * a mark of those seen, a wait for the next one (event-driven for this process's hosts), the reset link in a mail,
 * an invitation sent again, faults injected into the mailbox, and the PIN of the next SMS.
 */

/** The hosts this process started (startE2eHost in browser.ts), by URL: mailMark lets their queued jobs finish first. */
export const hostsByUrl = new Map<string, LocalHost>();

export type { CapturedMail };

export async function listMail(url: string): Promise<CapturedMail[]> {
  const response = await fetch(`${url}/mail/api/messages`);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  return (await response.json()) as CapturedMail[];
}

/** Ids of the messages in the mailbox now, so a later wait only accepts new ones. */
export async function mailMark(url: string): Promise<Set<string>> {
  // First let every job already queued finish (an earlier request's mail still on its way would otherwise come
  // after the mark and be taken for the next one's: under load its superseded link then answers 404).
  await hostsByUrl.get(url)?.idle();
  return new Set((await listMail(url)).map((m) => m.id));
}

/**
 * Waits until a message to `to` whose subject matches is in the mailbox (default: within 5 s). Messages whose id
 * is in `ignore` (see mailMark) do not count. Returns the message and how long it took to arrive.
 *
 * Event-driven for hosts this process started (startE2eHost): it looks again each time the mailbox captures a
 * message, and once the message is there it waits until the job that sent it has finished. A link mail's link is
 * stored only after the provider took the mail (src/flows/deliver.ts: no live link the customer never got), so
 * on a busy machine a link opened the moment its mail is listed could still be unknown: the reset journey's "a
 * used link is no longer valid" once met the "This link is no longer valid" page instead of the form. Other hosts
 * (another process's) are polled every 20 ms.
 */
export async function waitForMail(
  url: string,
  match: { to: string; subject: string | RegExp; ignore?: Set<string> },
  timeoutMs = 5000,
): Promise<{ mail: CapturedMail; waitedMs: number }> {
  const started = performance.now();
  const host = hostsByUrl.get(url);
  const subjectOk = (s: string) => (typeof match.subject === 'string' ? s === match.subject : match.subject.test(s));
  for (;;) {
    // Before listing, so a message captured while the list is on its way is not missed.
    const captured = host?.mailbox.next();
    const messages = await listMail(url);
    const mail = messages.find((m) => !match.ignore?.has(m.id) && m.to.toLowerCase().split(/,\s*/).includes(match.to.toLowerCase()) && subjectOk(m.subject));
    if (mail) {
      const waitedMs = performance.now() - started;
      await host?.idle();
      return { mail, waitedMs };
    }
    const left = timeoutMs - (performance.now() - started);
    if (left < 0) {
      const seen = messages.map((m) => `${m.to}: ${m.subject}`).join('; ') || 'none';
      throw new Error(`no mail to ${match.to} with subject ${String(match.subject)} within ${timeoutMs} ms (mailbox: ${seen})`);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([captured ?? new Promise((resolve) => setTimeout(resolve, 20)), new Promise((resolve) => (timer = setTimeout(resolve, left + 1)))]);
    clearTimeout(timer);
  }
}

/** The reset link in a mail's text part. */
export function resetLinkFromText(text: string): string {
  const match = /(https?:\/\/\S+\/reset\?token=[A-Za-z0-9_.%-]+&lang=[a-z]{2})/.exec(text);
  if (!match) throw new Error(`no reset link in the mail text:\n${text.slice(0, 500)}`);
  return match[1];
}

/**
 * Sends the invitation for an issue's reporter again (as the agent, through the resolver) and returns the
 * link from the new invitation email.
 */
export async function resendInviteLink(url: string, issueKey: string, email: string): Promise<string> {
  const ignore = await mailMark(url);
  const result = await invokeResolver<{ ok: boolean; error?: string }>(url, { functionKey: 'agent/resend-invite', issueKey });
  if (!result.ok) throw new Error(`agent/resend-invite on ${issueKey} failed: ${result.error}`);
  const { mail } = await waitForMail(url, { to: email, subject: INVITE_SUBJECT, ignore });
  return resetLinkFromText(mail.text);
}

/** The invitation email's subject, en and de (the customer's language). */
export const INVITE_SUBJECT = /^\[Demo Service Desk\] (You are invited to the Demo Service Desk portal|Einladung zum Portal Demo Service Desk)$/;

/** Injects faults into the local host's mailbox (`POST /local/api/mail/faults`); returns what is now set. */
export async function mailFaults(url: string, faults: { refuseNext?: number; rejectNext?: number; down?: boolean }): Promise<{ refuseNext: number; rejectNext: number; down: boolean }> {
  const response = await fetch(`${url}/local/api/mail/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`mail faults answered ${response.status}`);
  return (await response.json()) as { refuseNext: number; rejectNext: number; down: boolean };
}

/**
 * The PIN of the newest SMS to `to` not read before (ids kept in `seen`): the click that asks for it can return
 * before its request has queued the SMS, so this waits for a new message rather than for an idle queue.
 */
export async function nextSmsPin(env: { url: string; host: Pick<LocalHost, 'idle'> }, to: string, seen: Set<string>, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await env.host.idle();
    const messages = (await (await fetch(`${env.url}/sms/api/messages`)).json()) as { id: string; to: string; text: string }[];
    const fresh = messages.find((m) => !seen.has(m.id));
    if (fresh && fresh === messages[0]) {
      messages.forEach((m) => seen.add(m.id));
      if (fresh.to !== to) throw new Error(`the newest SMS went to ${fresh.to}, not ${to}`);
      return /(\d{6})/.exec(fresh.text)![1];
    }
    if (Date.now() > deadline) throw new Error(`no new SMS arrived within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
