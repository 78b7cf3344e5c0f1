import { useState } from 'react';
import type { SsoData, SsoField, SsoServiceProvider } from '../../../../../src/surfaces/admin-api';
import * as api from '../../api';
import { InputField } from '../../../../shared/Field';
import { errorText, type Messages } from '../../i18n';
import { SaveRow } from '../settings-common';
import type { SsoTexts } from '../SingleSignOn.i18n';

const FIELDS: SsoField[] = ['spEntityId', 'acsUrl', 'helpCenterUrl'];
export const spFieldId = (field: SsoField) => `pa-sso-${field}`;

type Notice = { tone: 'success' | 'error'; text: string };

const formOf = (d: SsoData): SsoServiceProvider => ({ spEntityId: d.sp.spEntityId, acsUrl: d.sp.acsUrl, helpCenterUrl: d.sp.helpCenterUrl });

/**
 * Step 3: the two values Atlassian shows once the identity provider is saved there, and the help center's
 * address. The server checks them (absolute https URLs); a refused one gets its message and the focus.
 * A host other than Atlassian's is saved but warned about.
 */
export function ServiceProviderForm({ t, x, data, onSaved, titleId }: { t: Messages; x: SsoTexts; data: SsoData; onSaved: (next: SsoData) => void; titleId: string }) {
  const [form, setForm] = useState<SsoServiceProvider>(() => formOf(data));
  const [errors, setErrors] = useState<Partial<Record<SsoField, string>>>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const s = x.sp;

  function set(field: SsoField, value: string) {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
    setNotice(null);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setNotice(null);
    const payload: SsoServiceProvider = { spEntityId: form.spEntityId.trim(), acsUrl: form.acsUrl.trim(), helpCenterUrl: form.helpCenterUrl.trim() };
    const result = await api.call('admin/sso/save', payload);
    setSaving(false);
    if (result.ok) {
      setForm(formOf(result.data));
      setErrors({});
      setNotice({ tone: 'success', text: s.saved });
      onSaved(result.data);
      return;
    }
    const field = FIELDS.find((f) => f === result.field);
    if (result.error === 'invalid-input' && field) {
      setErrors({ [field]: s.errors[field] });
      setNotice({ tone: 'error', text: s.fixOne });
      document.getElementById(spFieldId(field))?.focus();
      return;
    }
    setNotice({ tone: 'error', text: errorText(t, result.error) });
  }

  return (
    <form className="pa-form" aria-labelledby={titleId} noValidate onSubmit={(e) => void save(e)} aria-busy={saving}>
      {FIELDS.map((field) => (
        <InputField
          key={field}
          id={spFieldId(field)}
          label={s.labels[field]}
          labelHint={field === 'helpCenterUrl' ? s.optional : undefined}
          hint={s.hints[field]}
          error={errors[field]}
          input={{
            className: 'pa-input pa-mono',
            type: 'url',
            inputMode: 'url',
            autoComplete: 'off',
            spellCheck: false,
            autoCapitalize: 'none',
            maxLength: 1024,
            value: form[field],
            onChange: (e) => set(field, e.target.value),
          }}
        />
      ))}
      <SaveRow s={s} ids={{ button: 'pa-sso-save', status: 'pa-sso-save-status' }} saving={saving} notice={notice} boxInfo />
      <div id="pa-sso-warnings" role="status" aria-live="polite" className={data.warnings.length > 0 ? 'pa-notice pa-notice--warning' : 'pa-notice-empty'}>
        {data.warnings.map((w) => (
          <p key={w}>{s.warnings[w]}</p>
        ))}
      </div>
    </form>
  );
}
