import { useRef, useState, type ReactNode } from 'react';
import type { ProfileData, TwoStepEnrolment } from '../../../src/surfaces/profile-api';
import * as api from './api';
import type { Failure } from './api';
import { CodeForm } from './CodeForm';
import { RecoveryCodes } from './RecoveryCodes';
import type { Notice, SectionProps } from './section';
import { SmsSetup } from './SmsSetup';
import { TwoStepEnrol } from './TwoStepEnrol';
import { TwoStepOverview, type TwoStepAction } from './TwoStepOverview';

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

export function TwoStepSection({ t, data, dateTime, onChanged }: SectionProps) {
  const m = t.twoStep;
  const [mode, setMode] = useState<Mode>({ kind: 'overview' });
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const view = data.twoStep;
  const appOn = view.totpSince > 0;
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

  /** What the overview's buttons open (adding the app while SMS is on asks for a proof first). */
  const act = (action: TwoStepAction) => {
    if (action === 'app') return view.sms ? go({ kind: 'app-proof' }) : void start();
    go({ kind: action });
  };
  /** A method was removed: the fresh profile, the overview, and the success notice. */
  const removedThen = (text: string) => (profile: unknown) => {
    onChanged(profile as ProfileData);
    go({ kind: 'overview' }, true);
    announce({ tone: 'success', text });
  };
  /** A set-up step that ended without adding the method (e.g. its time ran out): the overview and why. */
  const endedWith = (text: string) => {
    go({ kind: 'overview' });
    announce({ tone: 'error', text });
  };
  /** What every code form here is given (renewing asks for no password, so it ignores the username). */
  const codeForm = { t, username: data.username, failureText, canUseRecovery, onCancel: () => go({ kind: 'overview' }) };

  let body: ReactNode;
  switch (mode.kind) {
    case 'overview':
      body = <TwoStepOverview t={t} view={view} dateTime={dateTime} busy={busy} onAction={act} />;
      break;
    case 'enrol':
      body = (
        <TwoStepEnrol
          t={t}
          enrolment={mode.enrolment}
          failureText={failureText}
          onCancel={() => go({ kind: 'overview' })}
          onEnded={endedWith}
          onDone={(codes, profile) => go({ kind: 'codes', codes, after: 'enrolled', profile })}
        />
      );
      break;
    case 'remove':
      body = (
        <CodeForm
          {...codeForm}
          id="pp-2s-remove"
          title={m.removeTitle}
          intro={m.removeIntro}
          withPassword
          submit={m.removeSubmit}
          busyText={m.removing}
          run={(input) => api.removeTwoStep({ password: input.password, code: input.code, recovery: input.recovery })}
          onDone={removedThen(m.removed)}
        />
      );
      break;
    case 'app-proof':
      // SMS is on already: adding the app asks for the current password and a current code first.
      body = (
        <CodeForm
          {...codeForm}
          id="pp-app-proof"
          title={m.enrolTitle}
          intro={t.sms.proofIntroApp}
          withPassword
          submit={m.add}
          busyText={m.confirming}
          smsCode={smsCode}
          run={(input) => api.startTwoStep({ password: input.password, code: input.code, recovery: input.recovery })}
          onDone={(enrolment) => go({ kind: 'enrol', enrolment: enrolment as TwoStepEnrolment })}
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
          onEnded={endedWith}
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
          {...codeForm}
          id="pp-sms-remove"
          title={t.sms.removeTitle}
          intro={appOn ? t.sms.removeIntroOther : t.sms.removeIntroLast}
          withPassword
          submit={m.removeSubmit}
          busyText={m.removing}
          smsCode={smsCode}
          run={(input) => api.removeTwoStep({ password: input.password, code: input.code, recovery: input.recovery, method: 'sms' })}
          onDone={removedThen(t.sms.removed)}
        />
      );
      break;
    case 'renew':
      body = (
        <CodeForm
          {...codeForm}
          id="pp-2s-renew"
          title={m.renewTitle}
          intro={m.renewIntro}
          submit={m.renewSubmit}
          busyText={m.renewing}
          smsCode={smsCode}
          run={(input) => api.renewRecoveryCodes({ code: input.code, recovery: input.recovery })}
          onDone={(answer) => {
            const { codes, profile } = answer as { codes: string[]; profile: ProfileData };
            go({ kind: 'codes', codes, after: 'renewed', profile });
          }}
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
