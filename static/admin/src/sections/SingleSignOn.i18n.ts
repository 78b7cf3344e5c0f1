import type { SsoField, SsoKeyAction, SsoKeyInfo, SsoWarning } from '../../../../src/surfaces/admin-api';
import type { Lang } from '../i18n';

/**
 * Texts of the section "Single sign-on" (en, de). The names of Atlassian's fields and menus are Atlassian's
 * own (English UI), so an admin finds them on Atlassian's screens; the German texts name them in English too.
 */
export type SsoTexts = typeof en;

const PATH_GUARD = 'Atlassian Administration > Apps > (your site) > Jira Service Management > Portal-only customers > Identity provider';
const PATH_AUTH = 'Settings > Products > Jira Service Management > Authentication';

const en = {
  heading: 'Single sign-on',
  intro:
    'Portal Access can be the identity provider of your help center: portal-only customers then sign in with their Portal Access account through Atlassian’s single sign-on. Follow these steps; the names are those on Atlassian’s screens.',
  stepsLabel: 'Steps to set up single sign-on',
  guard: {
    title: 'Get Atlassian Guard Standard',
    body: 'Single sign-on for portal-only customers needs an Atlassian Guard Standard subscription for your organization.',
    path: `In ${PATH_GUARD}:`,
    choose: 'choose “Other provider”.',
  },
  idp: {
    title: 'Enter the identity provider’s values in Atlassian',
    body: 'Copy each value into the field of the same name in Atlassian Administration, then save there.',
    entityId: 'Identity provider Entity ID',
    ssoUrl: 'Identity provider SSO URL',
    certificate: 'Public x509 certificate',
    certificateHint: 'The active certificate, as PEM. Paste all of it, including the BEGIN and END lines.',
    download: 'Download certificate',
    metadataUrl: 'Identity provider metadata URL',
    metadataUrlHint: 'Atlassian does not ask for it. Other service providers read the values above from it, including every published certificate.',
    /** Under Atlassian's (English) field names: what they mean, where the page is not in English ('' = none). */
    entityIdHint: '',
    ssoUrlHint: '',
  },
  copy: 'Copy',
  copyName: (what: string) => `Copy ${what}`,
  copied: 'Copied',
  copyManual: 'Press Ctrl+C to copy',
  sp: {
    title: 'Paste what Atlassian gives back',
    body: 'Once saved, Atlassian Administration shows the service provider’s values. Paste them here.',
    labels: { spEntityId: 'Service provider entity URL', acsUrl: 'Service provider assertion consumer service URL', helpCenterUrl: 'Help center URL' } satisfies Record<SsoField, string>,
    hints: {
      spEntityId: 'For example https://auth.atlassian.com/saml/…',
      acsUrl: 'For example https://auth.atlassian.com/login/callback?connection=saml-…',
      helpCenterUrl: 'For links back to the help center from the sign-in pages, e.g. https://example.atlassian.net/servicedesk/customer/portals',
    } satisfies Record<SsoField, string>,
    optional: '(optional)',
    errors: {
      spEntityId: 'Enter an absolute https URL, e.g. https://auth.atlassian.com/saml/…',
      acsUrl: 'Enter an absolute https URL, e.g. https://auth.atlassian.com/login/callback?connection=saml-…',
      helpCenterUrl: 'Enter an absolute https URL, e.g. https://example.atlassian.net/servicedesk/customer/portals, or leave this empty.',
    } satisfies Record<SsoField, string>,
    warnings: {
      'sp-host-not-atlassian': 'The service provider entity URL is not on auth.atlassian.com. That works, but check that you copied it from Atlassian Administration.',
      'acs-host-not-atlassian':
        'The service provider assertion consumer service URL is not on auth.atlassian.com. Sign-ins are sent there: check that you copied it from Atlassian Administration.',
    } satisfies Record<SsoWarning, string>,
    save: 'Save',
    saving: 'Saving…',
    saved: 'Service provider values saved.',
    fixOne: 'Check the highlighted field.',
  },
  enable: {
    title: 'Turn on the identity provider',
    body: 'In Jira, go to',
    path: `${PATH_AUTH}, and turn on the identity provider for your help center.`,
    keepPasswords: 'Keep password login turned on until a test sign-in has worked.',
  },
  test: {
    title: 'Try a test sign-in',
    body: 'Opens the sign-in page customers will see, in test mode, in a new tab. Sign in there as the customer to check the whole way.',
    identifier: 'Customer (email address or username)',
    identifierHint: 'Optional: filled in on the sign-in page.',
    button: 'Test sign-in',
    starting: 'Starting the test sign-in…',
    started: (until: string) => `The test sign-in page opened in a new tab. If it did not open, use the link (valid until ${until}):`,
    link: 'Open the test sign-in page',
    notConfigured: 'Save the service provider values first.',
  },
  certificate: {
    title: 'Renew the certificate',
    validUntil: (date: string) => `The active certificate is valid until ${date}.`,
    expiring: (days: number, date: string) =>
      `The active certificate expires in ${days} ${days === 1 ? 'day' : 'days'} (${date}). Create the next certificate and switch to it before then.`,
    expired: (date: string) => `The active certificate expired on ${date}. Atlassian may refuse sign-ins: create the next certificate and switch to it now.`,
    rotation:
      'To replace the certificate: create the next certificate, switch to it, paste the new public x509 certificate into Atlassian Administration, then retire the previous one.',
    caption: 'Published certificates',
    state: 'State',
    states: { active: 'Active', next: 'Next', previous: 'Previous' } satisfies Record<SsoKeyInfo['state'], string>,
    until: 'Valid until',
    fingerprint: 'SHA-256 fingerprint',
    actions: { 'create-next': 'Create next certificate', 'activate-next': 'Switch to next certificate', 'retire-previous': 'Retire previous certificate' } satisfies Record<SsoKeyAction, string>,
    confirm: {
      'activate-next':
        'Atlassian takes one certificate. After the switch, sign-ins are signed with the next certificate, and Atlassian accepts them only once it has that certificate: paste the new public x509 certificate into Atlassian Administration right after switching (or before, where both are accepted). Switch now?',
      'retire-previous': 'The previous certificate will no longer be published. Retire it only once Atlassian uses the active certificate. Retire it now?',
    } satisfies Partial<Record<SsoKeyAction, string>> as Partial<Record<SsoKeyAction, string>>,
    confirmYes: { 'activate-next': 'Switch now', 'retire-previous': 'Retire now' } satisfies Partial<Record<SsoKeyAction, string>> as Partial<Record<SsoKeyAction, string>>,
    cancel: 'Cancel',
    working: 'Working…',
    done: {
      'create-next': 'Next certificate created. It is published, but signs nothing yet.',
      'activate-next': 'Switched to the next certificate. Paste the new public x509 certificate (step 2) into Atlassian Administration now.',
      'retire-previous': 'Previous certificate retired.',
    } satisfies Record<SsoKeyAction, string>,
    notAllowed: 'This step does not apply any more. The list shows the current certificates.',
  },
};

const de: SsoTexts = {
  heading: 'Single Sign-on',
  intro:
    'Portal Access kann der Identitätsanbieter Ihres Help Centers sein: Nur-Portal-Kunden melden sich dann über das Single Sign-on von Atlassian mit ihrem Portal-Access-Konto an. Folgen Sie diesen Schritten; Menüs und Felder sind so benannt wie in der englischen Oberfläche von Atlassian.',
  stepsLabel: 'Schritte zum Einrichten von Single Sign-on',
  guard: {
    title: 'Atlassian Guard Standard abonnieren',
    body: 'Single Sign-on für Nur-Portal-Kunden setzt ein Abonnement von Atlassian Guard Standard für Ihre Organisation voraus.',
    path: `Unter ${PATH_GUARD.replace('(your site)', '(Ihre Website)')}:`,
    choose: 'Wählen Sie „Other provider“ (anderer Anbieter).',
  },
  idp: {
    title: 'Werte des Identitätsanbieters bei Atlassian eintragen',
    body: 'Kopieren Sie jeden Wert in das gleichnamige Feld in Atlassian Administration und speichern Sie dort.',
    entityId: 'Identity provider Entity ID',
    ssoUrl: 'Identity provider SSO URL',
    certificate: 'Public x509 certificate',
    certificateHint: 'Öffentliches x509-Zertifikat: das aktive Zertifikat im PEM-Format. Fügen Sie es vollständig ein, einschließlich der Zeilen BEGIN und END.',
    download: 'Zertifikat herunterladen',
    metadataUrl: 'Metadaten-URL des Identitätsanbieters',
    metadataUrlHint: 'Atlassian fragt nicht danach. Andere Dienstanbieter lesen daraus die Werte oben, einschließlich aller veröffentlichten Zertifikate.',
    entityIdHint: 'Entitäts-ID des Identitätsanbieters.',
    ssoUrlHint: 'SSO-URL des Identitätsanbieters.',
  },
  copy: 'Kopieren',
  copyName: (what) => `${what} kopieren`,
  copied: 'Kopiert',
  copyManual: 'Drücken Sie Strg+C zum Kopieren',
  sp: {
    title: 'Werte von Atlassian hier einfügen',
    body: 'Nach dem Speichern zeigt Atlassian Administration die Werte des Dienstanbieters. Fügen Sie sie hier ein.',
    labels: { spEntityId: 'Service provider entity URL', acsUrl: 'Service provider assertion consumer service URL', helpCenterUrl: 'Help-Center-URL' },
    hints: {
      spEntityId: 'Entitäts-URL des Dienstanbieters, zum Beispiel https://auth.atlassian.com/saml/…',
      acsUrl: 'URL des Assertion Consumer Service, zum Beispiel https://auth.atlassian.com/login/callback?connection=saml-…',
      helpCenterUrl: 'Für Links von den Anmeldeseiten zurück zum Help Center, z. B. https://example.atlassian.net/servicedesk/customer/portals',
    },
    optional: '(optional)',
    errors: {
      spEntityId: 'Geben Sie eine absolute https-URL ein, z. B. https://auth.atlassian.com/saml/…',
      acsUrl: 'Geben Sie eine absolute https-URL ein, z. B. https://auth.atlassian.com/login/callback?connection=saml-…',
      helpCenterUrl: 'Geben Sie eine absolute https-URL ein, z. B. https://example.atlassian.net/servicedesk/customer/portals, oder lassen Sie das Feld leer.',
    },
    warnings: {
      'sp-host-not-atlassian': 'Die Service provider entity URL liegt nicht auf auth.atlassian.com. Das funktioniert, aber prüfen Sie, ob Sie sie aus Atlassian Administration kopiert haben.',
      'acs-host-not-atlassian':
        'Die Service provider assertion consumer service URL liegt nicht auf auth.atlassian.com. Anmeldungen werden dorthin gesendet: Prüfen Sie, ob Sie sie aus Atlassian Administration kopiert haben.',
    },
    save: 'Speichern',
    saving: 'Wird gespeichert…',
    saved: 'Werte des Dienstanbieters gespeichert.',
    fixOne: 'Bitte das markierte Feld prüfen.',
  },
  enable: {
    title: 'Identitätsanbieter einschalten',
    body: 'Öffnen Sie in Jira',
    path: `${PATH_AUTH} und schalten Sie den Identitätsanbieter für Ihr Help Center ein.`,
    keepPasswords: 'Lassen Sie die Anmeldung mit Passwort eingeschaltet, bis eine Testanmeldung funktioniert hat.',
  },
  test: {
    title: 'Testanmeldung durchführen',
    body: 'Öffnet die Anmeldeseite, die Kunden sehen werden, im Testmodus in einem neuen Tab. Melden Sie sich dort als der Kunde an, um den ganzen Weg zu prüfen.',
    identifier: 'Kunde (E-Mail-Adresse oder Benutzername)',
    identifierHint: 'Optional: wird auf der Anmeldeseite eingetragen.',
    button: 'Testanmeldung',
    starting: 'Testanmeldung wird gestartet…',
    started: (until) => `Die Seite für die Testanmeldung wurde in einem neuen Tab geöffnet. Falls nicht, verwenden Sie den Link (gültig bis ${until}):`,
    link: 'Seite für die Testanmeldung öffnen',
    notConfigured: 'Speichern Sie zuerst die Werte des Dienstanbieters.',
  },
  certificate: {
    title: 'Zertifikat erneuern',
    validUntil: (date) => `Das aktive Zertifikat ist gültig bis ${date}.`,
    expiring: (days, date) =>
      `Das aktive Zertifikat läuft in ${days} ${days === 1 ? 'Tag' : 'Tagen'} ab (${date}). Erstellen Sie vorher das nächste Zertifikat und wechseln Sie dazu.`,
    expired: (date) => `Das aktive Zertifikat ist am ${date} abgelaufen. Atlassian lehnt Anmeldungen womöglich ab: Erstellen Sie jetzt das nächste Zertifikat und wechseln Sie dazu.`,
    rotation:
      'So ersetzen Sie das Zertifikat: Erstellen Sie das nächste Zertifikat, wechseln Sie dazu, fügen Sie das neue Public x509 certificate in Atlassian Administration ein und ziehen Sie dann das vorherige zurück.',
    caption: 'Veröffentlichte Zertifikate',
    state: 'Status',
    states: { active: 'Aktiv', next: 'Nächstes', previous: 'Vorheriges' },
    until: 'Gültig bis',
    fingerprint: 'SHA-256-Fingerabdruck',
    actions: { 'create-next': 'Nächstes Zertifikat erstellen', 'activate-next': 'Zum nächsten Zertifikat wechseln', 'retire-previous': 'Vorheriges Zertifikat zurückziehen' },
    confirm: {
      'activate-next':
        'Atlassian nimmt ein Zertifikat an. Nach dem Wechsel werden Anmeldungen mit dem nächsten Zertifikat signiert, und Atlassian akzeptiert sie erst, wenn es dieses Zertifikat hat: Fügen Sie das neue Public x509 certificate direkt nach dem Wechsel in Atlassian Administration ein (oder vorher, wo beide akzeptiert werden). Jetzt wechseln?',
      'retire-previous': 'Das vorherige Zertifikat wird nicht mehr veröffentlicht. Ziehen Sie es erst zurück, wenn Atlassian das aktive Zertifikat verwendet. Jetzt zurückziehen?',
    },
    confirmYes: { 'activate-next': 'Jetzt wechseln', 'retire-previous': 'Jetzt zurückziehen' },
    cancel: 'Abbrechen',
    working: 'Wird ausgeführt…',
    done: {
      'create-next': 'Nächstes Zertifikat erstellt. Es ist veröffentlicht, signiert aber noch nichts.',
      'activate-next': 'Zum nächsten Zertifikat gewechselt. Fügen Sie jetzt das neue Public x509 certificate (Schritt 2) in Atlassian Administration ein.',
      'retire-previous': 'Vorheriges Zertifikat zurückgezogen.',
    },
    notAllowed: 'Dieser Schritt passt nicht mehr. Die Liste zeigt die aktuellen Zertifikate.',
  },
};

export const SSO_TEXTS: Record<Lang, SsoTexts> = { en, de };
