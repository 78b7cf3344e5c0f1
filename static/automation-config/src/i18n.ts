import type { Lang } from '../../shared/host-locale';

/** The configuration form of the Automation action "Send portal activation" (issue 12), en and de. */
export type ConfigTexts = typeof en;

const en = {
  heading: 'Send portal activation',
  intro: 'Sends the activation email (username and a link to set a password) to a customer who never registered, and adds them to the customer directory if needed. Repeats send nothing.',
  email: 'Email',
  emailHint: 'A smart value such as {{reporter.emailAddress}}, or an address.',
  displayName: 'Display name',
  displayNameHint: 'For example {{reporter.displayName}}. Empty: the part of the address before @.',
  language: 'Language',
  languageHint: 'en, de or an email language added in Portal Access; de_DE works too. Empty: English, or the customer’s language when they are known.',
  optional: '(optional)',
  loading: 'Loading…',
  invalid: {
    email: 'Enter an email address or a smart value.',
    displayName: 'Enter a name of at most 200 characters without < or >.',
    language: 'Enter en, de or an added email language.',
  } satisfies Record<'email' | 'displayName' | 'language', string>,
  outputs: 'Outputs for later steps: outcome (invited, already-invited, already-active, …), status and field.',
};

const de: ConfigTexts = {
  heading: 'Portal-Aktivierung senden',
  intro: 'Sendet die Aktivierungs-E-Mail (Benutzername und ein Link zum Festlegen des Passworts) an einen Kunden, der sich nie registriert hat, und legt ihn bei Bedarf im Kundenverzeichnis an. Wiederholungen senden nichts.',
  email: 'E-Mail',
  emailHint: 'Ein Smart Value wie {{reporter.emailAddress}} oder eine Adresse.',
  displayName: 'Anzeigename',
  displayNameHint: 'Zum Beispiel {{reporter.displayName}}. Leer: der Teil der Adresse vor dem @.',
  language: 'Sprache',
  languageHint: 'en, de oder eine in Portal Access hinzugefügte E-Mail-Sprache; auch de_DE geht. Leer: Englisch oder die Sprache des bekannten Kunden.',
  optional: '(optional)',
  loading: 'Wird geladen…',
  invalid: {
    email: 'Geben Sie eine E-Mail-Adresse oder einen Smart Value ein.',
    displayName: 'Geben Sie einen Namen mit höchstens 200 Zeichen ohne < oder > ein.',
    language: 'Geben Sie en, de oder eine hinzugefügte E-Mail-Sprache ein.',
  },
  outputs: 'Ausgaben für spätere Schritte: outcome (invited, already-invited, already-active, …), status und field.',
};

export const CONFIG_TEXTS: Record<Lang, ConfigTexts> = { en, de };
