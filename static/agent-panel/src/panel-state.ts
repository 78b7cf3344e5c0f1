import type { InvitePayload } from '../../../src/surfaces/agent-api';

/** The panel's state shapes and the element ids its focus moves between. */
export type Action = 'invite' | 'resendInvite' | 'sendReset';
export type Notice = { tone: 'success' | 'error'; text: string; reload?: boolean };
export type Pending = { action: Action; stage: 'confirm' | 'busy'; payload?: InvitePayload };
export type FormField = 'email' | 'displayName' | 'username' | 'locale';
/** `locale`: en, de or an email language an admin added. */
export type InviteFormValues = { email: string; displayName: string; username: string; locale: string };

export const TRIGGER: Record<Action, string> = { invite: 'pa-btn-invite', resendInvite: 'pa-btn-resend', sendReset: 'pa-btn-reset' };
export const FIELD_ID: Record<FormField, string> = { email: 'pa-f-email', displayName: 'pa-f-name', username: 'pa-f-username', locale: 'pa-f-locale' };
export const isFormField = (f: string | undefined): f is FormField => !!f && f in FIELD_ID;
