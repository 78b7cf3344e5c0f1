import { HOSTNAME } from '../../domain/hostname';
import * as z from 'zod';
import { resolveSettings, settingsSchema, type Settings } from '../../domain/settings';
import { customersById, scanAudit } from '../../forge/audit-log';
import { escapeHtml } from '../../mail/renderer';
import {
  MAILGUN_REGIONS,
  PROVIDERS,
  SECRET_MAX,
  SECRET_MIN,
  type AdminFailure,
  type AdminResult,
  type DeliveryData,
  type DeliveryField,
  type EmailActivityEntry,
  type EmailActivityPage,
  type TestMailSent,
} from '../admin-api';
import { fail, type AdminSection } from './common';

/**
 * Sections "Email delivery" and "Email activity". Provider settings and sender identity are part of the one
 * settings value (merged into what is stored, re-validated); the API key and the webhook secret are KVS
 * secrets, written only when the admin types a new one and never answered (only "set" and the key's last
 * four characters). Nothing secret is logged.
 */

/** Header-safe display text: no line breaks (header injection) and no angle brackets (address spoofing). */
const headerText = (s: string) => !/[\r\n<>]/.test(s);
/** '' or absent: keep what is stored. Otherwise a printable token without whitespace. */
const secretInput = z
  .string()
  .max(SECRET_MAX)
  .optional()
  .refine((s) => !s || (s.length >= SECRET_MIN && !/\s/.test(s)), 'secret');

/** Sender name and reply-to, also edited under "Branding": one validation for both sections. */
export const senderNameInput = z.string().trim().min(1).max(100).refine(headerText, 'senderName');
export const replyToInput = z.string().trim().max(254).pipe(z.union([z.literal(''), z.email()]));

const savePayload = z
  .object({
    provider: z.enum(PROVIDERS),
    senderName: senderNameInput,
    senderAddress: z.string().trim().max(254).pipe(z.email()),
    replyTo: replyToInput,
    mailgunDomain: z.string().trim().toLowerCase().pipe(z.union([z.literal(''), z.string().regex(HOSTNAME)])),
    mailgunRegion: z.enum(MAILGUN_REGIONS),
    apiKey: secretInput,
    webhookSecret: secretInput,
  })
  .superRefine((value, ctx) => {
    if (value.provider === 'mailgun' && !value.mailgunDomain) ctx.addIssue({ code: 'custom', path: ['mailgunDomain'], message: 'required' });
  });

const FIELDS: readonly DeliveryField[] = ['provider', 'senderName', 'senderAddress', 'replyTo', 'mailgunDomain', 'mailgunRegion', 'apiKey', 'webhookSecret'];

function invalid(path: readonly PropertyKey[] | undefined): AdminFailure {
  const field = FIELDS.find((f) => f === path?.[0]);
  return fail('invalid-input', field ? { field } : {});
}

export const deliverySection: AdminSection = ({ deps, define, fresh, updateStored }) => {

  async function delivery(settings: Settings): Promise<DeliveryData> {
    const [apiKey, webhookSecret] = await Promise.all([deps.secrets.get('mailApiKey'), deps.secrets.get('mailWebhookSecret')]);
    const key = typeof apiKey === 'string' ? apiKey : '';
    return {
      provider: settings.delivery.provider,
      senderName: settings.branding.senderName,
      senderAddress: settings.branding.senderAddress,
      replyTo: settings.branding.replyTo,
      mailgunDomain: settings.delivery.mailgunDomain,
      mailgunRegion: settings.delivery.mailgunRegion,
      // Only long keys are stored (SECRET_MIN), so four characters never give most of one away.
      apiKey: { set: key.length > 0, last4: key.length >= SECRET_MIN ? key.slice(-4) : '' },
      webhookSecret: { set: typeof webhookSecret === 'string' && webhookSecret.length > 0 },
      webhookUrl: settings.delivery.provider === 'none' ? null : `${await deps.urls.mailEventsBase()}/${settings.delivery.provider}`,
    };
  }

  define('admin/email-activity', async (payload): Promise<AdminResult<EmailActivityPage>> => {
    const cursor = (payload as { cursor?: unknown })?.cursor;
    if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length > 2000)) return fail('invalid-input');
    // The audit log's query with its category preset (see ./audit.ts): one batch read per 25 customers.
    const page = await scanAudit({ kind: 'email.' }, 20, cursor || undefined);
    const customers = await customersById(page.events.map((e) => e.customerId));
    const entries: EmailActivityEntry[] = page.events.map((e) => {
      const c = customers.get(e.customerId);
      return {
        id: e.id,
        at: e.at,
        kind: e.kind as EmailActivityEntry['kind'],
        customer: c ? { displayName: c.displayName, email: c.email } : null,
        ...(typeof e.detail.template === 'string' ? { template: e.detail.template } : {}),
        ...(typeof e.detail.attempt === 'number' ? { attempt: e.detail.attempt } : {}),
        ...(typeof e.detail.reason === 'string' ? { reason: e.detail.reason } : {}),
      };
    });
    return { ok: true, data: { entries, cursor: page.cursor ?? null } };
  });

  define('admin/delivery/get', async (): Promise<AdminResult<DeliveryData>> => {
    return { ok: true, data: await delivery(await fresh()) };
  });

  define('admin/delivery/save', async (payload, { accountId }): Promise<AdminResult<DeliveryData>> => {
    const input = savePayload.safeParse(payload);
    if (!input.success) return invalid(input.error.issues[0]?.path);
    const { provider, senderName, senderAddress, replyTo, mailgunDomain, mailgunRegion, apiKey, webhookSecret } = input.data;

    // A provider needs a key: the one typed now, or one stored before.
    if (provider !== 'none' && !apiKey && !(await deps.secrets.get('mailApiKey'))) return fail('invalid-input', { field: 'apiKey' });

    const current = await fresh();
    const nextDelivery: Settings['delivery'] = { provider, mailgunDomain, mailgunRegion };
    const sender = { senderName, senderAddress, replyTo };
    const check = settingsSchema.safeParse({ ...current, delivery: nextDelivery, branding: { ...current.branding, ...sender } });
    if (!check.success) return invalid(check.error.issues[0]?.path.slice(1));

    if (apiKey) await deps.secrets.set('mailApiKey', apiKey);
    if (webhookSecret) await deps.secrets.set('mailWebhookSecret', webhookSecret);
    // Merge into what is stored (other sections stay as they are), and make sure the result is effective:
    // a stored value that is invalid elsewhere must not make this change fall back to a default.
    const failure = await updateStored((stored) => {
      const next = { ...stored, delivery: nextDelivery, branding: { ...(stored.branding ?? {}), ...sender } };
      const effective = resolveSettings(next);
      if (JSON.stringify(effective.delivery) !== JSON.stringify(nextDelivery) || effective.branding.senderAddress !== senderAddress) {
        deps.log.error('admin delivery save refused: stored settings are invalid elsewhere', { provider });
        return fail('internal');
      }
      return next;
    });
    if (failure) return failure;
    deps.log.info('admin saved email delivery settings', {
      actor: accountId,
      provider,
      apiKeyChanged: Boolean(apiKey),
      webhookSecretChanged: Boolean(webhookSecret),
    });
    return { ok: true, data: await delivery(await fresh()) };
  });

  define('admin/delivery/test', async (): Promise<AdminResult<TestMailSent>> => {
    const me = await deps.jira.caller();
    if (!me) return fail('forbidden');
    if (!me.emailAddress) return fail('no-email');
    const settings = await fresh();
    const { branding, delivery: d } = settings;
    const id = deps.randomBytes(12).toString('hex');
    const provider = d.provider === 'none' ? 'none' : d.provider === 'mailgun' ? `Mailgun (${d.mailgunDomain}, ${d.mailgunRegion.toUpperCase()})` : 'Postmark';
    const lines = [
      `Hello ${me.displayName || 'admin'},`,
      '',
      `this is a test email from Portal Access for ${branding.portalName}.`,
      `It was sent through: ${provider}`,
      `Sender: ${branding.senderName} <${branding.senderAddress}>${branding.replyTo ? `, reply-to ${branding.replyTo}` : ''}`,
      '',
      'If you can read this, customers will receive their invitations and password reset links.',
    ];
    try {
      const result = await deps.mail.send(
        {
          id,
          customerId: 'admin-test',
          to: { name: me.displayName, address: me.emailAddress },
          from: { name: branding.senderName, address: branding.senderAddress },
          replyTo: branding.replyTo || undefined,
          subject: `Portal Access: test email (${branding.portalName})`,
          text: lines.join('\n'),
          html: `<!DOCTYPE html><html><body style="font:14px/1.5 Arial,Helvetica,sans-serif">${lines.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '')).join('')}</body></html>`,
        },
        settings,
      );
      deps.log.info('admin test email', { actor: me.accountId, provider: d.provider, ok: result.ok, ...(result.ok ? {} : { reason: result.reason }) });
      return result.ok ? { ok: true, data: { to: me.emailAddress } } : fail('email-failed', { reason: result.reason });
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      deps.log.error('admin test email transport error', { provider: d.provider, reason });
      return fail('email-failed', { reason });
    }
  });
};
