import * as z from 'zod';
import { normaliseDomain } from '../../domain/internal-domain';
import { checkLogo, LOGO_MAX_BYTES } from '../../domain/logo';
import { resolveSettings, settingsSchema, type Settings } from '../../domain/settings';
import { SETTINGS_BOUNDS } from '../../domain/settings-bounds';
import { deleteLogo, loadLogo, logoHash, logoUrl, saveLogo } from '../../forge/logo';
import type { AdminFailure, AdminResult, SettingsData } from '../admin-api';
import { fail, type AdminSection, type StoredSettings } from './common';
import { replyToInput, senderNameInput } from './delivery';

/**
 * Sections "Branding", "Security" and "Customer pages": each save validates its payload (bounds from the
 * settings schema), merges it into the stored settings value, re-checks the whole value (rules across
 * fields) and refuses unless the stored result is exactly what the admin asked for. Logs name the actor and
 * the changed fields, never their values.
 */
const B = SETTINGS_BOUNDS;
const noControl = (s: string) => !/[\p{Cc}]/u.test(s.replace(/\r?\n/g, ''));
const line = (max: number) => z.string().trim().max(max).refine((s) => !/\p{Cc}/u.test(s), 'control');
const paragraph = (max: number) => z.string().trim().max(max).refine(noControl, 'control');
const httpsUrl = z.string().trim().max(B.url[1]).pipe(z.union([z.literal(''), z.url({ protocol: /^https$/ })]));
const webUrl = z.string().trim().max(B.url[1]).pipe(z.union([z.literal(''), z.url({ protocol: /^https?$/ })]));

const brandingInput = z
  .object({
    portalName: line(B.portalName[1]).pipe(z.string().min(1)),
    companyName: line(B.companyName[1]),
    logoUrl: z.string().trim().max(B.url[1]),
    primaryColor: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/).transform((s) => s.toUpperCase()),
    senderName: senderNameInput,
    replyTo: replyToInput,
    footerAddress: paragraph(B.footerAddress[1]),
    footerPhone: line(B.footerPhone[1]).pipe(z.string().regex(/^[\d\s+()./-]*$/)),
    footerEmail: replyToInput,
    imprintUrl: httpsUrl,
    privacyUrl: httpsUrl,
  })
  .strict();

const s = settingsSchema.shape;
const securityInput = z
  .object({
    policy: s.policy.strict(),
    resetLinkMinutes: s.resetLinkMinutes,
    inviteLinkDays: s.inviteLinkDays,
    inviteReminderDays: s.inviteReminderDays,
    limits: s.limits.strict(),
    lockout: s.lockout.strict(),
    // `inviteesDays` may be left out (kept as stored), as the whole of `retention` may.
    retention: s.retention.extend({ inviteesDays: s.retention.shape.inviteesDays.optional() }).strict().optional(),
    twoStep: z.object({ policy: s.twoStep.shape.policy, methods: s.twoStep.shape.methods.strict() }).strict(),
    signInMethods: s.signInMethods.strict().optional(),
  })
  .strict();

const bilingual = z.object({ en: paragraph(B.helpText[1]), de: paragraph(B.helpText[1]) }).strict();
const customerPagesInput = z
  .object({
    help: z.object({ contact: bilingual, spamHint: bilingual }).strict(),
    internal: z.object({ domains: z.array(z.string().max(260)).max(B.internalDomains[1]), url: webUrl }).strict(),
  })
  .strict();

// Base64 of at most LOGO_MAX_BYTES bytes.
const logoInput = z.object({ image: z.union([z.null(), z.string().max(Math.ceil(LOGO_MAX_BYTES / 3) * 4 + 4).regex(/^[A-Za-z0-9+/]*={0,2}$/)]) }).strict();

const invalid = (path: readonly PropertyKey[] | undefined): AdminFailure =>
  fail('invalid-input', path && path.length > 0 ? { field: path.map(String).join('.') } : {});


export const settingsSection: AdminSection = ({ deps, define, fresh, updateStored }) => {
  async function data(settings: Settings): Promise<SettingsData> {
    const base = await deps.urls.customerPagesBase();
    const { branding } = settings;
    const uploaded = branding.logoUrl.startsWith(`${base}/logo?v=`);
    const logo = uploaded ? await loadLogo() : undefined;
    return {
      branding: { ...branding, logoUploaded: uploaded, logoPreview: logo ? `data:${logo.type};base64,${logo.data}` : null },
      security: {
        policy: settings.policy,
        resetLinkMinutes: settings.resetLinkMinutes,
        inviteLinkDays: settings.inviteLinkDays,
        inviteReminderDays: settings.inviteReminderDays,
        limits: settings.limits,
        lockout: settings.lockout,
        retention: settings.retention,
        twoStep: settings.twoStep,
        signInMethods: settings.signInMethods,
      },
      customerPages: { help: settings.help, internal: settings.internal },
      bounds: SETTINGS_BOUNDS,
    };
  }

  /**
   * Merges `change` (whole top-level parts of the settings) into what is stored. `prefix` is dropped from
   * the schema's issue paths so the field named is the payload's.
   */
  async function commit(change: Partial<Settings>, prefix: string[] = []): Promise<AdminFailure | undefined> {
    return updateStored((stored) => {
      const intended = { ...resolveSettings(stored), ...change };
      const check = settingsSchema.safeParse(intended);
      if (!check.success) {
        const path = check.error.issues[0]?.path ?? [];
        return invalid(prefix.every((p, i) => path[i] === p) ? path.slice(prefix.length) : path);
      }
      const next = { ...stored, ...change } as StoredSettings;
      const effective = resolveSettings(next);
      if (Object.keys(change).some((k) => JSON.stringify(effective[k as keyof Settings]) !== JSON.stringify(intended[k as keyof Settings]))) {
        deps.log.error('admin settings save refused: stored settings are invalid elsewhere', { parts: Object.keys(change).join(',') });
        return fail('internal');
      }
      return next;
    });
  }

  const answer = async (): Promise<AdminResult<SettingsData>> => ({ ok: true, data: await data(await fresh()) });

  define('admin/settings/get', async () => answer());

  define('admin/branding/save', async (payload, { accountId }) => {
    const input = brandingInput.safeParse(payload);
    if (!input.success) return invalid(input.error.issues[0]?.path);
    const current = await fresh();
    const [base, logo] = await Promise.all([deps.urls.customerPagesBase(), loadLogo()]);
    const uploaded = logo ? logoUrl(base, logo.hash) : undefined;
    const { logoUrl: typed } = input.data;
    if (typed !== '' && typed !== uploaded && !httpsUrl.safeParse(typed).success) return fail('invalid-input', { field: 'logoUrl' });
    // The app's own logo address only ever names the stored upload (an old `?v=` would answer 404).
    if (typed !== uploaded && typed.startsWith(`${base}/logo`)) return fail('invalid-input', { field: 'logoUrl' });

    const branding = { ...current.branding, ...input.data };
    const failure = await commit({ branding }, ['branding']);
    if (failure) return failure;
    if (logo && typed !== uploaded) await deleteLogo();
    const changed = Object.keys(input.data).filter((k) => current.branding[k as keyof Settings['branding']] !== branding[k as keyof Settings['branding']]);
    deps.log.info('admin saved branding', { actor: accountId, changed: changed.join(',') });
    return answer();
  });

  define('admin/branding/logo', async (payload, { accountId }) => {
    const input = logoInput.safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: 'image', reason: input.error.issues[0]?.code === 'too_big' ? 'too-large' : 'bad-type' });
    const current = await fresh();
    const base = await deps.urls.customerPagesBase();
    if (input.data.image === null) {
      await deleteLogo();
      if (current.branding.logoUrl.startsWith(`${base}/logo?v=`)) {
        const failure = await commit({ branding: { ...current.branding, logoUrl: '' } }, ['branding']);
        if (failure) return failure;
      }
      deps.log.info('admin removed the logo', { actor: accountId });
      return answer();
    }
    const bytes = Buffer.from(input.data.image, 'base64');
    const checked = checkLogo(bytes);
    if (!checked.ok) return fail('invalid-input', { field: 'image', reason: checked.problem });
    const hash = logoHash(bytes);
    const previous = await loadLogo();
    await saveLogo({ type: checked.type, data: bytes.toString('base64'), hash });
    const failure = await commit({ branding: { ...current.branding, logoUrl: logoUrl(base, hash) } }, ['branding']);
    if (failure) {
      await (previous ? saveLogo(previous) : deleteLogo());
      return failure;
    }
    deps.log.info('admin uploaded a logo', { actor: accountId, type: checked.type, bytes: bytes.length });
    return answer();
  });

  define('admin/security/save', async (payload, { accountId }) => {
    const input = securityInput.safeParse(payload);
    if (!input.success) return invalid(input.error.issues[0]?.path);
    const { retention, signInMethods, ...rest } = input.data;
    const kept = retention && (await deps.settings.load()).retention;
    const failure = await commit({
      ...rest,
      ...(retention && kept ? { retention: { ...retention, inviteesDays: retention.inviteesDays ?? kept.inviteesDays } } : {}),
      ...(signInMethods ? { signInMethods } : {}),
    });
    if (failure) return failure;
    deps.log.info('admin saved security settings', { actor: accountId, minLength: input.data.policy.minLength, resetLinkMinutes: input.data.resetLinkMinutes, inviteLinkDays: input.data.inviteLinkDays, twoStep: input.data.twoStep.policy, ...(signInMethods ? { signInMethods: Object.keys(signInMethods).filter((k) => signInMethods[k as keyof typeof signInMethods]).join(',') } : {}) });
    return answer();
  });

  define('admin/customer-pages/save', async (payload, { accountId }) => {
    const input = customerPagesInput.safeParse(payload);
    if (!input.success) return invalid(input.error.issues[0]?.path);
    const domains: string[] = [];
    for (const [i, raw] of input.data.internal.domains.entries()) {
      const domain = normaliseDomain(raw);
      if (!domain) return fail('invalid-input', { field: `internal.domains.${i}` });
      if (!domains.includes(domain)) domains.push(domain);
    }
    const failure = await commit({ help: input.data.help, internal: { domains, url: input.data.internal.url } });
    if (failure) return failure;
    deps.log.info('admin saved customer page settings', { actor: accountId, internalDomains: domains.length });
    return answer();
  });
};
