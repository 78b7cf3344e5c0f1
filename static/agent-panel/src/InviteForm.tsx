import type { PanelData } from '../../../src/surfaces/agent-api';
import { Field } from './Field';
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
      <Field id={FIELD_ID.email} label={t.form.email} error={fieldError === 'email' ? t.form.invalid : undefined}>
        {(props) => (
          <input
            {...props}
            type="email"
            autoComplete="off"
            required
            readOnly={pending !== null}
            value={form.email}
            onChange={(e) => onChange({ ...form, email: e.target.value })}
          />
        )}
      </Field>
      <Field id={FIELD_ID.displayName} label={t.form.displayName} error={fieldError === 'displayName' ? t.form.invalid : undefined}>
        {(props) => (
          <input
            {...props}
            type="text"
            autoComplete="off"
            required
            readOnly={pending !== null}
            value={form.displayName}
            onChange={(e) => onChange({ ...form, displayName: e.target.value })}
          />
        )}
      </Field>
      <Field
        id={FIELD_ID.username}
        label={t.form.username}
        hint={t.form.optional}
        error={fieldError === 'username' ? t.form.invalid : undefined}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            autoComplete="off"
            readOnly={pending !== null}
            value={form.username}
            onChange={(e) => onChange({ ...form, username: e.target.value })}
          />
        )}
      </Field>
      <Field id={FIELD_ID.locale} label={t.form.language} error={fieldError === 'locale' ? t.form.invalid : undefined}>
        {(props) => (
          <select
            {...props}
            value={form.locale}
            onChange={(e) => pending === null && onChange({ ...form, locale: e.target.value })}
          >
            <option value="en">{t.languages.en}</option>
            <option value="de">{t.languages.de}</option>
            {mailLocales.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
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
