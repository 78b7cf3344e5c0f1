/**
 * The admin page's contract (module `admin-page`, function `admin`), imported by the backend resolver and
 * by the Custom UI (static/admin): resolver keys, payloads and answers, one file per section under
 * ./admin-api/. Every answer is an envelope with a stable error code the UI translates. No answer ever
 * carries the mail provider's API key or the webhook secret: only whether one is stored.
 */
import type { AuditAnswer, AuditPayload } from './admin-api/audit';
import type { DeliveryAnswer, DeliveryPayload } from './admin-api/delivery';
import type { DirectoryAnswer, DirectoryPayload } from './admin-api/directory';
import type { SettingsAnswer, SettingsPayload } from './admin-api/settings';
import type { SsoAnswer, SsoPayload } from './admin-api/sso';
import type { TemplatesAnswer, TemplatesPayload } from './admin-api/templates';
import { AUDIT_KEYS } from './admin-api/audit';
import { DELIVERY_KEYS } from './admin-api/delivery';
import { DIRECTORY_KEYS } from './admin-api/directory';
import { SETTINGS_KEYS } from './admin-api/settings';
import { SSO_KEYS } from './admin-api/sso';
import { TEMPLATE_KEYS } from './admin-api/templates';
import type { SmsAnswer, SmsPayload } from './admin-api/sms';
import type { ApiKeysAnswer, ApiKeysPayload } from './admin-api/api-keys';
import { API_KEY_KEYS } from './admin-api/api-keys';
import { SMS_KEYS } from './admin-api/sms';
import type { OverviewAnswer, OverviewPayload } from './admin-api/overview';
import { OVERVIEW_KEYS } from './admin-api/overview';
import type { AutoInviteAnswer, AutoInvitePayload } from './admin-api/auto-invite';
import { AUTO_INVITE_KEYS } from './admin-api/auto-invite';
import type { DiagnosticsAnswer, DiagnosticsPayload } from './admin-api/diagnostics';
import { DIAGNOSTICS_KEYS } from './admin-api/diagnostics';
import type { PrivacyAnswer, PrivacyPayload } from './admin-api/privacy';
import { PRIVACY_KEYS } from './admin-api/privacy';

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

export type AdminAnswer = DeliveryAnswer & TemplatesAnswer & SettingsAnswer & DirectoryAnswer & AuditAnswer & SsoAnswer & SmsAnswer & ApiKeysAnswer
  & AutoInviteAnswer & OverviewAnswer & DiagnosticsAnswer & PrivacyAnswer;
export type AdminPayload = DeliveryPayload & TemplatesPayload & SettingsPayload & DirectoryPayload & AuditPayload & SsoPayload & SmsPayload & ApiKeysPayload
  & AutoInvitePayload & OverviewPayload & DiagnosticsPayload & PrivacyPayload;
export type AdminKey = Extract<keyof AdminAnswer, string>;

export const ADMIN_KEYS: readonly AdminKey[] = [
  ...DELIVERY_KEYS, ...TEMPLATE_KEYS, ...SETTINGS_KEYS, ...DIRECTORY_KEYS, ...AUDIT_KEYS, ...SSO_KEYS, ...SMS_KEYS, ...API_KEY_KEYS, ...AUTO_INVITE_KEYS,
  ...OVERVIEW_KEYS, ...DIAGNOSTICS_KEYS, ...PRIVACY_KEYS,
];
