import { useEffect, useRef, useState } from 'react';
import type { SsoData, SsoKeyAction } from '../../../../../src/surfaces/admin-api';
import * as api from '../../api';
import { errorText, type Lang, type Messages } from '../../i18n';
import { StatusLine } from '../settings-common';
import type { SsoTexts } from '../SingleSignOn.i18n';
import { ColumnHeads } from '../../../../shared/ColumnHeads';

type Notice = { tone: 'success' | 'error'; text: string };

/** The rotation steps that apply to these keys, in order: each button is shown only when its step fits. */
export function applicableSteps(keys: SsoData['keys']): SsoKeyAction[] {
  const has = (state: string) => keys.some((k) => k.state === state);
  return [...(has('next') ? (['activate-next'] as const) : (['create-next'] as const)), ...(has('previous') ? (['retire-previous'] as const) : [])];
}

const CONFIRMED: ReadonlySet<SsoKeyAction> = new Set(['activate-next', 'retire-previous']);

/**
 * Step 6: the active certificate's expiry (a warning from 30 days before and once expired), the published
 * keys, and the rotation steps create next → switch → retire previous; switching and retiring are confirmed.
 */
export function Certificates({ lang, t, x, data, onChanged, titleId }: { lang: Lang; t: Messages; x: SsoTexts; data: SsoData; onChanged: (next: SsoData) => void; titleId: string }) {
  const [confirming, setConfirming] = useState<SsoKeyAction | null>(null);
  const [running, setRunning] = useState<SsoKeyAction | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<string | null>(null);
  const c = x.certificate;
  const date = (sec: number) => new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long' }).format(new Date(sec * 1000));

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (returnTo.current) document.getElementById(returnTo.current)?.focus();
    returnTo.current = null;
  }, [confirming]);

  async function run(action: SsoKeyAction) {
    if (running) return;
    setRunning(action);
    setNotice(null);
    const result = await api.call('admin/sso/keys', { action });
    setRunning(null);
    setConfirming(null);
    if (result.ok) {
      onChanged(result.data);
      setNotice({ tone: 'success', text: c.done[action] });
    } else if (result.error === 'not-allowed') {
      const fresh = await api.call('admin/sso/get', {});
      if (fresh.ok) onChanged(fresh.data);
      setNotice({ tone: 'error', text: c.notAllowed });
    } else {
      setNotice({ tone: 'error', text: errorText(t, result.error) });
    }
    // The button pressed is gone or changed with the keys: continue from the step's heading.
    document.getElementById(titleId)?.focus();
  }

  function press(action: SsoKeyAction) {
    if (running) return;
    setNotice(null);
    if (!CONFIRMED.has(action)) return void run(action);
    setConfirming(action);
  }

  /** Back to the step's button (rendered again once the confirmation closes). */
  function cancel() {
    returnTo.current = confirming && `pa-sso-${confirming}`;
    setConfirming(null);
  }

  const { notAfter, daysLeft, expiring } = data.certificate;
  const expiry = daysLeft < 0 ? c.expired(date(notAfter)) : expiring ? c.expiring(daysLeft, date(notAfter)) : null;

  return (
    <>
      {expiry ? (
        <p id="pa-sso-expiry" className="pa-notice pa-notice--warning">
          {expiry}
        </p>
      ) : (
        <p id="pa-sso-expiry">{c.validUntil(date(notAfter))}</p>
      )}
      <p className="pa-muted">{c.rotation}</p>
      <div className="pa-sso-keys">
        <table className="pa-table">
          <caption>{c.caption}</caption>
          <ColumnHeads labels={[c.state, c.until, c.fingerprint]} classNames={{ 0: 'pa-nowrap' }} />
          <tbody>
            {data.keys.map((key) => (
              <tr key={key.kid} data-state={key.state}>
                <th scope="row" className="pa-nowrap">
                  {c.states[key.state]}
                </th>
                <td className="pa-nowrap">{date(key.notAfter)}</td>
                <td className="pa-mono pa-sso-fingerprint">{key.fingerprint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confirming ? (
        <div className="pa-notice pa-notice--warning" role="group" aria-labelledby="pa-sso-confirm-text">
          <p id="pa-sso-confirm-text">{c.confirm[confirming]}</p>
          <div className="pa-row pa-sso-confirm-row">
            <button ref={confirmRef} id="pa-sso-confirm" type="button" className="pa-btn pa-btn--primary" aria-disabled={running !== null} onClick={() => void run(confirming)}>
              {running ? c.working : c.confirmYes[confirming]}
            </button>
            <button type="button" className="pa-btn" onClick={cancel}>
              {c.cancel}
            </button>
          </div>
        </div>
      ) : (
        <div className="pa-row">
          {applicableSteps(data.keys).map((action) => (
            <button key={action} id={`pa-sso-${action}`} type="button" className="pa-btn" aria-disabled={running !== null} onClick={() => press(action)}>
              {running === action ? c.working : c.actions[action]}
            </button>
          ))}
        </div>
      )}
      <StatusLine id="pa-sso-keys-status" notice={notice} boxInfo />
    </>
  );
}
