import type { Deps } from '../flows/deps';
import { runInviteReminders } from '../flows/invite-reminder';
import { diagnosticsStore } from '../forge/diagnostics';

/** The `invite-reminders` scheduled trigger (hourly): reminds customers whose invitation expires soon, and notes that it ran. */
export function inviteRemindersTrigger(deps: Deps) {
  return async (): Promise<void> => {
    // The admin's Diagnostics shows when the scheduled trigger last ran (one write an hour).
    await diagnosticsStore.markScheduledRun(deps.clock.nowMs());
    await runInviteReminders(deps);
  };
}
