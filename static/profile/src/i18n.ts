import type { CriterionId } from '../../../src/domain/password-policy';
import type { SignInOutcome } from '../../../src/surfaces/profile-api';
import { intlLocale, langOf, type Lang } from '../../shared/host-locale';
import type { FailureCode } from './api';

export { intlLocale, langOf, type Lang };

export interface Messages {
  title: string;
  loading: string;
  retry: string;
  username: string;
  email: string;
  passwordChanged: (date: string) => string;
  passwordNever: string;
  signIns: { title: string; none: string; time: string; result: string; outcome: Record<SignInOutcome, string> };
  /** Issue 24: "Download my data". */
  myData: { title: string; intro: string; download: string; done: string };
  /** Issue 22: the customer's passkeys. */
  passkeys: {
    title: string; intro: string; none: string; name: string; created: string; lastUsed: string; never: string; add: string; addHint: string; limit: (max: number) => string;
    rename: string; save: string; cancel: string; remove: string; confirm: (name: string) => string; removed: string; renamed: string; nameLabel: string;
  };
  form: {
    title: string;
    current: string;
    password: string;
    confirm: string;
    criteria: string;
    criterion: Record<CriterionId | 'match', string>;
    met: string;
    notMet: string;
    submit: string;
    busy: string;
    required: string;
    success: string;
  };
  lockedUntil: (time: string) => string;
  errors: Record<Exclude<FailureCode, 'locked'>, string>;
  twoStep: TwoStepMessages;
  sms: SmsMessages;
}

/** SMS as a two-step method in the panel (issue 11, item 5). */
export interface SmsMessages {
  label: string;
  on: (masked: string, date: string) => string;
  add: string;
  remove: string;
  addTitle: string;
  addIntro: string;
  proofIntro: string;
  proofIntroApp: string;
  phone: string;
  phoneHint: string;
  phoneRequired: string;
  phoneInvalid: string;
  send: string;
  sending: string;
  sentTo: (masked: string) => string;
  pin: string;
  pinHint: string;
  resend: string;
  resent: (masked: string) => string;
  confirm: string;
  added: string;
  removeTitle: string;
  removeIntroLast: string;
  removeIntroOther: string;
  removed: string;
  sendCode: string;
  codeSent: (masked: string) => string;
  useSms: string;
}

export interface TwoStepMessages {
  title: string;
  intro: string;
  methods: string;
  app: string;
  appOn: (date: string) => string;
  off: string;
  recovery: string;
  recoveryLeft: (left: number, total: number) => string;
  recoveryNone: string;
  policy: { off: string; optional: string; required: string };
  requiredNoRemove: string;
  add: string;
  remove: string;
  renew: string;
  cancel: string;
  back: string;
  enrolTitle: string;
  enrolSteps: string[];
  qrLabel: (issuer: string, account: string) => string;
  keyLabel: string;
  code: string;
  codeHint: string;
  recoveryCode: string;
  useRecovery: string;
  useApp: string;
  confirm: string;
  confirming: string;
  removeTitle: string;
  removeIntro: string;
  password: string;
  removeSubmit: string;
  removing: string;
  removed: string;
  renewTitle: string;
  renewIntro: string;
  renewSubmit: string;
  renewing: string;
  codesTitle: string;
  codesIntroEnrolled: string;
  codesIntroRenewed: string;
  codesOnce: string;
  download: string;
  print: string;
  fileName: string;
  fileHeader: (account: string) => string;
  saved: string;
  savedRequired: string;
  done: string;
  required: string;
  wrongLeft: (left: number) => string;
}

const EN: Messages = {
  title: 'Sign-in and security',
  loading: 'Loading…',
  retry: 'Try again',
  username: 'Username',
  email: 'Email',
  passwordChanged: (date) => `Password last changed ${date}`,
  passwordNever: 'Password never changed',
  passkeys: {
    title: 'Passkeys',
    intro: 'A passkey signs you in with your fingerprint, face or screen lock instead of your password. It works only on this site.',
    none: 'No passkeys yet.',
    name: 'Name',
    created: 'Added',
    lastUsed: 'Last used',
    never: 'Never',
    add: 'Add a passkey',
    addHint: 'Opens the sign-in page in a new tab: sign in there, then add the passkey.',
    limit: (max) => `You have ${max} passkeys, the most an account can hold. Remove one to add another.`,
    rename: 'Rename',
    save: 'Save',
    cancel: 'Cancel',
    remove: 'Remove',
    confirm: (name) => `Remove the passkey "${name}"? You can no longer sign in with it.`,
    removed: 'Passkey removed.',
    renamed: 'Passkey renamed.',
    nameLabel: 'New name',
  },
  myData: {
    title: 'Your data',
    intro: 'Download everything this service keeps about you (account, sign-ins, emails sent) as a JSON file. Passwords and security codes are never included.',
    download: 'Download my data',
    done: 'Your data was downloaded.',
  },
  signIns: {
    title: 'Recent sign-ins',
    none: 'No sign-ins yet.',
    time: 'Time',
    result: 'Result',
    outcome: { succeeded: 'Signed in', failed: 'Failed: wrong password', refused: 'Refused' },
  },
  form: {
    title: 'Change password',
    current: 'Current password',
    password: 'New password',
    confirm: 'Confirm new password',
    criteria: 'Password requirements',
    criterion: {
      minLength: 'At least {min} characters',
      maxLength: 'At most {max} characters',
      notCommon: 'Not a commonly used password',
      notPersonal: 'Does not contain your username or email address',
      lower: 'Contains a lowercase letter',
      upper: 'Contains an uppercase letter',
      digit: 'Contains a digit',
      symbol: 'Contains a symbol',
      match: 'Both passwords match',
    },
    met: 'met',
    notMet: 'not met',
    submit: 'Change password',
    busy: 'Changing password…',
    required: 'Enter your current password.',
    success: 'Your password was changed. We sent a confirmation to your email address.',
  },
  lockedUntil: (time) => `Too many failed attempts: your account is locked until ${time}. You can also reset your password from the sign-in page.`,
  errors: {
    forbidden: 'Sign in to the help center to see your sign-in settings.',
    'not-found': 'Your account does not sign in with a portal password, so there is nothing to change here.',
    'invalid-input': 'Check the fields and try again.',
    'wrong-password': 'The current password is not correct.',
    rejected: 'The new password does not meet all of the requirements.',
    mismatch: 'The new passwords do not match.',
    disabled: 'This account is disabled. Contact the service desk.',
    'wrong-state': 'Your account has no password yet. Complete your registration with the link in your invitation email.',
    'too-many': 'Too many attempts. Wait a few minutes and try again.',
    internal: 'Something went wrong. Try again.',
    unreachable: 'The service could not be reached. Check your connection and try again.',
    'not-allowed': 'This is not available for your account right now. Reload the page to see the current state.',
    required: 'Two-step verification is required for your account, so the authenticator app cannot be removed.',
    expired: 'This setup has ended (an hour passed or too many wrong codes). Start again.',
    'wrong-code': 'That code is not right, or it was already used. Try the next code.',
    'sms-limit': 'No more text messages can be sent right now (at most 5 per hour). Wait a while and try again.',
  },
  twoStep: {
    title: 'Two-step verification',
    intro: 'After your password, you also enter a code from an app on your phone. Someone who learns your password still cannot sign in.',
    methods: 'Methods',
    app: 'Authenticator app',
    appOn: (date) => `On since ${date}`,
    off: 'Off',
    recovery: 'Recovery codes',
    recoveryLeft: (left, total) => `${left} of ${total} left`,
    recoveryNone: 'None',
    policy: {
      off: 'Two-step verification is turned off for this portal.',
      optional: 'Two-step verification is optional for your account.',
      required: 'Two-step verification is required for your account.',
    },
    requiredNoRemove:
      'Because it is required, the authenticator app cannot be removed here, and replacing it with a new phone in one step is not possible yet. If you lose your phone, sign in with a recovery code or ask the service desk to reset two-step verification.',
    add: 'Add authenticator app',
    remove: 'Remove authenticator app',
    renew: 'Create new recovery codes',
    cancel: 'Cancel',
    back: 'Back',
    enrolTitle: 'Add an authenticator app',
    enrolSteps: [
      'Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or 1Password).',
      'Scan the QR code, or type the key instead.',
      'Enter the 6-digit code the app shows.',
    ],
    qrLabel: (issuer, account) => `QR code to add ${issuer} (${account}) to an authenticator app`,
    keyLabel: 'Key (to type instead of scanning)',
    code: 'Verification code',
    codeHint: 'The 6-digit code from your authenticator app. It changes every 30 seconds.',
    recoveryCode: 'Recovery code',
    useRecovery: 'Use a recovery code instead',
    useApp: 'Use the code from the authenticator app',
    confirm: 'Turn on',
    confirming: 'Checking…',
    removeTitle: 'Remove the authenticator app',
    removeIntro: 'Your recovery codes are removed with it. You can add an app again later.',
    password: 'Current password',
    removeSubmit: 'Remove',
    removing: 'Removing…',
    removed: 'The authenticator app was removed. Two-step verification is off for your account.',
    renewTitle: 'Create new recovery codes',
    renewIntro: 'Your current recovery codes stop working as soon as the new ones are created.',
    renewSubmit: 'Create new codes',
    renewing: 'Creating…',
    codesTitle: 'Your recovery codes',
    codesIntroEnrolled: 'Two-step verification is on. If you lose your phone, each of these codes signs you in once.',
    codesIntroRenewed: 'Your new recovery codes. The old ones no longer work. Each code signs you in once.',
    codesOnce: 'They are shown only now. Download or print them and keep them somewhere safe.',
    download: 'Download',
    print: 'Print',
    fileName: 'recovery-codes.txt',
    fileHeader: (account) => `Two-step verification recovery codes for ${account}. Each code works once.`,
    saved: 'I have saved these codes',
    savedRequired: 'Confirm that you have saved the codes.',
    done: 'Done',
    required: 'Enter the code.',
    wrongLeft: (left) => `That code is not right. Attempts left: ${left}.`,
  },
  sms: {
    label: 'Text message (SMS)',
    on: (masked, date) => `On for ${masked} since ${date}`,
    add: 'Add text message (SMS)',
    remove: 'Remove text message (SMS)',
    addTitle: 'Add text message (SMS)',
    addIntro: 'We send a 6-digit code to your mobile phone each time you sign in.',
    proofIntro: 'To add a method, confirm it is you: your current password and a code from your authenticator app.',
    proofIntroApp: 'To add a method, confirm it is you: your current password and a code sent to your phone by SMS.',
    phone: 'Mobile number',
    phoneHint: 'With the country code, for example +49 151 23456789. Numbers without + are read as German.',
    phoneRequired: 'Enter your mobile number.',
    phoneInvalid: 'Enter a valid mobile number (landlines and service numbers cannot receive codes).',
    send: 'Send code',
    sending: 'Sending…',
    sentTo: (masked) => `We sent a 6-digit code to ${masked}. It is valid for 10 minutes.`,
    pin: 'Code from the text message',
    pinHint: 'The 6-digit code we sent by SMS.',
    resend: 'Send a new code',
    resent: (masked) => `A new code is on its way to ${masked}. Wrong attempts still count.`,
    confirm: 'Turn on',
    added: 'Text message (SMS) is on for your account.',
    removeTitle: 'Remove text message (SMS)',
    removeIntroLast: 'It is your only method: two-step verification turns off, and your recovery codes are removed with it.',
    removeIntroOther: 'Your other method and your recovery codes stay on.',
    removed: 'Text message (SMS) was removed.',
    sendCode: 'Send a code by SMS',
    codeSent: (masked) => `We sent a code to ${masked}.`,
    useSms: 'Use a code sent by SMS',
  },
};

const DE: Messages = {
  title: 'Anmeldung und Sicherheit',
  loading: 'Wird geladen …',
  retry: 'Erneut versuchen',
  username: 'Benutzername',
  email: 'E-Mail',
  passwordChanged: (date) => `Passwort zuletzt geändert am ${date}`,
  passwordNever: 'Passwort noch nie geändert',
  passkeys: {
    title: 'Passkeys',
    intro: 'Mit einem Passkey melden Sie sich per Fingerabdruck, Gesichtserkennung oder Bildschirmsperre an statt mit Ihrem Passwort. Er funktioniert nur auf dieser Website.',
    none: 'Noch keine Passkeys.',
    name: 'Name',
    created: 'Hinzugefügt',
    lastUsed: 'Zuletzt verwendet',
    never: 'Nie',
    add: 'Passkey hinzufügen',
    addHint: 'Öffnet die Anmeldeseite in einem neuen Tab: Melden Sie sich dort an und fügen Sie dann den Passkey hinzu.',
    limit: (max) => `Sie haben ${max} Passkeys, die Höchstzahl für ein Konto. Entfernen Sie einen, um einen weiteren hinzuzufügen.`,
    rename: 'Umbenennen',
    save: 'Speichern',
    cancel: 'Abbrechen',
    remove: 'Entfernen',
    confirm: (name) => `Den Passkey „${name}“ entfernen? Sie können sich dann nicht mehr mit ihm anmelden.`,
    removed: 'Passkey entfernt.',
    renamed: 'Passkey umbenannt.',
    nameLabel: 'Neuer Name',
  },
  myData: {
    title: 'Ihre Daten',
    intro: 'Laden Sie alles herunter, was dieser Dienst über Sie speichert (Konto, Anmeldungen, gesendete E-Mails), als JSON-Datei. Passwörter und Sicherheitscodes sind nie enthalten.',
    download: 'Meine Daten herunterladen',
    done: 'Ihre Daten wurden heruntergeladen.',
  },
  signIns: {
    title: 'Letzte Anmeldungen',
    none: 'Noch keine Anmeldungen.',
    time: 'Zeitpunkt',
    result: 'Ergebnis',
    outcome: { succeeded: 'Angemeldet', failed: 'Fehlgeschlagen: falsches Passwort', refused: 'Abgewiesen' },
  },
  form: {
    title: 'Passwort ändern',
    current: 'Aktuelles Passwort',
    password: 'Neues Passwort',
    confirm: 'Neues Passwort bestätigen',
    criteria: 'Anforderungen an das Passwort',
    criterion: {
      minLength: 'Mindestens {min} Zeichen',
      maxLength: 'Höchstens {max} Zeichen',
      notCommon: 'Kein häufig verwendetes Passwort',
      notPersonal: 'Enthält weder Benutzernamen noch E-Mail-Adresse',
      lower: 'Enthält einen Kleinbuchstaben',
      upper: 'Enthält einen Großbuchstaben',
      digit: 'Enthält eine Ziffer',
      symbol: 'Enthält ein Sonderzeichen',
      match: 'Beide Passwörter stimmen überein',
    },
    met: 'erfüllt',
    notMet: 'nicht erfüllt',
    submit: 'Passwort ändern',
    busy: 'Passwort wird geändert …',
    required: 'Geben Sie Ihr aktuelles Passwort ein.',
    success: 'Ihr Passwort wurde geändert. Wir haben Ihnen eine Bestätigung per E-Mail geschickt.',
  },
  lockedUntil: (time) => `Zu viele Fehlversuche: Ihr Konto ist bis ${time} gesperrt. Sie können Ihr Passwort auch über die Anmeldeseite zurücksetzen.`,
  errors: {
    forbidden: 'Melden Sie sich im Help Center an, um Ihre Anmeldeeinstellungen zu sehen.',
    'not-found': 'Ihr Konto meldet sich nicht mit einem Portal-Passwort an, hier gibt es daher nichts zu ändern.',
    'invalid-input': 'Prüfen Sie die Eingaben und versuchen Sie es erneut.',
    'wrong-password': 'Das aktuelle Passwort ist nicht korrekt.',
    rejected: 'Das neue Passwort erfüllt nicht alle Anforderungen.',
    mismatch: 'Die neuen Passwörter stimmen nicht überein.',
    disabled: 'Dieses Konto ist deaktiviert. Wenden Sie sich an den Service Desk.',
    'wrong-state': 'Ihr Konto hat noch kein Passwort. Schließen Sie die Registrierung über den Link in Ihrer Einladungs-E-Mail ab.',
    'too-many': 'Zu viele Versuche. Warten Sie einige Minuten und versuchen Sie es erneut.',
    internal: 'Etwas ist schiefgelaufen. Versuchen Sie es erneut.',
    unreachable: 'Der Dienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    'not-allowed': 'Das ist für Ihr Konto gerade nicht möglich. Laden Sie die Seite neu, um den aktuellen Stand zu sehen.',
    required: 'Für Ihr Konto ist die Zwei-Schritt-Verifizierung vorgeschrieben, die Authenticator-App kann daher nicht entfernt werden.',
    expired: 'Diese Einrichtung ist beendet (eine Stunde ist vergangen oder es gab zu viele falsche Codes). Beginnen Sie erneut.',
    'wrong-code': 'Der Code ist nicht richtig oder wurde schon verwendet. Versuchen Sie den nächsten Code.',
    'sms-limit': 'Gerade können keine weiteren SMS gesendet werden (höchstens 5 pro Stunde). Warten Sie etwas und versuchen Sie es erneut.',
  },
  twoStep: {
    title: 'Zwei-Schritt-Verifizierung',
    intro: 'Nach Ihrem Passwort geben Sie zusätzlich einen Code aus einer App auf Ihrem Telefon ein. Wer Ihr Passwort kennt, kann sich so trotzdem nicht anmelden.',
    methods: 'Verfahren',
    app: 'Authenticator-App',
    appOn: (date) => `Aktiv seit ${date}`,
    off: 'Aus',
    recovery: 'Wiederherstellungscodes',
    recoveryLeft: (left, total) => `${left} von ${total} übrig`,
    recoveryNone: 'Keine',
    policy: {
      off: 'Die Zwei-Schritt-Verifizierung ist für dieses Portal ausgeschaltet.',
      optional: 'Die Zwei-Schritt-Verifizierung ist für Ihr Konto freiwillig.',
      required: 'Die Zwei-Schritt-Verifizierung ist für Ihr Konto vorgeschrieben.',
    },
    requiredNoRemove:
      'Weil sie vorgeschrieben ist, kann die Authenticator-App hier nicht entfernt werden, und ein Wechsel auf ein neues Telefon in einem Schritt ist noch nicht möglich. Wenn Sie Ihr Telefon verlieren, melden Sie sich mit einem Wiederherstellungscode an oder bitten Sie den Service Desk, die Zwei-Schritt-Verifizierung zurückzusetzen.',
    add: 'Authenticator-App hinzufügen',
    remove: 'Authenticator-App entfernen',
    renew: 'Neue Wiederherstellungscodes erstellen',
    cancel: 'Abbrechen',
    back: 'Zurück',
    enrolTitle: 'Authenticator-App hinzufügen',
    enrolSteps: [
      'Öffnen Sie eine Authenticator-App auf Ihrem Telefon (zum Beispiel Google Authenticator, Microsoft Authenticator oder 1Password).',
      'Scannen Sie den QR-Code oder geben Sie stattdessen den Schlüssel ein.',
      'Geben Sie den 6-stelligen Code ein, den die App anzeigt.',
    ],
    qrLabel: (issuer, account) => `QR-Code, um ${issuer} (${account}) zu einer Authenticator-App hinzuzufügen`,
    keyLabel: 'Schlüssel (zum Eintippen statt Scannen)',
    code: 'Bestätigungscode',
    codeHint: 'Der 6-stellige Code aus Ihrer Authenticator-App. Er ändert sich alle 30 Sekunden.',
    recoveryCode: 'Wiederherstellungscode',
    useRecovery: 'Stattdessen einen Wiederherstellungscode verwenden',
    useApp: 'Den Code aus der Authenticator-App verwenden',
    confirm: 'Einschalten',
    confirming: 'Wird geprüft …',
    removeTitle: 'Authenticator-App entfernen',
    removeIntro: 'Ihre Wiederherstellungscodes werden mit entfernt. Sie können später wieder eine App hinzufügen.',
    password: 'Aktuelles Passwort',
    removeSubmit: 'Entfernen',
    removing: 'Wird entfernt …',
    removed: 'Die Authenticator-App wurde entfernt. Die Zwei-Schritt-Verifizierung ist für Ihr Konto aus.',
    renewTitle: 'Neue Wiederherstellungscodes erstellen',
    renewIntro: 'Ihre bisherigen Wiederherstellungscodes funktionieren nicht mehr, sobald die neuen erstellt sind.',
    renewSubmit: 'Neue Codes erstellen',
    renewing: 'Wird erstellt …',
    codesTitle: 'Ihre Wiederherstellungscodes',
    codesIntroEnrolled: 'Die Zwei-Schritt-Verifizierung ist eingeschaltet. Wenn Sie Ihr Telefon verlieren, meldet Sie jeder dieser Codes einmal an.',
    codesIntroRenewed: 'Ihre neuen Wiederherstellungscodes. Die bisherigen funktionieren nicht mehr. Jeder Code meldet Sie einmal an.',
    codesOnce: 'Sie werden nur jetzt angezeigt. Laden Sie sie herunter oder drucken Sie sie aus und bewahren Sie sie sicher auf.',
    download: 'Herunterladen',
    print: 'Drucken',
    fileName: 'wiederherstellungscodes.txt',
    fileHeader: (account) => `Wiederherstellungscodes der Zwei-Schritt-Verifizierung für ${account}. Jeder Code funktioniert einmal.`,
    saved: 'Ich habe diese Codes gespeichert',
    savedRequired: 'Bestätigen Sie, dass Sie die Codes gespeichert haben.',
    done: 'Fertig',
    required: 'Geben Sie den Code ein.',
    wrongLeft: (left) => `Der Code ist nicht richtig. Verbleibende Versuche: ${left}.`,
  },
  sms: {
    label: 'SMS',
    on: (masked, date) => `Aktiv für ${masked} seit ${date}`,
    add: 'SMS hinzufügen',
    remove: 'SMS entfernen',
    addTitle: 'SMS hinzufügen',
    addIntro: 'Wir senden Ihnen bei jeder Anmeldung einen 6-stelligen Code auf Ihr Mobiltelefon.',
    proofIntro: 'Um ein Verfahren hinzuzufügen, bestätigen Sie, dass Sie es sind: Ihr aktuelles Passwort und ein Code aus Ihrer Authenticator-App.',
    proofIntroApp: 'Um ein Verfahren hinzuzufügen, bestätigen Sie, dass Sie es sind: Ihr aktuelles Passwort und ein Code, den wir Ihnen per SMS senden.',
    phone: 'Mobilnummer',
    phoneHint: 'Mit Ländervorwahl, zum Beispiel +49 151 23456789. Nummern ohne + gelten als deutsche Nummern.',
    phoneRequired: 'Geben Sie Ihre Mobilnummer ein.',
    phoneInvalid: 'Geben Sie eine gültige Mobilnummer ein (Festnetz- und Servicenummern können keine Codes empfangen).',
    send: 'Code senden',
    sending: 'Wird gesendet …',
    sentTo: (masked) => `Wir haben einen 6-stelligen Code an ${masked} gesendet. Er gilt 10 Minuten.`,
    pin: 'Code aus der SMS',
    pinHint: 'Der 6-stellige Code, den wir per SMS gesendet haben.',
    resend: 'Neuen Code senden',
    resent: (masked) => `Ein neuer Code ist unterwegs an ${masked}. Falsche Versuche zählen weiter.`,
    confirm: 'Einschalten',
    added: 'SMS ist für Ihr Konto eingeschaltet.',
    removeTitle: 'SMS entfernen',
    removeIntroLast: 'Es ist Ihr einziges Verfahren: Die Zwei-Schritt-Verifizierung wird ausgeschaltet, und Ihre Wiederherstellungscodes werden mit entfernt.',
    removeIntroOther: 'Ihr anderes Verfahren und Ihre Wiederherstellungscodes bleiben aktiv.',
    removed: 'SMS wurde entfernt.',
    sendCode: 'Code per SMS senden',
    codeSent: (masked) => `Wir haben einen Code an ${masked} gesendet.`,
    useSms: 'Einen per SMS gesendeten Code verwenden',
  },
};

export const MESSAGES: Record<Lang, Messages> = { en: EN, de: DE };

export function criterionText(t: Messages, id: CriterionId | 'match', min: number, max: number): string {
  return t.form.criterion[id].replace('{min}', String(min)).replace('{max}', String(max));
}
