import { InvocationError, InvocationErrorCode } from '@forge/events';
import { handleRequestCreated, type AutoInviteOutcome } from '../flows/auto-invite';
import type { Deps } from '../flows/deps';
import type { ServiceDeskJira } from '../ports/jira';
import { transientFailure } from '../forge/transient';

/**
 * The `request-created` trigger (Forge product event `avi:jira:created:issue`, issue 12): "invite new
 * requesters automatically". Forge ignores the answer (the local host and the tests read it), except an
 * `InvocationError`: a product-event trigger is retried only when it returns one, at most four times (issue 20).
 * So a transient failure (Jira or the KVS answered 5xx or 429, or Jira did not answer) asks for a retry; the
 * flow has released its claim on the request, so the retry is handled. Anything else is thrown (not retried).
 */
export function requestEventsTrigger(deps: Deps, jira: ServiceDeskJira) {
  return async (event: unknown): Promise<AutoInviteOutcome | InvocationError> => {
    try {
      return await handleRequestCreated(deps, jira, event);
    } catch (error) {
      const transient = transientFailure(error);
      if (!transient) throw error;
      const retryCount = (event as { retryContext?: { retryCount?: number } } | null)?.retryContext?.retryCount ?? 0;
      deps.log.warn('request event failed for now: retry asked', { reason: transient.code, retryCount });
      return new InvocationError({ retryAfter: transient.retryAfterSec, retryReason: InvocationErrorCode[transient.code] });
    }
  };
}
