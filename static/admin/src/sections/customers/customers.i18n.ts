import type { CustomerAction, CustomerGroup, CustomerStatus, ImportFileError } from '../../../../../src/surfaces/admin-api';
import type { Lang } from '../../i18n';

/** Texts of the section "Customers" (directory, invite, import, export, bulk resend), English and German. */
export interface CustomerTexts {
  intro: string;
  searchLabel: string;
  searchBy: string;
  searchByEmail: string;
  searchByUsername: string;
  searchHint: string;
  statusFilter: string;
  allStatuses: string;
  search: string;
  caption: (page: number) => string;
  name: string;
  email: string;
  username: string;
  language: string;
  status: string;
  actions: string;
  noActions: string;
  empty: string;
  previous: string;
  next: string;
  statuses: Record<CustomerStatus, string>;
  /** The status filter's second group: the sets behind the Overview's figures. */
  groupsLabel: string;
  groups: Record<CustomerGroup, string>;
  languages: Record<string, string>;
  action: Record<CustomerAction, string>;
  confirmQuestion: Record<CustomerAction, (name: string, email: string) => string>;
  confirm: string;
  cancel: string;
  done: Record<CustomerAction, (name: string) => string>;
  /** Marks shown with the status. */
  badges: { portalAdmin: string; twoStep: string };
  working: string;
  tools: string;
  inviteOpen: string;
  importOpen: string;
  exportRun: string;
  resendOpen: string;
  invite: {
    heading: string;
    email: string;
    name: string;
    username: string;
    usernameHint: string;
    locale: string;
    optional: string;
    submit: string;
    sent: (email: string) => string;
    fields: Record<'email' | 'displayName' | 'username' | 'locale', string>;
    usernameTaken: string;
    internalAddress: string;
    portalAdmin: string;
    portalAdminHint: string;
  };
  import: {
    heading: string;
    intro: string;
    file: string;
    fileHint: string;
    reading: string;
    fileErrors: Record<ImportFileError | 'read-failed', string>;
    summaryHeading: string;
    summary: (p: { total: number; new: number; changed: number; unchanged: number; invalid: number }) => string;
    problemsCaption: (shown: number, all: number) => string;
    line: string;
    problem: string;
    problems: Record<string, string>;
    inviteOption: string;
    inviteHint: string;
    run: string;
    nothingToDo: string;
    progressLabel: string;
    progress: (done: number, total: number) => string;
    resultHeading: string;
    result: (r: { created: number; updated: number; unchanged: number; failed: number }) => string;
    invites: (r: { invited: number; inviteSkipped: number; inviteFailed: number }) => string;
    failedCaption: string;
    stopped: string;
  };
  exporting: (n: number) => string;
  exported: (n: number) => string;
  resend: {
    heading: string;
    intro: string;
    run: string;
    progressLabel: string;
    progress: (done: number, total: number | undefined) => string;
    summary: (r: { resent: number; skippedLimit: number; failed: number }) => string;
  };
}

const en: CustomerTexts = {
  intro: 'Everyone with a portal account managed by Portal Access. Search, filter by status, and act on one customer at a time.',
  searchLabel: 'Search',
  searchBy: 'Search in',
  searchByEmail: 'Email address',
  searchByUsername: 'Username',
  searchHint: 'Matches the beginning of the email address or username, e.g. “jane” or “customer23”.',
  statusFilter: 'Status',
  allStatuses: 'All statuses',
  search: 'Search',
  caption: (page) => `Customers, page ${page}`,
  name: 'Name',
  email: 'Email address',
  username: 'Username',
  language: 'Language',
  status: 'Status',
  actions: 'Actions',
  noActions: 'None',
  empty: 'No customers match.',
  previous: 'Previous page',
  next: 'Next page',
  statuses: {
    'not-invited': 'Not invited yet',
    invited: 'Invited',
    'invite-expired': 'Invitation expired',
    active: 'Active',
    'reset-pending': 'Active, reset link sent',
    locked: 'Locked',
    disabled: 'Disabled',
  },
  groupsLabel: 'Groups',
  groups: { registered: 'Registered', 'invite-expiring': 'Invitation expires within 48 hours', 'delivery-problem': 'Delivery problem' },
  languages: { en: 'English', de: 'German', '': '–' },
  action: {
    unlock: 'Unlock',
    disable: 'Disable',
    enable: 'Enable',
    'send-reset': 'Send reset link',
    'resend-invite': 'Send invitation',
    'mark-admin': 'Mark as portal administrator',
    'unmark-admin': 'Remove portal administrator mark',
    'reset-two-step': 'Reset two-step verification',
    'remove-passkeys': 'Remove passkeys',
  },
  confirmQuestion: {
    unlock: (n, e) => `Unlock ${n} (${e})? They can sign in again right away.`,
    disable: (n, e) => `Disable ${n} (${e})? They can no longer sign in, and any open link stops working.`,
    enable: (n, e) => `Enable ${n} (${e}) again?`,
    'send-reset': (n, e) => `Send a password reset link to ${n} (${e})?`,
    'resend-invite': (n, e) => `Send a new invitation to ${n} (${e})? An earlier invitation link stops working.`,
    'mark-admin': (n, e) =>
      `Mark ${n} (${e}) as a portal administrator? Where two-step verification is required for portal administrators, they must set it up at their next sign-in.`,
    'unmark-admin': (n, e) => `Remove the portal administrator mark from ${n} (${e})?`,
    'reset-two-step': (n, e) =>
      `Reset two-step verification for ${n} (${e})? Their authenticator app and recovery codes stop working. Where verification is required, they set it up again at their next sign-in.`,
    'remove-passkeys': (n, e) => `Remove all passkeys of ${n} (${e})? They can no longer sign in with them; they are told by email.`,
  },
  confirm: 'Yes, do it',
  cancel: 'Cancel',
  done: {
    unlock: (n) => `${n} is unlocked.`,
    disable: (n) => `${n} is disabled.`,
    enable: (n) => `${n} is enabled.`,
    'send-reset': (n) => `A reset link is on its way to ${n}.`,
    'resend-invite': (n) => `An invitation is on its way to ${n}.`,
    'mark-admin': (n) => `${n} is marked as a portal administrator.`,
    'unmark-admin': (n) => `${n} is no longer marked as a portal administrator.`,
    'reset-two-step': (n) => `Two-step verification of ${n} is reset.`,
    'remove-passkeys': (n) => `The passkeys of ${n} are removed.`,
  },
  badges: { portalAdmin: 'Portal administrator', twoStep: 'Two-step verification on' },
  working: 'Working…',
  tools: 'Directory tools',
  inviteOpen: 'Invite customer',
  importOpen: 'Import CSV',
  exportRun: 'Export CSV',
  resendOpen: 'Resend expired invitations',
  invite: {
    heading: 'Invite a customer',
    email: 'Email address',
    name: 'Name',
    username: 'Username',
    usernameHint: 'Leave empty to generate one (like customer1234567).',
    locale: 'Language of the emails',
    optional: '(optional)',
    submit: 'Send invitation',
    sent: (e) => `Invitation sent to ${e}.`,
    fields: {
      email: 'Enter a valid email address.',
      displayName: 'Enter a name (up to 100 characters, no angle brackets).',
      username: 'Use 2 to 64 letters, digits, dots, dashes or underscores.',
      locale: 'Choose a language.',
    },
    usernameTaken: 'This username is already in use.',
    internalAddress: 'This address belongs to an internal domain: staff use the internal self-service.',
    portalAdmin: 'Portal administrator',
    portalAdminHint: 'Where two-step verification is required for portal administrators, they must set it up at their first sign-in.',
  },
  import: {
    heading: 'Import customers from CSV',
    intro: 'Columns: email, name, username (optional), locale (optional: en or de), portal_admin (optional: yes or no; blank = no). Comma or semicolon. Nothing is written until you press Import. Existing customers (same email) get their name and language updated; usernames are never changed.',
    file: 'CSV file',
    fileHint: 'Up to 10,000 rows and 3 MB (split larger files).',
    reading: 'Checking the file…',
    fileErrors: {
      'too-large': 'The file is too large (at most 3 MB).',
      'too-many-rows': 'The file has too many rows (at most 10,000: split it into several files).',
      'no-header': 'The file is empty.',
      'missing-columns': 'The first line must name the columns, with at least “email” and “name”.',
      malformed: 'The file is not valid CSV (check the quotes).',
      'read-failed': 'The file could not be read.',
    },
    summaryHeading: 'Preview',
    summary: (p) => `${p.total} rows: ${p.new} new, ${p.changed} changed, ${p.unchanged} unchanged, ${p.invalid} with problems (not imported).`,
    problemsCaption: (shown, all) => (shown < all ? `Rows with problems (first ${shown} of ${all})` : `Rows with problems (${all})`),
    line: 'Line',
    problem: 'Problem',
    problems: {
      'email-missing': 'Email address missing',
      'email-invalid': 'Email address not valid',
      'internal-address': 'Staff address (internal domain): uses the internal self-service, not imported',
      'name-missing': 'Name missing',
      'name-invalid': 'Name not valid (over 100 characters, line breaks or angle brackets)',
      'username-invalid': 'Username not valid',
      'locale-invalid': 'Language not offered (en, de or a language added under Email templates)',
      'portal-admin-invalid': 'Portal administrator value not recognised (use yes, no, true, false, 1, 0, ja or nein)',
      'duplicate-email': 'Email address already earlier in the file',
      'duplicate-username': 'Username already earlier in the file',
      'username-taken': 'Username already in use',
      'write-failed': 'Could not be saved: import the file again',
      conflict: 'Changed by someone else meanwhile: import the file again',
    },
    inviteOption: 'Send invitations to new customers',
    inviteHint: 'Each new customer gets an invitation email (the per-account limits apply).',
    run: 'Import',
    nothingToDo: 'Nothing to import: every row is unchanged or has problems.',
    progressLabel: 'Import progress',
    progress: (d, t) => `Imported part ${d} of ${t}.`,
    resultHeading: 'Import finished',
    result: (r) => `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.failed} not imported.`,
    invites: (r) => `${r.invited} invitations sent, ${r.inviteSkipped} skipped (limit reached), ${r.inviteFailed} failed.`,
    failedCaption: 'Rows not imported',
    stopped: 'The import stopped. Rows imported so far stay; run the same file again to finish.',
  },
  exporting: (n) => `Exporting… ${n} customers so far.`,
  exported: (n) => `Exported ${n} customers.`,
  resend: {
    heading: 'Resend expired invitations',
    intro: 'Sends a new invitation to every customer whose invitation expired. Customers who reached their daily invitation limit are skipped.',
    run: 'Resend all expired invitations',
    progressLabel: 'Resend progress',
    progress: (d, t) => (t === undefined ? `${d} done…` : `${d} of ${t} done.`),
    summary: (r) => `Finished: ${r.resent} resent, ${r.skippedLimit} skipped (limit reached), ${r.failed} failed.`,
  },
};

const de: CustomerTexts = {
  intro: 'Alle Kundinnen und Kunden mit einem von Portal Access verwalteten Portalkonto. Suchen, nach Status filtern und für einzelne Konten handeln.',
  searchLabel: 'Suche',
  searchBy: 'Suchen in',
  searchByEmail: 'E-Mail-Adresse',
  searchByUsername: 'Benutzername',
  searchHint: 'Findet den Anfang der E-Mail-Adresse oder des Benutzernamens, z. B. „erika“ oder „customer23“.',
  statusFilter: 'Status',
  allStatuses: 'Alle Status',
  search: 'Suchen',
  caption: (page) => `Kundinnen und Kunden, Seite ${page}`,
  name: 'Name',
  email: 'E-Mail-Adresse',
  username: 'Benutzername',
  language: 'Sprache',
  status: 'Status',
  actions: 'Aktionen',
  noActions: 'Keine',
  empty: 'Keine Treffer.',
  previous: 'Vorherige Seite',
  next: 'Nächste Seite',
  statuses: {
    'not-invited': 'Noch nicht eingeladen',
    invited: 'Eingeladen',
    'invite-expired': 'Einladung abgelaufen',
    active: 'Aktiv',
    'reset-pending': 'Aktiv, Link zum Zurücksetzen gesendet',
    locked: 'Gesperrt',
    disabled: 'Deaktiviert',
  },
  groupsLabel: 'Gruppen',
  groups: { registered: 'Registriert', 'invite-expiring': 'Einladung läuft in 48 Stunden ab', 'delivery-problem': 'Zustellproblem' },
  languages: { en: 'Englisch', de: 'Deutsch', '': '–' },
  action: {
    unlock: 'Entsperren',
    disable: 'Deaktivieren',
    enable: 'Aktivieren',
    'send-reset': 'Link zum Zurücksetzen senden',
    'resend-invite': 'Einladung senden',
    'mark-admin': 'Als Portal-Administrator markieren',
    'unmark-admin': 'Markierung als Portal-Administrator entfernen',
    'remove-passkeys': 'Passkeys entfernen',
    'reset-two-step': 'Zwei-Schritt-Verifizierung zurücksetzen',
  },
  confirmQuestion: {
    unlock: (n, e) => `${n} (${e}) entsperren? Die Anmeldung ist sofort wieder möglich.`,
    disable: (n, e) => `${n} (${e}) deaktivieren? Eine Anmeldung ist dann nicht mehr möglich, offene Links werden ungültig.`,
    enable: (n, e) => `${n} (${e}) wieder aktivieren?`,
    'send-reset': (n, e) => `Einen Link zum Zurücksetzen des Passworts an ${n} (${e}) senden?`,
    'resend-invite': (n, e) => `Eine neue Einladung an ${n} (${e}) senden? Ein früherer Einladungslink wird ungültig.`,
    'mark-admin': (n, e) =>
      `${n} (${e}) als Portal-Administrator markieren? Wo die Zwei-Schritt-Verifizierung für Portal-Administratoren erforderlich ist, muss sie bei der nächsten Anmeldung eingerichtet werden.`,
    'unmark-admin': (n, e) => `Die Markierung als Portal-Administrator bei ${n} (${e}) entfernen?`,
    'reset-two-step': (n, e) =>
      `Zwei-Schritt-Verifizierung für ${n} (${e}) zurücksetzen? Authenticator-App und Wiederherstellungscodes funktionieren dann nicht mehr. Wo die Verifizierung erforderlich ist, wird sie bei der nächsten Anmeldung neu eingerichtet.`,
    'remove-passkeys': (n, e) => `Alle Passkeys von ${n} (${e}) entfernen? Die Anmeldung mit ihnen ist dann nicht mehr möglich; die Person wird per E-Mail informiert.`,
  },
  confirm: 'Ja, ausführen',
  cancel: 'Abbrechen',
  done: {
    unlock: (n) => `${n} ist entsperrt.`,
    disable: (n) => `${n} ist deaktiviert.`,
    enable: (n) => `${n} ist aktiviert.`,
    'send-reset': (n) => `Ein Link zum Zurücksetzen ist an ${n} unterwegs.`,
    'resend-invite': (n) => `Eine Einladung ist an ${n} unterwegs.`,
    'mark-admin': (n) => `${n} ist als Portal-Administrator markiert.`,
    'unmark-admin': (n) => `${n} ist nicht mehr als Portal-Administrator markiert.`,
    'reset-two-step': (n) => `Die Zwei-Schritt-Verifizierung von ${n} ist zurückgesetzt.`,
    'remove-passkeys': (n) => `Die Passkeys von ${n} sind entfernt.`,
  },
  badges: { portalAdmin: 'Portal-Administrator', twoStep: 'Zwei-Schritt-Verifizierung an' },
  working: 'Wird ausgeführt…',
  tools: 'Werkzeuge für das Verzeichnis',
  inviteOpen: 'Kunden einladen',
  importOpen: 'CSV importieren',
  exportRun: 'CSV exportieren',
  resendOpen: 'Abgelaufene Einladungen erneut senden',
  invite: {
    heading: 'Kundin oder Kunden einladen',
    email: 'E-Mail-Adresse',
    name: 'Name',
    username: 'Benutzername',
    usernameHint: 'Leer lassen, um einen zu erzeugen (wie customer1234567).',
    locale: 'Sprache der E-Mails',
    optional: '(optional)',
    submit: 'Einladung senden',
    sent: (e) => `Einladung an ${e} gesendet.`,
    fields: {
      email: 'Geben Sie eine gültige E-Mail-Adresse ein.',
      displayName: 'Geben Sie einen Namen ein (bis 100 Zeichen, ohne spitze Klammern).',
      username: 'Verwenden Sie 2 bis 64 Buchstaben, Ziffern, Punkte, Binde- oder Unterstriche.',
      locale: 'Wählen Sie eine Sprache.',
    },
    usernameTaken: 'Dieser Benutzername ist bereits vergeben.',
    internalAddress: 'Diese Adresse gehört zu einer internen Domain: Beschäftigte nutzen den internen Self-Service.',
    portalAdmin: 'Portal-Administrator',
    portalAdminHint: 'Wo die Zwei-Schritt-Verifizierung für Portal-Administratoren erforderlich ist, muss sie bei der ersten Anmeldung eingerichtet werden.',
  },
  import: {
    heading: 'Kundinnen und Kunden aus CSV importieren',
    intro: 'Spalten: email, name, username (optional), locale (optional: en oder de), portal_admin (optional: ja oder nein; leer = nein). Komma oder Semikolon. Erst „Importieren“ schreibt etwas. Bestehende Konten (gleiche E-Mail) erhalten Name und Sprache aus der Datei; Benutzernamen werden nie geändert.',
    file: 'CSV-Datei',
    fileHint: 'Bis 10.000 Zeilen und 3 MB (größere Dateien bitte aufteilen).',
    reading: 'Datei wird geprüft…',
    fileErrors: {
      'too-large': 'Die Datei ist zu groß (höchstens 3 MB).',
      'too-many-rows': 'Die Datei hat zu viele Zeilen (höchstens 10.000: Teilen Sie sie in mehrere Dateien auf).',
      'no-header': 'Die Datei ist leer.',
      'missing-columns': 'Die erste Zeile muss die Spalten benennen, mindestens „email“ und „name“.',
      malformed: 'Die Datei ist kein gültiges CSV (Anführungszeichen prüfen).',
      'read-failed': 'Die Datei konnte nicht gelesen werden.',
    },
    summaryHeading: 'Vorschau',
    summary: (p) => `${p.total} Zeilen: ${p.new} neu, ${p.changed} geändert, ${p.unchanged} unverändert, ${p.invalid} mit Problemen (werden nicht importiert).`,
    problemsCaption: (shown, all) => (shown < all ? `Zeilen mit Problemen (die ersten ${shown} von ${all})` : `Zeilen mit Problemen (${all})`),
    line: 'Zeile',
    problem: 'Problem',
    problems: {
      'email-missing': 'E-Mail-Adresse fehlt',
      'email-invalid': 'E-Mail-Adresse ungültig',
      'internal-address': 'Mitarbeiteradresse (interne Domain): nutzt den internen Self-Service, nicht importiert',
      'name-missing': 'Name fehlt',
      'name-invalid': 'Name ungültig (über 100 Zeichen, Zeilenumbrüche oder spitze Klammern)',
      'username-invalid': 'Benutzername ungültig',
      'locale-invalid': 'Sprache nicht angeboten (en, de oder eine unter E-Mail-Vorlagen hinzugefügte Sprache)',
      'portal-admin-invalid': 'Wert für Portal-Administrator nicht erkannt (yes, no, true, false, 1, 0, ja oder nein verwenden)',
      'duplicate-email': 'E-Mail-Adresse steht weiter oben schon in der Datei',
      'duplicate-username': 'Benutzername steht weiter oben schon in der Datei',
      'username-taken': 'Benutzername bereits vergeben',
      'write-failed': 'Konnte nicht gespeichert werden: Datei erneut importieren',
      conflict: 'Inzwischen von jemand anderem geändert: Datei erneut importieren',
    },
    inviteOption: 'Neuen Kundinnen und Kunden Einladungen senden',
    inviteHint: 'Jedes neue Konto erhält eine Einladungs-E-Mail (die Limits pro Konto gelten).',
    run: 'Importieren',
    nothingToDo: 'Nichts zu importieren: Jede Zeile ist unverändert oder hat Probleme.',
    progressLabel: 'Fortschritt des Imports',
    progress: (d, t) => `Teil ${d} von ${t} importiert.`,
    resultHeading: 'Import abgeschlossen',
    result: (r) => `${r.created} angelegt, ${r.updated} aktualisiert, ${r.unchanged} unverändert, ${r.failed} nicht importiert.`,
    invites: (r) => `${r.invited} Einladungen gesendet, ${r.inviteSkipped} übersprungen (Limit erreicht), ${r.inviteFailed} fehlgeschlagen.`,
    failedCaption: 'Nicht importierte Zeilen',
    stopped: 'Der Import wurde unterbrochen. Bereits importierte Zeilen bleiben; importieren Sie dieselbe Datei erneut, um ihn abzuschließen.',
  },
  exporting: (n) => `Export läuft… bisher ${n} Konten.`,
  exported: (n) => `${n} Konten exportiert.`,
  resend: {
    heading: 'Abgelaufene Einladungen erneut senden',
    intro: 'Sendet allen, deren Einladung abgelaufen ist, eine neue. Konten, deren tägliches Einladungslimit erreicht ist, werden übersprungen.',
    run: 'Alle abgelaufenen Einladungen erneut senden',
    progressLabel: 'Fortschritt des erneuten Sendens',
    progress: (d, t) => (t === undefined ? `${d} erledigt…` : `${d} von ${t} erledigt.`),
    summary: (r) => `Fertig: ${r.resent} erneut gesendet, ${r.skippedLimit} übersprungen (Limit erreicht), ${r.failed} fehlgeschlagen.`,
  },
};

export const CUSTOMER_TEXTS: Record<Lang, CustomerTexts> = { en, de };
