import * as z from 'zod';
import { acceptsMailLocale, mailLocalesSchema, type MailLocaleEntry, type Settings } from '../../domain/settings';
import { isKept, nextVersion, type CurrentTemplate, type TemplateParts } from '../../domain/template-versions';
import { uiLocale } from '../../i18n/locale';
import { DEFAULT_TEMPLATES } from '../../mail/default-templates';
import { MailRenderer, type RenderedMail } from '../../mail/renderer';
import { ALLOWED_VARIABLES, sampleVariables, validateAgainstSample, validateTemplate } from '../../mail/template-validation';
import { VARIABLE_DESCRIPTIONS } from '../../mail/variables';
import {
  TEMPLATE_KINDS,
  TEMPLATE_LOCALES,
  TEMPLATE_PART_HARD_CAP,
  type AdminResult,
  type TemplateDetail,
  type TemplateKind,
  type TemplateListEntry,
  type TemplateLocale,
  type TemplatePreview,
} from '../admin-api';
import { fail, type AdminSection } from './common';

/**
 * Section "Email templates". Every draft is validated (static checks, then a render with sample data
 * through the renderer that sends mail) before it is previewed, sent as a test or saved, so a stored
 * template never fails a send. Saves, resets and restores each become a version (the last 10 are kept).
 * Logs carry kind, locale, version and the admin's account id: never template text or addresses.
 */
const part = z.string().max(TEMPLATE_PART_HARD_CAP);
const content = z.object({ subject: part, preheader: part, html: part, text: part }).strict();
/** The code's form here; whether it is en, de or an added language is checked against the settings. */
const ref = { kind: z.enum(TEMPLATE_KINDS), locale: z.string().regex(/^[a-z]{2}$/) };
const version = z.number().int().min(0).max(1_000_000_000);
const schemas = {
  get: z.object(ref),
  preview: z.object({ ...ref, template: content }),
  save: z.object({ ...ref, template: content, baseVersion: version }),
  reset: z.object({ ...ref, baseVersion: version }),
  restore: z.object({ ...ref, version: version.min(1), baseVersion: version }),
  test: z.object({ ...ref, template: content.optional() }),
  locales: z.object({ locales: mailLocalesSchema }).strict(),
};
/** Forge KVS values are capped at 240 KiB; a template record stays well below. */
const MAX_STORED_BYTES = 200_000;

function invalid(error: z.ZodError) {
  return fail('invalid-input', { field: error.issues[0]?.path.join('.') || undefined });
}

/** The shipped template for a kind and language: an added language starts from the English one. */
const shipped = (kind: TemplateKind, locale: TemplateLocale) => DEFAULT_TEMPLATES[kind][uiLocale(locale)];

function problemsOf(kind: TemplateKind, locale: TemplateLocale, template: TemplateParts) {
  const problems = validateTemplate(kind, template);
  return problems.length > 0 ? problems : validateAgainstSample(kind, template, locale);
}

/** Sample data as a customer of this portal would get it: the saved portal name and support contact. */
function sample(kind: TemplateKind, locale: TemplateLocale, settings: Settings) {
  const vars = sampleVariables(kind, locale);
  return { ...vars, portal: { name: settings.branding.portalName }, support: { contact: settings.help.contact[uiLocale(locale)] } };
}

/** A fresh renderer per draft (the same code that sends mail): drafts never enter the send path's parse cache. */
function renderSample(kind: TemplateKind, locale: TemplateLocale, template: TemplateParts, settings: Settings): RenderedMail {
  return new MailRenderer().render(template, locale, settings.branding, sample(kind, locale, settings));
}

export const templatesSection: AdminSection = ({ deps, define, fresh, updateStored }) => {
  const store = deps.templates;

  /** Parses a payload that names a template; its language must be en, de or one currently added. */
  async function parsed<T extends { locale: string }>(
    schema: z.ZodType<T>,
    payload: unknown,
  ): Promise<{ ok: true; data: T; settings: Settings } | ReturnType<typeof fail>> {
    const input = schema.safeParse(payload);
    if (!input.success) return invalid(input.error);
    const settings = await fresh();
    if (!acceptsMailLocale(settings, input.data.locale)) return fail('invalid-input', { field: 'locale', reason: 'unknown-locale' });
    return { ok: true, data: input.data, settings };
  }

  function detail(kind: TemplateKind, locale: TemplateLocale, current: CurrentTemplate): TemplateDetail {
    return {
      kind,
      locale,
      template: { ...(current.template ?? shipped(kind, locale)) },
      isDefault: current.template === null,
      version: current.version,
      versions: current.versions.map((v) => ({ ...v })),
      variables: ALLOWED_VARIABLES[kind].map((name) => ({ name, description: VARIABLE_DESCRIPTIONS[name] ?? { en: name, de: name } })),
    };
  }

  async function change(
    kind: TemplateKind,
    locale: TemplateLocale,
    baseVersion: number,
    accountId: string,
    template: TemplateParts | null,
    origin: 'saved' | 'reset' | 'restored',
    from?: number,
  ): Promise<AdminResult<TemplateDetail>> {
    const current = await store.fresh(kind, locale);
    if (current.version !== baseVersion) return fail('conflict');
    const me = await deps.jira.caller();
    const next = nextVersion(current, template, { savedAt: Math.floor(deps.clock.nowMs() / 1000), savedBy: accountId, savedByName: me?.displayName ?? '', origin, from });
    if (Buffer.byteLength(JSON.stringify(next.current)) > MAX_STORED_BYTES) return fail('invalid-input', { field: 'template' });
    if (!(await store.save(kind, locale, next.current, next.stored))) return fail('conflict');
    deps.log.info('admin changed a mail template', { actor: accountId, kind, locale, version: next.current.version, origin });
    return { ok: true, data: detail(kind, locale, next.current) };
  }

  define('admin/templates/list', async (): Promise<AdminResult<{ entries: TemplateListEntry[] }>> => {
    const { mailLocales } = await fresh();
    const codes = [...TEMPLATE_LOCALES, ...mailLocales.map((l) => l.code)];
    const pairs = TEMPLATE_KINDS.flatMap((kind) => codes.map((locale) => ({ kind, locale })));
    const entries = await Promise.all(
      pairs.map(async ({ kind, locale }) => {
        const current = await store.fresh(kind, locale);
        const last = current.versions[0];
        return { kind, locale, customized: current.template !== null, savedAt: last?.savedAt ?? null, savedByName: last?.savedByName ?? null };
      }),
    );
    return { ok: true, data: { entries } };
  });

  define('admin/templates/locales', async (): Promise<AdminResult<{ locales: MailLocaleEntry[] }>> => ({ ok: true, data: { locales: (await fresh()).mailLocales } }));

  define('admin/templates/get', async (payload): Promise<AdminResult<TemplateDetail>> => {
    const input = await parsed(schemas.get, payload);
    if (!input.ok) return input;
    const { kind, locale } = input.data;
    return { ok: true, data: detail(kind, locale, await store.fresh(kind, locale)) };
  });

  define('admin/templates/preview', async (payload): Promise<AdminResult<TemplatePreview>> => {
    const input = await parsed(schemas.preview, payload);
    if (!input.ok) return input;
    const { kind, locale, template } = input.data;
    const problems = problemsOf(kind, locale, template);
    if (problems.length > 0) return fail('invalid-template', { problems });
    return { ok: true, data: renderSample(kind, locale, template, input.settings) };
  });

  define('admin/templates/save', async (payload, { accountId }): Promise<AdminResult<TemplateDetail>> => {
    const input = await parsed(schemas.save, payload);
    if (!input.ok) return input;
    const { kind, locale, template, baseVersion } = input.data;
    const problems = problemsOf(kind, locale, template);
    if (problems.length > 0) return fail('invalid-template', { problems });
    return change(kind, locale, baseVersion, accountId, template, 'saved');
  });

  define('admin/templates/reset', async (payload, { accountId }): Promise<AdminResult<TemplateDetail>> => {
    const input = await parsed(schemas.reset, payload);
    if (!input.ok) return input;
    const { kind, locale, baseVersion } = input.data;
    const current = await store.fresh(kind, locale);
    if (current.template === null && current.version === baseVersion) return { ok: true, data: detail(kind, locale, current) }; // already the default
    return change(kind, locale, baseVersion, accountId, null, 'reset');
  });

  define('admin/templates/restore', async (payload, { accountId }): Promise<AdminResult<TemplateDetail>> => {
    const input = await parsed(schemas.restore, payload);
    if (!input.ok) return input;
    const { kind, locale, version: wanted, baseVersion } = input.data;
    const current = await store.fresh(kind, locale);
    const stored = isKept(current, wanted) ? await store.version(kind, locale, wanted) : undefined;
    if (!stored) return fail('not-found');
    // Rules may have tightened since it was saved: a restored template is validated like a new one.
    if (stored.template) {
      const problems = problemsOf(kind, locale, stored.template);
      if (problems.length > 0) return fail('invalid-template', { problems });
    }
    return change(kind, locale, baseVersion, accountId, stored.template, 'restored', wanted);
  });

  define('admin/templates/test', async (payload, { accountId }): Promise<AdminResult<{ to: string }>> => {
    const input = await parsed(schemas.test, payload);
    if (!input.ok) return input;
    const { kind, locale } = input.data;
    let template: TemplateParts | undefined = input.data.template;
    if (template) {
      const problems = problemsOf(kind, locale, template);
      if (problems.length > 0) return fail('invalid-template', { problems });
    } else {
      template = (await store.fresh(kind, locale)).template ?? shipped(kind, locale);
    }
    const me = await deps.jira.caller();
    if (!me) return fail('forbidden');
    if (!me.emailAddress) return fail('no-email');
    const { settings } = input;
    const mail = renderSample(kind, locale, template, settings);
    const { branding } = settings;
    try {
      const result = await deps.mail.send(
        {
          id: deps.randomBytes(12).toString('hex'),
          customerId: 'admin-test',
          to: { name: me.displayName, address: me.emailAddress },
          from: { name: branding.senderName, address: branding.senderAddress },
          replyTo: branding.replyTo || undefined,
          subject: `[Test] ${mail.subject}`.slice(0, 250),
          html: mail.html,
          text: mail.text,
        },
        settings,
      );
      deps.log.info('admin template test email', { actor: accountId, kind, locale, ok: result.ok, ...(result.ok ? {} : { reason: result.reason }) });
      return result.ok ? { ok: true, data: { to: me.emailAddress } } : fail('email-failed', { reason: result.reason });
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      deps.log.error('admin template test email transport error', { kind, locale, reason });
      return fail('email-failed', { reason });
    }
  });

  define('admin/templates/locales/save', async (payload, { accountId }): Promise<AdminResult<{ locales: MailLocaleEntry[] }>> => {
    const input = schemas.locales.safeParse(payload);
    if (!input.success) return invalid(input.error);
    const before = (await fresh()).mailLocales.map((l) => l.code);
    const locales = input.data.locales;
    const failure = await updateStored((stored) => ({ ...stored, mailLocales: locales }));
    if (failure) return failure;
    const after = locales.map((l) => l.code);
    // Language codes only: no names typed by the admin, no template text.
    deps.log.info('admin changed the email languages', {
      actor: accountId,
      added: after.filter((c) => !before.includes(c)).join(','),
      removed: before.filter((c) => !after.includes(c)).join(','),
    });
    return { ok: true, data: { locales: (await fresh()).mailLocales } };
  });
};
