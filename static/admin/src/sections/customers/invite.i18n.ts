import type { Lang } from '../../i18n';

/** Texts of the Customers section's form "Invite a customer", English and German. */
export type InviteTexts = typeof en;

const en = {
  heading: 'Invite a customer',
  email: 'Email address',
  name: 'Name',
  username: 'Username',
  usernameHint: 'Leave empty to generate one (like customer1234567).',
  locale: 'Language of the emails',
  optional: '(optional)',
  submit: 'Send invitation',
  sent: (e: string) => `Invitation sent to ${e}.`,
  fields: {
    email: 'Enter a valid email address.',
    displayName: 'Enter a name (up to 100 characters, no angle brackets).',
    username: 'Use 2 to 64 letters, digits, dots, dashes or underscores.',
    locale: 'Choose a language.',
  } satisfies Record<'email' | 'displayName' | 'username' | 'locale', string>,
  usernameTaken: 'This username is already in use.',
  internalAddress: 'This address belongs to an internal domain: staff use the internal self-service.',
  portalAdmin: 'Portal administrator',
  portalAdminHint: 'Where two-step verification is required for portal administrators, they must set it up at their first sign-in.',
};

const de: InviteTexts = {
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
};

export const INVITE_TEXTS: Record<Lang, InviteTexts> = { en, de };
