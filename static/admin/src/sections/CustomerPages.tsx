import { normaliseDomain } from '../../../../src/domain/internal-domain';
import { translator } from '../../../../src/i18n/messages';
import type { CustomerPagesData, SettingsData } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { Field, InputField } from '../../../shared/Field';
import { failureNotice, fieldId, SaveRow, SectionFrame, settingsLoading, useSettingsForm, type Errors } from './settings-common';
import { SETTINGS_TEXTS, type SettingsTexts } from './settings.i18n';
import type { SectionProps } from './types';
import './settings.css';

type Lang = 'en' | 'de';
const LANGS: Lang[] = ['en', 'de'];
interface Form {
  spamHint: Record<Lang, string>;
  contact: Record<Lang, string>;
  /** One domain per line, as typed. */
  domains: string;
  url: string;
}
const ORDER = ['help.spamHint.en', 'help.spamHint.de', 'help.contact.en', 'help.contact.de', 'internal.domains', 'internal.url'];

function formOf(d: SettingsData): Form {
  const c = d.customerPages;
  return { spamHint: { ...c.help.spamHint }, contact: { ...c.help.contact }, domains: c.internal.domains.join('\n'), url: c.internal.url };
}

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

const isWebUrl = (s: string) => {
  try {
    return ['https:', 'http:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};

function validate(s: SettingsTexts, f: Form, bounds: SettingsData['bounds']): Errors {
  const e: Errors = {};
  const max = bounds.helpText[1];
  for (const lang of LANGS) {
    if (f.spamHint[lang].trim().length > max) e[`help.spamHint.${lang}`] = s.tooLong(max);
    if (f.contact[lang].trim().length > max) e[`help.contact.${lang}`] = s.tooLong(max);
  }
  const typed = f.domains.split(/\r?\n/);
  const bad = typed.findIndex((l) => l.trim() !== '' && !normaliseDomain(l));
  if (bad >= 0) e['internal.domains'] = s.customerPages.domainError(bad + 1);
  else if (lines(f.domains).length > bounds.internalDomains[1]) e['internal.domains'] = s.customerPages.domainsMax(bounds.internalDomains[1]);
  if (f.url.trim() && !isWebUrl(f.url.trim())) e['internal.url'] = s.webUrl;
  else if (!f.url.trim() && lines(f.domains).length > 0) e['internal.url'] = s.customerPages.internalUrlRequired;
  return e;
}

/** Section "Customer pages": the spam hint and "registration not completed" texts (en, de), internal domains. */
export function CustomerPages({ lang, t }: SectionProps) {
  const s = SETTINGS_TEXTS[lang];
  const c = s.customerPages;
  const { data, loading, loadError, load, form, setForm, errors, saving, setSaving, setNotice, notice, edited, refused, saved, failed } = useSettingsForm(formOf, s);

  if (!data || !form) return settingsLoading({ t, id: 'customer-pages', heading: c.heading, loading, error: loadError, onRetry: () => void load() });

  function change(path: string, next: (f: Form) => Form) {
    setForm((f) => (f ? next(f) : f));
    edited(path);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!form || !data || saving || refused(validate(s, form, data.bounds), ORDER)) return;
    setSaving(true);
    setNotice(null);
    const payload: CustomerPagesData = {
      help: {
        spamHint: { en: form.spamHint.en.trim(), de: form.spamHint.de.trim() },
        contact: { en: form.contact.en.trim(), de: form.contact.de.trim() },
      },
      internal: { domains: lines(form.domains), url: form.url.trim() },
    };
    const result = await api.call('admin/customer-pages/save', payload);
    setSaving(false);
    if (result.ok) return saved(result.data);
    // A domain is named by its index in the list sent: show it on the textarea with its line.
    const domain = /^internal\.domains\.(\d+)$/.exec(result.field ?? '');
    const typed = form.domains.split(/\r?\n/);
    const lineOf = (index: number) => typed.findIndex((l, i) => l.trim() !== '' && typed.slice(0, i + 1).filter((x) => x.trim()).length === index + 1) + 1;
    const failure = domain ? { ...result, field: 'internal.domains' } : result;
    failed(
      failureNotice(t, s, failure, (path) => {
        if (path === 'internal.domains') return domain ? c.domainError(lineOf(Number(domain[1]))) : c.domainsMax(data.bounds.internalDomains[1]);
        if (path === 'internal.url') return form.url.trim() ? s.webUrl : c.internalUrlRequired;
        return ORDER.includes(path) ? s.tooLong(data.bounds.helpText[1]) : undefined;
      }),
    );
  }

  const builtIn = (l: Lang) => translator(l)('forgot.sent.spam');
  const area = (path: string, label: string, value: string, onChange: (v: string) => void, opts: { hint?: string; lang?: Lang; rows?: number } = {}) => (
    <Field key={path} id={fieldId(path)} label={label} labelHint={s.optional} hint={opts.hint} error={errors[path]}>
      {(props) => <textarea {...props} lang={opts.lang} rows={opts.rows ?? 2} maxLength={data.bounds.helpText[1]} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );

  return (
    <SectionFrame id="customer-pages" heading={c.heading} intro={c.intro}>
      <form className="pa-form" aria-labelledby="pa-customer-pages-title" noValidate onSubmit={(e) => void save(e)} aria-busy={saving}>
        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{c.help}</legend>
          {LANGS.map((l) =>
            area(`help.spamHint.${l}`, c.spamHint(c.languages[l]), form.spamHint[l], (v) => change(`help.spamHint.${l}`, (f) => ({ ...f, spamHint: { ...f.spamHint, [l]: v } })), {
              hint: c.spamHintHint(builtIn(l)),
              lang: l,
            }),
          )}
          {LANGS.map((l) =>
            area(`help.contact.${l}`, c.contact(c.languages[l]), form.contact[l], (v) => change(`help.contact.${l}`, (f) => ({ ...f, contact: { ...f.contact, [l]: v } })), {
              hint: c.contactHint,
              lang: l,
              rows: 3,
            }),
          )}
        </fieldset>

        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{c.internal}</legend>
          <p className="pa-hint-line">{c.internalIntro}</p>
          <Field id={fieldId('internal.domains')} label={c.domains} labelHint={s.optional} hint={c.domainsHint} error={errors['internal.domains']}>
            {(props) => (
              <textarea
                {...props}
                rows={4}
                spellCheck={false}
                autoCapitalize="none"
                className="pa-input pa-mono"
                value={form.domains}
                onChange={(e) => {
                  const v = e.target.value;
                  change('internal.domains', (f) => ({ ...f, domains: v }));
                }}
              />
            )}
          </Field>
          <InputField
            id={fieldId('internal.url')}
            label={c.internalUrl}
            hint={c.internalUrlHint}
            error={errors['internal.url']}
            input={{
              type: 'url',
              autoComplete: 'off',
              maxLength: data.bounds.url[1],
              value: form.url,
              onChange: (e) => { const v = e.target.value; change('internal.url', (f) => ({ ...f, url: v })); },
            }}
          />
        </fieldset>

        <SaveRow s={s} id="customer-pages" saving={saving} notice={notice} />
      </form>
    </SectionFrame>
  );
}
