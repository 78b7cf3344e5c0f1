import { LOCALES, type MailLocale } from '../i18n/locale';
import { DEFAULT_POLICY, type PasswordPolicy } from './password-policy';
import type { RateRule } from './rate-limit';
import { NO_SERVICE_PROVIDER, type ServiceProvider } from './saml/service-provider';
import { DEFAULT_TWO_STEP, type TwoStepSettings } from './two-step';
import { DEFAULT_SMS_SETTINGS, type SmsSettings } from './sms-settings';
import { DEFAULT_AUTO_INVITE, type AutoInviteSettings } from './auto-invite';
import { settingsSchema } from './settings-schema';

export { mailLocaleSchema, mailLocalesSchema, settingsSchema } from './settings-schema';

/**
 * Everything an admin will be able to change (issue 5 adds the page), with safe defaults. Stored as one
 * KVS value; missing fields fall back to the defaults so older stored settings keep working.
 */
export interface Branding {
  portalName: string;
  companyName: string;
  /** '' = no logo; otherwise an https URL (or the uploaded logo's URL, which the server sets). */
  logoUrl: string;
  /** `#RRGGBB`. */
  primaryColor: string;
  senderName: string;
  senderAddress: string;
  /** '' = no Reply-To header. */
  replyTo: string;
  footerAddress: string;
  footerPhone: string;
  footerEmail: string;
  imprintUrl: string;
  privacyUrl: string;
}

export interface HelpTexts {
  /** Shown on the confirmation page: whom to contact when registration was never completed. */
  contact: { en: string; de: string };
  /** Shown on the confirmation page: where to look when no email arrives. '' = the built-in text. */
  spamHint: { en: string; de: string };
}

/**
 * Staff addresses: an address under one of these domains (lower case, e.g. "example.com", which also covers
 * its subdomains) is told to use the internal self-service at `url`, and no mail is sent.
 */
export interface InternalDomains {
  domains: string[];
  url: string;
}

/** A language an admin added for customer emails (templates start as the English ones). */
export interface MailLocaleEntry {
  /** Lowercase ISO 639-1, never en or de. */
  code: string;
  /** How admins see it in the language list, e.g. "Français". */
  name: string;
}

export interface Settings {
  branding: Branding;
  policy: PasswordPolicy;
  resetLinkMinutes: number;
  inviteLinkDays: number;
  /** Days before an invitation expires when the reminder is sent; 0 = no reminders. Below inviteLinkDays. */
  inviteReminderDays: number;
  limits: {
    resetPerClient: RateRule;
    resetPerAccount: RateRule;
    completePerClient: RateRule;
    loginPerClient: RateRule;
    invitePerAccount: RateRule;
  };
  lockout: { threshold: number; minutes: number };
  /**
   * Issue 24: days the audit trail and sign-in history (`auditDays`) and email and SMS activity (`activityDays`) are
   * kept; customers invited but never registered are removed `inviteesDays` after their invitation (0 = never).
   */
  retention: { auditDays: number; activityDays: number; inviteesDays: number };
  help: HelpTexts;
  internal: InternalDomains;
  /**
   * Which mail provider sends on Forge ('none' until an admin configures one). The API key and the webhook
   * secret are KVS secrets, never settings. Mailgun needs its sending domain and region (EU keeps data in the EU).
   */
  delivery: { provider: 'none' | 'postmark' | 'mailgun'; mailgunDomain: string; mailgunRegion: 'us' | 'eu' };
  /** Email languages beyond en and de. */
  mailLocales: MailLocaleEntry[];
  /** The help center's SAML service provider (issue 10); '' until an admin connects it. */
  sso: ServiceProvider;
  /** Two-step verification at sign-in (issue 11). */
  twoStep: TwoStepSettings;
  /**
   * Which SMS provider sends PINs ('none' until an admin configures one). The API key / auth token is a KVS
   * secret, never a setting. `sender`: an alphanumeric sender ID (3–11 characters) or a number in E.164;
   * `twilioAccountSid` only for Twilio; `dailyCap`: SMS per site and UTC day (against SMS pumping).
   */
  sms: SmsSettings;
  /** "Invite new requesters automatically" (issue 12): the service desk projects where it is on. */
  autoInvite: AutoInviteSettings;
  /**
   * Issue 22: how customers may sign in (Security → "Allowed sign-in methods"); at least one. A site whose stored
   * settings predate the field keeps the password alone (`EXISTING_SITE_SIGN_IN`); a new site has all three.
   */
  signInMethods: SignInMethods;
}

export interface SignInMethods {
  password: boolean;
  passkey: boolean;
  emailCode: boolean;
}

/** What a site that stored settings before issue 22 signs in with: the password, as before. */
export const EXISTING_SITE_SIGN_IN: SignInMethods = { password: true, passkey: false, emailCode: false };

export type { SmsSettings };

export const DEFAULT_SETTINGS: Settings = {
  branding: {
    portalName: 'Service Desk',
    companyName: '',
    logoUrl: '',
    primaryColor: '#0C66E4',
    senderName: 'Service Desk',
    senderAddress: 'no-reply@example.com',
    replyTo: '',
    footerAddress: '',
    footerPhone: '',
    footerEmail: '',
    imprintUrl: '',
    privacyUrl: '',
  },
  policy: DEFAULT_POLICY,
  resetLinkMinutes: 60,
  inviteLinkDays: 7,
  inviteReminderDays: 2,
  limits: {
    resetPerClient: { limit: 10, windowSec: 15 * 60 },
    resetPerAccount: { limit: 3, windowSec: 15 * 60 },
    completePerClient: { limit: 20, windowSec: 15 * 60 },
    loginPerClient: { limit: 30, windowSec: 15 * 60 },
    invitePerAccount: { limit: 5, windowSec: 24 * 60 * 60 },
  },
  lockout: { threshold: 5, minutes: 15 },
  retention: { auditDays: 365, activityDays: 90, inviteesDays: 0 },
  help: {
    contact: {
      en: 'If you never completed your registration, please contact our support team.',
      de: 'Falls Sie Ihre Registrierung nie abgeschlossen haben, wenden Sie sich bitte an unser Support-Team.',
    },
    spamHint: { en: '', de: '' },
  },
  internal: { domains: [], url: '' },
  delivery: { provider: 'none', mailgunDomain: '', mailgunRegion: 'eu' },
  mailLocales: [],
  sso: NO_SERVICE_PROVIDER,
  twoStep: DEFAULT_TWO_STEP,
  sms: DEFAULT_SMS_SETTINGS,
  autoInvite: DEFAULT_AUTO_INVITE,
  signInMethods: { password: true, passkey: true, emailCode: true },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge<T>(base: T, patch: unknown): T {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return (patch ?? base) as T;
  if (typeof patch !== 'object' || patch === null) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const key of Object.keys(base)) {
    if (key in patch) out[key] = merge((base as Record<string, unknown>)[key], (patch as Record<string, unknown>)[key]);
  }
  return out as T;
}

/**
 * Stored (possibly partial or outdated) settings merged over the defaults. What is invalid — e.g. a value an
 * upgrade's tighter bound no longer allows — falls back field by field (then section by section), so one bad
 * field never throws away the rest (such as the mail provider, which would stop all mail).
 */
export function resolveSettings(stored: DeepPartial<Settings> | undefined): Settings {
  let candidate: unknown = merge(DEFAULT_SETTINGS, withSignInMethods(stored));
  for (let round = 0; round < 4; round++) {
    const parsed = settingsSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const path = round === 0 ? issue.path : issue.path.slice(0, 1);
      candidate = withDefaultAt(candidate, path.filter((k): k is string | number => typeof k !== 'symbol'));
    }
  }
  return DEFAULT_SETTINGS;
}

/**
 * Stored settings as they are meant (issue 22): a site that stored settings before "Allowed sign-in methods"
 * existed (a stored value with fields, none of them `signInMethods`) keeps signing in with the password alone;
 * nothing stored yet (or an empty value) is a new site, which gets the defaults (all three). Every write of the
 * stored value pins the field (src/forge/settings.ts), so a new site's first save keeps its defaults.
 */
export function withSignInMethods<T extends DeepPartial<Settings>>(stored: T | undefined): T | undefined {
  if (!stored || typeof stored !== 'object' || Object.keys(stored).length === 0 || 'signInMethods' in stored) return stored;
  return { ...stored, signInMethods: EXISTING_SITE_SIGN_IN };
}

/** A copy of `value` with the default put back at `path` (or at the nearest part of it the defaults have). */
function withDefaultAt(value: unknown, path: (string | number)[]): unknown {
  const defaults: unknown[] = [DEFAULT_SETTINGS];
  for (const key of path) {
    const parent = defaults[defaults.length - 1];
    if (typeof parent !== 'object' || parent === null || !(key in parent)) break;
    defaults.push((parent as Record<string | number, unknown>)[key]);
  }
  const depth = defaults.length - 1;
  if (depth === 0) return DEFAULT_SETTINGS;
  const set = (node: unknown, level: number): unknown => {
    if (level === depth) return defaults[depth];
    const key = path[level];
    const copy = Array.isArray(node) ? [...(node as unknown[])] : { ...(node as Record<string, unknown>) };
    (copy as Record<string | number, unknown>)[key] = set((node as Record<string | number, unknown>)?.[key], level + 1);
    return copy;
  };
  return set(value, 0);
}

/** Every language a customer's emails may be in: en, de and the added ones. */
export function mailLocaleCodes(settings: Settings): MailLocale[] {
  return [...LOCALES, ...settings.mailLocales.map((l) => l.code)];
}

export function acceptsMailLocale(settings: Settings, code: string): boolean {
  return mailLocaleCodes(settings).includes(code);
}

/** The language a mail goes out in: the customer's if it is (still) offered, else English. */
export function effectiveMailLocale(settings: Settings, code: MailLocale): MailLocale {
  return acceptsMailLocale(settings, code) ? code : 'en';
}
