import { useState } from 'react';
import { brandContrast } from '../../../../src/domain/contrast';
import { checkLogo } from '../../../../src/domain/logo';
import type { BrandingInput, SettingsData } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { Field } from '../Field';
import { errorText } from '../i18n';
import { failureNotice, fieldId, LoadState, SaveRow, SectionFrame, StatusLine, useFocusAfterRender, useSettings, type Errors, type Notice } from './settings-common';
import { SETTINGS_TEXTS, type SettingsTexts } from './settings.i18n';
import type { SectionProps } from './types';
import './settings.css';

type Key = keyof BrandingInput;
const ORDER: Key[] = ['portalName', 'companyName', 'logoUrl', 'primaryColor', 'senderName', 'replyTo', 'footerAddress', 'footerPhone', 'footerEmail', 'imprintUrl', 'privacyUrl'];
const COLOR = /^#[0-9a-fA-F]{6}$/;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

function formOf(d: SettingsData): BrandingInput {
  const { senderAddress: _address, logoUploaded: _uploaded, logoPreview: _preview, ...input } = d.branding;
  return input;
}

const isHttps = (s: string) => {
  try {
    return new URL(s).protocol === 'https:';
  } catch {
    return false;
  }
};

/** The backend's rules, so most mistakes show without a round trip. */
function validate(s: SettingsTexts, f: BrandingInput, d: SettingsData): Errors {
  const b = s.branding;
  const e: Errors = {};
  const max = d.bounds;
  if (!f.portalName.trim()) e.portalName = s.required;
  else if (f.portalName.trim().length > max.portalName[1]) e.portalName = s.tooLong(max.portalName[1]);
  if (f.companyName.trim().length > max.companyName[1]) e.companyName = s.tooLong(max.companyName[1]);
  if (!d.branding.logoUploaded && f.logoUrl.trim() && !isHttps(f.logoUrl.trim())) e.logoUrl = s.httpsUrl;
  if (!COLOR.test(f.primaryColor.trim())) e.primaryColor = b.colorError;
  const name = f.senderName.trim();
  if (!name || name.length > 100 || /[\r\n<>]/.test(name)) e.senderName = b.senderNameError;
  if (f.replyTo.trim() && !EMAIL.test(f.replyTo.trim())) e.replyTo = s.email;
  if (f.footerAddress.trim().length > max.footerAddress[1]) e.footerAddress = s.tooLong(max.footerAddress[1]);
  if (!/^[\d\s+()./-]*$/.test(f.footerPhone.trim()) || f.footerPhone.trim().length > max.footerPhone[1]) e.footerPhone = b.footerPhoneError;
  if (f.footerEmail.trim() && !EMAIL.test(f.footerEmail.trim())) e.footerEmail = s.email;
  if (f.imprintUrl.trim() && !isHttps(f.imprintUrl.trim())) e.imprintUrl = s.httpsUrl;
  if (f.privacyUrl.trim() && !isHttps(f.privacyUrl.trim())) e.privacyUrl = s.httpsUrl;
  return e;
}

function messageFor(s: SettingsTexts, field: string): string | undefined {
  const b = s.branding;
  const map: Record<string, string> = {
    portalName: s.required,
    companyName: s.tooLong(200),
    logoUrl: s.httpsUrl,
    primaryColor: b.colorError,
    senderName: b.senderNameError,
    replyTo: s.email,
    footerAddress: s.tooLong(500),
    footerPhone: b.footerPhoneError,
    footerEmail: s.email,
    imprintUrl: s.httpsUrl,
    privacyUrl: s.httpsUrl,
  };
  return map[field];
}

/** Contrast figures for the colour being edited, and what the app does about a failing one. */
function Contrast({ s, color, lang }: { s: SettingsTexts; color: string; lang: 'en' | 'de' }) {
  const b = s.branding;
  if (!COLOR.test(color)) return null;
  const c = brandContrast(color);
  const fmt = (n: number) => (lang === 'de' ? n.toFixed(2).replace('.', ',') : n.toFixed(2));
  const warn = !c.whiteOk || !c.linkOk;
  return (
    <div className="pa-contrast" id="pa-contrast">
      <p className="pa-label">{b.contrastHeading}</p>
      <div className="pa-contrast-preview" aria-hidden="true">
        <span className="pa-swatch-button" style={{ background: color, color: c.buttonText }}>
          {b.previewButton}
        </span>
        <span className="pa-swatch-link" style={{ color: c.linkColor }}>
          {b.previewLink}
        </span>
      </div>
      <ul className="pa-contrast-list">
        <li>{b.whiteText(fmt(c.whiteRatio), c.whiteOk)}</li>
        <li>{b.buttonText(c.buttonText === '#000000', fmt(c.buttonRatio))}</li>
        <li>
          {b.linkText(fmt(c.linkRatio), c.linkOk)}
          {!c.linkOk && <> {b.linkFallback}</>}
        </li>
      </ul>
      {warn && (
        <p className="pa-notice pa-notice--warning" id="pa-contrast-warning">
          {b.contrastWarning}
        </p>
      )}
    </div>
  );
}

/** Section "Branding": portal and company name, logo, primary colour, sender name and reply-to, footer. */
export function Branding({ lang, t }: SectionProps) {
  const s = SETTINGS_TEXTS[lang];
  const b = s.branding;
  const { data, setData, loading, loadError, load } = useSettings();
  const [form, setForm] = useState<BrandingInput | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [logoNotice, setLogoNotice] = useState<Notice | null>(null);
  const [logoError, setLogoError] = useState('');
  const [uploading, setUploading] = useState(false);
  const focus = useFocusAfterRender();

  if (data && !form) setForm(formOf(data));

  if (!data || !form) {
    return (
      <SectionFrame id="branding" heading={b.heading} busy={loading}>
        <LoadState t={t} loading={loading} error={loadError} onRetry={() => void load()} />
      </SectionFrame>
    );
  }

  function set(key: Key, value: string) {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setErrors(({ [key]: _gone, ...rest }) => rest);
    setNotice(null);
  }

  function accept(next: SettingsData) {
    setData(next);
    setForm(formOf(next));
    setErrors({});
  }

  /** After a logo upload or removal: take the stored logo, keep every other unsaved edit in the form. */
  function acceptLogo(next: SettingsData) {
    setData(next);
    setForm((f) => (f ? { ...f, logoUrl: next.branding.logoUrl } : formOf(next)));
    setErrors(({ logoUrl: _gone, ...rest }) => rest);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!form || !data || saving) return;
    const found = validate(s, form, data);
    const invalid = ORDER.filter((k) => found[k]);
    setErrors(found);
    if (invalid.length > 0) {
      setNotice({ tone: 'error', text: s.fixErrors(invalid.length) });
      focus(fieldId(invalid[0]));
      return;
    }
    setSaving(true);
    setNotice(null);
    const trimmed = Object.fromEntries(ORDER.map((k) => [k, form[k].trim()])) as unknown as BrandingInput;
    const result = await api.call('admin/branding/save', trimmed);
    setSaving(false);
    if (result.ok) {
      accept(result.data);
      setNotice({ tone: 'success', text: s.saved });
      return;
    }
    const failed = failureNotice(t, s, result, (field) => messageFor(s, field));
    setErrors(failed.errors);
    setNotice(failed.notice);
    if (failed.focus) focus(failed.focus);
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
    <Field id={fieldId(key)} label={label} labelHint={opts.optional ? s.optional : undefined} hint={opts.hint} error={errors[key]}>
      {(props) => (
        <input
          {...props}
          type={opts.type ?? 'text'}
          autoComplete={opts.autoComplete ?? 'off'}
          maxLength={opts.max}
          required={!opts.optional || undefined}
          value={form[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
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
          <Field id="pa-set-logo-file" label={b.logoUpload} labelHint={s.optional} hint={b.logoUploadHint} error={logoError || undefined}>
            {(props) => (
              <input
                {...props}
                className="pa-file"
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp"
                aria-disabled={uploading}
                onChange={(e) => void upload(e.target.files?.[0], e.currentTarget)}
              />
            )}
          </Field>
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
