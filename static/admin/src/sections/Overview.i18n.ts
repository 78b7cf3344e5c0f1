import type { OverviewSeries } from '../../../../src/surfaces/admin-api';
import type { Lang } from '../i18n';

/** Texts of the section "Overview" (en, de). */
export interface OverviewTexts {
  intro: (zone: string) => string;
  funnelTitle: string;
  funnelLabel: string;
  stages: { notInvited: string; invited: string; active: string; inviteExpired: string; disabled: string };
  beside: string;
  ofAll: (percent: string) => string;
  chartsTitle: string;
  series: Record<OverviewSeries, string>;
  total: (n: string) => string;
  chartHelp: string;
  point: (day: string, count: string) => string;
  showTable: string;
  showChart: string;
  day: string;
  count: string;
  csv: string;
  /** The all-series file's name before its date range. */
  csvName: string;
  /** One chart's download: the visible "Download CSV" plus the chart's title, for screen readers. */
  csvChart: (title: string) => string;
  attentionTitle: string;
  expiringSoon: string;
  locked: string;
  deliveryProblems: string;
  actExpiring: string;
  actLocked: string;
  actDelivery: string;
  backfill: (customers: string, events: string) => string;
}

const EN: OverviewTexts = {
  intro: (zone) => `Registration and activity at a glance. Figures are counted as things happen; days follow the time zone ${zone}.`,
  funnelTitle: 'Registration funnel',
  funnelLabel: 'From not invited to registered',
  stages: { notInvited: 'Not invited yet', invited: 'Invited', active: 'Registered', inviteExpired: 'Invitation expired', disabled: 'Disabled' },
  beside: 'Beside the funnel',
  ofAll: (percent) => `${percent} of all customers`,
  chartsTitle: 'Last 30 days',
  series: {
    invitations: 'Invitations sent',
    registrations: 'Registrations completed',
    resetRequests: 'Reset requests',
    passwordsChanged: 'Passwords changed',
    signInsSucceeded: 'Sign-ins succeeded',
    signInsFailed: 'Sign-ins failed',
    passkeySignIns: 'Sign-ins with a passkey',
    emailsSent: 'Emails sent',
    emailsDelivered: 'Emails delivered',
    emailsBounced: 'Emails bounced',
    emailsFailed: 'Emails failed',
  },
  total: (n) => `${n} in 30 days`,
  chartHelp: 'Left and right arrow keys move between days.',
  point: (day, count) => `${day}: ${count}`,
  showTable: 'Show as table',
  showChart: 'Show as chart',
  day: 'Day',
  count: 'Count',
  csv: 'Download CSV',
  csvName: 'portal-access-last-30-days',
  csvChart: (title) => `Download CSV: ${title}`,
  attentionTitle: 'Needs attention',
  expiringSoon: 'Invitations expiring in the next 48 hours',
  locked: 'Locked accounts',
  deliveryProblems: 'Addresses with a delivery problem',
  actExpiring: 'Review invitations expiring soon',
  actLocked: 'Show locked customers',
  actDelivery: 'Show customers with a delivery problem',
  backfill: (customers, events) => `Counting the history from before this overview existed: ${customers} customers and ${events} events so far. The figures fill in as it goes.`,
};

const DE: OverviewTexts = {
  intro: (zone) => `Registrierung und Aktivität auf einen Blick. Die Zahlen werden gezählt, wenn etwas geschieht; Tage in der Zeitzone ${zone}.`,
  funnelTitle: 'Registrierungstrichter',
  funnelLabel: 'Von nicht eingeladen bis registriert',
  stages: { notInvited: 'Noch nicht eingeladen', invited: 'Eingeladen', active: 'Registriert', inviteExpired: 'Einladung abgelaufen', disabled: 'Deaktiviert' },
  beside: 'Neben dem Trichter',
  ofAll: (percent) => `${percent} aller Kunden`,
  chartsTitle: 'Letzte 30 Tage',
  series: {
    invitations: 'Einladungen gesendet',
    registrations: 'Registrierungen abgeschlossen',
    resetRequests: 'Anfragen zum Zurücksetzen',
    passwordsChanged: 'Passwörter geändert',
    signInsSucceeded: 'Anmeldungen erfolgreich',
    signInsFailed: 'Anmeldungen fehlgeschlagen',
    passkeySignIns: 'Anmeldungen mit Passkey',
    emailsSent: 'E-Mails gesendet',
    emailsDelivered: 'E-Mails zugestellt',
    emailsBounced: 'E-Mails unzustellbar',
    emailsFailed: 'E-Mails fehlgeschlagen',
  },
  total: (n) => `${n} in 30 Tagen`,
  chartHelp: 'Mit den Pfeiltasten links und rechts zwischen den Tagen wechseln.',
  point: (day, count) => `${day}: ${count}`,
  showTable: 'Als Tabelle anzeigen',
  showChart: 'Als Diagramm anzeigen',
  day: 'Tag',
  count: 'Anzahl',
  csv: 'CSV herunterladen',
  csvName: 'portal-access-letzte-30-tage',
  csvChart: (title) => `CSV herunterladen: ${title}`,
  attentionTitle: 'Handlungsbedarf',
  expiringSoon: 'Einladungen, die in den nächsten 48 Stunden ablaufen',
  locked: 'Gesperrte Konten',
  deliveryProblems: 'Adressen mit Zustellproblem',
  actExpiring: 'Bald ablaufende Einladungen prüfen',
  actLocked: 'Gesperrte Kunden anzeigen',
  actDelivery: 'Kunden mit Zustellproblem anzeigen',
  backfill: (customers, events) => `Der Verlauf aus der Zeit vor dieser Übersicht wird gezählt: bisher ${customers} Kunden und ${events} Ereignisse. Die Zahlen füllen sich dabei auf.`,
};

export const OVERVIEW_TEXTS: Record<Lang, OverviewTexts> = { en: EN, de: DE };
