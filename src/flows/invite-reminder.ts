import { inviteReminderDue } from '../domain/invite-reminder';
import { nowSec, type Deps } from './deps';
import { sendInviteReminder } from './invite';

/**
 * The scheduled reminder run: pages through invited customers (index by-status) and reminds each whose
 * invitation expires within `inviteReminderDays` and who was not reminded of it yet. Only entries updated
 * within the longest possible invitation lifetime can hold a live link (sending one updates the entry), so
 * old expired or never-sent invitations (e.g. a large import without invitations) are never scanned and
 * cannot crowd out the due ones. Bounded per run; what is left is picked up by the next run (reminded
 * customers are skipped, so runs never send twice).
 */
const PAGE = 100;
const MAX_PAGES = 50;
/** The longest invitation lifetime the settings allow (days), plus a day of slack. */
const LIVE_WINDOW_SEC = 31 * 86_400;
/** Stop sending well before the function's timeout (300 s); the next hourly run continues. */
const BUDGET_MS = 200_000;

export interface ReminderRun {
  scanned: number;
  sent: number;
  limited: number;
  failed: number;
}

export async function runInviteReminders(deps: Deps): Promise<ReminderRun> {
  const settings = await deps.settings.load();
  const run: ReminderRun = { scanned: 0, sent: 0, limited: 0, failed: 0 };
  if (settings.inviteReminderDays <= 0) return run;
  const started = Date.now();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && Date.now() - started < BUDGET_MS; page++) {
    const batch = await deps.directory.listByStatus('invited', PAGE, cursor, { from: nowSec(deps) - LIVE_WINDOW_SEC });
    for (const customer of batch.customers) {
      run.scanned++;
      if (!inviteReminderDue(customer, settings.inviteReminderDays, nowSec(deps))) continue;
      const outcome = await sendInviteReminder(deps, settings, customer);
      if (outcome.ok) run.sent++;
      else if (outcome.error === 'limit-reached') run.limited++;
      else run.failed++;
    }
    cursor = batch.cursor;
    if (!cursor) break;
  }
  if (run.sent || run.limited || run.failed) deps.log.info('invitation reminders', { ...run });
  return run;
}
