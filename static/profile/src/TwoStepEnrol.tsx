import { useMemo, useState, type FormEvent } from 'react';
import type { TwoStepEnrolment } from '../../../src/surfaces/profile-api';
import * as api from './api';
import { CodeField, SubmitOrCancel } from './CodeField';
import { focusSoon } from './section';
import { type MethodSetupProps, Subsection } from './Subsection';

/** Adding the authenticator app: the steps, the QR code, the key in groups of four, and one code to confirm. */
export function TwoStepEnrol(props: MethodSetupProps & { enrolment: TwoStepEnrolment }) {
  const { t, enrolment } = props;
  const m = t.twoStep;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

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
    props.onEnded(props.failureText(outcome));
  }

  return (
    <Subsection title={m.enrolTitle}>
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
    </Subsection>
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
