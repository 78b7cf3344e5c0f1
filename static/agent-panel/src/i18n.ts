import type { PanelStatus } from '../../../src/surfaces/agent-api';
import type { FailureCode } from './api';

import { intlLocale, langOf, type Lang } from '../../shared/host-locale';
import { TIMELINE_MESSAGES } from './timeline.i18n';

export { intlLocale, langOf, type Lang };

/** The agent panel's texts, English and German; the activity timeline's own are in ./timeline.i18n.ts. */
export type Messages = typeof en;

const en = {
  title: 'Portal access',
  loading: 'Loading…',
  emailHidden: 'email hidden by Jira',
  deliveryWarning: { bounced: 'Emails to this address bounced:', complained: 'This customer marked our email as spam:' },
  statusLabel: 'Status:',
  status: {
    'not-invited': 'Not invited',
    invited: 'Invited',
    'invite-expired': 'Invite expired',
    active: 'Active',
    'reset-pending': 'Reset pending',
    locked: 'Locked',
    disabled: 'Disabled',
    unidentified: 'Unidentified',
  } satisfies Record<PanelStatus, string>,
  summary: {
    invited: (i: string, e: string) => `Invited ${i} · expires ${e}`,
    inviteExpired: (i: string, e: string) => `Invited ${i} · expired ${e}`,
    activeSince: (d: string) => `Active since ${d}`,
    passwordChanged: (d: string) => `password changed ${d}`,
    resetSent: (e: string) => `Reset link sent · expires ${e}`,
    lockedUntil: (d: string) => `Locked until ${d}`,
    disabled: 'Portal access was disabled by an administrator.',
    notInvited: 'This reporter has no portal account yet.',
    unidentified: 'Jira shares neither a linked account nor an email for this reporter.',
  },
  facts: {
    label: 'Customer details',
    email: 'Email',
    username: 'Username',
    language: 'Language',
    invited: 'Invited',
    inviteExpires: 'Invite expires',
    activeSince: 'Active since',
    passwordChanged: 'Password changed',
    lastSignIn: 'Last sign-in',
    never: 'never',
    twoStep: 'Two-step verification',
  },
  /** Marked by an admin as one of the customer's portal administrators (shown beside the status). */
  portalAdmin: 'Portal administrator',
  /** The customer's two-step verification as the panel shows it (agents cannot change it). */
  twoStep: { on: 'on (authenticator app)', required: 'required, not set up yet', off: 'off' } satisfies Record<'on' | 'required' | 'off', string>,
  /** "on (authenticator app, SMS +49 ••• •••• 67)". */
  twoStepOn: (methods: string[]) => `on (${methods.join(', ')})`,
  /** Issue 22: "passkeys: 2" beside the two-step state. */
  passkeys: (count: number) => `passkeys: ${count}`,
  twoStepMethod: { totp: 'authenticator app', sms: (masked: string) => `SMS ${masked}` },
  languages: { en: 'English', de: 'German (Deutsch)' } satisfies Record<Lang, string>,
  actions: {
    heading: 'Actions',
    resendInvite: 'Resend invite',
    sendReset: 'Send reset link',
    invite: 'Invite',
    invitesLeft: (n: number) =>
      n === 0 ? 'No invitations left today for this customer.' : n === 1 ? '1 invitation left today for this customer.' : `${n} invitations left today for this customer.`,
    confirm: 'Confirm',
    cancel: 'Cancel',
    working: 'Sending…',
    askResend: (e: string) => `Send the invitation to ${e} again?`,
    askReset: (e: string) => `Send a password reset link to ${e}?`,
    askInvite: (e: string) => `Send an invitation to ${e}?`,
    theCustomer: 'the customer',
  },
  form: {
    heading: 'Invite to the portal',
    email: 'Email',
    displayName: 'Display name',
    username: 'Username',
    optional: '(optional)',
    language: 'Language of the emails',
    submit: 'Continue',
    cancel: 'Cancel',
    invalid: 'Check this value.',
  },
  done: {
    invite: (e: string) => `Invitation sent to ${e}`,
    resendInvite: (e: string) => `Invitation sent to ${e}`,
    sendReset: (e: string) => `Reset link sent to ${e}`,
  },
  errors: {
    forbidden: 'Only agents of this service project can do this.',
    'not-found': 'This request or customer no longer exists. Reload the panel.',
    'invalid-input': 'Some of the input is not valid.',
    'limit-reached': 'This customer has reached today\'s limit for these emails. Try again tomorrow.',
    'wrong-state': 'The customer’s status has changed in the meantime. Reload the panel to see it.',
    'already-registered': 'This email address already belongs to a registered customer.',
    'internal-address': 'This is a staff address (internal domain). Staff manage their password in the internal self-service, so no invitation was sent.',
    'email-failed': 'The email could not be sent. Try again later.',
    'jira-unavailable': 'Jira did not answer. Try again in a moment.',
    internal: 'Something went wrong on our side. Try again.',
    unreachable: 'Portal Access could not be reached. Check your connection and try again.',
  } satisfies Record<FailureCode, string>,
  fieldError: (f: string) => `Check the field “${f}”.`,
  fieldNames: { email: 'Email', displayName: 'Display name', username: 'Username', locale: 'Language', cursor: 'Show more' } satisfies Record<string, string> as Record<string, string>,
  forbiddenPanel: 'You can see this panel only as an agent of this service project.',
  retry: 'Try again',
  reload: 'Reload panel',
  dismiss: 'Dismiss',
  timeline: TIMELINE_MESSAGES.en,
};

const de: Messages = {
  title: 'Portalzugang',
  loading: 'Wird geladen…',
  emailHidden: 'E-Mail von Jira verborgen',
  deliveryWarning: { bounced: 'E-Mails an diese Adresse sind unzustellbar:', complained: 'Diese Person hat unsere E-Mail als Spam gemeldet:' },
  statusLabel: 'Status:',
  status: {
    'not-invited': 'Nicht eingeladen',
    invited: 'Eingeladen',
    'invite-expired': 'Einladung abgelaufen',
    active: 'Aktiv',
    'reset-pending': 'Zurücksetzen offen',
    locked: 'Gesperrt',
    disabled: 'Deaktiviert',
    unidentified: 'Nicht zugeordnet',
  },
  summary: {
    invited: (i, e) => `Eingeladen am ${i} · läuft ab am ${e}`,
    inviteExpired: (i, e) => `Eingeladen am ${i} · abgelaufen am ${e}`,
    activeSince: (d) => `Aktiv seit ${d}`,
    passwordChanged: (d) => `Passwort geändert am ${d}`,
    resetSent: (e) => `Link zum Zurücksetzen gesendet · läuft ab am ${e}`,
    lockedUntil: (d) => `Gesperrt bis ${d}`,
    disabled: 'Der Portalzugang wurde von einem Administrator deaktiviert.',
    notInvited: 'Diese meldende Person hat noch kein Portalkonto.',
    unidentified: 'Jira gibt für diese meldende Person weder ein verknüpftes Konto noch eine E-Mail-Adresse frei.',
  },
  facts: {
    label: 'Angaben zum Kunden',
    email: 'E-Mail',
    username: 'Benutzername',
    language: 'Sprache',
    invited: 'Eingeladen',
    inviteExpires: 'Einladung läuft ab',
    activeSince: 'Aktiv seit',
    passwordChanged: 'Passwort geändert',
    lastSignIn: 'Letzte Anmeldung',
    never: 'nie',
    twoStep: 'Zwei-Schritt-Verifizierung',
  },
  portalAdmin: 'Portal-Administrator',
  twoStep: { on: 'an (Authenticator-App)', required: 'erforderlich, noch nicht eingerichtet', off: 'aus' },
  twoStepOn: (methods) => `an (${methods.join(', ')})`,
  passkeys: (count) => `Passkeys: ${count}`,
  twoStepMethod: { totp: 'Authenticator-App', sms: (masked) => `SMS ${masked}` },
  languages: { en: 'Englisch (English)', de: 'Deutsch' },
  actions: {
    heading: 'Aktionen',
    resendInvite: 'Einladung erneut senden',
    sendReset: 'Link zum Zurücksetzen senden',
    invite: 'Einladen',
    invitesLeft: (n) =>
      n === 0 ? 'Heute sind keine Einladungen mehr möglich.' : n === 1 ? 'Heute ist noch 1 Einladung möglich.' : `Heute sind noch ${n} Einladungen möglich.`,
    confirm: 'Bestätigen',
    cancel: 'Abbrechen',
    working: 'Wird gesendet…',
    askResend: (e) => `Die Einladung erneut an ${e} senden?`,
    askReset: (e) => `Einen Link zum Zurücksetzen des Passworts an ${e} senden?`,
    askInvite: (e) => `Eine Einladung an ${e} senden?`,
    theCustomer: 'den Kunden',
  },
  form: {
    heading: 'Zum Portal einladen',
    email: 'E-Mail',
    displayName: 'Anzeigename',
    username: 'Benutzername',
    optional: '(optional)',
    language: 'Sprache der E-Mails',
    submit: 'Weiter',
    cancel: 'Abbrechen',
    invalid: 'Bitte diesen Wert prüfen.',
  },
  done: {
    invite: (e) => `Einladung an ${e} gesendet`,
    resendInvite: (e) => `Einladung an ${e} gesendet`,
    sendReset: (e) => `Link zum Zurücksetzen an ${e} gesendet`,
  },
  errors: {
    forbidden: 'Nur Agents dieses Serviceprojekts können das tun.',
    'not-found': 'Diese Anfrage oder dieser Kunde existiert nicht mehr. Laden Sie das Panel neu.',
    'invalid-input': 'Einige Eingaben sind ungültig.',
    'limit-reached': 'Für diese Person ist das heutige Limit für diese E-Mails erreicht. Versuchen Sie es morgen wieder.',
    'wrong-state': 'Der Status hat sich inzwischen geändert. Laden Sie das Panel neu, um ihn zu sehen.',
    'already-registered': 'Diese E-Mail-Adresse gehört bereits zu einem registrierten Konto.',
    'internal-address': 'Das ist eine Mitarbeiteradresse (interne Domain). Mitarbeitende verwalten ihr Passwort im internen Self-Service, daher wurde keine Einladung gesendet.',
    'email-failed': 'Die E-Mail konnte nicht gesendet werden. Versuchen Sie es später erneut.',
    'jira-unavailable': 'Jira hat nicht geantwortet. Versuchen Sie es gleich noch einmal.',
    internal: 'Bei uns ist etwas schiefgelaufen. Versuchen Sie es erneut.',
    unreachable: 'Portal Access ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  },
  fieldError: (f) => `Bitte das Feld „${f}“ prüfen.`,
  fieldNames: { email: 'E-Mail', displayName: 'Anzeigename', username: 'Benutzername', locale: 'Sprache', cursor: 'Mehr anzeigen' },
  forbiddenPanel: 'Sie können dieses Panel nur als Agent dieses Serviceprojekts sehen.',
  retry: 'Erneut versuchen',
  reload: 'Panel neu laden',
  dismiss: 'Schließen',
  timeline: TIMELINE_MESSAGES.de,
};

export const MESSAGES: Record<Lang, Messages> = { en, de };

export function errorText(t: Messages, error: FailureCode, field?: string): string {
  const base = t.errors[error] ?? t.errors.internal;
  if (error === 'invalid-input' && field) return `${base} ${t.fieldError(t.fieldNames[field] ?? field)}`;
  return base;
}

