import type { PanelData, PanelStatus } from '../../../src/surfaces/agent-api';
import type { Dates } from './dates';
import type { Messages } from './i18n';

const LOZENGE: Record<PanelStatus, 'default' | 'success' | 'removed' | 'inprogress' | 'new' | 'moved'> = {
  'not-invited': 'default',
  invited: 'inprogress',
  'invite-expired': 'moved',
  active: 'success',
  'reset-pending': 'new',
  locked: 'removed',
  disabled: 'default',
  unidentified: 'default',
};

function summary(t: Messages, d: PanelData, dates: Dates): string {
  const c = d.customer;
  switch (d.status) {
    case 'invited':
      return c ? t.summary.invited(dates.date(c.invitedAt), dates.date(c.inviteExpiresAt)) : '';
    case 'invite-expired':
      return c ? t.summary.inviteExpired(dates.date(c.invitedAt), dates.date(c.inviteExpiresAt)) : '';
    case 'active': {
      if (!c) return '';
      const parts = [];
      if (c.activatedAt > 0) parts.push(t.summary.activeSince(dates.date(c.activatedAt)));
      if (c.passwordChangedAt > 0) parts.push(t.summary.passwordChanged(dates.date(c.passwordChangedAt)));
      return parts.join(' · ');
    }
    case 'reset-pending':
      return c ? t.summary.resetSent(dates.dateTime(c.resetExpiresAt)) : '';
    case 'locked':
      return c ? t.summary.lockedUntil(dates.dateTime(c.lockedUntil)) : '';
    case 'disabled':
      return t.summary.disabled;
    case 'not-invited':
      return t.summary.notInvited;
    case 'unidentified':
      return t.summary.unidentified;
    default:
      return '';
  }
}

/** The reporter, the status at a glance (lozenge and one line) and a delivery warning. */
export function StatusHeader({ data, t, dates }: { data: PanelData; t: Messages; dates: Dates }) {
  const { reporter, customer, status } = data;
  const line = summary(t, data, dates);
  return (
    <header className="pa-head">
      <h1 id="pa-title" className="pa-name" tabIndex={-1}>
        <span className="pa-sr">{t.title}: </span>
        {reporter.displayName}
      </h1>
      <p className="pa-email">{reporter.email ?? <em>{t.emailHidden}</em>}</p>
      <p className="pa-status">
        <span className="pa-sr">{t.statusLabel} </span>
        <span className={`pa-lozenge pa-lozenge--${LOZENGE[status] ?? 'default'}`}>{t.status[status] ?? status}</span>
        {customer?.portalAdmin && (
          <span id="pa-portal-admin" className="pa-lozenge pa-lozenge--new">
            {t.portalAdmin}
          </span>
        )}
        {line && <span className="pa-status-line">{line}</span>}
      </p>
      {data.deliveryWarning && (
        <p className="pa-notice pa-notice--error pa-delivery-warning">
          {t.deliveryWarning[data.deliveryWarning.kind]} {dates.date(data.deliveryWarning.at)}
          {data.deliveryWarning.reason ? ` – ${data.deliveryWarning.reason}` : ''}
        </p>
      )}
    </header>
  );
}
