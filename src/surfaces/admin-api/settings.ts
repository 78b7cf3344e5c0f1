/** Sections "Branding", "Security" and "Customer pages": one read key, one save key per section. */
import type { PasswordPolicy } from '../../domain/password-policy';
import type { RateRule } from '../../domain/rate-limit';
import type { SettingsBounds } from '../../domain/settings-bounds';
import type { TwoStepSettings } from '../../domain/two-step';
import type { Branding, SignInMethods } from '../../domain/settings';
import { adminCall } from './common';

/** What the Branding section edits. The sender address itself belongs to "Email delivery". */
export type BrandingInput = Omit<Branding, 'senderAddress'>;

export interface BrandingData extends BrandingInput {
  /** Read-only here (edited under "Email delivery"). */
  senderAddress: string;
  /** Whether `logoUrl` is the uploaded logo served by the app. */
  logoUploaded: boolean;
  /**
   * The uploaded logo as a `data:` URL for the admin page's preview (the page's CSP cannot list the
   * trigger's or an admin-typed host), or null.
   */
  logoPreview: string | null;
}

export type RateLimitName = 'resetPerClient' | 'resetPerAccount' | 'completePerClient' | 'loginPerClient' | 'invitePerAccount';
export const RATE_LIMIT_NAMES: readonly RateLimitName[] = ['resetPerClient', 'resetPerAccount', 'completePerClient', 'loginPerClient', 'invitePerAccount'];

export interface SecurityData {
  policy: PasswordPolicy;
  resetLinkMinutes: number;
  inviteLinkDays: number;
  /** 0 = no reminders; otherwise below `inviteLinkDays`. */
  inviteReminderDays: number;
  limits: Record<RateLimitName, RateRule>;
  lockout: { threshold: number; minutes: number };
  /**
   * Issue 24, "Data retention": days kept (audit and sign-ins; email and SMS activity), and days after which
   * customers invited but never registered are removed (0 = never). Optional on save (kept as stored), as is `inviteesDays`.
   */
  retention?: { auditDays: number; activityDays: number; inviteesDays?: number };
  /**
   * Two-step verification at sign-in: policy `off`, `optional`, `admins` (required for portal
   * administrators) or `everyone`, and the methods customers may use. Unless the policy is `off` at least
   * one method must be allowed (else `invalid-input`, field `twoStep.methods`).
   */
  twoStep: TwoStepSettings;
  /**
   * Issue 22, "Allowed sign-in methods": password, passkey, email code; at least one (else `invalid-input`, field
   * `signInMethods`). Optional on save (kept as stored).
   */
  signInMethods?: SignInMethods;
}

export interface CustomerPagesData {
  help: {
    contact: { en: string; de: string };
    /** '' = the built-in spam hint. */
    spamHint: { en: string; de: string };
  };
  /** Lower-case domains (subdomains included) whose addresses are sent to `url` instead of getting mail. */
  internal: { domains: string[]; url: string };
}

export interface SettingsData {
  branding: BrandingData;
  security: SecurityData;
  customerPages: CustomerPagesData;
  bounds: SettingsBounds;
}

/** Logo upload: the image as base64 (PNG, JPEG, GIF or WebP, at most LOGO_MAX_BYTES), or null to remove it. */
export interface LogoPayload {
  image: string | null;
}

/**
 * Every answer is the whole of the three sections as now stored. `invalid-input` names the field by its
 * dotted path within the payload (e.g. `policy.minLength`, `limits.loginPerClient.windowSec`,
 * `internal.domains.2`, `help.spamHint.de`, `twoStep.methods`); the logo upload answers `field: 'image'` with `reason`
 * 'empty', 'too-large' or 'bad-type'.
 */
export const SETTINGS_CALLS = {
  'admin/settings/get': adminCall<Record<string, never>, SettingsData>(),
  'admin/branding/save': adminCall<BrandingInput, SettingsData>(),
  'admin/branding/logo': adminCall<LogoPayload, SettingsData>(),
  'admin/security/save': adminCall<SecurityData, SettingsData>(),
  'admin/customer-pages/save': adminCall<CustomerPagesData, SettingsData>(),
};
