import type { DiagnosticCheckId, DiagnosticFallback, DiagnosticStatus } from '../../../../src/surfaces/admin-api';
import type { Lang } from '../i18n';

/** Texts of the section "Diagnostics" (en, de): each check's name, and what to do when it is degraded or failed. */
export interface DiagnosticsTexts {
  heading: string;
  intro: string;
  run: string;
  running: string;
  download: string;
  never: string;
  lastRun: (when: string) => string;
  finished: (passed: number, degraded: number, failed: number) => string;
  status: Record<DiagnosticStatus, string>;
  checks: Record<DiagnosticCheckId, string>;
  /** What a degraded check means: the fallback in use and what to do. */
  fallbacks: Record<DiagnosticFallback, string>;
  /** What to do when a check failed. */
  failed: Record<DiagnosticCheckId, string>;
  nothingToDo: string;
  code: string;
  details: string;
}

export const DIAGNOSTICS_TEXTS: Record<Lang, DiagnosticsTexts> = {
  en: {
    heading: 'Diagnostics',
    intro:
      'Checks what this site’s platform does where Forge’s documentation is silent: the customer pages, cookies, storage, the background queue, the providers. Run them after installing and after changes; download the results for support.',
    run: 'Run checks',
    running: 'Running checks… this takes up to 15 seconds.',
    download: 'Download results',
    never: 'The checks have not run on this site yet.',
    lastRun: (when) => `Last run: ${when}`,
    finished: (p, d, f) => `Checks finished: ${p} passed, ${d} degraded, ${f} failed.`,
    status: { passed: 'Passed', degraded: 'Degraded', failed: 'Failed' },
    checks: {
      'page-html': 'Customer pages answer with their security headers',
      'form-post': 'A form post arrives intact',
      cookie: 'A cookie set by the customer pages comes back',
      'client-address': 'The client address header is present',
      base64: 'Binary answers (the uploaded logo) are decoded',
      'kvs-condition': 'Storage reports a refused condition',
      'single-use': 'A single-use value is used only once',
      queue: 'Background queue round trip',
      scheduled: 'Hourly job (invitation reminders) last ran',
      'mail-provider': 'Email provider accepts the credentials',
      'sms-provider': 'SMS provider accepts the credentials',
      'trigger-url': 'Customer pages URL format',
      'password-hash': 'Password check time and memory',
      'saml-metadata': 'SAML metadata is reachable',
    },
    fallbacks: {
      'no-resume-cookie': 'Cookies do not reach the app. Fallback in use: after a reset, customers get “Log in” instead of “Back to sign in” (one more click). Sign-in works; nothing to do.',
      'shared-client-key': 'No client address reaches the app. Fallback in use: per-visitor limits count all visitors as one, with a larger shared budget; per-account limits and the lockout still hold. Nothing to do.',
      'logo-url': 'Binary answers are not decoded. Fallback in use: enter an https logo URL in Branding instead of uploading a logo.',
      'read-back': 'Storage answers a refused condition with a generic code. Fallback in use: the app reads the value back after such an error; two admins saving at the same moment may see an error instead of a retry. Nothing to do.',
      'one-response-per-request': 'Both consumers saw the value unused. Fallback in use: the help center accepts one response per sign-in request. Send the results to support.',
      'slow-queue': 'The background queue took more than 5 seconds. Emails and SMS go out later than usual; run the checks again later.',
      'not-run-yet': 'The hourly job has not run since the app was installed. Invitation reminders start with its first run; check again in an hour.',
      'v1-url': 'The customer pages use the older v1 URL. Switching to v2 changes the URL: after the update, paste the new SSO URL into Atlassian Administration.',
      'slow-hash': 'One password check took more than a second: sign-ins feel slow. Give the app’s functions more memory (their CPU grows with it) or send the results to support.',
    },
    failed: {
      'page-html': 'The customer pages did not answer as expected. Check that the app is installed and enabled; send the results to support.',
      'form-post': 'A form was changed on its way: customers cannot sign in or reset passwords. Send the results to support.',
      cookie: 'The customer pages did not answer the cookie check. Send the results to support.',
      'client-address': 'The customer pages did not answer the address check. Send the results to support.',
      base64: 'The customer pages did not answer the binary check. Send the results to support.',
      'kvs-condition': 'Storage did not refuse a condition that does not hold: saves could overwrite each other. Send the results to support.',
      'single-use': 'Storage reads failed. Run the checks again; if this stays, send the results to support.',
      queue: 'The background job did not arrive within 8 seconds: emails and SMS are not going out. Run the checks again; if this stays, send the results to support.',
      scheduled: 'The hourly job has not run for more than two hours: invitation reminders are late. Send the results to support.',
      'mail-provider': 'The email provider refused the call or could not be reached (see the code). Check the provider, API key and domain in Email delivery, then send a test email.',
      'sms-provider': 'The SMS provider refused the call or could not be reached (see the code). Check the key and Account SID under Email delivery › SMS.',
      'trigger-url': 'The customer pages’ URL has an unknown shape. Send the results to support.',
      'password-hash': 'The function’s memory is too small for a password check. Give the app’s functions more memory or send the results to support.',
      'saml-metadata': 'The SAML metadata did not answer: Atlassian cannot read the identity provider’s settings. Check Single sign-on.',
    },
    nothingToDo: 'Nothing to do.',
    code: 'Code',
    details: 'Details',
  },
  de: {
    heading: 'Diagnose',
    intro:
      'Prüft, was die Plattform dieser Site dort tut, wo die Forge-Dokumentation schweigt: Kundenseiten, Cookies, Speicher, Hintergrund-Warteschlange, Anbieter. Führen Sie die Prüfungen nach der Installation und nach Änderungen aus; laden Sie die Ergebnisse für den Support herunter.',
    run: 'Prüfungen ausführen',
    running: 'Prüfungen laufen… das dauert bis zu 15 Sekunden.',
    download: 'Ergebnisse herunterladen',
    never: 'Die Prüfungen sind auf dieser Site noch nicht gelaufen.',
    lastRun: (when) => `Zuletzt ausgeführt: ${when}`,
    finished: (p, d, f) => `Prüfungen beendet: ${p} bestanden, ${d} eingeschränkt, ${f} fehlgeschlagen.`,
    status: { passed: 'Bestanden', degraded: 'Eingeschränkt', failed: 'Fehlgeschlagen' },
    checks: {
      'page-html': 'Kundenseiten antworten mit ihren Sicherheits-Headern',
      'form-post': 'Ein Formular kommt unverändert an',
      cookie: 'Ein Cookie der Kundenseiten kommt zurück',
      'client-address': 'Die Client-Adresse wird übermittelt',
      base64: 'Binäre Antworten (das hochgeladene Logo) werden dekodiert',
      'kvs-condition': 'Der Speicher meldet eine nicht erfüllte Bedingung',
      'single-use': 'Ein Einmalwert wird nur einmal verwendet',
      queue: 'Hintergrund-Warteschlange hin und zurück',
      scheduled: 'Stündlicher Job (Einladungserinnerungen) lief zuletzt',
      'mail-provider': 'E-Mail-Anbieter akzeptiert die Zugangsdaten',
      'sms-provider': 'SMS-Anbieter akzeptiert die Zugangsdaten',
      'trigger-url': 'URL-Format der Kundenseiten',
      'password-hash': 'Dauer und Speicher der Passwortprüfung',
      'saml-metadata': 'SAML-Metadaten sind erreichbar',
    },
    fallbacks: {
      'no-resume-cookie': 'Cookies erreichen die App nicht. Ersatzweise: Nach dem Zurücksetzen erhalten Kunden „Anmelden“ statt „Zurück zur Anmeldung“ (ein Klick mehr). Die Anmeldung funktioniert; nichts zu tun.',
      'shared-client-key': 'Keine Client-Adresse erreicht die App. Ersatzweise: Limits pro Besucher zählen alle Besucher als einen, mit einem größeren gemeinsamen Kontingent; Limits pro Konto und die Sperre gelten weiter. Nichts zu tun.',
      'logo-url': 'Binäre Antworten werden nicht dekodiert. Ersatzweise: Tragen Sie unter Branding eine https-Logo-URL ein, statt ein Logo hochzuladen.',
      'read-back': 'Der Speicher meldet eine nicht erfüllte Bedingung mit einem allgemeinen Code. Ersatzweise: Die App liest den Wert nach einem solchen Fehler nach; speichern zwei Admins im selben Moment, sieht einer einen Fehler statt einer Wiederholung. Nichts zu tun.',
      'one-response-per-request': 'Beide Verbraucher sahen den Wert unbenutzt. Ersatzweise: Das Hilfecenter nimmt pro Anmeldeanfrage nur eine Antwort an. Senden Sie die Ergebnisse an den Support.',
      'slow-queue': 'Die Hintergrund-Warteschlange brauchte mehr als 5 Sekunden. E-Mails und SMS gehen später als üblich hinaus; prüfen Sie später erneut.',
      'not-run-yet': 'Der stündliche Job ist seit der Installation noch nicht gelaufen. Einladungserinnerungen beginnen mit seinem ersten Lauf; prüfen Sie in einer Stunde erneut.',
      'v1-url': 'Die Kundenseiten nutzen die ältere v1-URL. Ein Wechsel zu v2 ändert die URL: Tragen Sie nach dem Update die neue SSO-URL in Atlassian Administration ein.',
      'slow-hash': 'Eine Passwortprüfung dauerte länger als eine Sekunde: Anmeldungen wirken langsam. Geben Sie den Funktionen der App mehr Speicher (ihre CPU wächst mit) oder senden Sie die Ergebnisse an den Support.',
    },
    failed: {
      'page-html': 'Die Kundenseiten antworteten nicht wie erwartet. Prüfen Sie, ob die App installiert und aktiviert ist; senden Sie die Ergebnisse an den Support.',
      'form-post': 'Ein Formular wurde unterwegs verändert: Kunden können sich nicht anmelden oder Passwörter zurücksetzen. Senden Sie die Ergebnisse an den Support.',
      cookie: 'Die Kundenseiten beantworteten die Cookie-Prüfung nicht. Senden Sie die Ergebnisse an den Support.',
      'client-address': 'Die Kundenseiten beantworteten die Adressprüfung nicht. Senden Sie die Ergebnisse an den Support.',
      base64: 'Die Kundenseiten beantworteten die Binärprüfung nicht. Senden Sie die Ergebnisse an den Support.',
      'kvs-condition': 'Der Speicher lehnte eine nicht erfüllte Bedingung nicht ab: Speichervorgänge könnten sich überschreiben. Senden Sie die Ergebnisse an den Support.',
      'single-use': 'Lesen aus dem Speicher schlug fehl. Führen Sie die Prüfungen erneut aus; bleibt es so, senden Sie die Ergebnisse an den Support.',
      queue: 'Der Hintergrundjob kam nicht innerhalb von 8 Sekunden an: E-Mails und SMS gehen nicht hinaus. Führen Sie die Prüfungen erneut aus; bleibt es so, senden Sie die Ergebnisse an den Support.',
      scheduled: 'Der stündliche Job ist seit mehr als zwei Stunden nicht gelaufen: Einladungserinnerungen verspäten sich. Senden Sie die Ergebnisse an den Support.',
      'mail-provider': 'Der E-Mail-Anbieter lehnte den Aufruf ab oder war nicht erreichbar (siehe Code). Prüfen Sie Anbieter, API-Schlüssel und Domain unter E-Mail-Versand und senden Sie eine Test-E-Mail.',
      'sms-provider': 'Der SMS-Anbieter lehnte den Aufruf ab oder war nicht erreichbar (siehe Code). Prüfen Sie Schlüssel und Account SID unter E-Mail-Versand › SMS.',
      'trigger-url': 'Die URL der Kundenseiten hat eine unbekannte Form. Senden Sie die Ergebnisse an den Support.',
      'password-hash': 'Der Speicher der Funktion reicht für eine Passwortprüfung nicht. Geben Sie den Funktionen der App mehr Speicher oder senden Sie die Ergebnisse an den Support.',
      'saml-metadata': 'Die SAML-Metadaten antworteten nicht: Atlassian kann die Einstellungen des Identitätsanbieters nicht lesen. Prüfen Sie Single Sign-on.',
    },
    nothingToDo: 'Nichts zu tun.',
    code: 'Code',
    details: 'Details',
  },
};
