import type { TemplateKind, TemplatePart, TemplateProblem } from '../../../../src/surfaces/admin-api';
import type { Lang } from '../i18n';

/** Texts of the section "Email templates" (en, de). Problem codes come from the backend's validation. */
export interface TemplateTexts {
  intro: string;
  kind: string;
  kinds: Record<TemplateKind, string>;
  language: string;
  languages: { en: string; de: string };
  stateDefault: string;
  stateCustom: (when: string, who: string) => string;
  parts: Record<TemplatePart, string>;
  partHints: Record<TemplatePart, string>;
  editorLabel: string;
  variables: string;
  variablesHint: string;
  insert: (name: string) => string;
  inserted: (name: string, field: string) => string;
  problemsTitle: (n: number) => string;
  problemAt: (part: string, line?: number, column?: number) => string;
  problemCodes: Record<TemplateProblem['code'], string>;
  preview: string;
  previewHint: string;
  previewFrame: (width: string) => string;
  width: string;
  desktop: string;
  phone: string;
  previewSubject: string;
  previewText: string;
  previewUpdating: string;
  previewStale: string;
  save: string;
  saving: string;
  saved: string;
  fixFirst: (n: number) => string;
  unchanged: string;
  conflict: string;
  reset: string;
  resetConfirm: string;
  resetYes: string;
  cancel: string;
  resetDone: string;
  test: string;
  testing: string;
  testSent: (to: string) => string;
  testHint: string;
  versions: string;
  versionsCaption: string;
  version: string;
  savedAt: string;
  savedBy: string;
  what: string;
  origins: { saved: string; reset: string; restored: (from: number) => string };
  current: string;
  actions: string;
  restore: (n: number) => string;
  restored: (n: number) => string;
  noVersions: string;
  unsaved: string;
}

const en: TemplateTexts = {
  intro: 'Each email customers receive, per language: subject, preheader (the preview line in the inbox), HTML body and plain-text body. The branded layout (logo, colour, footer) goes around the body.',
  kind: 'Email',
  kinds: {
    reset: 'Password reset',
    invite: 'Invitation',
    'invite-reminder': 'Invitation reminder',
    'password-changed': 'Password changed',
    'sign-in-code': 'Sign-in code',
    'twostep-on': 'Two-step verification turned on',
    'twostep-off': 'Two-step verification turned off',
    'twostep-codes': 'New recovery codes created',
    'twostep-reset': 'Two-step verification reset by an admin',
    'twostep-recovery-used': 'Recovery code used',
    'passkey-added': 'Passkey added',
    'passkey-removed': 'Passkey removed',
  },
  language: 'Language',
  languages: { en: 'English', de: 'German' },
  stateDefault: 'Shipped default (not customized).',
  stateCustom: (when, who) => `Customized: last change ${when}${who ? ` by ${who}` : ''}.`,
  parts: { subject: 'Subject', preheader: 'Preheader', html: 'HTML body', text: 'Plain-text body' },
  partHints: {
    subject: 'One line, at most 200 characters.',
    preheader: 'Shown after the subject in most inboxes.',
    html: 'Liquid; output is HTML-escaped. {{ link.url | button: "Label" }} renders the branded button.',
    text: 'Liquid; sent as the plain-text part.',
  },
  editorLabel: 'Template',
  variables: 'Variables',
  variablesHint: 'Inserts the variable at the cursor of the field you last typed or clicked in.',
  insert: (name) => `Insert ${name}`,
  inserted: (name, field) => `${name} inserted into ${field}.`,
  problemsTitle: (n) => (n === 1 ? '1 problem' : `${n} problems`),
  problemAt: (part, line, column) => (line ? `${part}, line ${line}, column ${column ?? 1}` : part),
  problemCodes: {
    syntax: 'Liquid syntax error',
    'unknown-variable': 'Unknown variable',
    'unknown-filter': 'Filter not allowed',
    'forbidden-tag': 'Tag not allowed (include, render, layout)',
    render: 'Cannot be rendered',
    'missing-link': 'The link {{ link.url }} is missing',
    'missing-code': 'The code {{ code.value }} is missing',
    'subject-line-break': 'The subject contains a line break',
    'subject-too-long': 'The subject is longer than 200 characters',
    'too-long': 'Longer than 20,000 characters',
  },
  preview: 'Preview',
  previewHint: 'Rendered by the server with sample data and the saved branding, as customers receive it.',
  previewFrame: (width) => `Email preview, ${width}`,
  width: 'Width',
  desktop: 'Desktop (600 px)',
  phone: 'Phone (375 px)',
  previewSubject: 'Subject',
  previewText: 'Plain-text preview',
  previewUpdating: 'Updating preview…',
  previewStale: 'The preview shows the last valid version.',
  save: 'Save template',
  saving: 'Saving…',
  saved: 'Template saved. New emails use it.',
  fixFirst: (n) => (n === 1 ? 'Fix the problem first: nothing was saved.' : `Fix the ${n} problems first: nothing was saved.`),
  unchanged: 'No changes to save.',
  conflict: 'Someone else saved this template meanwhile. Your draft is kept: check it and save again to replace their version.',
  reset: 'Reset to default',
  resetConfirm: 'Replace this template with the shipped default? The current one stays in the versions list.',
  resetYes: 'Yes, reset to default',
  cancel: 'Cancel',
  resetDone: 'The shipped default is in use again.',
  test: 'Send test email',
  testing: 'Sending…',
  testSent: (to) => `Test email sent to ${to}.`,
  testHint: 'Sends the template as shown (with sample data) to your own address.',
  versions: 'Versions',
  versionsCaption: 'The last 10 versions, newest first',
  version: 'Version',
  savedAt: 'Saved',
  savedBy: 'By',
  what: 'Change',
  origins: { saved: 'Saved', reset: 'Reset to default', restored: (from) => `Restored version ${from}` },
  current: 'Current',
  actions: 'Actions',
  restore: (n) => `Restore version ${n}`,
  restored: (n) => `Version ${n} restored.`,
  noVersions: 'No versions yet: the shipped default has never been changed.',
  unsaved: 'Unsaved changes.',
};

const de: TemplateTexts = {
  intro: 'Jede E-Mail an Kundinnen und Kunden, je Sprache: Betreff, Vorschauzeile (im Posteingang nach dem Betreff), HTML-Text und Nur-Text. Das Layout mit Ihrem Branding (Logo, Farbe, Fußzeile) umgibt den Text.',
  kind: 'E-Mail',
  kinds: {
    reset: 'Passwort zurücksetzen',
    invite: 'Einladung',
    'invite-reminder': 'Erinnerung an die Einladung',
    'password-changed': 'Passwort geändert',
    'sign-in-code': 'Anmeldecode',
    'twostep-on': 'Zwei-Schritt-Verifizierung eingeschaltet',
    'twostep-off': 'Zwei-Schritt-Verifizierung ausgeschaltet',
    'twostep-codes': 'Neue Wiederherstellungscodes erstellt',
    'twostep-reset': 'Zwei-Schritt-Verifizierung vom Admin zurückgesetzt',
    'twostep-recovery-used': 'Wiederherstellungscode verwendet',
    'passkey-added': 'Passkey hinzugefügt',
    'passkey-removed': 'Passkey entfernt',
  },
  language: 'Sprache',
  languages: { en: 'Englisch', de: 'Deutsch' },
  stateDefault: 'Mitgelieferte Vorlage (nicht angepasst).',
  stateCustom: (when, who) => `Angepasst: zuletzt geändert ${when}${who ? ` von ${who}` : ''}.`,
  parts: { subject: 'Betreff', preheader: 'Vorschauzeile', html: 'HTML-Text', text: 'Nur-Text' },
  partHints: {
    subject: 'Eine Zeile, höchstens 200 Zeichen.',
    preheader: 'Erscheint in den meisten Posteingängen nach dem Betreff.',
    html: 'Liquid; Ausgaben werden HTML-maskiert. {{ link.url | button: "Text" }} erzeugt die Schaltfläche im Branding.',
    text: 'Liquid; wird als Nur-Text-Teil gesendet.',
  },
  editorLabel: 'Vorlage',
  variables: 'Variablen',
  variablesHint: 'Fügt die Variable an der Cursorposition des Felds ein, in dem Sie zuletzt geschrieben oder geklickt haben.',
  insert: (name) => `${name} einfügen`,
  inserted: (name, field) => `${name} in ${field} eingefügt.`,
  problemsTitle: (n) => (n === 1 ? '1 Problem' : `${n} Probleme`),
  problemAt: (part, line, column) => (line ? `${part}, Zeile ${line}, Spalte ${column ?? 1}` : part),
  problemCodes: {
    syntax: 'Liquid-Syntaxfehler',
    'unknown-variable': 'Unbekannte Variable',
    'unknown-filter': 'Filter nicht erlaubt',
    'forbidden-tag': 'Tag nicht erlaubt (include, render, layout)',
    render: 'Kann nicht erzeugt werden',
    'missing-link': 'Der Link {{ link.url }} fehlt',
    'missing-code': 'Der Code {{ code.value }} fehlt',
    'subject-line-break': 'Der Betreff enthält einen Zeilenumbruch',
    'subject-too-long': 'Der Betreff ist länger als 200 Zeichen',
    'too-long': 'Länger als 20.000 Zeichen',
  },
  preview: 'Vorschau',
  previewHint: 'Vom Server mit Beispieldaten und dem gespeicherten Branding erzeugt, so wie Kundinnen und Kunden sie erhalten.',
  previewFrame: (width) => `E-Mail-Vorschau, ${width}`,
  width: 'Breite',
  desktop: 'Desktop (600 px)',
  phone: 'Telefon (375 px)',
  previewSubject: 'Betreff',
  previewText: 'Vorschau Nur-Text',
  previewUpdating: 'Vorschau wird aktualisiert …',
  previewStale: 'Die Vorschau zeigt die letzte gültige Fassung.',
  save: 'Vorlage speichern',
  saving: 'Wird gespeichert …',
  saved: 'Vorlage gespeichert. Neue E-Mails verwenden sie.',
  fixFirst: (n) => (n === 1 ? 'Beheben Sie zuerst das Problem: Es wurde nichts gespeichert.' : `Beheben Sie zuerst die ${n} Probleme: Es wurde nichts gespeichert.`),
  unchanged: 'Keine Änderungen zu speichern.',
  conflict: 'Jemand anderes hat diese Vorlage inzwischen gespeichert. Ihr Entwurf bleibt erhalten: Prüfen Sie ihn und speichern Sie erneut, um die andere Fassung zu ersetzen.',
  reset: 'Auf Standard zurücksetzen',
  resetConfirm: 'Diese Vorlage durch die mitgelieferte ersetzen? Die aktuelle bleibt in der Versionsliste.',
  resetYes: 'Ja, auf Standard zurücksetzen',
  cancel: 'Abbrechen',
  resetDone: 'Die mitgelieferte Vorlage ist wieder in Gebrauch.',
  test: 'Test-E-Mail senden',
  testing: 'Wird gesendet …',
  testSent: (to) => `Test-E-Mail an ${to} gesendet.`,
  testHint: 'Sendet die Vorlage wie angezeigt (mit Beispieldaten) an Ihre eigene Adresse.',
  versions: 'Versionen',
  versionsCaption: 'Die letzten 10 Versionen, neueste zuerst',
  version: 'Version',
  savedAt: 'Gespeichert',
  savedBy: 'Von',
  what: 'Änderung',
  origins: { saved: 'Gespeichert', reset: 'Auf Standard zurückgesetzt', restored: (from) => `Version ${from} wiederhergestellt` },
  current: 'Aktuell',
  actions: 'Aktionen',
  restore: (n) => `Version ${n} wiederherstellen`,
  restored: (n) => `Version ${n} wiederhergestellt.`,
  noVersions: 'Noch keine Versionen: Die mitgelieferte Vorlage wurde nie geändert.',
  unsaved: 'Nicht gespeicherte Änderungen.',
};

export const TEMPLATE_TEXTS: Record<Lang, TemplateTexts> = { en, de };
