import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ProfileData, TwoStepEnrolment } from '../../../src/surfaces/profile-api';
import * as api from './api';
import type { Failure } from './api';
import { CodeField, SubmitOrCancel } from './CodeField';
import type { Messages } from './i18n';
import { SmsSetup } from './SmsSetup';

/**
 * "Two-step verification" in the profile panel: the methods (authenticator app on since / off), recovery
 * codes left, whether the portal requires it for this customer; add the app (QR code drawn as SVG from the
 * modules the server answers, the key in groups of four, one code), remove it (password and a code), create
 * new recovery codes (a code). New recovery codes are shown once, with Download and Print, and the panel goes
 * back only after "I have saved these codes".
 */
type Mode =
  | { kind: 'overview' }
  | { kind: 'enrol'; enrolment: TwoStepEnrolment }
  | { kind: 'remove' }
  | { kind: 'app-proof' }
  | { kind: 'sms-add' }
  | { kind: 'sms-remove' }
  | { kind: 'renew' }
  | { kind: 'codes'; codes: string[]; after: 'enrolled' | 'renewed'; profile: ProfileData };

type Notice = { tone: 'success' | 'error'; text: string } | null;

interface Props {
  t: Messages;
  data: ProfileData;
  dateTime: (sec: number) => string;
  onChanged: (fresh: ProfileData) => void;
}

export function TwoStepSection({ t, data, dateTime, onChanged }: Props) {
  const m = t.twoStep;
  const [mode, setMode] = useState<Mode>({ kind: 'overview' });
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const view = data.twoStep;
  const appOn = view.totpSince > 0;
  const anyOn = appOn || view.sms !== null;
  /** The last method cannot be removed while verification is required. */
  const removable = (other: boolean) => other || !view.required;
  const canUseRecovery = Boolean(view.recovery && view.recovery.left > 0);
  /** "Send a code by SMS" where SMS is the only method (no app to take a code from). */
  const smsCode = view.sms && !appOn ? { label: t.sms.sendCode, useLabel: t.sms.useSms, send: api.sendSmsCode, sent: t.sms.codeSent } : undefined;

  const failureText = (f: Failure) => (f.error === 'locked' ? t.lockedUntil(dateTime(f.until ?? 0)) : t.errors[f.error]);

  /** A new view: its heading takes the focus (the view's own first field, where it has one, does in it). */
  const go = (next: Mode, keepNotice = false) => {
    if (!keepNotice) setNotice(null);
    setMode(next);
    if (next.kind === 'overview') requestAnimationFrame(() => headingRef.current?.focus());
  };
  const announce = (next: Notice) => {
    setNotice(next);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  async function start() {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    const outcome = await api.startTwoStep();
    setBusy(false);
    if (outcome.ok) return go({ kind: 'enrol', enrolment: outcome.data });
    announce({ tone: 'error', text: failureText(outcome) });
  }

  let body: ReactNode;
  switch (mode.kind) {
    case 'overview':
      body = (
        <>
          <p className="pp-muted">{m.intro}</p>
          <p id="pp-2s-policy">{view.policy === 'off' ? m.policy.off : view.required ? m.policy.required : m.policy.optional}</p>
          <dl className="pp-facts" aria-label={m.methods}>
            <div className="pp-fact">
              <dt>{m.app}</dt>
              <dd id="pp-2s-app">{view.totpSince > 0 ? m.appOn(dateTime(view.totpSince)) : m.off}</dd>
            </div>
            {view.sms || view.canAddSms ? (
              <div className="pp-fact">
                <dt>{t.sms.label}</dt>
                <dd id="pp-2s-sms">{view.sms ? t.sms.on(view.sms.masked, dateTime(view.sms.since)) : m.off}</dd>
              </div>
            ) : null}
            {anyOn ? (
              <div className="pp-fact">
                <dt>{m.recovery}</dt>
                <dd id="pp-2s-recovery">{view.recovery ? m.recoveryLeft(view.recovery.left, view.recovery.total) : m.recoveryNone}</dd>
              </div>
            ) : null}
          </dl>
          {view.required && appOn && !view.sms ? <p className="pp-notice pp-notice--info">{m.requiredNoRemove}</p> : null}
          <div className="pp-actions">
            {view.canAdd ? (
              <button type="button" className="pp-btn pp-btn--primary" aria-disabled={busy || undefined} onClick={() => (view.sms ? go({ kind: 'app-proof' }) : void start())}>
                {m.add}
              </button>
            ) : null}
            {view.canAddSms ? (
              <button type="button" className={view.canAdd ? 'pp-btn' : 'pp-btn pp-btn--primary'} onClick={() => go({ kind: 'sms-add' })}>
                {t.sms.add}
              </button>
            ) : null}
            {anyOn ? (
              <button type="button" className="pp-btn" onClick={() => go({ kind: 'renew' })}>
                {m.renew}
              </button>
            ) : null}
            {appOn && removable(view.sms !== null) ? (
              <button type="button" className="pp-btn" onClick={() => go({ kind: 'remove' })}>
                {m.remove}
              </button>
            ) : null}
            {view.sms && removable(appOn) ? (
              <button type="button" className="pp-btn" onClick={() => go({ kind: 'sms-remove' })}>
                {t.sms.remove}
              </button>
            ) : null}
          </div>
        </>
      );
      break;
    case 'enrol':
      body = (
        <Enrol
          t={t}
          enrolment={mode.enrolment}
          failureText={failureText}
          onCancel={() => go({ kind: 'overview' })}
          onExpired={(text) => {
            go({ kind: 'overview' });
            announce({ tone: 'error', text });
          }}
          onDone={(codes, profile) => go({ kind: 'codes', codes, after: 'enrolled', profile })}
        />
      );
      break;
    case 'remove':
      body = (
        <CodeForm
          t={t}
          id="pp-2s-remove"
          title={m.removeTitle}
          intro={m.removeIntro}
          withPassword
          username={data.username}
          submit={m.removeSubmit}
          busyText={m.removing}
          failureText={failureText}
          run={(input) => api.removeTwoStep({ password: input.password, code: input.code, recovery: input.recovery })}
          onCancel={() => go({ kind: 'overview' })}
          onDone={(profile) => {
            onChanged(profile as ProfileData);
            go({ kind: 'overview' }, true);
            announce({ tone: 'success', text: m.removed });
          }}
          canUseRecovery={Boolean(view.recovery && view.recovery.left > 0)}
        />
      );
      break;
    case 'app-proof':
      // SMS is on already: adding the app asks for the current password and a current code first.
      body = (
        <CodeForm
          t={t}
          id="pp-app-proof"
          title={m.enrolTitle}
          intro={t.sms.proofIntroApp}
          withPassword
          username={data.username}
          submit={m.add}
          busyText={m.confirming}
          failureText={failureText}
          smsCode={smsCode}
          run={(input) => api.startTwoStep({ password: input.password, code: input.code, recovery: input.recovery })}
          onCancel={() => go({ kind: 'overview' })}
          onDone={(enrolment) => go({ kind: 'enrol', enrolment: enrolment as TwoStepEnrolment })}
          canUseRecovery={canUseRecovery}
        />
      );
      break;
    case 'sms-add':
      body = (
        <SmsSetup
          t={t}
          username={data.username}
          needsProof={appOn}
          canUseRecovery={canUseRecovery}
          failureText={failureText}
          onCancel={() => go({ kind: 'overview' })}
          onEnded={(text) => {
            go({ kind: 'overview' });
            announce({ tone: 'error', text });
          }}
          onDone={(codes, profile) => {
            if (codes.length > 0) return go({ kind: 'codes', codes, after: 'enrolled', profile });
            onChanged(profile);
            go({ kind: 'overview' }, true);
            announce({ tone: 'success', text: t.sms.added });
          }}
        />
      );
      break;
    case 'sms-remove':
      body = (
        <CodeForm
          t={t}
          id="pp-sms-remove"
          title={t.sms.removeTitle}
          intro={appOn ? t.sms.removeIntroOther : t.sms.removeIntroLast}
          withPassword
          username={data.username}
          submit={m.removeSubmit}
          busyText={m.removing}
          failureText={failureText}
          smsCode={smsCode}
          run={(input) => api.removeTwoStep({ password: input.password, code: input.code, recovery: input.recovery, method: 'sms' })}
          onCancel={() => go({ kind: 'overview' })}
          onDone={(profile) => {
            onChanged(profile as ProfileData);
            go({ kind: 'overview' }, true);
            announce({ tone: 'success', text: t.sms.removed });
          }}
          canUseRecovery={canUseRecovery}
        />
      );
      break;
    case 'renew':
      body = (
        <CodeForm
          t={t}
          id="pp-2s-renew"
          title={m.renewTitle}
          intro={m.renewIntro}
          submit={m.renewSubmit}
          busyText={m.renewing}
          failureText={failureText}
          smsCode={smsCode}
          run={(input) => api.renewRecoveryCodes({ code: input.code, recovery: input.recovery })}
          onCancel={() => go({ kind: 'overview' })}
          onDone={(answer) => {
            const { codes, profile } = answer as { codes: string[]; profile: ProfileData };
            go({ kind: 'codes', codes, after: 'renewed', profile });
          }}
          canUseRecovery={Boolean(view.recovery && view.recovery.left > 0)}
        />
      );
      break;
    case 'codes':
      body = (
        <RecoveryCodes
          t={t}
          codes={mode.codes}
          intro={mode.after === 'enrolled' ? m.codesIntroEnrolled : m.codesIntroRenewed}
          account={data.username}
          onDone={() => {
            onChanged(mode.profile);
            go({ kind: 'overview' });
          }}
        />
      );
      break;
  }

  return (
    <section className="pp-section pp-twostep" aria-labelledby="pp-2s-title">
      <h2 id="pp-2s-title" className="pp-subtitle" ref={headingRef} tabIndex={-1}>
        {m.title}
      </h2>
      <div ref={noticeRef} tabIndex={-1} role={notice?.tone === 'error' ? 'alert' : 'status'} className={notice ? `pp-notice pp-notice--${notice.tone}` : 'pp-notice-empty'}>
        {notice ? <p>{notice.text}</p> : null}
      </div>
      {body}
    </section>
  );
}

/** The otpauth URI's QR code, drawn from its modules (dark on white in both themes, as scanners expect). */
function QrCode({ qr, label }: { qr: TwoStepEnrolment['qr']; label: string }) {
  const quiet = 4;
  const n = qr.size + quiet * 2;
  const d = useMemo(() => {
    let path = '';
    qr.rows.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
      }),
    );
    return path;
  }, [qr]);
  return (
    <svg className="pp-qr" viewBox={`0 0 ${n} ${n}`} role="img" aria-label={label} shapeRendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={n} height={n} fill="#FFFFFF" />
      <path d={d} fill="#000000" />
    </svg>
  );
}

const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

function Enrol(props: {
  t: Messages;
  enrolment: TwoStepEnrolment;
  failureText: (f: Failure) => string;
  onCancel: () => void;
  onExpired: (text: string) => void;
  onDone: (codes: string[], profile: ProfileData) => void;
}) {
  const { t, enrolment } = props;
  const m = t.twoStep;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (code.trim() === '') {
      setError(m.required);
      return focusSoon('pp-2s-code');
    }
    setBusy(true);
    const outcome = await api.confirmTwoStep({ code });
    setBusy(false);
    if (outcome.ok) return props.onDone(outcome.data.codes, outcome.data.profile);
    setCode('');
    if (outcome.error === 'wrong-code') {
      setError(outcome.left === undefined ? t.errors['wrong-code'] : m.wrongLeft(outcome.left));
      return focusSoon('pp-2s-code');
    }
    if (outcome.error === 'invalid-input') {
      setError(t.errors['wrong-code']);
      return focusSoon('pp-2s-code');
    }
    props.onExpired(props.failureText(outcome));
  }

  return (
    <div className="pp-subsection">
      <h3 className="pp-subtitle pp-subtitle--small" ref={titleRef} tabIndex={-1}>
        {m.enrolTitle}
      </h3>
      <ol className="pp-steps">
        {m.enrolSteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <QrCode qr={enrolment.qr} label={m.qrLabel(enrolment.issuer, enrolment.account)} />
      <div className="pp-key">
        <span id="pp-2s-key-label" className="pp-key-label">
          {m.keyLabel}
        </span>
        <code id="pp-2s-key" aria-labelledby="pp-2s-key-label">
          {enrolment.key}
        </code>
      </div>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <CodeField id="pp-2s-code" label={m.code} hint={m.codeHint} error={error} value={code} recovery={false} onChange={(v) => (setCode(v), setError(undefined))} />
        <SubmitOrCancel busy={busy} submit={m.confirm} busyText={m.confirming} cancel={m.cancel} onCancel={props.onCancel} />
      </form>
    </div>
  );
}

type CodeInput = { password: string; code: string; recovery: boolean };

function CodeForm(props: {
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
  const titleRef = useRef<HTMLHeadingElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);

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
    <div className="pp-subsection">
      <h3 className="pp-subtitle pp-subtitle--small" ref={titleRef} tabIndex={-1}>
        {props.title}
      </h3>
      <p className="pp-muted">{props.intro}</p>
      <div ref={failureRef} tabIndex={-1} role="alert" className={failure ? 'pp-notice pp-notice--error' : 'pp-notice-empty'}>
        {failure ? <p>{failure}</p> : null}
      </div>
      <form noValidate onSubmit={(e) => void submit(e)}>
        {props.withPassword ? (
          <div className="pp-field">
            <input type="text" name="username" autoComplete="username" value={props.username ?? ''} readOnly hidden />
            <label htmlFor={passwordId}>{m.password}</label>
            {errors.password ? (
              <p id={`${passwordId}-error`} className="pp-field-error">
                {errors.password}
              </p>
            ) : null}
            <input
              id={passwordId}
              className="pp-input"
              type="password"
              autoComplete="current-password"
              maxLength={1024}
              value={values.password}
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={errors.password ? `${passwordId}-error` : undefined}
              onChange={(e) => (setValues((v) => ({ ...v, password: e.target.value })), setErrors((x) => ({ ...x, password: undefined })))}
            />
          </div>
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
    </div>
  );
}

function RecoveryCodes({ t, codes, intro, account, onDone }: { t: Messages; codes: string[]; intro: string; account: string; onDone: () => void }) {
  const m = t.twoStep;
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string>();
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);
  // Printing shows only the codes (profile.css, @media print).
  useEffect(() => {
    const after = () => document.documentElement.classList.remove('pp-printing-codes');
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('afterprint', after);
      after();
    };
  }, []);

  function download() {
    const text = `${m.fileHeader(account)}\n\n${codes.join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = m.fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  function print() {
    document.documentElement.classList.add('pp-printing-codes');
    window.print();
  }

  function done() {
    if (!saved) {
      setError(m.savedRequired);
      return focusSoon('pp-2s-saved');
    }
    onDone();
  }

  return (
    <div className="pp-subsection pp-codes">
      <h3 className="pp-subtitle pp-subtitle--small" ref={titleRef} tabIndex={-1}>
        {m.codesTitle}
      </h3>
      <p>{intro}</p>
      <p className="pp-muted">{m.codesOnce}</p>
      <ul className="pp-code-list" aria-label={m.codesTitle}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="pp-actions pp-no-print">
        <button type="button" className="pp-btn" onClick={download}>
          {m.download}
        </button>
        <button type="button" className="pp-btn" onClick={print}>
          {m.print}
        </button>
      </div>
      <div className="pp-check pp-no-print">
        <input
          id="pp-2s-saved"
          type="checkbox"
          checked={saved}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'pp-2s-saved-error' : undefined}
          onChange={(e) => (setSaved(e.target.checked), setError(undefined))}
        />
        <label htmlFor="pp-2s-saved">{m.saved}</label>
      </div>
      {error ? (
        <p id="pp-2s-saved-error" className="pp-field-error pp-no-print">
          {error}
        </p>
      ) : null}
      <button type="button" className="pp-btn pp-btn--primary pp-no-print" onClick={done}>
        {m.done}
      </button>
    </div>
  );
}
