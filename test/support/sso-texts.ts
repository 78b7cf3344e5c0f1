/**
 * The texts and demo customers of the help-center sign-in journeys (test/e2e/sso-journey.test.ts and
 * sso-pages.test.ts), English and German. Literal on purpose: a wrong or missing translation must fail there.
 */
export const T = {
  en: {
    locale: 'en-US' as const,
    helpCenterHeading: 'Welcome to the Help Center',
    logIn: 'Log in',
    signInHeading: 'Sign in to Demo Service Desk',
    intro: 'Sign in to continue to the help center.',
    identifier: 'Email address or username',
    password: 'Password',
    submit: 'Sign in',
    forgot: 'Forgot your password?',
    switchTo: 'Deutsch',
    failed:
      'Log in failed. Check your email address or username and password. After several failed attempts, sign-in is paused for a while; you can reset your password at any time.',
    continueHeading: 'Signing you in…',
    continueBody: 'You are being taken back to the help center. If nothing happens, select Continue.',
    continueButton: 'Continue',
    signedInAs: 'Signed in as',
    requests: 'Your requests',
    profile: 'Profile',
    panel: 'Sign-in and security',
    succeeded: 'Signed in',
    forgotHeading: 'Forgot your password?',
    forgotSubmit: 'E-mail me',
    sentHeading: 'Check your email',
    resetSubject: '[Demo Service Desk] Reset your password',
    createHeading: 'Create new password',
    newPassword: 'New password',
    confirmPassword: 'Confirm password',
    save: 'Save password',
    doneHeading: 'Your password has been changed',
    backToSignIn: 'Back to sign in',
    expiredHeading: 'This sign-in has expired',
    expiredBody: 'Sign-in requests are valid for 30 minutes. Go back to the help center and select Log in again.',
    backToHelpCenter: 'Back to the help center',
    problemHeading: 'The sign-in request could not be read',
    problemEncoding: 'The request is not correctly encoded.',
    admin: {
      heading: 'Single sign-on',
      identifier: 'Customer (email address or username)',
      button: 'Test sign-in',
      link: 'Open the test sign-in page',
    },
    testIntro: 'This is what the app would send to the service provider. Nothing was sent.',
    reportHeading: 'Test sign-in: result',
    passed: 'Passed',
    allPassed: 'All checks passed. The help center would accept this sign-in.',
  },
  de: {
    locale: 'de-DE' as const,
    helpCenterHeading: 'Willkommen im Hilfe-Center',
    logIn: 'Anmelden',
    signInHeading: 'Anmelden bei Demo Service Desk',
    intro: 'Melden Sie sich an, um zum Hilfe-Center zurückzukehren.',
    identifier: 'E-Mail-Adresse oder Benutzername',
    password: 'Passwort',
    submit: 'Anmelden',
    forgot: 'Passwort vergessen?',
    switchTo: 'English',
    failed:
      'Die Anmeldung ist fehlgeschlagen. Prüfen Sie E-Mail-Adresse bzw. Benutzername und Passwort. Nach mehreren Fehlversuchen wird die Anmeldung eine Zeit lang gesperrt; Ihr Passwort können Sie jederzeit zurücksetzen.',
    continueHeading: 'Sie werden angemeldet …',
    continueBody: 'Sie werden zum Hilfe-Center zurückgeleitet. Falls nichts passiert, wählen Sie „Weiter“.',
    continueButton: 'Weiter',
    signedInAs: 'Angemeldet als',
    requests: 'Ihre Anfragen',
    profile: 'Profil',
    panel: 'Anmeldung und Sicherheit',
    succeeded: 'Angemeldet',
    forgotHeading: 'Passwort vergessen?',
    forgotSubmit: 'Link per E-Mail senden',
    sentHeading: 'Prüfen Sie Ihr Postfach',
    resetSubject: '[Demo Service Desk] Ihr Passwort zurücksetzen',
    createHeading: 'Neues Passwort erstellen',
    newPassword: 'Neues Passwort',
    confirmPassword: 'Passwort bestätigen',
    save: 'Passwort speichern',
    doneHeading: 'Ihr Passwort wurde geändert',
    backToSignIn: 'Zurück zur Anmeldung',
    expiredHeading: 'Diese Anmeldung ist abgelaufen',
    expiredBody: 'Anmeldeanfragen gelten 30 Minuten. Kehren Sie zum Hilfe-Center zurück und wählen Sie erneut „Anmelden“.',
    backToHelpCenter: 'Zurück zum Hilfe-Center',
    problemHeading: 'Die Anmeldeanfrage konnte nicht gelesen werden',
    problemEncoding: 'Die Anfrage ist nicht korrekt kodiert.',
    admin: {
      heading: 'Single Sign-on',
      identifier: 'Kunde (E-Mail-Adresse oder Benutzername)',
      button: 'Testanmeldung',
      link: 'Seite für die Testanmeldung öffnen',
    },
    testIntro: 'Das würde die App an den Service-Provider senden. Es wurde nichts gesendet.',
    reportHeading: 'Test-Anmeldung: Ergebnis',
    passed: 'Bestanden',
    allPassed: 'Alle Prüfungen bestanden. Das Hilfe-Center würde diese Anmeldung annehmen.',
  },
};
export type Lang = keyof typeof T;
export const LANGS = ['en', 'de'] as const;

export interface Customer {
  email: string;
  username: string;
  name: string;
  password: string;
  requests: { key: string; summary: string }[];
}
/**
 * Jane's password changes in sso-journey's forgot-password test; the tests after it in that file read it from here
 * (each test file has its own copy of this module, and its own host).
 */
export const JANE: Customer = { email: 'jane.doe@example.com', username: 'customer2300229', name: 'Jane Doe', password: 'Harbour-Lantern-Violet-42', requests: [{ key: 'DEMO-2', summary: 'Forgot my password' }] };
export const ERIKA: Customer = { email: 'erika.mustermann@example.de', username: 'customer2300230', name: 'Erika Mustermann', password: 'Sonnenblume-Fahrrad-Kaffee-7', requests: [{ key: 'DEMO-6', summary: 'Passwort ändern' }] };
export const LARRY = { email: 'larry.locked@example.com', password: 'Granite-Meadow-Compass-19' };
export const WHO: Record<Lang, Customer> = { en: JANE, de: ERIKA };
export const JANE_NEW_PASSWORD = 'Tidepool-Saffron-Kestrel-58';

/** The 8 checks of the test report (src/domain/saml/test-report.ts), in the report's order. */
export const REPORT_CHECKS = ['nameId', 'attributes', 'audience', 'destination', 'validity', 'inResponseTo', 'responseSignature', 'assertionSignature'];
