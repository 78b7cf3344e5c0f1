import type { CriterionId } from '../../../src/domain/password-policy';
import type { SignInOutcome } from '../../../src/surfaces/profile-api';
import { langOf, type Lang } from '../../shared/host-locale';
import type { FailureCode } from './api';

export { langOf, type Lang };

/** A BCP 47 tag Intl accepts ('en_US' → 'en-US'), falling back to the UI language. */
export function intlLocale(locale: string | undefined, lang: Lang): string {
  const tag = String(locale ?? '').replace(/_/g, '-');
  try {
    if (tag && Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0) return tag;
  } catch {
    /* invalid tag */
  }
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

export interface Messages {
  title: string;
  loading: string;
  retry: string;
  username: string;
  email: string;
  passwordChanged: (date: string) => string;
  passwordNever: string;
  signIns: { title: string; none: string; time: string; result: string; outcome: Record<SignInOutcome, string> };
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
}

const EN: Messages = {
  title: 'Sign-in and security',
  loading: 'Loading…',
  retry: 'Try again',
  username: 'Username',
  email: 'Email',
  passwordChanged: (date) => `Password last changed ${date}`,
  passwordNever: 'Password never changed',
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
  },
};

export const MESSAGES: Record<Lang, Messages> = { en: EN, de: DE };

export function criterionText(t: Messages, id: CriterionId | 'match', min: number, max: number): string {
  return t.form.criterion[id].replace('{min}', String(min)).replace('{max}', String(max));
}
