import { loadOverview } from '../../flows/overview';
import type { AdminSection } from './common';

/**
 * Section "Overview" (issue 14): one call, figures from the counters only (never a scan of the directory
 * or the audit log). Days are cut in the site's time zone (`GET /rest/api/3/serverInfo` `serverTimeZone`);
 * when Jira does not answer it, in the calling admin's (`GET /rest/api/3/myself` `timeZone`: the site's unless
 * the admin chose another); UTC when neither says (docs/platform-assumptions.md). Both are asked at once.
 */
export const overviewSection: AdminSection = ({ deps, define }) => {
  define('admin/overview', async () => {
    const [site, me] = await Promise.all([deps.jira.siteTimeZone().catch(() => undefined), deps.jira.caller().catch(() => undefined)]);
    return { ok: true, data: await loadOverview(deps, site ?? me?.timeZone) };
  });
};
