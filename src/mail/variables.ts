/**
 * What each template variable means, for the editor's list beside the template (en and de). Which kind may
 * use which variable is ALLOWED_VARIABLES in ./template-validation.ts; this only describes them.
 */
export const VARIABLE_DESCRIPTIONS: Record<string, { en: string; de: string }> = {
  'customer.name': { en: "The customer's display name", de: 'Anzeigename der Kundin oder des Kunden' },
  'customer.username': { en: "The customer's username", de: 'Benutzername der Kundin oder des Kunden' },
  'portal.name': { en: 'The portal name (Branding)', de: 'Name des Portals (Branding)' },
  'support.contact': { en: 'How to reach support (help text)', de: 'So erreicht man den Support (Hilfetext)' },
  'link.url': { en: 'The single-use link (required)', de: 'Der Einmal-Link (Pflicht)' },
  'link.minutes': { en: 'Minutes the reset link is valid', de: 'Gültigkeit des Links in Minuten' },
  'link.days': { en: 'Days the invitation link is valid (reminder: days left)', de: 'Gültigkeit der Einladung in Tagen (Erinnerung: verbleibende Tage)' },
  'inviter.name': { en: 'Who sent the invitation', de: 'Wer die Einladung verschickt hat' },
  'changed.at': { en: 'When the password was changed', de: 'Zeitpunkt der Passwortänderung' },
  'forgot.url': { en: 'Link to the "forgot password" page', de: 'Link zur Seite „Passwort vergessen“' },
  'event.at': { en: 'When it happened', de: 'Zeitpunkt des Ereignisses' },
  'method.name': { en: 'The two-step method (authenticator app, SMS)', de: 'Die Methode der Zwei-Schritt-Verifizierung (Authenticator-App, SMS)' },
  'codes.left': { en: 'Recovery codes left (new codes: how many were created)', de: 'Verbleibende Wiederherstellungscodes (neue Codes: wie viele erstellt wurden)' },
  'code.value': { en: 'The 6-digit sign-in code (required)', de: 'Der 6-stellige Anmeldecode (Pflicht)' },
  'code.minutes': { en: 'Minutes the sign-in code is valid', de: 'Gültigkeit des Anmeldecodes in Minuten' },
  'setup.required': {
    en: 'True when the customer must set up two-step verification again at the next sign-in (use with {% if %})',
    de: 'Wahr, wenn die Zwei-Schritt-Verifizierung bei der nächsten Anmeldung neu eingerichtet werden muss (mit {% if %})',
  },
};

/** The two-step method's name in a mail (`method.name`); an added language gets the English one. */
export const TWO_STEP_METHOD_NAMES: Record<'totp' | 'sms', { en: string; de: string }> = {
  totp: { en: 'authenticator app', de: 'Authenticator-App' },
  sms: { en: 'SMS', de: 'SMS' },
};
