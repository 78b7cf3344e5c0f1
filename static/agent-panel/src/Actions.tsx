import type { PanelData } from '../../../src/surfaces/agent-api';
import type { Messages } from './i18n';
import { TRIGGER, type Action } from './panel-state';

/**
 * Resend invite, send reset link and invite, with the invitations left today; `confirm(action)` is that
 * action's open confirmation (or null) and `form` the open invite form.
 */
export function Actions({
  data,
  t,
  locked,
  formOpen,
  confirm,
  form,
  onAsk,
  onOpenForm,
}: {
  data: PanelData;
  t: Messages;
  /** An action, the form or a load is under way: the buttons wait. */
  locked: boolean;
  formOpen: boolean;
  confirm: (action: Action) => React.ReactNode;
  form: React.ReactNode;
  onAsk: (action: 'resendInvite' | 'sendReset') => void;
  onOpenForm: () => void;
}) {
  const { actions, status } = data;
  const inviteContext = actions.invite || actions.resendInvite || status === 'not-invited' || status === 'invited' || status === 'invite-expired';
  if (!(actions.invite || actions.resendInvite || actions.sendReset || inviteContext)) return null;
  return (
    <section className="pa-actions" aria-labelledby="pa-actions-title">
      <h2 id="pa-actions-title" className="pa-sr">
        {t.actions.heading}
      </h2>
      {(actions.invite || actions.resendInvite || actions.sendReset) && (
        <div className="pa-row">
          {actions.resendInvite && (
            <button id={TRIGGER.resendInvite} type="button" className="pa-btn" disabled={locked} onClick={() => onAsk('resendInvite')}>
              {t.actions.resendInvite}
            </button>
          )}
          {actions.sendReset && (
            <button id={TRIGGER.sendReset} type="button" className="pa-btn" disabled={locked} onClick={() => onAsk('sendReset')}>
              {t.actions.sendReset}
            </button>
          )}
          {actions.invite && (
            <button
              id={TRIGGER.invite}
              type="button"
              className="pa-btn pa-btn--primary"
              disabled={locked}
              aria-expanded={formOpen}
              aria-controls={formOpen ? 'pa-invite-form' : undefined}
              onClick={onOpenForm}
            >
              {t.actions.invite}
            </button>
          )}
        </div>
      )}
      {inviteContext && <p className="pa-muted pa-left">{t.actions.invitesLeft(data.invitesLeftToday)}</p>}
      {confirm('resendInvite')}
      {confirm('sendReset')}
      {form}
    </section>
  );
}
