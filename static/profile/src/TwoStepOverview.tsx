import type { ProfileData } from '../../../src/surfaces/profile-api';
import type { Messages } from './i18n';

/** What the overview's buttons ask for: add the app, add SMS, new recovery codes, remove the app or SMS. */
export type TwoStepAction = 'app' | 'sms-add' | 'renew' | 'remove' | 'sms-remove';

/**
 * The overview of "Two-step verification": the methods (authenticator app on since / off, SMS), recovery codes
 * left, whether the portal requires it for this customer, and the actions that apply. The last method cannot be
 * removed while verification is required.
 */
export function TwoStepOverview({ t, view, dateTime, busy, onAction }: {
  t: Messages;
  view: ProfileData['twoStep'];
  dateTime: (sec: number) => string;
  busy: boolean;
  onAction: (action: TwoStepAction) => void;
}) {
  const m = t.twoStep;
  const appOn = view.totpSince > 0;
  const anyOn = appOn || view.sms !== null;
  const removable = (other: boolean) => other || !view.required;
  return (
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
          <button type="button" className="pp-btn pp-btn--primary" aria-disabled={busy || undefined} onClick={() => onAction('app')}>
            {m.add}
          </button>
        ) : null}
        {view.canAddSms ? (
          <button type="button" className={view.canAdd ? 'pp-btn' : 'pp-btn pp-btn--primary'} onClick={() => onAction('sms-add')}>
            {t.sms.add}
          </button>
        ) : null}
        {anyOn ? (
          <button type="button" className="pp-btn" onClick={() => onAction('renew')}>
            {m.renew}
          </button>
        ) : null}
        {appOn && removable(view.sms !== null) ? (
          <button type="button" className="pp-btn" onClick={() => onAction('remove')}>
            {m.remove}
          </button>
        ) : null}
        {view.sms && removable(appOn) ? (
          <button type="button" className="pp-btn" onClick={() => onAction('sms-remove')}>
            {t.sms.remove}
          </button>
        ) : null}
      </div>
    </>
  );
}
