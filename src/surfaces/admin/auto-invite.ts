import * as z from 'zod';
import { AUTO_INVITE_MAX_PROJECTS, PROJECT_KEY } from '../../domain/auto-invite';
import type { Settings } from '../../domain/settings';
import type { ServiceDeskInfo } from '../../ports/jira';
import type { AutoInviteData } from '../admin-api';
import { fail, type AdminSection } from './common';

/**
 * "Invite new requesters automatically" (issue 12): the service desks Jira lists (asked as the app, after the
 * admin check) with the switch per project, and the save of the whole list. A key may be saved only when it
 * is a service desk Jira lists now, or already on (so a desk Jira cannot list for a moment is not lost).
 */
const saveInput = z.object({ projects: z.array(z.string().regex(PROJECT_KEY)).max(AUTO_INVITE_MAX_PROJECTS) }).strict();

export const autoInviteSection: AdminSection = ({ deps, define, fresh, updateStored }) => {
  const jira = deps.serviceDesk;
  function data(settings: Settings, desks: ServiceDeskInfo[]): AutoInviteData {
    const on = new Set(settings.autoInvite.projects);
    const listed = new Set(desks.map((d) => d.projectKey));
    return {
      desks: desks.map((d) => ({ projectKey: d.projectKey, projectName: d.projectName, enabled: on.has(d.projectKey) })),
      missing: settings.autoInvite.projects.filter((k) => !listed.has(k)),
    };
  }

  define('admin/auto-invite/get', async () => {
    const [settings, desks] = await Promise.all([fresh(), jira.serviceDesks()]);
    return { ok: true, data: data(settings, desks) };
  });

  define('admin/auto-invite/save', async (payload, { accountId }) => {
    const input = saveInput.safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: ['projects', ...(input.error.issues[0]?.path.slice(1) ?? [])].map(String).join('.') });
    const [current, desks] = await Promise.all([fresh(), jira.serviceDesks()]);
    const allowed = new Set([...desks.map((d) => d.projectKey), ...current.autoInvite.projects]);
    const unknown = input.data.projects.findIndex((k) => !allowed.has(k));
    if (unknown >= 0) return fail('invalid-input', { field: `projects.${unknown}` });
    const projects = [...new Set(input.data.projects)].sort();
    const failure = await updateStored((stored) => ({ ...stored, autoInvite: { projects } }));
    if (failure) return failure;
    deps.log.info('admin saved automatic invitations', { actor: accountId, projects: projects.length });
    return { ok: true, data: data(await fresh(), desks) };
  });
};
