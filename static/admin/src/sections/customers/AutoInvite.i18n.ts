import type { Lang } from '../../i18n';

/** "Invite new requesters automatically" (issue 12), a part of the Customers section. */
export type AutoInviteTexts = typeof en;

const en = {
  heading: 'Invite new requesters automatically',
  intro:
    'When someone raises their first request in one of these service desks and is not in the customer directory yet, Portal Access adds them and sends the invitation email with their username and a link to set a password. Licensed Jira users, internal (staff) addresses and customers already in the directory are never invited this way.',
  desks: 'Service desks',
  deskLabel: (name: string, key: string) => `${name} (${key})`,
  missing: (key: string) => `${key} (no longer a service desk)`,
  none: 'Jira lists no service desks.',
  save: 'Save',
  saving: 'Saving…',
  saved: (count: number) => (count === 0 ? 'Saved. No service desk invites new requesters automatically.' : `Saved. ${count === 1 ? '1 service desk invites' : `${count} service desks invite`} new requesters automatically.`),
  automation: 'For other cases, for example "When a request of type Order is created", build a Jira Automation rule with the action “Send portal activation”.',
};

const de: AutoInviteTexts = {
  heading: 'Neue Anfragende automatisch einladen',
  intro:
    'Wenn jemand in einem dieser Servicedesks die erste Anfrage stellt und noch nicht im Kundenverzeichnis steht, legt Portal Access die Person an und sendet die Einladungs-E-Mail mit Benutzername und einem Link zum Festlegen des Passworts. Lizenzierte Jira-Benutzer, interne Adressen (Mitarbeitende) und Kunden, die schon im Verzeichnis stehen, werden so nie eingeladen.',
  desks: 'Servicedesks',
  deskLabel: (name, key) => `${name} (${key})`,
  missing: (key) => `${key} (kein Servicedesk mehr)`,
  none: 'Jira führt keine Servicedesks.',
  save: 'Speichern',
  saving: 'Wird gespeichert…',
  saved: (count) => (count === 0 ? 'Gespeichert. Kein Servicedesk lädt neue Anfragende automatisch ein.' : `Gespeichert. ${count === 1 ? '1 Servicedesk lädt' : `${count} Servicedesks laden`} neue Anfragende automatisch ein.`),
  automation:
    'Für andere Fälle, etwa „Wenn eine Anfrage vom Typ Bestellung erstellt wird“, bauen Sie eine Jira-Automation-Regel mit der Aktion „Send portal activation“ (Portal-Aktivierung senden).',
};

export const AUTO_INVITE_TEXTS: Record<Lang, AutoInviteTexts> = { en, de };
