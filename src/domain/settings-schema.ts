import { HOSTNAME } from './hostname';
import * as z from 'zod';
import { LOCALES } from '../i18n/locale';
import { SETTINGS_BOUNDS } from './settings-bounds';
import { serviceProviderSchema } from './saml/service-provider';
import { TWO_STEP_POLICIES } from './two-step';
import { SMS_PROVIDERS, SMS_SENDER, TWILIO_ACCOUNT_SID } from './sms-settings';
import { autoInviteSchema } from './auto-invite';

/**
 * The settings' schema: every bound an admin may choose (settings-bounds.ts) and the rules across fields, each
 * issue naming the field an admin would change. resolveSettings (settings.ts) falls back to the defaults where
 * a stored value fails it.
 */
const B = SETTINGS_BOUNDS;
const int = ([min, max]: readonly [number, number]) => z.number().int().min(min).max(max);
const text = ([, max]: readonly [number, number]) => z.string().max(max);
const webUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(B.url[1])]);
const rule = z.object({ limit: int(B.rateLimit), windowSec: int(B.rateWindowSec) });

/** One added email language; the list has unique codes (checked with the field path `mailLocales.<i>.code`). */
export const mailLocaleSchema = z
  .object({
    code: z
      .string()
      .regex(/^[a-z]{2}$/)
      .refine((c) => !(LOCALES as readonly string[]).includes(c), 'shipped'),
    name: z.string().trim().min(B.mailLocaleName[0]).max(B.mailLocaleName[1]).refine((s) => !/[\r\n<>]/.test(s), 'name'),
  })
  .strict();
export const mailLocalesSchema = z
  .array(mailLocaleSchema)
  .max(B.mailLocales[1])
  .superRefine((list, ctx) => {
    list.forEach((entry, i) => {
      if (list.findIndex((other) => other.code === entry.code) < i) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: 'duplicate' });
    });
  });

export const settingsSchema = z
  .object({
    branding: z.object({
      portalName: z.string().min(B.portalName[0]).max(B.portalName[1]),
      companyName: text(B.companyName),
      logoUrl: webUrl,
      primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
      senderName: z.string().max(100),
      senderAddress: z.email().max(254),
      replyTo: z.union([z.literal(''), z.email().max(254)]),
      footerAddress: text(B.footerAddress),
      footerPhone: text(B.footerPhone),
      footerEmail: z.union([z.literal(''), z.email().max(254)]),
      imprintUrl: webUrl,
      privacyUrl: webUrl,
    }),
    policy: z.object({
      minLength: int(B.minLength),
      maxLength: int(B.maxLength),
      blockCommon: z.boolean(),
      blockPersonal: z.boolean(),
      requireLower: z.boolean(),
      requireUpper: z.boolean(),
      requireDigit: z.boolean(),
      requireSymbol: z.boolean(),
    }),
    resetLinkMinutes: int(B.resetLinkMinutes),
    inviteLinkDays: int(B.inviteLinkDays),
    inviteReminderDays: int(B.inviteReminderDays),
    limits: z.object({ resetPerClient: rule, resetPerAccount: rule, completePerClient: rule, loginPerClient: rule, invitePerAccount: rule }),
    lockout: z.object({ threshold: int(B.lockoutThreshold), minutes: int(B.lockoutMinutes) }),
    retention: z.object({ auditDays: int(B.retentionDays), activityDays: int(B.activityRetentionDays), inviteesDays: int(B.inviteeRemovalDays) }),
    help: z.object({
      contact: z.object({ en: text(B.helpText), de: text(B.helpText) }),
      spamHint: z.object({ en: text(B.helpText), de: text(B.helpText) }),
    }),
    internal: z.object({
      domains: z.array(z.string().regex(HOSTNAME)).max(B.internalDomains[1]),
      url: webUrl,
    }),
    delivery: z.object({
      provider: z.enum(['none', 'postmark', 'mailgun']),
      mailgunDomain: z.union([z.literal(''), z.string().regex(HOSTNAME)]),
      mailgunRegion: z.enum(['us', 'eu']),
    }),
    mailLocales: mailLocalesSchema,
    sso: serviceProviderSchema,
    twoStep: z.object({ policy: z.enum(TWO_STEP_POLICIES), methods: z.object({ totp: z.boolean(), sms: z.boolean() }) }),
    sms: z.object({
      provider: z.enum(SMS_PROVIDERS),
      sender: z.union([z.literal(''), z.string().regex(SMS_SENDER)]),
      twilioAccountSid: z.union([z.literal(''), z.string().regex(TWILIO_ACCOUNT_SID)]),
      dailyCap: int(B.smsDailyCap),
    }),
    autoInvite: autoInviteSchema,
    signInMethods: z.object({ password: z.boolean(), passkey: z.boolean(), emailCode: z.boolean() }),
  })
  .superRefine((s, ctx) => {
    // Rules across fields; each issue names the field an admin would change.
    if (s.policy.minLength > s.policy.maxLength) ctx.addIssue({ code: 'custom', path: ['policy', 'minLength'], message: 'minLength > maxLength' });
    if (s.inviteReminderDays >= s.inviteLinkDays && s.inviteReminderDays !== 0) {
      ctx.addIssue({ code: 'custom', path: ['inviteReminderDays'], message: 'reminder not before expiry' });
    }
    if (s.retention.inviteesDays !== 0 && s.retention.inviteesDays <= s.inviteLinkDays) {
      ctx.addIssue({ code: 'custom', path: ['retention', 'inviteesDays'], message: 'not longer than an invitation lives' });
    }
    if (s.internal.domains.length > 0 && !s.internal.url) ctx.addIssue({ code: 'custom', path: ['internal', 'url'], message: 'required with domains' });
    if (s.twoStep.policy !== 'off' && !s.twoStep.methods.totp && !s.twoStep.methods.sms) ctx.addIssue({ code: 'custom', path: ['twoStep', 'methods'], message: 'a method is needed' });
    if (!s.signInMethods.password && !s.signInMethods.passkey && !s.signInMethods.emailCode) ctx.addIssue({ code: 'custom', path: ['signInMethods'], message: 'a sign-in method is needed' });
  });
