import type { RateLimitName } from '../../../../src/surfaces/admin-api';
import type { TwoStepPolicy } from '../../../../src/domain/two-step';
import type { Lang } from '../i18n';

/** Texts of the Branding, Security and Customer pages sections (en and de). */
export interface SettingsTexts {
  save: string;
  saving: string;
  saved: string;
  fixErrors: (n: number) => string;
  optional: string;
  range: (min: number, max: number) => string;
  rangeError: (min: number, max: number) => string;
  tooLong: (max: number) => string;
  required: string;
  httpsUrl: string;
  webUrl: string;
  email: string;
  branding: {
    heading: string;
    intro: string;
    portalName: string;
    portalNameHint: string;
    companyName: string;
    logo: string;
    logoUrl: string;
    logoUrlHint: string;
    logoUpload: string;
    logoUploadHint: string;
    logoUploaded: string;
    logoPreview: string;
    logoRemove: string;
    logoUploading: string;
    logoSaved: string;
    logoRemoved: string;
    logoProblems: Record<'empty' | 'too-large' | 'bad-type', string>;
    color: string;
    colorHint: string;
    colorPicker: string;
    colorError: string;
    contrastHeading: string;
    preview: string;
    previewButton: string;
    previewLink: string;
    whiteText: (ratio: string, ok: boolean) => string;
    buttonText: (black: boolean, ratio: string) => string;
    linkText: (ratio: string, ok: boolean) => string;
    linkFallback: string;
    contrastWarning: string;
    sender: string;
    senderName: string;
    senderNameHint: string;
    senderNameError: string;
    senderAddress: (address: string) => string;
    replyTo: string;
    footer: string;
    footerAddress: string;
    footerPhone: string;
    footerPhoneError: string;
    footerEmail: string;
    imprintUrl: string;
    privacyUrl: string;
  };
  security: {
    heading: string;
    intro: string;
    password: string;
    minLength: string;
    maxLength: string;
    lengthOrder: string;
    checks: string;
    blockCommon: string;
    blockPersonal: string;
    composition: string;
    compositionHint: string;
    requireLower: string;
    requireUpper: string;
    requireDigit: string;
    requireSymbol: string;
    links: string;
    resetLinkMinutes: string;
    inviteLinkDays: string;
    inviteReminderDays: string;
    inviteReminderHint: string;
    reminderOrder: string;
    limits: string;
    limitsHint: string;
    limitNames: Record<RateLimitName, string>;
    limit: string;
    windowMinutes: string;
    lockout: string;
    lockoutThreshold: string;
    lockoutMinutes: string;
    /** Issue 24: Data retention. */
    retentionAuditDays: string;
    retention: string;
    retentionIntro: string;
    retentionActivityDays: string;
    /** Issue 24: customers invited but never registered removed after (0 = never). */
    retentionInviteesDays: string;
    twoStep: string;
    twoStepIntro: string;
    twoStepPolicy: string;
    twoStepPolicies: Record<TwoStepPolicy, string>;
    twoStepMethods: string;
    methodTotp: string;
    methodSms: string;
    methodSmsHint: string;
    methodNeeded: string;
    signIn: string;
    signInIntro: string;
    signInMethods: { password: string; passkey: string; emailCode: string };
    signInEmailCodeHint: string;
    signInNeeded: string;
  };
  customerPages: {
    heading: string;
    intro: string;
    help: string;
    spamHint: (lang: string) => string;
    spamHintHint: (builtIn: string) => string;
    contact: (lang: string) => string;
    contactHint: string;
    languages: { en: string; de: string };
    internal: string;
    internalIntro: string;
    domains: string;
    domainsHint: string;
    domainError: (line: number) => string;
    domainsMax: (max: number) => string;
    internalUrl: string;
    internalUrlHint: string;
    internalUrlRequired: string;
  };
}

const en: SettingsTexts = {
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved. Customers see the change within a few seconds.',
  fixErrors: (n) => (n === 1 ? 'Please correct the field marked below.' : `Please correct the ${n} fields marked below.`),
  optional: '(optional)',
  range: (min, max) => `${min} to ${max}.`,
  rangeError: (min, max) => `Enter a whole number from ${min} to ${max}.`,
  tooLong: (max) => `Use at most ${max} characters.`,
  required: 'This field is required.',
  httpsUrl: 'Enter a full address starting with https://',
  webUrl: 'Enter a full address starting with https:// or http://',
  email: 'Enter a valid email address, or leave the field empty.',
  branding: {
    heading: 'Branding',
    intro: 'Names, logo, colour and footer used in every email and on the customer pages.',
    portalName: 'Portal name',
    portalNameHint: 'Shown in page titles, the page header and emails.',
    companyName: 'Company name',
    logo: 'Logo',
    logoUrl: 'Logo address',
    logoUrlHint: 'An https:// address of an image, or upload one below. Leave empty to show the portal name instead.',
    logoUpload: 'Upload a logo',
    logoUploadHint: 'PNG, JPEG, GIF or WebP, at most 100 KB. About 40 pixels high looks best. The upload is saved at once.',
    logoUploaded: 'The uploaded logo is in use.',
    logoPreview: 'Current logo',
    logoRemove: 'Remove uploaded logo',
    logoUploading: 'Uploading the logo…',
    logoSaved: 'Logo uploaded and in use.',
    logoRemoved: 'Uploaded logo removed.',
    logoProblems: {
      empty: 'The file is empty.',
      'too-large': 'The file is larger than 100 KB. Use a smaller image.',
      'bad-type': 'Use a PNG, JPEG, GIF or WebP image (SVG is not allowed).',
    },
    color: 'Primary colour',
    colorHint: 'Six-digit hex code, e.g. #0C66E4. Used for buttons and the top line of emails.',
    colorPicker: 'Pick the primary colour',
    colorError: 'Enter a colour as # followed by six hex digits, e.g. #0C66E4.',
    contrastHeading: 'Contrast (WCAG AA needs 4.5:1)',
    preview: 'Preview',
    previewButton: 'Save password',
    previewLink: 'Forgot your password?',
    whiteText: (r, ok) => `White text on this colour: ${r}:1 (${ok ? 'passes' : 'fails'} AA).`,
    buttonText: (black, r) => `Buttons will use ${black ? 'black' : 'white'} text: ${r}:1.`,
    linkText: (r, ok) => `This colour as link text on white: ${r}:1 (${ok ? 'passes' : 'fails'} AA).`,
    linkFallback: 'Links on the customer pages will use the default blue (#0C66E4) instead.',
    contrastWarning: 'This colour does not meet WCAG AA with white text or as link text. The app adjusts as described, but consider a darker colour.',
    sender: 'Sender',
    senderName: 'Sender name',
    senderNameHint: 'The name customers see as the sender. Also shown under “Email delivery”.',
    senderNameError: 'Enter a sender name of at most 100 characters, without line breaks or < >.',
    senderAddress: (a) => `Sender address: ${a} (change it under “Email delivery”).`,
    replyTo: 'Reply-to address',
    footer: 'Footer',
    footerAddress: 'Postal address',
    footerPhone: 'Phone',
    footerPhoneError: 'Use digits, spaces and + ( ) / . - only, at most 50 characters.',
    footerEmail: 'Contact email',
    imprintUrl: 'Imprint (legal notice) address',
    privacyUrl: 'Privacy policy address',
  },
  security: {
    heading: 'Security',
    intro: 'Password rules, link lifetimes, rate limits and the lockout after failed logins. Changes apply to new passwords and new links.',
    password: 'Password policy',
    minLength: 'Minimum length',
    maxLength: 'Maximum length',
    lengthOrder: 'The minimum length must not be greater than the maximum length.',
    checks: 'Checks',
    blockCommon: 'Refuse commonly used passwords',
    blockPersonal: 'Refuse passwords containing the username or email address',
    composition: 'Composition rules',
    compositionHint: 'Not recommended by NIST SP 800-63B: length and the checks above protect better. Use only if your policy requires them.',
    requireLower: 'Require a lowercase letter',
    requireUpper: 'Require an uppercase letter',
    requireDigit: 'Require a digit',
    requireSymbol: 'Require a symbol',
    links: 'Link lifetimes',
    resetLinkMinutes: 'Reset link valid for (minutes)',
    inviteLinkDays: 'Invitation valid for (days)',
    inviteReminderDays: 'Invitation reminder (days before expiry)',
    inviteReminderHint: '0 = no reminder. Must be less than the invitation lifetime.',
    reminderOrder: 'The reminder must come before the invitation expires: use fewer days than the invitation lifetime, or 0.',
    limits: 'Rate limits',
    limitsHint: 'How many requests are allowed within a time window. “Per client” counts by network address, “per account” by customer.',
    limitNames: {
      resetPerClient: 'Reset requests per client',
      resetPerAccount: 'Reset emails per account',
      completePerClient: 'Password submissions per client',
      loginPerClient: 'Log-in attempts per client',
      invitePerAccount: 'Invitations per account',
    },
    limit: 'Requests',
    windowMinutes: 'Window (minutes)',
    lockout: 'Lockout after failed logins',
    lockoutThreshold: 'Failed logins before lockout',
    lockoutMinutes: 'Lockout duration (minutes)',
    retentionAuditDays: 'Data retention: audit log and sign-in history (days)',
    retention: 'Data retention',
    retentionIntro: 'Older activity is deleted every hour, a batch at a time. The Overview\'s figures stay.',
    retentionActivityDays: 'Data retention: email and SMS activity (days)',
    retentionInviteesDays: 'Remove customers invited but never registered after (days; 0 = never)',
    twoStep: 'Two-step verification',
    twoStepIntro: 'After the password, customers confirm their sign-in with a code. Where it is required, customers without a method set one up at their next sign-in.',
    twoStepPolicy: 'Policy',
    twoStepPolicies: { off: 'Off', optional: 'Optional', admins: 'Required for portal administrators', everyone: 'Required for everyone' },
    twoStepMethods: 'Allowed methods',
    methodTotp: 'Authenticator app',
    methodSms: 'SMS',
    methodSmsHint: 'Needs an SMS provider under Email delivery.',
    methodNeeded: 'Allow at least one method, or turn two-step verification off.',
    signIn: 'Allowed sign-in methods',
    signInIntro: 'How customers may sign in to the help center. Where two-step verification applies, the second step follows a password or an email code.',
    signInMethods: { password: 'Password', passkey: 'Passkey', emailCode: 'Email code' },
    signInEmailCodeHint: 'A 6-digit code by email, valid 10 minutes. It counts like a password reset: whoever reads the mailbox could reset the password anyway.',
    signInNeeded: 'Allow at least one sign-in method.',
  },
  customerPages: {
    heading: 'Customer pages',
    intro: 'Help texts on the “Check your email” page, and addresses that belong to staff.',
    help: 'Help texts',
    spamHint: (l) => `Spam hint (${l})`,
    spamHintHint: (b) => `Leave empty for the built-in text: “${b}”`,
    contact: (l) => `Registration not completed (${l})`,
    contactHint: 'Whom to contact when the registration was never completed, e.g. a service mailbox.',
    languages: { en: 'English', de: 'German' },
    internal: 'Internal domains',
    internalIntro: 'Staff with directory accounts use the internal self-service. An email address under one of these domains (or a subdomain) gets a page with a link to it, and no email is sent. Invitations to these addresses are refused.',
    domains: 'Domains, one per line',
    domainsHint: 'For example example.com (also covers mail.example.com). At most 50.',
    domainError: (n) => `Line ${n} is not a valid domain, e.g. example.com.`,
    domainsMax: (max) => `List at most ${max} domains.`,
    internalUrl: 'Internal self-service address',
    internalUrlHint: 'Where staff reset their password, e.g. https://intranet.example.com/password.',
    internalUrlRequired: 'Enter the internal self-service address: it is required when domains are listed.',
  },
};

const de: SettingsTexts = {
  save: 'Speichern',
  saving: 'Wird gespeichert …',
  saved: 'Gespeichert. Kundinnen und Kunden sehen die Änderung innerhalb weniger Sekunden.',
  fixErrors: (n) => (n === 1 ? 'Bitte korrigieren Sie das markierte Feld.' : `Bitte korrigieren Sie die ${n} markierten Felder.`),
  optional: '(optional)',
  range: (min, max) => `${min} bis ${max}.`,
  rangeError: (min, max) => `Geben Sie eine ganze Zahl von ${min} bis ${max} ein.`,
  tooLong: (max) => `Höchstens ${max} Zeichen.`,
  required: 'Dieses Feld ist erforderlich.',
  httpsUrl: 'Geben Sie eine vollständige Adresse ein, die mit https:// beginnt.',
  webUrl: 'Geben Sie eine vollständige Adresse ein, die mit https:// oder http:// beginnt.',
  email: 'Geben Sie eine gültige E-Mail-Adresse ein oder lassen Sie das Feld leer.',
  branding: {
    heading: 'Branding',
    intro: 'Namen, Logo, Farbe und Fußzeile für alle E-Mails und die Kundenseiten.',
    portalName: 'Portalname',
    portalNameHint: 'Erscheint im Seitentitel, in der Kopfzeile der Seiten und in E-Mails.',
    companyName: 'Firmenname',
    logo: 'Logo',
    logoUrl: 'Logo-Adresse',
    logoUrlHint: 'Eine https://-Adresse eines Bildes, oder laden Sie unten eines hoch. Leer lassen, um stattdessen den Portalnamen zu zeigen.',
    logoUpload: 'Logo hochladen',
    logoUploadHint: 'PNG, JPEG, GIF oder WebP, höchstens 100 KB. Etwa 40 Pixel Höhe wirkt am besten. Das Hochladen wird sofort gespeichert.',
    logoUploaded: 'Das hochgeladene Logo wird verwendet.',
    logoPreview: 'Aktuelles Logo',
    logoRemove: 'Hochgeladenes Logo entfernen',
    logoUploading: 'Logo wird hochgeladen …',
    logoSaved: 'Logo hochgeladen und in Verwendung.',
    logoRemoved: 'Hochgeladenes Logo entfernt.',
    logoProblems: {
      empty: 'Die Datei ist leer.',
      'too-large': 'Die Datei ist größer als 100 KB. Verwenden Sie ein kleineres Bild.',
      'bad-type': 'Verwenden Sie ein PNG-, JPEG-, GIF- oder WebP-Bild (SVG ist nicht erlaubt).',
    },
    color: 'Primärfarbe',
    colorHint: 'Sechsstelliger Hex-Code, z. B. #0C66E4. Für Schaltflächen und die obere Linie der E-Mails.',
    colorPicker: 'Primärfarbe auswählen',
    colorError: 'Geben Sie eine Farbe als # mit sechs Hex-Ziffern ein, z. B. #0C66E4.',
    contrastHeading: 'Kontrast (WCAG AA verlangt 4,5:1)',
    preview: 'Vorschau',
    previewButton: 'Passwort speichern',
    previewLink: 'Passwort vergessen?',
    whiteText: (r, ok) => `Weiße Schrift auf dieser Farbe: ${r}:1 (AA ${ok ? 'erfüllt' : 'nicht erfüllt'}).`,
    buttonText: (black, r) => `Schaltflächen erhalten ${black ? 'schwarze' : 'weiße'} Schrift: ${r}:1.`,
    linkText: (r, ok) => `Diese Farbe als Linkfarbe auf Weiß: ${r}:1 (AA ${ok ? 'erfüllt' : 'nicht erfüllt'}).`,
    linkFallback: 'Links auf den Kundenseiten verwenden stattdessen das Standardblau (#0C66E4).',
    contrastWarning: 'Diese Farbe erfüllt WCAG AA weder mit weißer Schrift noch als Linkfarbe. Die App gleicht das wie beschrieben aus, aber erwägen Sie eine dunklere Farbe.',
    sender: 'Absender',
    senderName: 'Absendername',
    senderNameHint: 'Der Name, den Kundinnen und Kunden als Absender sehen. Auch unter „E-Mail-Versand“ zu sehen.',
    senderNameError: 'Geben Sie einen Absendernamen mit höchstens 100 Zeichen ein, ohne Zeilenumbrüche oder < >.',
    senderAddress: (a) => `Absenderadresse: ${a} (zu ändern unter „E-Mail-Versand“).`,
    replyTo: 'Antwortadresse',
    footer: 'Fußzeile',
    footerAddress: 'Postanschrift',
    footerPhone: 'Telefon',
    footerPhoneError: 'Nur Ziffern, Leerzeichen und + ( ) / . - verwenden, höchstens 50 Zeichen.',
    footerEmail: 'Kontakt-E-Mail',
    imprintUrl: 'Adresse des Impressums',
    privacyUrl: 'Adresse der Datenschutzerklärung',
  },
  security: {
    heading: 'Sicherheit',
    intro: 'Passwortregeln, Gültigkeit der Links, Ratenbegrenzungen und die Sperre nach fehlgeschlagenen Anmeldungen. Änderungen gelten für neue Passwörter und neue Links.',
    password: 'Passwortrichtlinie',
    minLength: 'Mindestlänge',
    maxLength: 'Höchstlänge',
    lengthOrder: 'Die Mindestlänge darf nicht größer als die Höchstlänge sein.',
    checks: 'Prüfungen',
    blockCommon: 'Häufig verwendete Passwörter ablehnen',
    blockPersonal: 'Passwörter mit Benutzername oder E-Mail-Adresse ablehnen',
    composition: 'Zusammensetzungsregeln',
    compositionHint: 'Von NIST SP 800-63B nicht empfohlen: Länge und die Prüfungen oben schützen besser. Nur verwenden, wenn Ihre Richtlinie es verlangt.',
    requireLower: 'Kleinbuchstaben verlangen',
    requireUpper: 'Großbuchstaben verlangen',
    requireDigit: 'Ziffer verlangen',
    requireSymbol: 'Sonderzeichen verlangen',
    links: 'Gültigkeit der Links',
    resetLinkMinutes: 'Link zum Zurücksetzen gültig (Minuten)',
    inviteLinkDays: 'Einladung gültig (Tage)',
    inviteReminderDays: 'Erinnerung an die Einladung (Tage vor Ablauf)',
    inviteReminderHint: '0 = keine Erinnerung. Muss kleiner als die Gültigkeit der Einladung sein.',
    reminderOrder: 'Die Erinnerung muss vor dem Ablauf der Einladung kommen: weniger Tage als die Gültigkeit wählen oder 0.',
    limits: 'Ratenbegrenzungen',
    limitsHint: 'Wie viele Anfragen innerhalb eines Zeitfensters erlaubt sind. „Pro Client“ zählt nach Netzwerkadresse, „pro Konto“ je Kundin oder Kunde.',
    limitNames: {
      resetPerClient: 'Anfragen zum Zurücksetzen pro Client',
      resetPerAccount: 'E-Mails zum Zurücksetzen pro Konto',
      completePerClient: 'Passwort-Eingaben pro Client',
      loginPerClient: 'Anmeldeversuche pro Client',
      invitePerAccount: 'Einladungen pro Konto',
    },
    limit: 'Anfragen',
    windowMinutes: 'Zeitfenster (Minuten)',
    lockout: 'Sperre nach fehlgeschlagenen Anmeldungen',
    lockoutThreshold: 'Fehlversuche bis zur Sperre',
    lockoutMinutes: 'Dauer der Sperre (Minuten)',
    retentionAuditDays: 'Aufbewahrung: Prüfprotokoll und Anmeldeverlauf (Tage)',
    retention: 'Aufbewahrung von Daten',
    retentionIntro: 'Ältere Aktivität wird stündlich in Teilen gelöscht. Die Zahlen der Übersicht bleiben erhalten.',
    retentionActivityDays: 'Aufbewahrung: E-Mail- und SMS-Aktivität (Tage)',
    retentionInviteesDays: 'Eingeladene, nie registrierte Kunden entfernen nach (Tagen; 0 = nie)',
    twoStep: 'Zwei-Schritt-Verifizierung',
    twoStepIntro: 'Nach dem Passwort bestätigen Kundinnen und Kunden die Anmeldung mit einem Code. Wo sie erforderlich ist, richten Konten ohne Methode sie bei der nächsten Anmeldung ein.',
    twoStepPolicy: 'Richtlinie',
    twoStepPolicies: { off: 'Aus', optional: 'Optional', admins: 'Erforderlich für Portal-Administratoren', everyone: 'Erforderlich für alle' },
    twoStepMethods: 'Erlaubte Methoden',
    methodTotp: 'Authenticator-App',
    methodSms: 'SMS',
    methodSmsHint: 'Erfordert einen SMS-Anbieter unter E-Mail-Versand.',
    methodNeeded: 'Erlauben Sie mindestens eine Methode oder schalten Sie die Zwei-Schritt-Verifizierung aus.',
    signIn: 'Erlaubte Anmeldemethoden',
    signInIntro: 'Wie sich Kundinnen und Kunden beim Hilfe-Center anmelden dürfen. Wo die Zwei-Schritt-Verifizierung gilt, folgt der zweite Schritt auf ein Passwort oder einen E-Mail-Code.',
    signInMethods: { password: 'Passwort', passkey: 'Passkey', emailCode: 'E-Mail-Code' },
    signInEmailCodeHint: 'Ein 6-stelliger Code per E-Mail, 10 Minuten gültig. Er zählt wie das Zurücksetzen des Passworts: Wer das Postfach liest, könnte das Passwort ohnehin zurücksetzen.',
    signInNeeded: 'Erlauben Sie mindestens eine Anmeldemethode.',
  },
  customerPages: {
    heading: 'Kundenseiten',
    intro: 'Hilfetexte auf der Seite „Prüfen Sie Ihr Postfach“ und Adressen, die zu Mitarbeitenden gehören.',
    help: 'Hilfetexte',
    spamHint: (l) => `Spam-Hinweis (${l})`,
    spamHintHint: (b) => `Leer lassen für den eingebauten Text: „${b}“`,
    contact: (l) => `Registrierung nicht abgeschlossen (${l})`,
    contactHint: 'An wen man sich wendet, wenn die Registrierung nie abgeschlossen wurde, z. B. ein Funktionspostfach.',
    languages: { en: 'Englisch', de: 'Deutsch' },
    internal: 'Interne Domains',
    internalIntro: 'Mitarbeitende mit Verzeichniskonto nutzen den internen Self-Service. Eine E-Mail-Adresse unter einer dieser Domains (oder einer Subdomain) erhält eine Seite mit einem Link dorthin, und es wird keine E-Mail gesendet. Einladungen an diese Adressen werden abgelehnt.',
    domains: 'Domains, eine pro Zeile',
    domainsHint: 'Zum Beispiel example.com (gilt auch für mail.example.com). Höchstens 50.',
    domainError: (n) => `Zeile ${n} ist keine gültige Domain, z. B. example.com.`,
    domainsMax: (max) => `Höchstens ${max} Domains angeben.`,
    internalUrl: 'Adresse des internen Self-Service',
    internalUrlHint: 'Wo Mitarbeitende ihr Passwort zurücksetzen, z. B. https://intranet.example.com/passwort.',
    internalUrlRequired: 'Geben Sie die Adresse des internen Self-Service ein: Sie ist erforderlich, wenn Domains angegeben sind.',
  },
};

export const SETTINGS_TEXTS: Record<Lang, SettingsTexts> = { en, de };
