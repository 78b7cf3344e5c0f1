import { loadOverview } from '../../flows/overview';
import type { AdminSection } from './common';

/**
 * Section "Overview" (issue 14): one call, figures from the counters only (never a scan of the directory
 * or the audit log). Days are cut in the calling admin's Jira time zone (`GET /rest/api/3/myself`
 * `timeZone`: Jira's default time zone unless the admin chose another; see docs/platform-assumptions.md),
 * UTC when Jira does not say.
 */
export const overviewSection: AdminSection = ({ deps, define }) => {
  define('admin/overview', async () => {
    const me = await deps.jira.caller().catch(() => undefined);
    return { ok: true, data: await loadOverview(deps, me?.timeZone) };
  });
};
