import type { Deps } from '../flows/deps';
import { runInviteReminders } from '../flows/invite-reminder';
import { runAccountReporting } from '../flows/report-accounts';
import { runRetention } from '../flows/retention';
import { diagnosticsStore } from '../forge/diagnostics';

/**
 * The `invite-reminders` scheduled trigger (hourly): reminds customers whose invitation expires soon, then
 * deletes activity older than the data retention and reports the Atlassian account ids the app stores (issue 24;
 * a failure in one never stops the others), and notes that it ran (Diagnostics).
 */
export function inviteRemindersTrigger(deps: Deps) {
  return async (): Promise<void> => {
    // The admin's Diagnostics shows when the scheduled trigger last ran (one write an hour).
    await diagnosticsStore.markScheduledRun(deps.clock.nowMs());
    await runInviteReminders(deps);
    await runRetention(deps).catch((error: unknown) => deps.log.error('retention run failed', { error: error instanceof Error ? error.name : 'unknown' }));
    await runAccountReporting(deps).catch((error: unknown) => deps.log.error('personal data reporting failed', { error: error instanceof Error ? error.message.slice(0, 80) : 'unknown' }));
  };
}
