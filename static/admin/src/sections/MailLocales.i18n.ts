import type { Lang } from '../i18n';

/** Texts of "Email languages" inside the section "Email templates" (en, de). */
export type MailLocaleTexts = typeof en;

const en = {
  title: 'Email languages',
  intro:
    'English and German are always available. Add a language to send customers who have it their emails in it: its templates start as the English ones until you translate them. Pages stay in English and German.',
  none: 'No further languages yet.',
  listLabel: 'Added languages',
  entry: (name: string, code: string) => `${name} (${code})`,
  remove: (name: string) => `Remove ${name}`,
  removeConfirm: (name: string) => `Remove ${name}? Its templates are kept; customers with this language get English emails until it is added again.`,
  removeYes: 'Yes, remove',
  cancel: 'Cancel',
  removed: (name: string) => `${name} removed. Customers with this language now get English emails.`,
  addTitle: 'Add a language',
  code: 'Language code',
  codeHint: 'Two lowercase letters (ISO 639-1), e.g. fr or nl.',
  name: 'Name',
  nameHint: 'As admins see it in the language list, e.g. Français.',
  add: 'Add language',
  saving: 'Saving…',
  added: (name: string) => `${name} added. Choose it under "Language" above to translate its templates.`,
  full: (max: number) => `At most ${max} languages can be added.`,
  errors: {
    codeFormat: 'Enter two lowercase letters, e.g. fr.',
    codeShipped: 'English and German are always available.',
    codeTaken: 'This language has already been added.',
    nameMissing: 'Enter a name.',
    nameInvalid: (max: number) => `Use at most ${max} characters, without line breaks, < or >.`,
  },
};

const de: MailLocaleTexts = {
  title: 'E-Mail-Sprachen',
  intro:
    'Englisch und Deutsch stehen immer zur Verfügung. Fügen Sie eine Sprache hinzu, damit Kundinnen und Kunden mit dieser Sprache ihre E-Mails darin erhalten: Ihre Vorlagen beginnen als die englischen, bis Sie sie übersetzen. Die Seiten bleiben auf Englisch und Deutsch.',
  none: 'Noch keine weiteren Sprachen.',
  listLabel: 'Hinzugefügte Sprachen',
  entry: (name, code) => `${name} (${code})`,
  remove: (name) => `${name} entfernen`,
  removeConfirm: (name) =>
    `${name} entfernen? Die Vorlagen bleiben gespeichert; Kundinnen und Kunden mit dieser Sprache erhalten englische E-Mails, bis sie wieder hinzugefügt wird.`,
  removeYes: 'Ja, entfernen',
  cancel: 'Abbrechen',
  removed: (name) => `${name} entfernt. Kundinnen und Kunden mit dieser Sprache erhalten jetzt englische E-Mails.`,
  addTitle: 'Sprache hinzufügen',
  code: 'Sprachcode',
  codeHint: 'Zwei Kleinbuchstaben (ISO 639-1), z. B. fr oder nl.',
  name: 'Name',
  nameHint: 'So erscheint sie in der Sprachauswahl, z. B. Français.',
  add: 'Sprache hinzufügen',
  saving: 'Wird gespeichert …',
  added: (name) => `${name} hinzugefügt. Wählen Sie sie oben unter „Sprache“, um ihre Vorlagen zu übersetzen.`,
  full: (max) => `Es können höchstens ${max} Sprachen hinzugefügt werden.`,
  errors: {
    codeFormat: 'Geben Sie zwei Kleinbuchstaben ein, z. B. fr.',
    codeShipped: 'Englisch und Deutsch stehen immer zur Verfügung.',
    codeTaken: 'Diese Sprache wurde bereits hinzugefügt.',
    nameMissing: 'Geben Sie einen Namen ein.',
    nameInvalid: (max) => `Höchstens ${max} Zeichen, ohne Zeilenumbrüche, < oder >.`,
  },
};

export const MAIL_LOCALE_TEXTS: Record<Lang, MailLocaleTexts> = { en, de };
