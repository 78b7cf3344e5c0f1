import { z } from 'zod';
import { DEFAULT_POLICY, type PasswordPolicy } from './password-policy';
import type { RateRule } from './rate-limit';

/**
 * Everything an admin will be able to change (issue 5 adds the page), with safe defaults. Stored as one
 * KVS value; missing fields fall back to the defaults so older stored settings keep working.
 */
export interface Branding {
  portalName: string;
  companyName: string;
  logoUrl: string;
  primaryColor: string;
  senderName: string;
  senderAddress: string;
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
  help: HelpTexts;
  internal: InternalDomains;
  /**
   * Which mail provider sends on Forge ('none' until an admin configures one). The API key and the webhook
   * secret are KVS secrets, never settings. Mailgun needs its sending domain and region (EU keeps data in the EU).
   */
  delivery: { provider: 'none' | 'postmark' | 'mailgun'; mailgunDomain: string; mailgunRegion: 'us' | 'eu' };
}

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
  help: {
    contact: {
      en: 'If you never completed your registration, please contact our support team.',
      de: 'Falls Sie Ihre Registrierung nie abgeschlossen haben, wenden Sie sich bitte an unser Support-Team.',
    },
    spamHint: { en: '', de: '' },
  },
  internal: { domains: [], url: '' },
  delivery: { provider: 'none', mailgunDomain: '', mailgunRegion: 'eu' },
};

const rule = z.object({ limit: z.number().int().min(1).max(10_000), windowSec: z.number().int().min(10).max(7 * 86_400) });

export const settingsSchema = z.object({
  branding: z.object({
    portalName: z.string().max(100),
    companyName: z.string().max(200),
    logoUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]),
    primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    senderName: z.string().max(100),
    senderAddress: z.email().max(254),
    replyTo: z.union([z.literal(''), z.email().max(254)]),
    footerAddress: z.string().max(500),
    footerPhone: z.string().max(50),
    footerEmail: z.union([z.literal(''), z.email().max(254)]),
    imprintUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]),
    privacyUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]),
  }),
  policy: z.object({
    minLength: z.number().int().min(8).max(64),
    maxLength: z.number().int().min(64).max(256),
    blockCommon: z.boolean(),
    blockPersonal: z.boolean(),
    requireLower: z.boolean(),
    requireUpper: z.boolean(),
    requireDigit: z.boolean(),
    requireSymbol: z.boolean(),
  }),
  resetLinkMinutes: z.number().int().min(5).max(24 * 60),
  inviteLinkDays: z.number().int().min(1).max(30),
  inviteReminderDays: z.number().int().min(0).max(29),
  limits: z.object({ resetPerClient: rule, resetPerAccount: rule, completePerClient: rule, loginPerClient: rule, invitePerAccount: rule }),
  lockout: z.object({ threshold: z.number().int().min(3).max(100), minutes: z.number().int().min(1).max(24 * 60) }),
  help: z.object({
    contact: z.object({ en: z.string().max(500), de: z.string().max(500) }),
    spamHint: z.object({ en: z.string().max(500), de: z.string().max(500) }),
  }),
  internal: z.object({
    domains: z.array(z.string().regex(/^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/)).max(50),
    url: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]),
  }),
  delivery: z.object({
    provider: z.enum(['none', 'postmark', 'mailgun']),
    mailgunDomain: z.union([z.literal(''), z.string().regex(/^[a-z0-9.-]{3,253}$/i)]),
    mailgunRegion: z.enum(['us', 'eu']),
  }),
});

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge<T>(base: T, patch: unknown): T {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return (patch ?? base) as T;
  if (typeof patch !== 'object' || patch === null) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const key of Object.keys(base as object)) {
    if (key in (patch as object)) out[key] = merge((base as Record<string, unknown>)[key], (patch as Record<string, unknown>)[key]);
  }
  return out as T;
}

/** Stored (possibly partial or outdated) settings merged over the defaults; invalid stored data falls back. */
export function resolveSettings(stored: DeepPartial<Settings> | undefined): Settings {
  const merged = merge(DEFAULT_SETTINGS, stored);
  const parsed = settingsSchema.safeParse(merged);
  return parsed.success ? (parsed.data as Settings) : DEFAULT_SETTINGS;
}
