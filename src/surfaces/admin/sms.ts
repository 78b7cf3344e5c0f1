import * as z from 'zod';
import { maskPhone } from '../../domain/phone';
import { resolveSettings, settingsSchema, type Settings } from '../../domain/settings';
import { SMS_SITE_DAY_KEY } from '../../forge/kvs-keys';
import { queueSms } from '../../flows/sms';
import { nowSec } from '../../flows/deps';
import {
  SMS_DAILY_CAP_MAX,
  SMS_DAILY_CAP_MIN,
  SMS_PROVIDERS,
  SMS_SECRET_MAX,
  SMS_SECRET_MIN,
  SMS_SENDER,
  TWILIO_ACCOUNT_SID,
  type AdminFailure,
  type AdminResult,
  type SmsData,
  type SmsField,
  type TestSmsQueued,
} from '../admin-api';
import { fail, type AdminSection } from './common';

/**
 * The SMS part of "Email delivery" (issue 11). Provider, sender, Twilio Account SID and daily cap are part of
 * the one settings value; the API key / auth token is a KVS secret, written only when the admin types a new
 * one and never answered (only "set" and its last four characters). The test SMS goes through the queue like
 * every SMS, so the answer never waits for the provider. Nothing secret, and no number, is logged.
 */
const secretInput = z
  .string()
  .max(SMS_SECRET_MAX)
  .optional()
  .refine((s) => !s || (s.length >= SMS_SECRET_MIN && !/\s/.test(s)), 'secret');

const savePayload = z
  .object({
    provider: z.enum(SMS_PROVIDERS),
    sender: z.string().trim().max(16).pipe(z.union([z.literal(''), z.string().regex(SMS_SENDER)])),
    twilioAccountSid: z.string().trim().max(34).pipe(z.union([z.literal(''), z.string().regex(TWILIO_ACCOUNT_SID)])),
    dailyCap: z.number().int().min(SMS_DAILY_CAP_MIN).max(SMS_DAILY_CAP_MAX),
    apiKey: secretInput,
    webhookKey: secretInput,
  })
  .superRefine((value, ctx) => {
    if (value.provider === 'twilio' && !value.twilioAccountSid) ctx.addIssue({ code: 'custom', path: ['twilioAccountSid'], message: 'required' });
    // Twilio needs a From: one of the account's numbers or an alphanumeric sender ID.
    if (value.provider === 'twilio' && !value.sender) ctx.addIssue({ code: 'custom', path: ['sender'], message: 'required' });
  });

const FIELDS: readonly SmsField[] = ['provider', 'sender', 'twilioAccountSid', 'dailyCap', 'apiKey', 'webhookKey', 'to'];

function invalid(path: readonly PropertyKey[] | undefined): AdminFailure {
  const field = FIELDS.find((f) => f === path?.[0]);
  return fail('invalid-input', field ? { field } : {});
}

const TEST_TEXT = (portalName: string) =>
  `Portal Access: test SMS for ${portalName}. If you can read this, customers will receive their verification PINs.`;

export const smsSection: AdminSection = ({ deps, define, fresh, updateStored }) => {
  async function data(settings: Settings): Promise<SmsData> {
    const [apiKey, window, webhookKey] = await Promise.all([
      deps.secrets.get('smsApiKey'), deps.limits.get(SMS_SITE_DAY_KEY), deps.secrets.get('smsWebhookKey'),
    ]);
    const key = typeof apiKey === 'string' ? apiKey : '';
    const today = Math.floor(nowSec(deps) / 86_400) * 86_400;
    return {
      provider: settings.sms.provider,
      sender: settings.sms.sender,
      twilioAccountSid: settings.sms.twilioAccountSid,
      dailyCap: settings.sms.dailyCap,
      // Only long keys are stored (SMS_SECRET_MIN), so four characters never give most of one away.
      apiKey: { set: key.length > 0, last4: key.length >= SMS_SECRET_MIN ? key.slice(-4) : '' },
      sentToday: window && window.start === today ? window.count : 0,
      webhookKey: { set: typeof webhookKey === 'string' && webhookKey.length > 0 },
      reportsUrl: settings.sms.provider === 'none' ? null : `${await deps.urls.mailEventsBase()}/sms-${settings.sms.provider}`,
    };
  }

  define('admin/sms/get', async (): Promise<AdminResult<SmsData>> => ({ ok: true, data: await data(await fresh()) }));

  define('admin/sms/save', async (payload, { accountId }): Promise<AdminResult<SmsData>> => {
    const input = savePayload.safeParse(payload);
    if (!input.success) return invalid(input.error.issues[0]?.path);
    const { provider, sender, twilioAccountSid, dailyCap, apiKey, webhookKey } = input.data;
    if (provider !== 'none' && !apiKey && !(await deps.secrets.get('smsApiKey'))) return fail('invalid-input', { field: 'apiKey' });

    const current = await fresh();
    const nextSms: Settings['sms'] = { provider, sender, twilioAccountSid: provider === 'twilio' ? twilioAccountSid : current.sms.twilioAccountSid, dailyCap };
    const check = settingsSchema.safeParse({ ...current, sms: nextSms });
    if (!check.success) return invalid(check.error.issues[0]?.path.slice(1));

    if (apiKey) await deps.secrets.set('smsApiKey', apiKey);
    if (webhookKey) await deps.secrets.set('smsWebhookKey', webhookKey);
    const failure = await updateStored((stored) => {
      const next = { ...stored, sms: nextSms };
      const effective = resolveSettings(next);
      if (JSON.stringify(effective.sms) !== JSON.stringify(nextSms)) {
        deps.log.error('admin sms save refused: stored settings are invalid elsewhere', { provider });
        return fail('internal');
      }
      return next;
    });
    if (failure) return failure;
    deps.log.info('admin saved sms settings', { actor: accountId, provider, dailyCap, apiKeyChanged: Boolean(apiKey), webhookKeyChanged: Boolean(webhookKey) });
    return { ok: true, data: await data(await fresh()) };
  });

  define('admin/sms/test', async (payload, { accountId }): Promise<AdminResult<TestSmsQueued>> => {
    const to = (payload as { to?: unknown }).to;
    if (typeof to !== 'string' || to.length > 40) return fail('invalid-input', { field: 'to' });
    const settings = await fresh();
    const queued = await queueSms(deps, { to, text: TEST_TEXT(settings.branding.portalName) });
    if (!queued.ok) return queued.error === 'invalid-number' ? fail('invalid-input', { field: 'to' }) : fail('limit', { reason: 'sms-daily-cap' });
    deps.log.info('admin test sms queued', { actor: accountId, provider: settings.sms.provider, id: queued.id });
    return { ok: true, data: { to: maskPhone(queued.to) } };
  });
};
