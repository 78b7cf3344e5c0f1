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
};
