import type { AUDIT_CATEGORIES, AuditActor, KnownAuditKind } from '../../../../src/surfaces/admin-api';
import type { Lang } from '../i18n';

/** Texts of the section "Audit log" (en, de). Kinds not named here are shown as their code. */
export interface AuditTexts {
  intro: string;
  filtersLabel: string;
  customer: string;
  customerHint: string;
  customerUnknown: string;
  actor: string;
  actors: { any: string; system: string; customer: string; anonymous: string; account: string };
  accountId: string;
  accountIdHint: string;
  accountIdInvalid: string;
  kind: string;
  anyKind: string;
  categories: Record<(typeof AUDIT_CATEGORIES)[number], string>;
  categoryAll: (category: string) => string;
  kinds: Record<KnownAuditKind, string>;
  apply: string;
  clear: string;
  caption: string;
  when: string;
  event: string;
  customerCol: string;
  by: string;
  detail: string;
  deletedCustomer: string;
  loading: string;
  shown: (n: number, more: boolean) => string;
  none: string;
  noneYet: string;
  more: string;
  searchOlder: string;
  exportCsv: string;
  exporting: (rows: number) => string;
  exported: (rows: number) => string;
  actorText: (actor: AuditActor) => string;
  templates: Record<string, string>;
  attempt: (n: number) => string;
  reason: (r: string) => string;
  /** Detail `portalAdmin` of `customer.updated`: the mark set or removed. */
  portalAdmin: (on: boolean) => string;
  /** Detail `previousKey` of `customer.adopted`: the key that managed the customer before. */
  adoptedFrom: (keyName: string) => string;
  /** Done automatically (issue 12): a new requester's request (with its key) or an Automation rule. */
  via: { request: (issueKey: string) => string; automation: string };
}

const en: AuditTexts = {
  intro: 'Everything that happened to portal accounts: invitations, resets, logins, emails. Newest first.',
  filtersLabel: 'Filter the audit log',
  customer: 'Customer',
  customerHint: 'Email address, username or customer ID. Leave empty for all customers.',
  customerUnknown: 'There is no customer with this email address, username or ID.',
  actor: 'Done by',
  actors: { any: 'Anyone', system: 'The app (system)', customer: 'The customer', anonymous: 'An anonymous visitor', account: 'A Jira user (account ID)' },
  accountId: 'Atlassian account ID',
  accountIdHint: 'For example 5b10ac8d82e05b22cc7d4ea1 (from the user’s Jira profile URL).',
  accountIdInvalid: 'Enter an account ID: letters, digits, colons, dashes and underscores only.',
  kind: 'Event',
  anyKind: 'All events',
  categories: { 'reset.': 'Password resets', 'password.': 'Password changes', 'email.': 'Emails', 'login.': 'Logins', 'invite.': 'Invitations', 'customer.': 'Account changes', 'twostep.': 'Two-step verification', 'passkey.': 'Passkeys' },
  categoryAll: (c) => `${c}: all`,
  kinds: {
    'reset.requested': 'Password reset requested',
    'reset.throttled': 'Password reset held back (too many requests)',
    'reset.refused': 'Password reset refused',
    'password.changed': 'Password changed',
    'email.sent': 'Email sent',
    'email.retrying': 'Email delayed, will retry',
    'email.failed': 'Email could not be sent',
    'email.delivered': 'Email delivered',
    'email.bounced': 'Email bounced',
    'email.complained': 'Email marked as spam',
    'login.succeeded': 'Logged in',
    'login.failed': 'Login failed',
    'login.locked': 'Locked after failed logins',
    'login.refused': 'Sign-in refused',
    'login.code-sent': 'Sign-in code emailed',
    'login.code-used': 'Sign-in code used',
    'login.code-refused': 'Sign-in code refused',
    'invite.sent': 'Invitation sent',
    'invite.resent': 'Invitation sent again',
    'invite.throttled': 'Invitation held back (daily limit)',
    'invite.reminded': 'Invitation reminder sent',
    'invite.accepted': 'Invitation accepted',
    'customer.imported': 'Imported from CSV',
    'customer.updated': 'Customer details changed',
    'customer.adopted': 'Taken over by an API key (adopted)',
    'customer.unlocked': 'Unlocked by an administrator',
    'customer.disabled': 'Account disabled',
    'customer.enabled': 'Account enabled again',
    'twostep.reset': 'Two-step verification reset by an administrator',
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
  apply: 'Show entries',
  clear: 'Clear filters',
  caption: 'Audit log entries, newest first',
  when: 'When',
  event: 'Event',
  customerCol: 'Customer',
  by: 'Done by',
  detail: 'Details',
  deletedCustomer: 'Unknown or deleted customer',
  loading: 'Loading entries…',
  shown: (n, more) => `${n} ${n === 1 ? 'entry' : 'entries'} shown${more ? '; older entries can be loaded' : ''}.`,
  none: 'No entries match these filters.',
  noneYet: 'No matching entries among the most recent events. Older entries can be searched.',
  more: 'Show more',
  searchOlder: 'Search older entries',
  exportCsv: 'Export CSV',
  exporting: (n) => `Exporting… ${n} rows so far.`,
  exported: (n) => `Export finished: ${n} ${n === 1 ? 'row' : 'rows'}. The file has been downloaded.`,
  actorText: (a) => {
    switch (a.role) {
      case 'system':
        return 'System';
      case 'customer':
        return 'The customer';
      case 'anonymous':
        return 'Anonymous visitor';
      case 'agent':
        return `${a.name ?? a.accountId} (agent)`;
      case 'admin':
        return `${a.name ?? a.accountId} (administrator)`;
      case 'api':
        return `${a.name ?? 'API'} (API key)`;
      case 'person':
      default:
        return a.name ?? a.accountId;
    }
  },
  templates: {
    invite: 'invitation',
    reset: 'password reset link',
    'password-changed': 'password change notice',
    'sign-in-code': 'sign-in code',
    'invite-reminder': 'invitation reminder',
    'twostep-on': 'two-step verification on notice',
    'twostep-off': 'two-step verification off notice',
    'twostep-codes': 'new recovery codes notice',
    'twostep-reset': 'two-step verification reset notice',
    'twostep-recovery-used': 'recovery code used notice',
    'passkey-added': 'passkey added notice',
    'passkey-removed': 'passkey removed notice',
  },
  attempt: (n) => `attempt ${n}`,
  reason: (r) => `reason: ${r}`,
  portalAdmin: (on) => (on ? 'marked as portal administrator' : 'portal administrator mark removed'),
  adoptedFrom: (keyName) => `until then managed by API key ${keyName}`,
  via: { request: (key) => `automatically, request ${key}`, automation: 'by an Automation rule' },
};

const de: AuditTexts = {
  intro: 'Alles, was mit Portalkonten geschah: Einladungen, Zurücksetzungen, Anmeldungen, E-Mails. Neueste zuerst.',
  filtersLabel: 'Protokoll filtern',
  customer: 'Kunde',
  customerHint: 'E-Mail-Adresse, Benutzername oder Kunden-ID. Leer lassen für alle Kunden.',
  customerUnknown: 'Es gibt keinen Kunden mit dieser E-Mail-Adresse, diesem Benutzernamen oder dieser ID.',
  actor: 'Ausgeführt von',
  actors: { any: 'Alle', system: 'Die App (System)', customer: 'Der Kunde', anonymous: 'Eine anonyme Person', account: 'Ein Jira-Benutzer (Konto-ID)' },
  accountId: 'Atlassian-Konto-ID',
  accountIdHint: 'Zum Beispiel 5b10ac8d82e05b22cc7d4ea1 (aus der URL des Jira-Profils).',
  accountIdInvalid: 'Geben Sie eine Konto-ID ein: nur Buchstaben, Ziffern, Doppelpunkte, Binde- und Unterstriche.',
  kind: 'Ereignis',
  anyKind: 'Alle Ereignisse',
  categories: { 'reset.': 'Passwort zurücksetzen', 'password.': 'Passwortänderungen', 'email.': 'E-Mails', 'login.': 'Anmeldungen', 'invite.': 'Einladungen', 'customer.': 'Kontoänderungen', 'twostep.': 'Zwei-Schritt-Verifizierung', 'passkey.': 'Passkeys' },
  categoryAll: (c) => `${c}: alle`,
  kinds: {
    'reset.requested': 'Zurücksetzen des Passworts angefordert',
    'reset.throttled': 'Zurücksetzen zurückgehalten (zu viele Anfragen)',
    'reset.refused': 'Zurücksetzen des Passworts abgelehnt',
    'password.changed': 'Passwort geändert',
    'email.sent': 'E-Mail gesendet',
    'email.retrying': 'E-Mail verzögert, neuer Versuch folgt',
    'email.failed': 'E-Mail konnte nicht gesendet werden',
    'email.delivered': 'E-Mail zugestellt',
    'email.bounced': 'E-Mail unzustellbar',
    'email.complained': 'E-Mail als Spam gemeldet',
    'login.succeeded': 'Angemeldet',
    'login.failed': 'Anmeldung fehlgeschlagen',
    'login.locked': 'Nach fehlgeschlagenen Anmeldungen gesperrt',
    'login.refused': 'Anmeldung abgelehnt',
    'login.code-sent': 'Anmeldecode per E-Mail gesendet',
    'login.code-used': 'Anmeldecode verwendet',
    'login.code-refused': 'Anmeldecode abgelehnt',
    'invite.sent': 'Einladung gesendet',
    'invite.resent': 'Einladung erneut gesendet',
    'invite.throttled': 'Einladung zurückgehalten (Tageslimit)',
    'invite.reminded': 'Erinnerung an die Einladung gesendet',
    'invite.accepted': 'Einladung angenommen',
    'customer.imported': 'Per CSV importiert',
    'customer.updated': 'Kundendaten geändert',
    'customer.adopted': 'Von einem API-Schlüssel übernommen',
    'customer.unlocked': 'Von einem Administrator entsperrt',
    'customer.disabled': 'Konto deaktiviert',
    'customer.enabled': 'Konto wieder aktiviert',
    'twostep.reset': 'Zwei-Schritt-Verifizierung von einem Administrator zurückgesetzt',
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
  apply: 'Einträge anzeigen',
  clear: 'Filter zurücksetzen',
  caption: 'Protokolleinträge, neueste zuerst',
  when: 'Zeitpunkt',
  event: 'Ereignis',
  customerCol: 'Kunde',
  by: 'Ausgeführt von',
  detail: 'Details',
  deletedCustomer: 'Unbekannter oder gelöschter Kunde',
  loading: 'Einträge werden geladen…',
  shown: (n, more) => `${n} ${n === 1 ? 'Eintrag' : 'Einträge'} angezeigt${more ? '; ältere Einträge können geladen werden' : ''}.`,
  none: 'Keine Einträge passen zu diesen Filtern.',
  noneYet: 'Unter den neuesten Ereignissen passt keines. Ältere Einträge können durchsucht werden.',
  more: 'Mehr anzeigen',
  searchOlder: 'Ältere Einträge durchsuchen',
  exportCsv: 'Als CSV exportieren',
  exporting: (n) => `Export läuft… bisher ${n} Zeilen.`,
  exported: (n) => `Export abgeschlossen: ${n} ${n === 1 ? 'Zeile' : 'Zeilen'}. Die Datei wurde heruntergeladen.`,
  actorText: (a) => {
    switch (a.role) {
      case 'system':
        return 'System';
      case 'customer':
        return 'Der Kunde';
      case 'anonymous':
        return 'Anonyme Person';
      case 'agent':
        return `${a.name ?? a.accountId} (Agent)`;
      case 'admin':
        return `${a.name ?? a.accountId} (Administrator)`;
      case 'api':
        return `${a.name ?? 'API'} (API-Schlüssel)`;
      case 'person':
      default:
        return a.name ?? a.accountId;
    }
  },
  templates: {
    invite: 'Einladung',
    reset: 'Link zum Zurücksetzen',
    'password-changed': 'Hinweis zur Passwortänderung',
    'sign-in-code': 'Anmeldecode',
    'invite-reminder': 'Einladungserinnerung',
    'twostep-on': 'Hinweis: Zwei-Schritt-Verifizierung ein',
    'twostep-off': 'Hinweis: Zwei-Schritt-Verifizierung aus',
    'twostep-codes': 'Hinweis: neue Wiederherstellungscodes',
    'twostep-reset': 'Hinweis: Zwei-Schritt-Verifizierung zurückgesetzt',
    'twostep-recovery-used': 'Hinweis: Wiederherstellungscode verwendet',
    'passkey-added': 'Hinweis: Passkey hinzugefügt',
    'passkey-removed': 'Hinweis: Passkey entfernt',
  },
  attempt: (n) => `Versuch ${n}`,
  reason: (r) => `Grund: ${r}`,
  portalAdmin: (on) => (on ? 'als Portal-Administrator markiert' : 'Markierung als Portal-Administrator entfernt'),
  adoptedFrom: (keyName) => `bis dahin vom API-Schlüssel ${keyName} verwaltet`,
  via: { request: (key) => `automatisch, Anfrage ${key}`, automation: 'durch eine Automation-Regel' },
};

export const AUDIT_TEXTS: Record<Lang, AuditTexts> = { en, de };
