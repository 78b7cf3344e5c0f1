import { useState } from 'react';
import { checkLogo } from '../../../../src/domain/logo';
import type { BrandingInput, SettingsData } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { Field, InputField } from '../../../shared/Field';
import { errorText } from '../i18n';
import { COLOR, formOf, messageFor, validate } from './branding/branding-form';
import { Contrast } from './branding/Contrast';
import { failureNotice, fieldId, SaveRow, SectionFrame, settingsLoading, StatusLine, useSettingsForm, type Notice } from './settings-common';
import { SETTINGS_TEXTS } from './settings.i18n';
import type { SectionProps } from './types';
import './settings.css';

type Key = keyof BrandingInput;
const ORDER: Key[] = ['portalName', 'companyName', 'logoUrl', 'primaryColor', 'senderName', 'replyTo', 'footerAddress', 'footerPhone', 'footerEmail', 'imprintUrl', 'privacyUrl'];

/** Section "Branding": portal and company name, logo, primary colour, sender name and reply-to, footer. */
export function Branding({ lang, t }: SectionProps) {
  const s = SETTINGS_TEXTS[lang];
  const b = s.branding;
  const { data, setData, loading, loadError, load, form, setForm, errors, setErrors, saving, setSaving, notice, setNotice, focus, edited, refused, saved, failed } = useSettingsForm(formOf, s);
  const [logoNotice, setLogoNotice] = useState<Notice | null>(null);
  const [logoError, setLogoError] = useState('');
  const [uploading, setUploading] = useState(false);

  if (!data || !form) return settingsLoading({ t, id: 'branding', heading: b.heading, loading, error: loadError, onRetry: () => void load() });

  function set(key: Key, value: string) {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    edited(key);
  }

  /** After a logo upload or removal: take the stored logo, keep every other unsaved edit in the form. */
  function acceptLogo(next: SettingsData) {
    setData(next);
    setForm((f) => (f ? { ...f, logoUrl: next.branding.logoUrl } : formOf(next)));
    setErrors(({ logoUrl: _gone, ...rest }) => rest);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!form || !data || saving || refused(validate(s, form, data), ORDER)) return;
    setSaving(true);
    setNotice(null);
    const trimmed = Object.fromEntries(ORDER.map((k) => [k, form[k].trim()])) as unknown as BrandingInput;
    const result = await api.call('admin/branding/save', trimmed);
    setSaving(false);
    if (result.ok) return saved(result.data);
    failed(failureNotice(t, s, result, (field) => messageFor(s, field)));
  }

  async function upload(file: File | undefined, input: HTMLInputElement) {
    if (!file || uploading) return;
    setLogoNotice(null);
    setLogoError('');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const checked = checkLogo(bytes);
    if (!checked.ok) {
      setLogoError(b.logoProblems[checked.problem]);
      input.value = '';
      input.focus();
      return;
    }
    setUploading(true);
    setLogoNotice({ tone: 'success', text: b.logoUploading });
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    const result = await api.call('admin/branding/logo', { image: btoa(binary) });
    setUploading(false);
    input.value = '';
    if (result.ok) {
      acceptLogo(result.data);
      setLogoNotice({ tone: 'success', text: b.logoSaved });
      return;
    }
    const problem = result.reason as keyof typeof b.logoProblems | undefined;
    if (result.error === 'invalid-input' && problem && b.logoProblems[problem]) {
      setLogoNotice(null);
      setLogoError(b.logoProblems[problem]);
      input.focus();
    } else setLogoNotice({ tone: 'error', text: errorText(t, result.error) });
  }

  async function removeLogo() {
    if (uploading) return;
    setUploading(true);
    const result = await api.call('admin/branding/logo', { image: null });
    setUploading(false);
    if (result.ok) {
      acceptLogo(result.data);
      setLogoNotice({ tone: 'success', text: b.logoRemoved });
      focus(fieldId('logoUrl'));
    } else setLogoNotice({ tone: 'error', text: errorText(t, result.error) });
  }

  const text = (key: Key, label: string, opts: { hint?: string; optional?: boolean; type?: string; max?: number; autoComplete?: string } = {}) => (
    <InputField
      id={fieldId(key)}
      label={label}
      labelHint={opts.optional ? s.optional : undefined}
      hint={opts.hint}
      error={errors[key]}
      input={{
        type: opts.type ?? 'text',
        autoComplete: opts.autoComplete ?? 'off',
        maxLength: opts.max,
        required: !opts.optional || undefined,
        value: form[key],
        onChange: (e) => set(key, e.target.value),
      }}
    />
  );
  const color = form.primaryColor.trim();

  return (
    <SectionFrame id="branding" heading={b.heading} intro={b.intro}>
      <form className="pa-form" aria-labelledby="pa-branding-title" noValidate onSubmit={(e) => void save(e)} aria-busy={saving}>
        {text('portalName', b.portalName, { hint: b.portalNameHint, max: data.bounds.portalName[1] })}
        {text('companyName', b.companyName, { optional: true, max: data.bounds.companyName[1], autoComplete: 'organization' })}

        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{b.logo}</legend>
          {data.branding.logoUploaded ? (
            <div className="pa-logo-current">
              <p>{b.logoUploaded}</p>
              {data.branding.logoPreview && <img src={data.branding.logoPreview} alt={b.logoPreview} className="pa-logo-preview" />}
              <div className="pa-row">
                <button type="button" className="pa-btn" aria-disabled={uploading} onClick={() => void removeLogo()}>
                  {b.logoRemove}
                </button>
              </div>
            </div>
          ) : (
            <>
              {text('logoUrl', b.logoUrl, { hint: b.logoUrlHint, optional: true, type: 'url', max: 2000 })}
            </>
          )}
          <InputField
            id="pa-set-logo-file"
            label={b.logoUpload}
            labelHint={s.optional}
            hint={b.logoUploadHint}
            error={logoError || undefined}
            input={{
              className: 'pa-file',
              type: 'file',
              accept: 'image/png,image/jpeg,image/gif,image/webp',
              'aria-disabled': uploading,
              onChange: (e) => void upload(e.target.files?.[0], e.currentTarget),
            }}
          />
          <StatusLine id="pa-logo-status" notice={logoNotice} boxInfo />
        </fieldset>

        <Field id={fieldId('primaryColor')} label={b.color} hint={b.colorHint} error={errors.primaryColor}>
          {(props) => (
            <div className="pa-color">
              <input
                {...props}
                aria-describedby={[props['aria-describedby'], COLOR.test(color) ? 'pa-contrast' : ''].filter(Boolean).join(' ') || undefined}
                type="text"
                autoComplete="off"
                spellCheck={false}
                maxLength={7}
                value={form.primaryColor}
                onChange={(e) => set('primaryColor', e.target.value)}
              />
              <input type="color" className="pa-color-picker" aria-label={b.colorPicker} value={COLOR.test(color) ? color.toLowerCase() : '#0c66e4'} onChange={(e) => set('primaryColor', e.target.value.toUpperCase())} />
            </div>
          )}
        </Field>
        <Contrast s={s} color={color} lang={lang} />

        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{b.sender}</legend>
          {text('senderName', b.senderName, { hint: b.senderNameHint, max: 100 })}
          {text('replyTo', b.replyTo, { optional: true, type: 'email', max: 254 })}
          <p className="pa-muted">{b.senderAddress(data.branding.senderAddress)}</p>
        </fieldset>

        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{b.footer}</legend>
          <Field id={fieldId('footerAddress')} label={b.footerAddress} labelHint={s.optional} error={errors.footerAddress}>
            {(props) => <textarea {...props} rows={3} maxLength={data.bounds.footerAddress[1]} autoComplete="street-address" value={form.footerAddress} onChange={(e) => set('footerAddress', e.target.value)} />}
          </Field>
          {text('footerPhone', b.footerPhone, { optional: true, type: 'tel', max: 50, autoComplete: 'tel' })}
          {text('footerEmail', b.footerEmail, { optional: true, type: 'email', max: 254 })}
          {text('imprintUrl', b.imprintUrl, { optional: true, type: 'url', max: 2000 })}
          {text('privacyUrl', b.privacyUrl, { optional: true, type: 'url', max: 2000 })}
        </fieldset>

        <SaveRow s={s} id="branding" saving={saving} notice={notice} />
      </form>
    </SectionFrame>
  );
}
