import { useRef, useState, type FormEvent } from 'react';
import * as api from './api';
import type { Failure } from './api';
import { CodeField, SubmitOrCancel, TextField, type TextFieldProps } from './CodeField';
import { focusSoon } from './section';
import { FailureAlert, type MethodSetupProps, Subsection } from './Subsection';

/**
 * Adding SMS as a two-step method: the mobile number (and, where the authenticator app is on, the current
 * password and a code from it), "Send code", then the 6-digit PIN from the text message with "Send a new code".
 * The number is shown back only masked. On success: the recovery codes (first method) or the overview.
 */

type Props = MethodSetupProps & {
  username: string;
  /** Another method is on: the current password and a current code are asked first. */
  needsProof: boolean;
  canUseRecovery: boolean;
};

type Errors = { phone?: string; password?: string; code?: string; pin?: string };

export function SmsSetup({ t, username, needsProof, canUseRecovery, failureText, onCancel, onEnded, onDone }: Props) {
  const m = t.sms;
  const [values, setValues] = useState({ phone: '', password: '', code: '', pin: '' });
  const [recovery, setRecovery] = useState(false);
  const [sentTo, setSentTo] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const failureRef = useRef<HTMLDivElement>(null);

  const set = (field: keyof typeof values) => (value: string) => (setValues((v) => ({ ...v, [field]: value })), setErrors((e) => ({ ...e, [field]: undefined })));
  const showFailure = (f: Failure) => {
    setFailure(failureText(f));
    requestAnimationFrame(() => failureRef.current?.focus());
  };

  async function send(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (values.phone.trim() === '') return setErrors({ phone: m.phoneRequired }), focusSoon('pp-sms-phone');
    if (needsProof && values.password === '') return setErrors({ password: t.form.required }), focusSoon('pp-sms-password');
    if (needsProof && values.code.trim() === '') return setErrors({ code: t.twoStep.required }), focusSoon('pp-sms-code');
    setBusy(true);
    setFailure(undefined);
    const outcome = await api.startSms({ phone: values.phone, ...(needsProof ? { password: values.password, code: values.code, recovery } : {}) });
    setBusy(false);
    if (outcome.ok) {
      setSentTo(outcome.data.masked);
      setStatus(m.sentTo(outcome.data.masked));
      return focusSoon('pp-sms-pin');
    }
    if (outcome.error === 'invalid-input' && outcome.field === 'phone') return setErrors({ phone: m.phoneInvalid }), focusSoon('pp-sms-phone');
    if (outcome.error === 'wrong-password') return setValues((v) => ({ ...v, password: '' })), setErrors({ password: t.errors['wrong-password'] }), focusSoon('pp-sms-password');
    if (outcome.error === 'wrong-code') return setValues((v) => ({ ...v, code: '' })), setErrors({ code: t.errors['wrong-code'] }), focusSoon('pp-sms-code');
    showFailure(outcome);
  }

  async function resend() {
    if (busy) return;
    setBusy(true);
    const outcome = await api.resendSms();
    setBusy(false);
    if (outcome.ok) return setStatus(m.resent(outcome.data.masked)), focusSoon('pp-sms-pin');
    if (outcome.error === 'expired') return onEnded(failureText(outcome));
    showFailure(outcome);
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (values.pin.trim() === '') return setErrors({ pin: t.twoStep.required }), focusSoon('pp-sms-pin');
    setBusy(true);
    const outcome = await api.confirmSms({ code: values.pin });
    setBusy(false);
    if (outcome.ok) return onDone(outcome.data.codes, outcome.data.profile);
    setValues((v) => ({ ...v, pin: '' }));
    if (outcome.error === 'wrong-code' || outcome.error === 'invalid-input') {
      setErrors({ pin: outcome.left === undefined ? t.errors['wrong-code'] : t.twoStep.wrongLeft(outcome.left) });
      return focusSoon('pp-sms-pin');
    }
    onEnded(failureText(outcome));
  }

  const field = (id: string, label: string, key: keyof typeof values, opts: Pick<TextFieldProps, 'type' | 'autoComplete' | 'inputMode' | 'hint' | 'maxLength'>) => (
    <TextField id={id} label={label} error={errors[key]} value={values[key]} onChange={set(key)} code={opts.inputMode === 'numeric'} {...opts} />
  );

  return (
    <Subsection title={m.addTitle}>
      <p className="pp-muted">{m.addIntro}</p>
      <FailureAlert ref={failureRef} text={failure} />
      {sentTo === undefined ? (
        <form noValidate onSubmit={(e) => void send(e)}>
          {field('pp-sms-phone', m.phone, 'phone', { type: 'tel', autoComplete: 'tel', inputMode: 'tel', hint: m.phoneHint, maxLength: 40 })}
          {needsProof ? (
            <>
              <p className="pp-muted">{m.proofIntro}</p>
              <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
              {field('pp-sms-password', t.twoStep.password, 'password', { type: 'password', autoComplete: 'current-password', maxLength: 1024 })}
              {recovery ? (
                // As it has always been here: a plain text field (the code forms style a recovery code as a code).
                field('pp-sms-code', t.twoStep.recoveryCode, 'code', { autoComplete: 'off', inputMode: 'text', maxLength: 24 })
              ) : (
                <CodeField id="pp-sms-code" label={t.twoStep.code} hint={t.twoStep.codeHint} error={errors.code} value={values.code} recovery={false} onChange={set('code')} />
              )}
              {canUseRecovery || recovery ? (
                <button type="button" className="pp-link" onClick={() => (setRecovery(!recovery), set('code')(''), focusSoon('pp-sms-code'))}>
                  {recovery ? t.twoStep.useApp : t.twoStep.useRecovery}
                </button>
              ) : null}
            </>
          ) : null}
          <SubmitOrCancel busy={busy} submit={m.send} busyText={m.sending} cancel={t.twoStep.cancel} onCancel={onCancel} />
        </form>
      ) : (
        <form noValidate onSubmit={(e) => void confirm(e)}>
          <p role="status">{status}</p>
          <CodeField id="pp-sms-pin" label={m.pin} hint={m.pinHint} error={errors.pin} value={values.pin} recovery={false} onChange={set('pin')} />
          <button type="button" className="pp-link" onClick={() => void resend()}>
            {m.resend}
          </button>
          <SubmitOrCancel busy={busy} submit={m.confirm} busyText={t.twoStep.confirming} cancel={t.twoStep.cancel} onCancel={onCancel} />
        </form>
      )}
    </Subsection>
  );
}
