import type { TwoStepSettings } from '../../../../../src/domain/two-step';
import { RATE_LIMIT_NAMES, type RateLimitName, type SecurityData, type SettingsData } from '../../../../../src/surfaces/admin-api';
import { intIn, type Errors } from '../settings-common';
import type { SettingsTexts } from '../settings.i18n';

// The form model of the section "Security": what the form edits (numbers as text, flags, two-step, sign-in
// methods), read from the stored settings, checked in the browser, and turned back into the save payload.

/** Numbers are edited as text (payload paths as keys); the window is shown in minutes, stored in seconds. */
export type Numbers = Record<string, string>;
export type Flags = Pick<SecurityData['policy'], 'blockCommon' | 'blockPersonal' | 'requireLower' | 'requireUpper' | 'requireDigit' | 'requireSymbol'>;
const FLAGS: (keyof Flags)[] = ['blockCommon', 'blockPersonal', 'requireLower', 'requireUpper', 'requireDigit', 'requireSymbol'];

type Bounds = SettingsData['bounds'];
const minutes = ([lo, hi]: readonly [number, number]) => [Math.ceil(lo / 60), Math.floor(hi / 60)] as const;

/** Every number field: its payload path, label and range (the window fields in minutes). */
export function numberFields(s: SettingsTexts, bounds: Bounds): { path: string; label: string; range: readonly [number, number] }[] {
  const x = s.security;
  return [
    { path: 'policy.minLength', label: x.minLength, range: bounds.minLength },
    { path: 'policy.maxLength', label: x.maxLength, range: bounds.maxLength },
    { path: 'resetLinkMinutes', label: x.resetLinkMinutes, range: bounds.resetLinkMinutes },
    { path: 'inviteLinkDays', label: x.inviteLinkDays, range: bounds.inviteLinkDays },
    { path: 'inviteReminderDays', label: x.inviteReminderDays, range: bounds.inviteReminderDays },
    ...RATE_LIMIT_NAMES.flatMap((name) => [
      { path: `limits.${name}.limit`, label: `${x.limitNames[name]}: ${x.limit}`, range: bounds.rateLimit },
      { path: `limits.${name}.windowSec`, label: `${x.limitNames[name]}: ${x.windowMinutes}`, range: minutes(bounds.rateWindowSec) },
    ]),
    { path: 'lockout.threshold', label: x.lockoutThreshold, range: bounds.lockoutThreshold },
    { path: 'lockout.minutes', label: x.lockoutMinutes, range: bounds.lockoutMinutes },
    { path: 'retention.auditDays', label: x.retentionAuditDays, range: bounds.retentionDays },
    { path: 'retention.activityDays', label: x.retentionActivityDays, range: bounds.activityRetentionDays },
    { path: 'retention.inviteesDays', label: x.retentionInviteesDays, range: bounds.inviteeRemovalDays },
  ];
}

function numbersOf(d: SecurityData): Numbers {
  const n: Numbers = {
    'policy.minLength': String(d.policy.minLength),
    'policy.maxLength': String(d.policy.maxLength),
    resetLinkMinutes: String(d.resetLinkMinutes),
    inviteLinkDays: String(d.inviteLinkDays),
    inviteReminderDays: String(d.inviteReminderDays),
    'lockout.threshold': String(d.lockout.threshold),
    'lockout.minutes': String(d.lockout.minutes),
    'retention.auditDays': String(d.retention?.auditDays ?? 365),
    'retention.activityDays': String(d.retention?.activityDays ?? 90),
    'retention.inviteesDays': String(d.retention?.inviteesDays ?? 0),
  };
  for (const name of RATE_LIMIT_NAMES) {
    n[`limits.${name}.limit`] = String(d.limits[name].limit);
    n[`limits.${name}.windowSec`] = String(Math.max(1, Math.round(d.limits[name].windowSec / 60)));
  }
  return n;
}

function flagsOf(d: SecurityData): Flags {
  return Object.fromEntries(FLAGS.map((f) => [f, d.policy[f]])) as unknown as Flags;
}

/** The error's field path for the methods (the first checkbox carries its id). */
export const METHODS = 'twoStep.methods';
/** Issue 22: the allowed sign-in methods' error path (the first checkbox carries its id). */
export const SIGN_IN = 'signInMethods';
export type SignIn = NonNullable<SecurityData['signInMethods']>;
export const SIGN_IN_KEYS: (keyof SignIn)[] = ['password', 'passkey', 'emailCode'];
const EXISTING_SIGN_IN: SignIn = { password: true, passkey: false, emailCode: false };

/** What the form edits. */
export interface SecurityForm {
  numbers: Numbers;
  flags: Flags;
  twoStep: TwoStepSettings;
  signIn: SignIn;
}

export function formOf(d: SettingsData): SecurityForm {
  return { numbers: numbersOf(d.security), flags: flagsOf(d.security), twoStep: d.security.twoStep, signIn: d.security.signInMethods ?? EXISTING_SIGN_IN };
}

export function payloadOf({ numbers: n, flags, twoStep, signIn: signInMethods }: SecurityForm): SecurityData {
  const num = (path: string) => Number(n[path].trim());
  const limits = Object.fromEntries(
    RATE_LIMIT_NAMES.map((name) => [name, { limit: num(`limits.${name}.limit`), windowSec: num(`limits.${name}.windowSec`) * 60 }]),
  ) as Record<RateLimitName, { limit: number; windowSec: number }>;
  return {
    policy: { minLength: num('policy.minLength'), maxLength: num('policy.maxLength'), ...flags },
    resetLinkMinutes: num('resetLinkMinutes'),
    inviteLinkDays: num('inviteLinkDays'),
    inviteReminderDays: num('inviteReminderDays'),
    limits,
    lockout: { threshold: num('lockout.threshold'), minutes: num('lockout.minutes') },
    retention: { auditDays: num('retention.auditDays'), activityDays: num('retention.activityDays'), inviteesDays: num('retention.inviteesDays') },
    twoStep,
    signInMethods,
  };
}

export function validate(s: SettingsTexts, { numbers: n, twoStep, signIn }: SecurityForm, bounds: Bounds): Errors {
  const e: Errors = {};
  for (const f of numberFields(s, bounds)) if (!intIn(n[f.path], f.range)) e[f.path] = s.rangeError(...f.range);
  if (!e['policy.minLength'] && !e['policy.maxLength'] && Number(n['policy.minLength']) > Number(n['policy.maxLength'])) e['policy.minLength'] = s.security.lengthOrder;
  const reminder = Number(n.inviteReminderDays);
  if (!e.inviteReminderDays && !e.inviteLinkDays && reminder !== 0 && reminder >= Number(n.inviteLinkDays)) e.inviteReminderDays = s.security.reminderOrder;
  if (twoStep.policy !== 'off' && !twoStep.methods.totp && !twoStep.methods.sms) e[METHODS] = s.security.methodNeeded;
  if (!signIn.password && !signIn.passkey && !signIn.emailCode) e[SIGN_IN] = s.security.signInNeeded;
  return e;
}
