import type { PanelData } from '../../../src/surfaces/agent-api';
import { Field, InputField } from '../../shared/Field';
import { LanguageOptions } from '../../shared/LanguageOptions';
import type { Messages } from './i18n';
import { FIELD_ID, type FormField, type InviteFormValues, type Pending } from './panel-state';

/** "Invite to the portal": email, display name, optional username and the email language; read-only while a confirmation is open. */
export function InviteForm({
  form,
  fieldError,
  pending,
  mailLocales,
  t,
  confirm,
  onChange,
  onSubmit,
  onClose,
}: {
  form: InviteFormValues;
  fieldError: FormField | null;
  pending: Pending | null;
  mailLocales: PanelData['mailLocales'];
  t: Messages;
  /** The confirmation shown in place of the buttons once the form was submitted. */
  confirm: React.ReactNode;
  onChange: (form: InviteFormValues) => void;
  onSubmit: (event: React.FormEvent) => void;
  onClose: () => void;
}) {
  const readOnly = pending !== null;
  const errorOf = (field: FormField) => (fieldError === field ? t.form.invalid : undefined);
  const text = (key: 'email' | 'displayName' | 'username') => ({
    autoComplete: 'off',
    readOnly,
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...form, [key]: e.target.value }),
  });
  return (
    <form
      id="pa-invite-form"
      className="pa-form"
      aria-labelledby="pa-form-title"
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !pending) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <h3 id="pa-form-title" className="pa-subtitle">
        {t.form.heading}
      </h3>
      <InputField id={FIELD_ID.email} label={t.form.email} error={errorOf('email')} input={{ type: 'email', required: true, ...text('email') }} />
      <InputField id={FIELD_ID.displayName} label={t.form.displayName} error={errorOf('displayName')} input={{ type: 'text', required: true, ...text('displayName') }} />
      <InputField id={FIELD_ID.username} label={t.form.username} labelHint={t.form.optional} error={errorOf('username')} input={{ type: 'text', ...text('username') }} />
      <Field id={FIELD_ID.locale} label={t.form.language} error={errorOf('locale')}>
        {(props) => (
          <select {...props} value={form.locale} onChange={(e) => !readOnly && onChange({ ...form, locale: e.target.value })}>
            <LanguageOptions names={t.languages} added={mailLocales} />
          </select>
        )}
      </Field>
      {pending?.action === 'invite' ? (
        confirm
      ) : (
        <div className="pa-row">
          <button id="pa-invite-submit" type="submit" className="pa-btn pa-btn--primary">
            {t.form.submit}
          </button>
          <button type="button" className="pa-btn pa-btn--subtle" onClick={onClose}>
            {t.form.cancel}
          </button>
        </div>
      )}
    </form>
  );
}
