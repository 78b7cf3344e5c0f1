import { useEffect, useRef, useState } from 'react';
import { call } from '../../api';
import { CheckField, Field, InputField } from '../../../../shared/Field';
import { LanguageOptions } from '../../../../shared/LanguageOptions';
import { errorText, type Lang, type Messages } from '../../i18n';
import type { Announce } from '../Customers';
import { useAddedLanguages } from '../MailLocales';
import type { CustomerTexts } from './customers.i18n';

type InviteField = 'email' | 'displayName' | 'username' | 'locale';

/** "Invite customer": one invitation through the same flow (and per-account limit) agents use. */
export function InviteForm({ x, t, lang, announce, onInvited }: { x: CustomerTexts; t: Messages; lang: Lang; announce: Announce; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [locale, setLocale] = useState<string>(lang);
  const [portalAdmin, setPortalAdmin] = useState(false);
  const [added] = useAddedLanguages();
  const [errors, setErrors] = useState<Partial<Record<InviteField, string>>>({});
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await call('admin/customers/invite', { email, displayName, locale, ...(username.trim() ? { username } : {}), ...(portalAdmin ? { portalAdmin } : {}) });
    setBusy(false);
    if (result.ok) {
      setErrors({});
      setEmail('');
      setDisplayName('');
      setUsername('');
      setPortalAdmin(false);
      announce(x.invite.sent(result.data.email), 'success');
      onInvited();
      return;
    }
    const field = result.field as InviteField | undefined;
    if (result.error === 'invalid-input' && field && field in x.invite.fields) {
      const text = result.reason === 'taken' ? x.invite.usernameTaken : result.reason === 'internal-address' ? x.invite.internalAddress : x.invite.fields[field];
      setErrors({ [field]: text });
      document.getElementById(`pa-invite-${field}`)?.focus();
      return;
    }
    setErrors({});
    announce(errorText(t, result.error), 'error');
  }

  return (
    <form className="pa-form pa-customers-panel" aria-labelledby="pa-invite-title" noValidate onSubmit={(e) => void submit(e)}>
      <h3 id="pa-invite-title" className="pa-subtitle" tabIndex={-1} ref={headingRef}>
        {x.invite.heading}
      </h3>
      <InputField
        id="pa-invite-email"
        label={x.invite.email}
        error={errors.email}
        input={{ type: 'email', autoComplete: 'off', required: true, maxLength: 254, value: email, onChange: (e) => setEmail(e.target.value) }}
      />
      <InputField
        id="pa-invite-displayName"
        label={x.invite.name}
        error={errors.displayName}
        input={{ type: 'text', autoComplete: 'off', required: true, maxLength: 100, value: displayName, onChange: (e) => setDisplayName(e.target.value) }}
      />
      <InputField
        id="pa-invite-username"
        label={x.invite.username}
        labelHint={x.invite.optional}
        hint={x.invite.usernameHint}
        error={errors.username}
        input={{ type: 'text', autoComplete: 'off', maxLength: 64, value: username, onChange: (e) => setUsername(e.target.value) }}
      />
      <Field id="pa-invite-locale" label={x.invite.locale} error={errors.locale}>
        {(p) => (
          <select {...p} value={locale} onChange={(e) => setLocale(e.target.value)}>
            <LanguageOptions names={x.languages} added={added} />
          </select>
        )}
      </Field>
      <CheckField
        id="pa-invite-portalAdmin"
        label={x.invite.portalAdmin}
        hint={x.invite.portalAdminHint}
        input={{ checked: portalAdmin, onChange: (e) => setPortalAdmin(e.target.checked) }}
      />
      <div className="pa-row">
        <button type="submit" className="pa-btn pa-btn--primary" disabled={busy}>
          {busy ? x.working : x.invite.submit}
        </button>
      </div>
    </form>
  );
}
