import { isJiraUnavailable } from '../forge/jira';
import type { Logger } from '../ports/platform';

/**
 * The one catch-all every resolver (agent, admin, portal, profile) runs its keys in: a thrown error is
 * logged redacted — the resolver key, the error's class name and, where there is one, a short code and
 * Jira's HTTP status; never the message, the payload or an address — and answered with a stable code:
 * `jira-unavailable` when Jira answered 5xx/429, did not answer in time or could not be reached, otherwise
 * `internal`.
 */
export type CaughtCode = 'jira-unavailable' | 'internal';

const SHORT_CODE = /^[A-Za-z0-9_.-]{1,40}$/;

export function caught(error: unknown): { code: CaughtCode; fields: Record<string, string | number> } {
  const fields: Record<string, string | number> = { error: error instanceof Error ? error.name.slice(0, 60) : typeof error };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && SHORT_CODE.test(code)) fields.code = code;
  if (isJiraUnavailable(error)) {
    fields.reason = error.reason;
    if (error.status) fields.status = error.status;
    return { code: 'jira-unavailable', fields };
  }
  return { code: 'internal', fields };
}

/** Runs one resolver key; a throw is logged as `<surface> call failed` and answered by `answer(code)`. */
export async function guarded<T, F>(log: Logger, surface: string, key: string, run: () => Promise<T>, answer: (code: CaughtCode) => F): Promise<T | F> {
  try {
    return await run();
  } catch (error) {
    const { code, fields } = caught(error);
    log.error(`${surface} call failed`, { key, ...fields });
    return answer(code);
  }
}
