import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { Criterion } from '../../../src/domain/password-policy';
import * as api from './api';
import { liveCriteria } from './criteria';
import { criterionText } from './i18n';
import type { Notice, SectionProps } from './section';

type Field = 'current' | 'password' | 'confirm';

const ID: Record<Field, string> = { current: 'pp-current', password: 'pp-password', confirm: 'pp-confirm' };

/** "Change password": current, new, confirm, with the live criteria list; the server decides. */
export function PasswordForm({ t, data, dateTime, onChanged }: SectionProps) {
  const [values, setValues] = useState<Record<Field, string>>({ current: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [server, setServer] = useState<Criterion[] | undefined>();
  const noticeRef = useRef<HTMLDivElement>(null);
  const view = data.password;
  const items = useMemo(() => liveCriteria(view, values.password, values.confirm, server), [view, values.password, values.confirm, server]);

  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    if (field === 'password') setServer(undefined);
  };

  const focus = (field: Field) => requestAnimationFrame(() => document.getElementById(ID[field])?.focus());
  const announce = (next: Notice) => {
    setNotice(next);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (values.current === '') {
      setErrors({ current: t.form.required });
      return focus('current');
    }
    setBusy(true);
    setNotice(null);
    const outcome = await api.changePassword(values);
    setBusy(false);
    if (outcome.ok) {
      setValues({ current: '', password: '', confirm: '' });
      setErrors({});
      setServer(undefined);
      onChanged(outcome.data);
      return announce({ tone: 'success', text: t.form.success });
    }
    if (outcome.error === 'wrong-password') {
      setErrors({ current: t.errors['wrong-password'] });
      setValues((v) => ({ ...v, current: '' }));
      return focus('current');
    }
    if (outcome.error === 'rejected') {
      setServer(outcome.criteria);
      setErrors({ password: t.errors.rejected });
      return focus('password');
    }
    if (outcome.error === 'mismatch') {
      setErrors({ confirm: t.errors.mismatch });
      return focus('confirm');
    }
    if (outcome.error === 'locked') return announce({ tone: 'error', text: t.lockedUntil(dateTime(outcome.until ?? 0)) });
    announce({ tone: 'error', text: t.errors[outcome.error] });
  }

  const input = (field: Field, label: string, autoComplete: string, describedBy?: string) => {
    const error = errors[field];
    const errorId = `${ID[field]}-error`;
    const described = [error ? errorId : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined;
    return (
      <div className="pp-field">
        <label htmlFor={ID[field]}>{label}</label>
        {error ? (
          <p id={errorId} className="pp-field-error">
            {error}
          </p>
        ) : null}
        <input
          id={ID[field]}
          className="pp-input"
          type="password"
          autoComplete={autoComplete}
          maxLength={1024}
          value={values[field]}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => set(field)(e.target.value)}
        />
      </div>
    );
  };

  return (
    <section className="pp-section" aria-labelledby="pp-form-title">
      <h2 id="pp-form-title" className="pp-subtitle">
        {t.form.title}
      </h2>
      <div ref={noticeRef} tabIndex={-1} role={notice?.tone === 'error' ? 'alert' : 'status'} className={notice ? `pp-notice pp-notice--${notice.tone}` : 'pp-notice-empty'}>
        {notice ? <p>{notice.text}</p> : null}
      </div>
      <form noValidate onSubmit={(e) => void submit(e)}>
        {/* Password managers pair the new password with this account. */}
        <input type="text" name="username" autoComplete="username" value={data.username} readOnly hidden />
        {input('current', t.form.current, 'current-password')}
        {input('password', t.form.password, 'new-password', 'pp-criteria')}
        {input('confirm', t.form.confirm, 'new-password', 'pp-criteria')}
        <div className="pp-criteria" id="pp-criteria">
          <h3 className="pp-criteria-title">{t.form.criteria}</h3>
          <ul>
            {items.map((item) => (
              <li key={item.id} className={item.state === undefined ? 'pending' : item.state ? 'met' : 'unmet'} data-criterion={item.id}>
                <span className="pp-mark" aria-hidden="true" />
                <span>
                  {criterionText(t, item.id, view.policy.minLength, view.policy.maxLength)}
                  <span className="pa-sr">{item.state === undefined ? '' : `: ${item.state ? t.form.met : t.form.notMet}`}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
        <button id="pp-submit" type="submit" className="pp-btn pp-btn--primary" aria-disabled={busy || undefined}>
          {busy ? t.form.busy : t.form.submit}
        </button>
      </form>
    </section>
  );
}
