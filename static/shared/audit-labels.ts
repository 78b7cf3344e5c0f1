import type { AuditKind } from '../../src/domain/audit';
import type { Lang } from './host-locale';

// What the audit trail's events and the emails they name are called, in the agent panel's timeline and the admin
// page's audit log. Each app adds the few it words its own way, so neither bundle carries the other's wording.

/** The kinds each app words its own way (the admin's audit log more tersely than the agent panel's timeline). */
export type AppWordedKind =
  | 'reset.throttled'
  | 'email.retrying'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked'
  | 'invite.throttled'
  | 'invite.reminded'
  | 'customer.imported'
  | 'customer.updated'
  | 'customer.adopted'
  | 'customer.unlocked'
  | 'customer.disabled'
  | 'customer.enabled'
  | 'twostep.reset';

/** The label of every other audit event kind. */
export const AUDIT_KIND_LABELS: Record<Lang, Record<Exclude<AuditKind, AppWordedKind>, string>> = {
  en: {
    'reset.requested': 'Password reset requested',
    'reset.refused': 'Password reset refused',
    'password.changed': 'Password changed',
    'email.sent': 'Email sent',
    'email.failed': 'Email could not be sent',
    'email.delivered': 'Email delivered',
    'email.bounced': 'Email bounced',
    'email.complained': 'Email marked as spam',
    'login.refused': 'Sign-in refused',
    'login.code-sent': 'Sign-in code emailed',
    'login.code-used': 'Sign-in code used',
    'login.code-refused': 'Sign-in code refused',
    'invite.sent': 'Invitation sent',
    'invite.resent': 'Invitation sent again',
    'invite.accepted': 'Invitation accepted',
    'twostep.enrolled': 'Two-step verification set up',
    'twostep.failed': 'Wrong verification code',
    'twostep.recovery-used': 'Recovery code used',
    'twostep.removed': 'Two-step verification method removed by the customer',
    'twostep.recovery-created': 'New recovery codes created',
    'sms.sent': 'Verification code sent by SMS',
    'sms.failed': 'SMS with the verification code could not be sent',
    'sms.delivered': 'SMS delivered',
    'sms.undelivered': 'SMS not delivered',
    'customer.erased': 'Customer and their data deleted (the trail is kept without personal data)',
    'customer.exported': 'Customer data downloaded',
    'account.closed': 'Atlassian account closed: what the app kept of it was erased (filed under an opaque reference)',
    'passkey.added': 'Passkey added',
    'passkey.removed': 'Passkey removed',
    'passkey.used': 'Signed in with a passkey',
    'passkey.refused': 'Passkey refused',
  },
  de: {
    'reset.requested': 'Zurücksetzen des Passworts angefordert',
    'reset.refused': 'Zurücksetzen des Passworts abgelehnt',
    'password.changed': 'Passwort geändert',
    'email.sent': 'E-Mail gesendet',
    'email.failed': 'E-Mail konnte nicht gesendet werden',
    'email.delivered': 'E-Mail zugestellt',
    'email.bounced': 'E-Mail unzustellbar',
    'email.complained': 'E-Mail als Spam gemeldet',
    'login.refused': 'Anmeldung abgelehnt',
    'login.code-sent': 'Anmeldecode per E-Mail gesendet',
    'login.code-used': 'Anmeldecode verwendet',
    'login.code-refused': 'Anmeldecode abgelehnt',
    'invite.sent': 'Einladung gesendet',
    'invite.resent': 'Einladung erneut gesendet',
    'invite.accepted': 'Einladung angenommen',
    'twostep.enrolled': 'Zwei-Schritt-Verifizierung eingerichtet',
    'twostep.failed': 'Falscher Bestätigungscode',
    'twostep.recovery-used': 'Wiederherstellungscode verwendet',
    'twostep.removed': 'Zwei-Schritt-Verifizierung vom Kunden entfernt',
    'twostep.recovery-created': 'Neue Wiederherstellungscodes erstellt',
    'sms.sent': 'Bestätigungscode per SMS gesendet',
    'sms.failed': 'SMS mit dem Bestätigungscode konnte nicht gesendet werden',
    'sms.delivered': 'SMS zugestellt',
    'sms.undelivered': 'SMS nicht zugestellt',
    'customer.erased': 'Kunde und seine Daten gelöscht (der Verlauf bleibt ohne personenbezogene Daten)',
    'customer.exported': 'Kundendaten heruntergeladen',
    'account.closed': 'Atlassian-Konto geschlossen: Was die App davon gespeichert hatte, wurde gelöscht (unter einer anonymen Referenz abgelegt)',
    'passkey.added': 'Passkey hinzugefügt',
    'passkey.removed': 'Passkey entfernt',
    'passkey.used': 'Mit einem Passkey angemeldet',
    'passkey.refused': 'Passkey abgelehnt',
  },
};

/** The name of each email template as an audit entry's detail `template` names it (but the invitation reminder's, which the apps word differently in German). */
export const EMAIL_TEMPLATE_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    invite: 'invitation',
    reset: 'password reset link',
    'password-changed': 'password change notice',
    'sign-in-code': 'sign-in code',
    'twostep-on': 'two-step verification on notice',
    'twostep-off': 'two-step verification off notice',
    'twostep-codes': 'new recovery codes notice',
    'twostep-reset': 'two-step verification reset notice',
    'twostep-recovery-used': 'recovery code used notice',
    'passkey-added': 'passkey added notice',
    'passkey-removed': 'passkey removed notice',
  },
  de: {
    invite: 'Einladung',
    reset: 'Link zum Zurücksetzen',
    'password-changed': 'Hinweis zur Passwortänderung',
    'sign-in-code': 'Anmeldecode',
    'twostep-on': 'Hinweis: Zwei-Schritt-Verifizierung ein',
    'twostep-off': 'Hinweis: Zwei-Schritt-Verifizierung aus',
    'twostep-codes': 'Hinweis: neue Wiederherstellungscodes',
    'twostep-reset': 'Hinweis: Zwei-Schritt-Verifizierung zurückgesetzt',
    'twostep-recovery-used': 'Hinweis: Wiederherstellungscode verwendet',
    'passkey-added': 'Hinweis: Passkey hinzugefügt',
    'passkey-removed': 'Hinweis: Passkey entfernt',
  },
};
