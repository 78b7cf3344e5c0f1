import { actionOutput, parseActionInputs, type ActionInputField, type ActionOutput } from '../domain/auto-invite-action';
import { derivedStatus } from '../domain/customer';
import { mailLocaleCodes } from '../domain/settings';
import { nowSec, type Deps } from '../flows/deps';
import { ensureAccess } from '../flows/ensure-access';
import { isJiraUnavailable } from '../forge/jira';
import type { ServiceDeskJira } from '../ports/jira';

/**
 * The Jira Automation action "Send portal activation" (`action` module `send-portal-activation`, offered to
 * rules by the `automation:actionProvider`; issue 12). Automation calls the function with the rule's
 * configured inputs (https://developer.atlassian.com/platform/forge/manifest-reference/modules/automation-action/)
 * and the answer's keys are the action's outputs. It runs as the rule's connection user, who must be a Jira
 * administrator or a service desk agent (asked of Jira as that user). It never throws: a failure is an
 * output (and, where the rule should stop, Automation's `errors`). Logs carry the outcome, never the address.
 */
export function sendActivationAction(deps: Deps, jira: ServiceDeskJira) {
  return async (event: unknown): Promise<ActionOutput> => {
    try {
      // The docs show the inputs as the function's argument (`payload`); accept them wrapped in `payload` too.
      const wrapped = event && typeof event === 'object' && 'payload' in event ? event.payload : undefined;
      const raw = wrapped && typeof wrapped === 'object' ? wrapped : event;
      if (!(await jira.callerMayInvite())) return logged(deps, actionOutput('forbidden'));
      const settings = await deps.settings.load();
      const parsed = parseActionInputs(raw, mailLocaleCodes(settings));
      if (!parsed.ok) return logged(deps, actionOutput('invalid-input', null, parsed.field));
      const { email, displayName, locale } = parsed.inputs;
      const outcome = await ensureAccess(deps, settings, { email, ...(displayName ? { displayName } : {}), ...(locale ? { locale } : {}) }, { kind: 'automation' }, { activate: true });
      if (!outcome.ok) {
        const field: ActionInputField | null = outcome.field === 'locale' ? 'language' : outcome.field === 'email' || outcome.field === 'displayName' ? outcome.field : null;
        // Key rules (not-owned, …) never apply here (no key); were one to, it is a conflict, not a crash.
        const code = outcome.error === 'external-id-taken' || outcome.error === 'not-owned' || outcome.error === 'email-registered' || outcome.error === 'portal-admin' ? 'conflict' : outcome.error;
        return logged(deps, actionOutput(code, null, code === 'invalid-input' ? field : null));
      }
      return logged(deps, actionOutput(outcome.activation ?? 'already-invited', derivedStatus(outcome.customer, nowSec(deps))));
    } catch (error) {
      deps.log.error('automation action failed', { error: error instanceof Error ? error.name : 'unknown' });
      return actionOutput(isJiraUnavailable(error) ? 'jira-unavailable' : 'internal');
    }
  };
}

function logged(deps: Deps, output: ActionOutput): ActionOutput {
  deps.log.info('automation action ran', { outcome: output.outcome, ...(output.field ? { field: output.field } : {}) });
  return output;
}
