import { useEffect, useRef, useState } from 'react';
import { MAIL_LOCALE_MAX, MAIL_LOCALE_NAME_MAX, TEMPLATE_LOCALES, type MailLocaleEntry } from '../../../../src/surfaces/admin-api';
import { call } from '../api';
import { InputField } from '../../../shared/Field';
import { errorText } from '../i18n';
import { MAIL_LOCALE_TEXTS } from './MailLocales.i18n';
import type { SectionProps } from './types';
import { TitledGroup } from './settings-common';

type Errors = { code?: string; name?: string };

/** The email languages added beyond en and de (empty until loaded, or when loading fails). */
export function useAddedLanguages(): [MailLocaleEntry[], (next: MailLocaleEntry[]) => void] {
  const [added, setAdded] = useState<MailLocaleEntry[]>([]);
  useEffect(() => {
    let live = true;
    void call('admin/templates/locales').then((result) => live && result.ok && setAdded(result.data.locales));
    return () => {
      live = false;
    };
  }, []);
  return [added, setAdded];
}
type Notice = { tone: 'success' | 'error'; text: string };

/**
 * "Email languages" in the section "Email templates": the languages added beyond en and de, each removable
 * (confirmed), and a form to add one. The whole list is saved at once (`admin/templates/locales/save`).
 */
export function MailLocales({ lang, t, locales, onSaved }: SectionProps & { locales: MailLocaleEntry[]; onSaved: (next: MailLocaleEntry[]) => void }) {
  const x = MAIL_LOCALE_TEXTS[lang];
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [confirm, setConfirm] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const status = useRef<HTMLParagraphElement>(null);

  function check(): Errors {
    const c = code.trim();
    const n = name.trim();
    const found: Errors = {};
    if (!/^[a-z]{2}$/.test(c)) found.code = x.errors.codeFormat;
    else if ((TEMPLATE_LOCALES as readonly string[]).includes(c)) found.code = x.errors.codeShipped;
    else if (locales.some((l) => l.code === c)) found.code = x.errors.codeTaken;
    if (!n) found.name = x.errors.nameMissing;
    else if (n.length > MAIL_LOCALE_NAME_MAX || /[\r\n<>]/.test(n)) found.name = x.errors.nameInvalid(MAIL_LOCALE_NAME_MAX);
    return found;
  }

  /** Saves the list; the answer (or the error) is announced in the status line, which takes focus. */
  async function store(next: MailLocaleEntry[], success: string): Promise<boolean> {
    setBusy(true);
    const result = await call('admin/templates/locales/save', { locales: next });
    setBusy(false);
    if (result.ok) {
      onSaved(result.data.locales);
      setNotice({ tone: 'success', text: success });
    } else {
      const field = result.field?.split('.')[2];
      if (result.error === 'invalid-input' && (field === 'code' || field === 'name')) {
        setErrors({ [field]: field === 'code' ? x.errors.codeFormat : x.errors.nameInvalid(MAIL_LOCALE_NAME_MAX) });
        document.getElementById(`pa-mail-locale-${field}`)?.focus();
        return false;
      }
      setNotice({ tone: 'error', text: errorText(t, result.error, result.reason) });
    }
    requestAnimationFrame(() => status.current?.focus());
    return result.ok;
  }

  async function add(event: React.FormEvent) {
    event.preventDefault();
    setNotice(null);
    const found = check();
    setErrors(found);
    if (found.code || found.name) {
      document.getElementById(found.code ? 'pa-mail-locale-code' : 'pa-mail-locale-name')?.focus();
      return;
    }
    const entry = { code: code.trim(), name: name.trim() };
    if (await store([...locales, entry], x.added(entry.name))) {
      setCode('');
      setName('');
    }
  }

  async function remove(entry: MailLocaleEntry) {
    setConfirm(null);
    await store(
      locales.filter((l) => l.code !== entry.code),
      x.removed(entry.name),
    );
  }

  const full = locales.length >= MAIL_LOCALE_MAX;
  return (
    <TitledGroup className="pa-group pa-mail-locales" id="pa-mail-locales-title" title={x.title} intro={x.intro}>
      {locales.length === 0 ? (
        <p className="pa-muted">{x.none}</p>
      ) : (
        <ul className="pa-mail-locales-list" aria-label={x.listLabel}>
          {locales.map((l) => (
            <li key={l.code}>
              <span lang={l.code}>{x.entry(l.name, l.code)}</span>
              {confirm === l.code ? (
                <span className="pa-row" role="group" aria-label={x.remove(l.name)}>
                  <span id={`pa-mail-locale-confirm-${l.code}`}>{x.removeConfirm(l.name)}</span>
                  <button type="button" className="pa-btn pa-btn--primary" disabled={busy} aria-describedby={`pa-mail-locale-confirm-${l.code}`} onClick={() => void remove(l)} autoFocus>
                    {x.removeYes}
                  </button>
                  <button type="button" className="pa-btn" onClick={() => setConfirm(null)}>
                    {x.cancel}
                  </button>
                </span>
              ) : (
                <button type="button" className="pa-btn" disabled={busy} onClick={() => setConfirm(l.code)}>
                  {x.remove(l.name)}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {full ? (
        <p className="pa-muted">{x.full(MAIL_LOCALE_MAX)}</p>
      ) : (
        <form className="pa-form" aria-labelledby="pa-mail-locale-add-title" noValidate onSubmit={(e) => void add(e)} aria-busy={busy}>
          <h4 id="pa-mail-locale-add-title" className="pa-subtitle">
            {x.addTitle}
          </h4>
          <div className="pa-tpl-pick">
            <InputField
              id="pa-mail-locale-code"
              label={x.code}
              hint={x.codeHint}
              error={errors.code}
              input={{ value: code, maxLength: 2, autoComplete: 'off', spellCheck: false, onChange: (e) => setCode(e.target.value.toLowerCase()) }}
            />
            <InputField
              id="pa-mail-locale-name"
              label={x.name}
              hint={x.nameHint}
              error={errors.name}
              input={{ value: name, maxLength: MAIL_LOCALE_NAME_MAX, autoComplete: 'off', onChange: (e) => setName(e.target.value) }}
            />
          </div>
          <div className="pa-row">
            <button type="submit" className="pa-btn pa-btn--primary" disabled={busy}>
              {busy ? x.saving : x.add}
            </button>
          </div>
        </form>
      )}
      <div className={notice ? `pa-notice pa-notice--${notice.tone}` : undefined}>
        <p ref={status} id="pa-mail-locale-status" role="status" aria-live="polite" aria-atomic="true" tabIndex={-1}>
          {notice?.text ?? ''}
        </p>
      </div>
    </TitledGroup>
  );
}
