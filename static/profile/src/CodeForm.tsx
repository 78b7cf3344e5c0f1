import { useRef, useState, type FormEvent } from 'react';
import * as api from './api';
import type { Failure } from './api';
import { CodeField, SubmitOrCancel, TextField } from './CodeField';
import type { Messages } from './i18n';
import { focusSoon } from './section';
import { FailureAlert, Subsection } from './Subsection';

/**
 * A two-step form that proves the customer with a code (and, where asked, the current password) before it runs
 * its action: remove a method, add the app while SMS is on, create new recovery codes. Where SMS is the only
 * method, a button sends the code by text message; a recovery code may stand in for the code.
 */
export type CodeInput = { password: string; code: string; recovery: boolean };

export function CodeForm(props: {
  t: Messages;
  id: string;
  title: string;
  intro: string;
  withPassword?: boolean;
  username?: string;
  submit: string;
  busyText: string;
  canUseRecovery: boolean;
  /** SMS is the only method: a button sends a code to the number (the code field then takes it). */
  smsCode?: { label: string; useLabel: string; send: () => Promise<api.Outcome<{ masked: string }>>; sent: (masked: string) => string };
  failureText: (f: Failure) => string;
  run: (input: CodeInput) => Promise<api.Outcome<unknown>>;
  onCancel: () => void;
  onDone: (data: unknown) => void;
}) {
  const { t, id } = props;
  const m = t.twoStep;
  const [values, setValues] = useState({ password: '', code: '' });
  const [recovery, setRecovery] = useState(false);
  const [errors, setErrors] = useState<{ password?: string; code?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const failureRef = useRef<HTMLDivElement>(null);

  const passwordId = `${id}-password`;
  const codeId = `${id}-code`;
  const [smsStatus, setSmsStatus] = useState<string>();

  async function sendSms() {
    if (busy || !props.smsCode) return;
    setBusy(true);
    const outcome = await props.smsCode.send();
    setBusy(false);
    if (outcome.ok) {
      setSmsStatus(props.smsCode.sent(outcome.data.masked));
      return focusSoon(codeId);
    }
    setFailure(props.failureText(outcome));
    requestAnimationFrame(() => failureRef.current?.focus());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (props.withPassword && values.password === '') {
      setErrors({ password: t.form.required });
      return focusSoon(passwordId);
    }
    if (values.code.trim() === '') {
      setErrors({ code: m.required });
      return focusSoon(codeId);
    }
    setBusy(true);
    setFailure(undefined);
    const outcome = await props.run({ ...values, recovery });
    setBusy(false);
    if (outcome.ok) return props.onDone(outcome.data);
    if (outcome.error === 'wrong-password') {
      setValues((v) => ({ ...v, password: '' }));
      setErrors({ password: t.errors['wrong-password'] });
      return focusSoon(passwordId);
    }
    if (outcome.error === 'wrong-code' || (outcome.error === 'invalid-input' && outcome.field === 'code')) {
      setValues((v) => ({ ...v, code: '' }));
      setErrors({ code: t.errors['wrong-code'] });
      return focusSoon(codeId);
    }
    setFailure(props.failureText(outcome));
    requestAnimationFrame(() => failureRef.current?.focus());
  }

  return (
    <Subsection title={props.title}>
      <p className="pp-muted">{props.intro}</p>
      <FailureAlert ref={failureRef} text={failure} />
      <form noValidate onSubmit={(e) => void submit(e)}>
        {props.withPassword ? (
          <>
            <input type="text" name="username" autoComplete="username" value={props.username ?? ''} readOnly hidden />
            <TextField
              id={passwordId}
              label={m.password}
              type="password"
              autoComplete="current-password"
              maxLength={1024}
              error={errors.password}
              value={values.password}
              onChange={(v) => (setValues((x) => ({ ...x, password: v })), setErrors((x) => ({ ...x, password: undefined })))}
            />
          </>
        ) : null}
        {props.smsCode && !recovery ? (
          <>
            <button type="button" className="pp-btn" onClick={() => void sendSms()}>
              {props.smsCode.label}
            </button>
            <p role="status" className="pp-muted">
              {smsStatus}
            </p>
          </>
        ) : null}
        <CodeField
          id={codeId}
          label={recovery ? m.recoveryCode : props.smsCode ? t.sms.pin : m.code}
          hint={recovery ? undefined : props.smsCode ? t.sms.pinHint : m.codeHint}
          error={errors.code}
          value={values.code}
          recovery={recovery}
          onChange={(v) => (setValues((x) => ({ ...x, code: v })), setErrors((x) => ({ ...x, code: undefined })))}
        />
        {props.canUseRecovery || recovery ? (
          <button
            type="button"
            className="pp-link"
            onClick={() => {
              setRecovery(!recovery);
              setValues((v) => ({ ...v, code: '' }));
              setErrors((x) => ({ ...x, code: undefined }));
              focusSoon(codeId);
            }}
          >
            {recovery ? (props.smsCode ? props.smsCode.useLabel : m.useApp) : m.useRecovery}
          </button>
        ) : null}
        <SubmitOrCancel busy={busy} submit={props.submit} busyText={props.busyText} cancel={m.cancel} onCancel={props.onCancel} />
      </form>
    </Subsection>
  );
}
