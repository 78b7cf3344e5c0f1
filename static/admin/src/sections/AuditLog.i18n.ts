import type { AUDIT_CATEGORIES, AuditActor, KnownAuditKind } from '../../../../src/surfaces/admin-api';
import { AUDIT_KIND_LABELS, EMAIL_TEMPLATE_NAMES } from '../../../shared/audit-labels';
import type { Lang } from '../i18n';

/** Texts of the section "Audit log" (en, de). Kinds not named here are shown as their code. */
export type AuditTexts = typeof en;

const en = {
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
  categories: { 'reset.': 'Password resets', 'password.': 'Password changes', 'email.': 'Emails', 'login.': 'Logins', 'invite.': 'Invitations', 'customer.': 'Account changes', 'twostep.': 'Two-step verification', 'passkey.': 'Passkeys' } satisfies Record<(typeof AUDIT_CATEGORIES)[number], string>,
  categoryAll: (c: string) => `${c}: all`,
  kinds: {
    ...AUDIT_KIND_LABELS.en,
    // The kinds the apps word their own way (AppWordedKind): the audit log more tersely than the agent panel.
    'reset.throttled': 'Password reset held back (too many requests)',
    'email.retrying': 'Email delayed, will retry',
    'login.succeeded': 'Logged in',
    'login.failed': 'Login failed',
    'login.locked': 'Locked after failed logins',
    'invite.throttled': 'Invitation held back (daily limit)',
    'invite.reminded': 'Invitation reminder sent',
    'customer.imported': 'Imported from CSV',
    'customer.updated': 'Customer details changed',
    'customer.adopted': 'Taken over by an API key (adopted)',
    'customer.unlocked': 'Unlocked by an administrator',
    'customer.disabled': 'Account disabled',
    'customer.enabled': 'Account enabled again',
    'twostep.reset': 'Two-step verification reset by an administrator',
  } satisfies Record<KnownAuditKind, string>,
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
  shown: (n: number, more: boolean) => `${n} ${n === 1 ? 'entry' : 'entries'} shown${more ? '; older entries can be loaded' : ''}.`,
  none: 'No entries match these filters.',
  noneYet: 'No matching entries among the most recent events. Older entries can be searched.',
  more: 'Show more',
  searchOlder: 'Search older entries',
  exportCsv: 'Export CSV',
  exporting: (n: number) => `Exporting… ${n} rows so far.`,
  exported: (n: number) => `Export finished: ${n} ${n === 1 ? 'row' : 'rows'}. The file has been downloaded.`,
  actorText: (a: AuditActor) => {
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
  templates: { ...EMAIL_TEMPLATE_NAMES.en, 'invite-reminder': 'invitation reminder' } satisfies Record<string, string> as Record<string, string>,
  attempt: (n: number) => `attempt ${n}`,
  reason: (r: string) => `reason: ${r}`,
  /** Detail `portalAdmin` of `customer.updated`: the mark set or removed. */
  portalAdmin: (on: boolean): string => (on ? 'marked as portal administrator' : 'portal administrator mark removed'),
  /** Detail `previousKey` of `customer.adopted`: the key that managed the customer before. */
  adoptedFrom: (keyName: string) => `until then managed by API key ${keyName}`,
  /** Done automatically (issue 12): a new requester's request (with its key) or an Automation rule. */
  via: { request: (key: string) => `automatically, request ${key}`, automation: 'by an Automation rule' },
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
    ...AUDIT_KIND_LABELS.de,
    // The kinds the apps word their own way (AppWordedKind): the audit log more tersely than the agent panel.
    'email.retrying': 'E-Mail verzögert, neuer Versuch folgt',
    'login.succeeded': 'Angemeldet',
    'reset.throttled': 'Zurücksetzen zurückgehalten (zu viele Anfragen)',
    'login.failed': 'Anmeldung fehlgeschlagen',
    'login.locked': 'Nach fehlgeschlagenen Anmeldungen gesperrt',
    'invite.throttled': 'Einladung zurückgehalten (Tageslimit)',
    'invite.reminded': 'Erinnerung an die Einladung gesendet',
    'customer.imported': 'Per CSV importiert',
    'customer.updated': 'Kundendaten geändert',
    'customer.adopted': 'Von einem API-Schlüssel übernommen',
    'customer.unlocked': 'Von einem Administrator entsperrt',
    'customer.disabled': 'Konto deaktiviert',
    'customer.enabled': 'Konto wieder aktiviert',
    'twostep.reset': 'Zwei-Schritt-Verifizierung von einem Administrator zurückgesetzt',
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
  templates: { ...EMAIL_TEMPLATE_NAMES.de, 'invite-reminder': 'Einladungserinnerung' },
  attempt: (n) => `Versuch ${n}`,
  reason: (r) => `Grund: ${r}`,
  portalAdmin: (on) => (on ? 'als Portal-Administrator markiert' : 'Markierung als Portal-Administrator entfernt'),
  adoptedFrom: (keyName) => `bis dahin vom API-Schlüssel ${keyName} verwaltet`,
  via: { request: (key) => `automatisch, Anfrage ${key}`, automation: 'durch eine Automation-Regel' },
};

export const AUDIT_TEXTS: Record<Lang, AuditTexts> = { en, de };
