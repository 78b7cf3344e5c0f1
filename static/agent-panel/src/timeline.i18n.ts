import type { AuditKind } from '../../../src/domain/audit';
import type { TimelineEntry } from '../../../src/surfaces/agent-api';
import { AUDIT_KIND_LABELS, EMAIL_TEMPLATE_NAMES } from '../../shared/audit-labels';
import type { Lang } from '../../shared/host-locale';

/** The panel's activity timeline (Timeline.tsx): its texts, English and German. */
export type TimelineMessages = typeof en;

const en = {
  heading: 'Activity',
  empty: 'No activity yet.',
  more: 'Show more',
  loadingMore: 'Loading…',
  kind: {
    ...AUDIT_KIND_LABELS.en,
    'reset.throttled': 'Password reset request held back (too many requests)',
    'email.retrying': 'Email delayed, retrying',
    'login.succeeded': 'Signed in',
    'login.failed': 'Sign-in failed (wrong password)',
    'login.locked': 'Account locked after failed logins',
    'invite.throttled': 'Invitation held back (daily limit reached)',
    'invite.reminded': 'Invitation reminder sent (expires soon)',
    'customer.imported': 'Added by CSV import',
    'customer.updated': 'Customer details changed (name, language or portal administrator mark)',
    'customer.adopted': 'Taken over by a provisioning system (API key)',
    'customer.unlocked': 'Unlocked by an admin',
    'customer.disabled': 'Disabled by an admin',
    'customer.enabled': 'Enabled by an admin',
    'twostep.reset': 'Two-step verification reset by an admin',
  } satisfies Record<AuditKind, string>,
  other: (k: string) => `Other activity (${k})`,
  templates: { ...EMAIL_TEMPLATE_NAMES.en, 'invite-reminder': 'invitation reminder' } satisfies Record<string, string> as Record<string, string>,
  emailWith: (label: string, t: string) => `${label}: ${t}`,
  /**
   * Done automatically (issue 12): invited or added by a new requester's request ("Invited automatically
   * (request DEMO-12)"), an Automation rule or the provisioning API.
   */
  automatic: {
    // via 'api': `key` is the API key's name (as the admin section API access shows it).
    invited: (via, key) => (via === 'api' ? `Invited through the API${key ? ` (key ${key})` : ''}` : `Invited automatically (${via === 'request' ? `request ${key ?? ''}`.trim() : 'Automation rule'})`),
    added: (via, key) => (via === 'api' ? `Added through the API${key ? ` (key ${key})` : ''}` : `Added automatically (${via === 'request' ? `request ${key ?? ''}`.trim() : 'Automation rule'})`),
  } satisfies Record<'invited' | 'added', (via: NonNullable<TimelineEntry['via']>, issueKey?: string) => string>,
  reason: (r: string) => `Reason: ${r}`,
  actor: (e: TimelineEntry) => {
    switch (e.actor) {
      case 'agent':
        return e.actorName ? `by ${e.actorName}` : 'by an agent';
      case 'admin':
        return e.actorName ? `by ${e.actorName}` : 'by an administrator';
      case 'customer':
        return 'by the customer';
      case 'anonymous':
        return 'by an anonymous visitor';
      case 'system':
      default:
        return 'system';
    }
  },
};

const de: TimelineMessages = {
  heading: 'Aktivität',
  empty: 'Noch keine Aktivität.',
  more: 'Mehr anzeigen',
  loadingMore: 'Wird geladen…',
  kind: {
    ...AUDIT_KIND_LABELS.de,
    'reset.throttled': 'Anforderung zurückgehalten (zu viele Anfragen)',
    'email.retrying': 'E-Mail verzögert, neuer Versuch folgt',
    'login.succeeded': 'Angemeldet',
    'login.failed': 'Anmeldung fehlgeschlagen (falsches Passwort)',
    'login.locked': 'Konto nach fehlgeschlagenen Anmeldungen gesperrt',
    'invite.throttled': 'Einladung zurückgehalten (Tageslimit erreicht)',
    'invite.reminded': 'Erinnerung an die Einladung gesendet (läuft bald ab)',
    'customer.imported': 'Per CSV-Import angelegt',
    'customer.updated': 'Kundendaten geändert (Name, Sprache oder Markierung als Portal-Administrator)',
    'customer.adopted': 'Von einem Bereitstellungssystem übernommen (API-Schlüssel)',
    'customer.unlocked': 'Von einem Admin entsperrt',
    'customer.disabled': 'Von einem Admin deaktiviert',
    'customer.enabled': 'Von einem Admin aktiviert',
    'twostep.reset': 'Zwei-Schritt-Verifizierung von einem Admin zurückgesetzt',
  },
  other: (k) => `Sonstige Aktivität (${k})`,
  templates: { ...EMAIL_TEMPLATE_NAMES.de, 'invite-reminder': 'Erinnerung an die Einladung' },
  emailWith: (label, t) => `${label}: ${t}`,
  automatic: {
    invited: (via, key) => (via === 'api' ? `Über die API eingeladen${key ? ` (Schlüssel ${key})` : ''}` : `Automatisch eingeladen (${via === 'request' ? `Anfrage ${key ?? ''}`.trim() : 'Automation-Regel'})`),
    added: (via, key) => (via === 'api' ? `Über die API angelegt${key ? ` (Schlüssel ${key})` : ''}` : `Automatisch angelegt (${via === 'request' ? `Anfrage ${key ?? ''}`.trim() : 'Automation-Regel'})`),
  },
  reason: (r) => `Grund: ${r}`,
  actor: (e) => {
    switch (e.actor) {
      case 'agent':
        return e.actorName ? `von ${e.actorName}` : 'von einem Agent';
      case 'admin':
        return e.actorName ? `von ${e.actorName}` : 'von einem Administrator';
      case 'customer':
        return 'vom Kunden';
      case 'anonymous':
        return 'von einer anonymen Person';
      case 'system':
      default:
        return 'System';
    }
  },
};

export const TIMELINE_MESSAGES: Record<Lang, TimelineMessages> = { en, de };
