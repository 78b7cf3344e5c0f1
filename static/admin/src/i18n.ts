import type { DeliveryField, EmailActivityEntry, MailgunRegion, Provider } from '../../../src/surfaces/admin-api';
import type { FailureCode } from './api';
import type { SectionId } from './sections/types';

import { langOf, type Lang } from '../../shared/host-locale';

export { langOf, type Lang };

export interface Messages {
  activity: {
    heading: string;
    intro: string;
    empty: string;
    more: string;
    when: string;
    customer: string;
    event: string;
    detail: string;
    unknownCustomer: string;
    attempt: (n: number) => string;
    kinds: Record<EmailActivityEntry['kind'], string>;
  };
  title: string;
  navLabel: string;
  nav: Record<SectionId, string>;
  loading: string;
  forbiddenPage: string;
  retry: string;
  delivery: {
    heading: string;
    intro: string;
    provider: string;
    providers: Record<Provider, string>;
    providerHint: Record<Provider, string>;
    senderName: string;
    senderNameHint: string;
    senderAddress: string;
    senderAddressHint: string;
    replyTo: string;
    optional: string;
    mailgunDomain: string;
    mailgunDomainHint: string;
    mailgunRegion: string;
    regions: Record<MailgunRegion, string>;
    apiKey: string;
    apiKeyStored: (last4: string) => string;
    apiKeyNone: string;
    apiKeyKeep: string;
    webhookSecret: string;
    webhookSecretHint: string;
    webhookSecretStored: string;
    webhookSecretNone: string;
    webhookSecretKeep: string;
    webhookUrl: string;
    webhookUrlHint: string;
    webhookUrlMissing: string;
    copy: string;
    copied: string;
    copyFailed: string;
    save: string;
    saving: string;
    saved: string;
    fixErrors: (n: number) => string;
    testHeading: string;
    testHint: string;
    testUnsaved: string;
    test: string;
    testing: string;
    testSent: (to: string) => string;
  };
  fieldErrors: Record<DeliveryField, string> & { apiKeyRequired: string };
  errors: Record<FailureCode, string>;
  reasons: Record<string, string>;
  reason: (code: string) => string;
}

const en: Messages = {
  activity: {
    heading: 'Email activity',
    intro: 'Every email the app sent, retried, or heard back about from the provider, newest first.',
    empty: 'No emails yet.',
    more: 'Show more',
    when: 'When',
    customer: 'Customer',
    event: 'Event',
    detail: 'Details',
    unknownCustomer: 'Deleted customer',
    attempt: (n) => `attempt ${n}`,
    kinds: {
      'email.sent': 'Sent',
      'email.retrying': 'Delayed, will retry',
      'email.failed': 'Failed',
      'email.delivered': 'Delivered',
      'email.bounced': 'Bounced',
      'email.complained': 'Marked as spam',
    },
  },
  title: 'Portal Access',
  navLabel: 'Portal Access settings',
  nav: {
    overview: 'Overview',
    customers: 'Customers',
    templates: 'Email templates',
    branding: 'Branding',
    security: 'Security',
    'customer-pages': 'Customer pages',
    sso: 'Single sign-on',
    'api-access': 'API access',
    delivery: 'Email delivery',
    activity: 'Email activity',
    audit: 'Audit log',
    diagnostics: 'Diagnostics',
  },
  loading: 'Loading…',
  forbiddenPage: 'Only Jira administrators can see and change these settings.',
  retry: 'Try again',
  delivery: {
    heading: 'Email delivery',
    intro: 'Invitations and password reset links are sent through your own email provider account.',
    provider: 'Provider',
    providers: { none: 'None (no emails are sent)', postmark: 'Postmark', mailgun: 'Mailgun' },
    providerHint: {
      none: 'Customers will not receive invitations or reset links until a provider is configured.',
      postmark: 'Use a Postmark server API token. The sender address must be a confirmed sender signature or domain.',
      mailgun: 'Use a Mailgun sending API key. The sender address must belong to the sending domain.',
    },
    senderName: 'Sender name',
    senderNameHint: 'Shown as the "From" name, e.g. your company’s service desk.',
    senderAddress: 'Sender address',
    senderAddressHint: 'The "From" address customers see.',
    replyTo: 'Reply-to address',
    optional: '(optional)',
    mailgunDomain: 'Mailgun sending domain',
    mailgunDomainHint: 'For example mg.example.com.',
    mailgunRegion: 'Mailgun region',
    regions: { us: 'US (api.mailgun.net)', eu: 'EU (api.eu.mailgun.net)' },
    apiKey: 'API key',
    apiKeyStored: (last4) => `A key is stored (ends in ${last4}).`,
    apiKeyNone: 'No key is stored yet.',
    apiKeyKeep: 'Leave empty to keep the stored key',
    webhookSecret: 'Webhook secret',
    webhookSecretHint: 'Postmark: the password in the webhook URL’s basic authentication. Mailgun: the HTTP webhook signing key.',
    webhookSecretStored: 'A secret is stored.',
    webhookSecretNone: 'No secret is stored yet.',
    webhookSecretKeep: 'Leave empty to keep the stored secret',
    webhookUrl: 'Webhook URL',
    webhookUrlHint: 'Enter this URL at your provider for delivery, bounce and spam complaint events.',
    webhookUrlMissing: 'Choose and save a provider to get the URL to enter at the provider.',
    copy: 'Copy URL',
    copied: 'Webhook URL copied.',
    copyFailed: 'Could not copy. Select the URL and copy it yourself.',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Email delivery settings saved.',
    fixErrors: (n) => (n === 1 ? 'Check the highlighted field.' : `Check the ${n} highlighted fields.`),
    testHeading: 'Test',
    testHint: 'Sends a test email to your own address with the saved settings.',
    testUnsaved: 'You have unsaved changes: the test uses the saved settings.',
    test: 'Send test email',
    testing: 'Sending…',
    testSent: (to) => `Test email sent to ${to}. Check that inbox (and its spam folder).`,
  },
  fieldErrors: {
    provider: 'Choose one of the providers.',
    senderName: 'Enter a name of up to 100 characters, without line breaks or < >.',
    senderAddress: 'Enter a valid email address.',
    replyTo: 'Enter a valid email address, or leave this empty.',
    mailgunDomain: 'Enter your Mailgun sending domain, for example mg.example.com.',
    mailgunRegion: 'Choose one of the regions.',
    apiKey: 'The key must be 8 to 200 characters, without spaces.',
    apiKeyRequired: 'Enter the API key of your provider account.',
    webhookSecret: 'The secret must be 8 to 200 characters, without spaces.',
  },
  errors: {
    forbidden: 'Only Jira administrators can change these settings.',
    'invalid-input': 'Some of the input is not valid.',
    'no-email': 'Jira does not share your email address with apps (profile visibility), so there is nowhere to send the test email.',
    'email-failed': 'The email could not be sent.',
    'invalid-template': 'The template has problems: fix them before saving.',
    'not-found': 'It does not exist any more. Reload the page.',
    conflict: 'Somebody else changed this meanwhile. Reload and try again.',
    limit: 'A limit stops this for now (e.g. invitations per day). Try again later.',
    'not-allowed': 'This action does not fit the customer’s current state.',
    internal: 'Something went wrong on our side. Try again.',
    unreachable: 'Portal Access could not be reached. Check your connection and try again.',
  },
  reasons: {
    'not-configured': 'No provider is selected or no API key is stored. Save the settings first.',
    'provider-auth': 'The provider refused the API key: check the key and, for Mailgun, the region.',
    'http-401': 'The provider refused the API key.',
    'http-403': 'The provider refused the request: check the key’s permissions and the sending domain.',
    'invalid-sender': 'The sender address is not valid for the provider.',
    'invalid-recipient': 'The provider refused your address as a recipient.',
    network: 'The provider could not be reached. Try again later.',
    'http-404': 'The provider does not know this domain: check the Mailgun domain and region.',
    'http-422': 'The provider refused the message: check the sender address (sender signature or domain).',
    'http-429': 'The provider is limiting requests. Try again in a minute.',
  },
  reason: (code) => `Provider answer: ${code}.`,
};

const de: Messages = {
  activity: {
    heading: 'E-Mail-Aktivität',
    intro: 'Alle E-Mails, die die App gesendet oder erneut versucht hat, und die Rückmeldungen des Anbieters, neueste zuerst.',
    empty: 'Noch keine E-Mails.',
    more: 'Mehr anzeigen',
    when: 'Zeitpunkt',
    customer: 'Kunde',
    event: 'Ereignis',
    detail: 'Details',
    unknownCustomer: 'Gelöschter Kunde',
    attempt: (n) => `Versuch ${n}`,
    kinds: {
      'email.sent': 'Gesendet',
      'email.retrying': 'Verzögert, neuer Versuch folgt',
      'email.failed': 'Fehlgeschlagen',
      'email.delivered': 'Zugestellt',
      'email.bounced': 'Unzustellbar',
      'email.complained': 'Als Spam gemeldet',
    },
  },
  title: 'Portal Access',
  navLabel: 'Einstellungen von Portal Access',
  nav: {
    overview: 'Übersicht',
    customers: 'Kunden',
    templates: 'E-Mail-Vorlagen',
    branding: 'Branding',
    security: 'Sicherheit',
    'customer-pages': 'Kundenseiten',
    sso: 'Single Sign-on',
    'api-access': 'API-Zugriff',
    delivery: 'E-Mail-Versand',
    activity: 'E-Mail-Aktivität',
    audit: 'Protokoll',
    diagnostics: 'Diagnose',
  },
  loading: 'Wird geladen…',
  forbiddenPage: 'Nur Jira-Administratoren können diese Einstellungen sehen und ändern.',
  retry: 'Erneut versuchen',
  delivery: {
    heading: 'E-Mail-Versand',
    intro: 'Einladungen und Links zum Zurücksetzen des Passworts werden über Ihr eigenes Konto bei einem E-Mail-Anbieter versendet.',
    provider: 'Anbieter',
    providers: { none: 'Keiner (es werden keine E-Mails gesendet)', postmark: 'Postmark', mailgun: 'Mailgun' },
    providerHint: {
      none: 'Kunden erhalten keine Einladungen und keine Links zum Zurücksetzen, bis ein Anbieter eingerichtet ist.',
      postmark: 'Verwenden Sie ein Postmark-Server-API-Token. Die Absenderadresse muss eine bestätigte Absendersignatur oder Domain sein.',
      mailgun: 'Verwenden Sie einen Mailgun-Sending-API-Key. Die Absenderadresse muss zur Versanddomain gehören.',
    },
    senderName: 'Absendername',
    senderNameHint: 'Wird als „Von“-Name angezeigt, z. B. der Service Desk Ihres Unternehmens.',
    senderAddress: 'Absenderadresse',
    senderAddressHint: 'Die „Von“-Adresse, die Kunden sehen.',
    replyTo: 'Antwortadresse',
    optional: '(optional)',
    mailgunDomain: 'Mailgun-Versanddomain',
    mailgunDomainHint: 'Zum Beispiel mg.example.com.',
    mailgunRegion: 'Mailgun-Region',
    regions: { us: 'USA (api.mailgun.net)', eu: 'EU (api.eu.mailgun.net)' },
    apiKey: 'API-Schlüssel',
    apiKeyStored: (last4) => `Ein Schlüssel ist gespeichert (endet auf ${last4}).`,
    apiKeyNone: 'Es ist noch kein Schlüssel gespeichert.',
    apiKeyKeep: 'Leer lassen, um den gespeicherten Schlüssel zu behalten',
    webhookSecret: 'Webhook-Geheimnis',
    webhookSecretHint: 'Postmark: das Passwort der Basic-Authentifizierung in der Webhook-URL. Mailgun: der HTTP-Webhook-Signing-Key.',
    webhookSecretStored: 'Ein Geheimnis ist gespeichert.',
    webhookSecretNone: 'Es ist noch kein Geheimnis gespeichert.',
    webhookSecretKeep: 'Leer lassen, um das gespeicherte Geheimnis zu behalten',
    webhookUrl: 'Webhook-URL',
    webhookUrlHint: 'Tragen Sie diese URL bei Ihrem Anbieter für Zustell-, Bounce- und Spam-Beschwerde-Ereignisse ein.',
    webhookUrlMissing: 'Wählen und speichern Sie einen Anbieter, um die URL für den Anbieter zu erhalten.',
    copy: 'URL kopieren',
    copied: 'Webhook-URL kopiert.',
    copyFailed: 'Kopieren nicht möglich. Markieren und kopieren Sie die URL selbst.',
    save: 'Speichern',
    saving: 'Wird gespeichert…',
    saved: 'Einstellungen zum E-Mail-Versand gespeichert.',
    fixErrors: (n) => (n === 1 ? 'Bitte das markierte Feld prüfen.' : `Bitte die ${n} markierten Felder prüfen.`),
    testHeading: 'Test',
    testHint: 'Sendet eine Test-E-Mail mit den gespeicherten Einstellungen an Ihre eigene Adresse.',
    testUnsaved: 'Sie haben ungespeicherte Änderungen: Der Test verwendet die gespeicherten Einstellungen.',
    test: 'Test-E-Mail senden',
    testing: 'Wird gesendet…',
    testSent: (to) => `Test-E-Mail an ${to} gesendet. Prüfen Sie dieses Postfach (und den Spam-Ordner).`,
  },
  fieldErrors: {
    provider: 'Wählen Sie einen der Anbieter.',
    senderName: 'Geben Sie einen Namen mit höchstens 100 Zeichen ein, ohne Zeilenumbrüche und ohne < >.',
    senderAddress: 'Geben Sie eine gültige E-Mail-Adresse ein.',
    replyTo: 'Geben Sie eine gültige E-Mail-Adresse ein oder lassen Sie das Feld leer.',
    mailgunDomain: 'Geben Sie Ihre Mailgun-Versanddomain ein, zum Beispiel mg.example.com.',
    mailgunRegion: 'Wählen Sie eine der Regionen.',
    apiKey: 'Der Schlüssel muss 8 bis 200 Zeichen lang sein, ohne Leerzeichen.',
    apiKeyRequired: 'Geben Sie den API-Schlüssel Ihres Anbieterkontos ein.',
    webhookSecret: 'Das Geheimnis muss 8 bis 200 Zeichen lang sein, ohne Leerzeichen.',
  },
  errors: {
    forbidden: 'Nur Jira-Administratoren können diese Einstellungen ändern.',
    'invalid-input': 'Einige Eingaben sind ungültig.',
    'no-email': 'Jira gibt Ihre E-Mail-Adresse nicht an Apps weiter (Profilsichtbarkeit), daher gibt es keinen Empfänger für die Test-E-Mail.',
    'email-failed': 'Die E-Mail konnte nicht gesendet werden.',
    'invalid-template': 'Die Vorlage enthält Fehler: Beheben Sie sie vor dem Speichern.',
    'not-found': 'Das gibt es nicht mehr. Laden Sie die Seite neu.',
    conflict: 'Jemand anderes hat das inzwischen geändert. Laden Sie neu und versuchen Sie es erneut.',
    limit: 'Ein Limit verhindert das vorerst (z. B. Einladungen pro Tag). Versuchen Sie es später erneut.',
    'not-allowed': 'Diese Aktion passt nicht zum aktuellen Status des Kunden.',
    internal: 'Bei uns ist etwas schiefgelaufen. Versuchen Sie es erneut.',
    unreachable: 'Portal Access ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  },
  reasons: {
    'not-configured': 'Es ist kein Anbieter ausgewählt oder kein API-Schlüssel gespeichert. Speichern Sie zuerst die Einstellungen.',
    'provider-auth': 'Der Anbieter hat den API-Schlüssel abgelehnt: Prüfen Sie den Schlüssel und, bei Mailgun, die Region.',
    'http-401': 'Der Anbieter hat den API-Schlüssel abgelehnt.',
    'http-403': 'Der Anbieter hat die Anfrage abgelehnt: Prüfen Sie die Berechtigungen des Schlüssels und die Versanddomain.',
    'invalid-sender': 'Die Absenderadresse ist für den Anbieter nicht gültig.',
    'invalid-recipient': 'Der Anbieter hat Ihre Adresse als Empfänger abgelehnt.',
    network: 'Der Anbieter ist nicht erreichbar. Versuchen Sie es später erneut.',
    'http-404': 'Der Anbieter kennt diese Domain nicht: Prüfen Sie Mailgun-Domain und -Region.',
    'http-422': 'Der Anbieter hat die Nachricht abgelehnt: Prüfen Sie die Absenderadresse (Absendersignatur oder Domain).',
    'http-429': 'Der Anbieter begrenzt die Anfragen. Versuchen Sie es in einer Minute erneut.',
  },
  reason: (code) => `Antwort des Anbieters: ${code}.`,
};

export const MESSAGES: Record<Lang, Messages> = { en, de };

/** The message for a failed call, with the provider's reason code (and what it usually means) when there is one. */
export function errorText(t: Messages, error: FailureCode, reason?: string): string {
  const parts = [t.errors[error] ?? t.errors.internal];
  if (reason) {
    if (t.reasons[reason]) parts.push(t.reasons[reason]);
    parts.push(t.reason(reason));
  }
  return parts.join(' ');
}
