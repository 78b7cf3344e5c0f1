/**
 * The ranges an admin may choose, in one place: the settings schema enforces them and the admin page shows
 * them (imported without zod, so the UI bundle stays small). [min, max], inclusive.
 */
export const SETTINGS_BOUNDS = {
  minLength: [8, 64],
  maxLength: [64, 256],
  resetLinkMinutes: [5, 24 * 60],
  inviteLinkDays: [1, 30],
  inviteReminderDays: [0, 29],
  rateLimit: [1, 10_000],
  rateWindowSec: [60, 7 * 86_400],
  lockoutThreshold: [3, 100],
  lockoutMinutes: [1, 24 * 60],
  portalName: [1, 100],
  companyName: [0, 200],
  footerAddress: [0, 500],
  footerPhone: [0, 50],
  helpText: [0, 500],
  internalDomains: [0, 50],
  url: [0, 2000],
  /** Added email languages (beyond en and de) and the length of their names. */
  mailLocales: [0, 10],
  mailLocaleName: [1, 40],
  /** SMS per site and UTC day (issue 11, against SMS pumping). */
  smsDailyCap: [1, 100_000],
  /** Data retention (issue 24), days: the audit trail and sign-in history; email and SMS activity. */
  retentionDays: [30, 3650],
  activityRetentionDays: [7, 3650],
  /** Customers invited but never registered are removed after these days (0 = never; otherwise longer than the invitation link lives). */
  inviteeRemovalDays: [0, 3650],
} as const satisfies Record<string, readonly [number, number]>;

export type SettingsBounds = typeof SETTINGS_BOUNDS;
