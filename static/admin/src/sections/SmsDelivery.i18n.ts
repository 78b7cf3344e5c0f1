import type { SmsField, SmsProvider } from '../../../../src/surfaces/admin-api';
import type { Lang } from '../i18n';

/** Texts of the "SMS" part of "Email delivery" (issue 11), en and de. */
export interface SmsTexts {
  heading: string;
  intro: string;
  provider: string;
  providers: Record<SmsProvider, string>;
  providerHint: Record<SmsProvider, string>;
  sender: string;
  senderHint: Record<SmsProvider, string>;
  accountSid: string;
  accountSidHint: string;
  apiKey: Record<SmsProvider, string>;
  apiKeyStored: (last4: string) => string;
  apiKeyNone: string;
  apiKeyKeep: string;
  webhookKey: string;
  webhookKeyHint: (stored: boolean) => string;
  reports: Record<'seven' | 'twilio', string>;
  dailyCap: string;
  dailyCapHint: (sentToday: number) => string;
  optional: string;
  save: string;
  saving: string;
  saved: string;
  fixErrors: (n: number) => string;
  errors: Record<SmsField, string> & { apiKeyRequired: string; senderRequired: string };
  testHeading: string;
  testHint: string;
  testUnsaved: string;
  testTo: string;
  testToHint: string;
  test: string;
  testing: string;
  testQueued: (masked: string) => string;
  capReached: string;
}

export const SMS_TEXTS: Record<Lang, SmsTexts> = {
  en: {
    heading: 'SMS',
    intro: 'SMS carry the PINs of two-step verification. The provider is asked over HTTPS; its key stays in the app’s secret storage.',
    provider: 'SMS provider',
    providers: { none: 'None (SMS are not sent)', seven: 'seven.io (Germany, EU)', twilio: 'Twilio' },
    providerHint: {
      none: 'Until a provider is chosen, no SMS are sent and customers cannot use SMS for two-step verification.',
      seven: 'seven.io sends from the EU. Create an API key under Developer › API keys in your seven.io account.',
      twilio: 'Twilio: the Account SID and auth token are on your Twilio Console dashboard.',
    },
    sender: 'SMS sender',
    senderHint: {
      none: 'A name of 3 to 11 letters or digits (e.g. ServiceDesk), or a phone number in international format (+49…).',
      seven: 'A name of 3 to 11 letters or digits (e.g. ServiceDesk), or a phone number in international format (+49…). Empty: seven.io’s default.',
      twilio: 'One of your Twilio phone numbers (+…) or an alphanumeric sender ID registered with Twilio (3 to 11 characters).',
    },
    accountSid: 'Twilio Account SID',
    accountSidHint: 'Starts with AC, followed by 32 hexadecimal characters.',
    apiKey: { none: 'SMS API key', seven: 'SMS API key', twilio: 'Twilio auth token' },
    apiKeyStored: (last4) => `A key is stored (ending in ${last4}). Leave the field empty to keep it.`,
    apiKeyNone: 'No key stored yet.',
    apiKeyKeep: 'Leave empty to keep the stored key',
    webhookKey: 'seven.io signing key (delivery reports)',
    webhookKeyHint: (stored) =>
      `From seven.io's developer settings; delivery reports are checked with it. ${stored ? 'A key is stored. Leave the field empty to keep it.' : 'No key stored yet: delivery reports are refused.'}`,
    reports: {
      seven: 'Delivery reports: add this URL as a webhook for the event "dlr" (SMS status) in the seven.io dashboard:',
      twilio: 'Delivery reports: Twilio posts them to this URL, given with every SMS (nothing to set up):',
    },
    dailyCap: 'SMS per day (whole site)',
    dailyCapHint: (n) => `Protects against SMS pumping: once reached, no SMS are sent until midnight UTC. Sent today: ${n}.`,
    optional: '(optional)',
    save: 'Save SMS settings',
    saving: 'Saving…',
    saved: 'SMS settings saved.',
    fixErrors: (n) => (n === 1 ? 'Please correct the highlighted field.' : `Please correct the ${n} highlighted fields.`),
    errors: {
      provider: 'Choose a provider.',
      sender: 'Enter 3 to 11 letters or digits (at least one letter), or a phone number starting with +.',
      twilioAccountSid: 'Enter the Account SID: AC followed by 32 hexadecimal characters.',
      dailyCap: 'Enter a whole number from 1 to 100,000.',
      apiKey: 'The key must be 8 to 200 characters without spaces.',
      webhookKey: 'The signing key must be 8 to 200 characters without spaces.',
      to: 'Enter a valid mobile number, e.g. +49 171 1234567 or 0171 1234567.',
      apiKeyRequired: 'Enter the key: this provider needs one.',
      senderRequired: 'Twilio needs a sender: one of your Twilio numbers or a sender ID.',
    },
    testHeading: 'Send test SMS',
    testHint: 'Sends a short test SMS with the saved settings to the number you enter. Numbers without a country code are read as German.',
    testUnsaved: 'You have unsaved changes: the test uses the saved settings.',
    testTo: 'Mobile number',
    testToHint: 'For example +49 171 1234567.',
    test: 'Send test SMS',
    testing: 'Sending…',
    testQueued: (masked) => `Test SMS queued for ${masked}. It should arrive within a minute.`,
    capReached: 'Today’s SMS limit for this site is reached. Raise it above or try again after midnight UTC.',
  },
  de: {
    heading: 'SMS',
    intro: 'SMS überbringen die PINs der Zwei-Schritt-Verifizierung. Der Anbieter wird über HTTPS angesprochen; sein Schlüssel bleibt im geschützten Speicher der App.',
    provider: 'SMS-Anbieter',
    providers: { none: 'Keiner (es werden keine SMS gesendet)', seven: 'seven.io (Deutschland, EU)', twilio: 'Twilio' },
    providerHint: {
      none: 'Solange kein Anbieter gewählt ist, werden keine SMS gesendet und Kunden können SMS nicht für die Zwei-Schritt-Verifizierung nutzen.',
      seven: 'seven.io sendet aus der EU. Einen API-Schlüssel erstellen Sie in Ihrem seven.io-Konto unter Developer › API Keys.',
      twilio: 'Twilio: Account SID und Auth Token finden Sie im Dashboard der Twilio Console.',
    },
    sender: 'SMS-Absender',
    senderHint: {
      none: 'Ein Name aus 3 bis 11 Buchstaben oder Ziffern (z. B. ServiceDesk) oder eine Telefonnummer im internationalen Format (+49…).',
      seven: 'Ein Name aus 3 bis 11 Buchstaben oder Ziffern (z. B. ServiceDesk) oder eine Telefonnummer im internationalen Format (+49…). Leer: Standard von seven.io.',
      twilio: 'Eine Ihrer Twilio-Telefonnummern (+…) oder eine bei Twilio registrierte alphanumerische Absenderkennung (3 bis 11 Zeichen).',
    },
    accountSid: 'Twilio Account SID',
    accountSidHint: 'Beginnt mit AC, gefolgt von 32 Hexadezimalzeichen.',
    apiKey: { none: 'SMS-API-Schlüssel', seven: 'SMS-API-Schlüssel', twilio: 'Twilio Auth Token' },
    apiKeyStored: (last4) => `Ein Schlüssel ist gespeichert (endet auf ${last4}). Lassen Sie das Feld leer, um ihn zu behalten.`,
    apiKeyNone: 'Noch kein Schlüssel gespeichert.',
    apiKeyKeep: 'Leer lassen, um den gespeicherten Schlüssel zu behalten',
    webhookKey: 'seven.io-Signaturschlüssel (Zustellberichte)',
    webhookKeyHint: (stored) =>
      `Aus den Entwicklereinstellungen von seven.io; damit werden Zustellberichte geprüft. ${stored ? 'Ein Schlüssel ist gespeichert. Lassen Sie das Feld leer, um ihn zu behalten.' : 'Noch kein Schlüssel gespeichert: Zustellberichte werden abgelehnt.'}`,
    reports: {
      seven: 'Zustellberichte: Tragen Sie diese URL im seven.io-Dashboard als Webhook für das Ereignis „dlr“ (SMS-Status) ein:',
      twilio: 'Zustellberichte: Twilio sendet sie an diese URL, die jede SMS mitbringt (nichts einzurichten):',
    },
    dailyCap: 'SMS pro Tag (gesamte Website)',
    dailyCapHint: (n) => `Schützt vor SMS-Pumping: Ist das Limit erreicht, werden bis Mitternacht (UTC) keine SMS mehr gesendet. Heute gesendet: ${n}.`,
    optional: '(optional)',
    save: 'SMS-Einstellungen speichern',
    saving: 'Wird gespeichert…',
    saved: 'SMS-Einstellungen gespeichert.',
    fixErrors: (n) => (n === 1 ? 'Bitte korrigieren Sie das markierte Feld.' : `Bitte korrigieren Sie die ${n} markierten Felder.`),
    errors: {
      provider: 'Wählen Sie einen Anbieter.',
      sender: 'Geben Sie 3 bis 11 Buchstaben oder Ziffern (mindestens ein Buchstabe) oder eine Telefonnummer mit + ein.',
      twilioAccountSid: 'Geben Sie die Account SID ein: AC, gefolgt von 32 Hexadezimalzeichen.',
      dailyCap: 'Geben Sie eine ganze Zahl von 1 bis 100.000 ein.',
      apiKey: 'Der Schlüssel muss 8 bis 200 Zeichen lang sein und darf keine Leerzeichen enthalten.',
      webhookKey: 'Der Signaturschlüssel muss 8 bis 200 Zeichen lang sein und darf keine Leerzeichen enthalten.',
      to: 'Geben Sie eine gültige Mobilnummer ein, z. B. +49 171 1234567 oder 0171 1234567.',
      apiKeyRequired: 'Geben Sie den Schlüssel ein: Dieser Anbieter benötigt einen.',
      senderRequired: 'Twilio benötigt einen Absender: eine Ihrer Twilio-Nummern oder eine Absenderkennung.',
    },
    testHeading: 'Test-SMS senden',
    testHint: 'Sendet mit den gespeicherten Einstellungen eine kurze Test-SMS an die eingegebene Nummer. Nummern ohne Ländervorwahl gelten als deutsche Nummern.',
    testUnsaved: 'Sie haben ungespeicherte Änderungen: Der Test verwendet die gespeicherten Einstellungen.',
    testTo: 'Mobilnummer',
    testToHint: 'Zum Beispiel +49 171 1234567.',
    test: 'Test-SMS senden',
    testing: 'Wird gesendet…',
    testQueued: (masked) => `Test-SMS an ${masked} ist unterwegs. Sie sollte innerhalb einer Minute ankommen.`,
    capReached: 'Das heutige SMS-Limit dieser Website ist erreicht. Erhöhen Sie es oben oder versuchen Sie es nach Mitternacht (UTC) erneut.',
  },
};
