import type { Deps } from '../flows/deps';
import { runInviteReminders } from '../flows/invite-reminder';

/** The `invite-reminders` scheduled trigger (hourly): reminds customers whose invitation expires soon. */
export function inviteRemindersTrigger(deps: Deps) {
  return async (): Promise<void> => {
    await runInviteReminders(deps);
  };
}
