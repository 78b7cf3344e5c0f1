/** "Invite new requesters automatically" (issue 12), a part of the Customers section: one switch per service desk. */
import { adminCall } from './common';

export interface AutoInviteDesk {
  projectKey: string;
  projectName: string;
  enabled: boolean;
}

export interface AutoInviteData {
  /** Every service desk Jira lists, in its order, with the switch. */
  desks: AutoInviteDesk[];
  /** Keys that are on but no longer a service desk Jira lists (a deleted or archived project). */
  missing: string[];
}

/** The whole list of project keys where it is on (each a service desk Jira lists, or one already on). */
export interface AutoInviteSavePayload {
  projects: string[];
}

/** `invalid-input` names `projects` or `projects.<i>`; `internal` when Jira cannot list the service desks. */
export const AUTO_INVITE_CALLS = {
  'admin/auto-invite/get': adminCall<Record<string, never>, AutoInviteData>(),
  'admin/auto-invite/save': adminCall<AutoInviteSavePayload, AutoInviteData>(),
};
