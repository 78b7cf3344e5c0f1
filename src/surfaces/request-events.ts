import { handleRequestCreated, type AutoInviteOutcome } from '../flows/auto-invite';
import type { Deps } from '../flows/deps';
import type { ServiceDeskJira } from '../forge/service-desk';

/**
 * The `request-created` trigger (Forge product event `avi:jira:created:issue`, issue 12): "invite new
 * requesters automatically". Forge ignores the answer; the local host and the tests read it.
 */
export function requestEventsTrigger(deps: Deps, jira: ServiceDeskJira) {
  return async (event: unknown): Promise<AutoInviteOutcome> => handleRequestCreated(deps, jira, event);
}
