import type { Deps } from '../flows/deps';
import { runInviteReminders } from '../flows/invite-reminder';
import { runRetention } from '../flows/retention';
import { diagnosticsStore } from '../forge/diagnostics';

/**
 * The `invite-reminders` scheduled trigger (hourly): reminds customers whose invitation expires soon, then
 * deletes activity older than the data retention (issue 24; a failure there never stops the reminders), and
 * notes that it ran (Diagnostics).
 */
export function inviteRemindersTrigger(deps: Deps) {
  return async (): Promise<void> => {
    // The admin's Diagnostics shows when the scheduled trigger last ran (one write an hour).
    await diagnosticsStore.markScheduledRun(deps.clock.nowMs());
    await runInviteReminders(deps);
    await runRetention(deps).catch((error: unknown) => deps.log.error('retention run failed', { error: error instanceof Error ? error.name : 'unknown' }));
  };
}
