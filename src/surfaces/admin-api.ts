/**
 * The admin page's contract (module `admin-page`, function `admin`), imported by the backend resolver and
 * by the Custom UI (static/admin): resolver keys, payloads and answers, one file per section under
 * ./admin-api/, each listing its keys once (`…_CALLS`). Every answer is an envelope with a stable error code
 * the UI translates. No answer ever carries the mail provider's API key or the webhook secret: only whether
 * one is stored.
 */
import { keysOf, type AnswersOf, type PayloadsOf } from './admin-api/common';
import { API_KEY_CALLS } from './admin-api/api-keys';
import { AUDIT_CALLS } from './admin-api/audit';
import { AUTO_INVITE_CALLS } from './admin-api/auto-invite';
import { DELIVERY_CALLS } from './admin-api/delivery';
import { DIAGNOSTICS_CALLS } from './admin-api/diagnostics';
import { DIRECTORY_CALLS } from './admin-api/directory';
import { OVERVIEW_CALLS } from './admin-api/overview';
import { PRIVACY_CALLS } from './admin-api/privacy';
import { SETTINGS_CALLS } from './admin-api/settings';
import { SMS_CALLS } from './admin-api/sms';
import { SSO_CALLS } from './admin-api/sso';
import { TEMPLATE_CALLS } from './admin-api/templates';

export * from './admin-api/common';
export * from './admin-api/delivery';
export * from './admin-api/templates';
export * from './admin-api/settings';
export * from './admin-api/directory';
export * from './admin-api/audit';
export * from './admin-api/sso';
export * from './admin-api/sms';
export * from './admin-api/overview';
export * from './admin-api/auto-invite';
export * from './admin-api/api-keys';
export * from './admin-api/diagnostics';
export * from './admin-api/privacy';

const ADMIN_CALLS = {
  ...DELIVERY_CALLS, ...TEMPLATE_CALLS, ...SETTINGS_CALLS, ...DIRECTORY_CALLS, ...AUDIT_CALLS, ...SSO_CALLS, ...SMS_CALLS, ...API_KEY_CALLS,
  ...AUTO_INVITE_CALLS, ...OVERVIEW_CALLS, ...DIAGNOSTICS_CALLS, ...PRIVACY_CALLS,
};

export type AdminAnswer = AnswersOf<typeof ADMIN_CALLS>;
export type AdminPayload = PayloadsOf<typeof ADMIN_CALLS>;
export type AdminKey = Extract<keyof typeof ADMIN_CALLS, string>;

export const ADMIN_KEYS: readonly AdminKey[] = keysOf(ADMIN_CALLS);
