import type { Frame, Page } from 'playwright-core';
import { withScreenshot } from './browser';

/**
 * The admin page's section "Single sign-on" as test/e2e/admin-sso.test.ts sees it: its texts in English and
 * German (literal: a wrong or missing translation must fail there), the service provider's values as
 * Atlassian gives them, and small steps on the section's frame.
 */
export const T = {
  en: {
    locale: 'en-US' as const,
    heading: 'Single sign-on',
    steps: ['Get Atlassian Guard Standard', 'Enter the identity provider’s values in Atlassian', 'Paste what Atlassian gives back', 'Turn on the identity provider', 'Try a test sign-in', 'Renew the certificate'],
    copyEntityId: 'Copy Identity provider Entity ID',
    copySsoUrl: 'Copy Identity provider SSO URL',
    copyCertificate: 'Copy Public x509 certificate',
    copyMetadata: 'Copy Identity provider metadata URL',
    copy: 'Copy',
    copied: 'Copied',
    manual: 'Press Ctrl+C to copy',
    download: 'Download certificate',
    spEntityId: 'Service provider entity URL',
    acsUrl: 'Service provider assertion consumer service URL',
    helpCenterUrl: 'Help center URL',
    save: 'Save',
    saved: 'Service provider values saved.',
    fixOne: 'Check the highlighted field.',
    urlError: 'Enter an absolute https URL, e.g. https://auth.atlassian.com/saml/…',
    warnSp: 'The service provider entity URL is not on auth.atlassian.com. That works, but check that you copied it from Atlassian Administration.',
    identifier: 'Customer (email address or username)',
    test: 'Test sign-in',
    notConfigured: 'Save the service provider values first.',
    testLink: 'Open the test sign-in page',
    signInHeading: 'Sign in to Demo Service Desk',
    create: 'Create next certificate',
    switch: 'Switch to next certificate',
    retire: 'Retire previous certificate',
    switchNow: 'Switch now',
    retireNow: 'Retire now',
    cancel: 'Cancel',
    created: 'Next certificate created. It is published, but signs nothing yet.',
    switched: 'Switched to the next certificate. Paste the new public x509 certificate (step 2) into Atlassian Administration now.',
    retired: 'Previous certificate retired.',
    confirmSwitch: /^Atlassian takes one certificate\. .*paste the new public x509 certificate into Atlassian Administration right after switching/,
    expiring: /^The active certificate expires in \d+ days \(/,
    expired: /^The active certificate expired on /,
  },
  de: {
    locale: 'de-DE' as const,
    heading: 'Single Sign-on',
    steps: [
      'Atlassian Guard Standard abonnieren',
      'Werte des Identitätsanbieters bei Atlassian eintragen',
      'Werte von Atlassian hier einfügen',
      'Identitätsanbieter einschalten',
      'Testanmeldung durchführen',
      'Zertifikat erneuern',
    ],
    copyEntityId: 'Identity provider Entity ID kopieren',
    copySsoUrl: 'Identity provider SSO URL kopieren',
    copyCertificate: 'Public x509 certificate kopieren',
    copyMetadata: 'Metadaten-URL des Identitätsanbieters kopieren',
    copy: 'Kopieren',
    copied: 'Kopiert',
    manual: 'Drücken Sie Strg+C zum Kopieren',
    download: 'Zertifikat herunterladen',
    spEntityId: 'Service provider entity URL',
    acsUrl: 'Service provider assertion consumer service URL',
    helpCenterUrl: 'Help-Center-URL',
    save: 'Speichern',
    saved: 'Werte des Dienstanbieters gespeichert.',
    fixOne: 'Bitte das markierte Feld prüfen.',
    urlError: 'Geben Sie eine absolute https-URL ein, z. B. https://auth.atlassian.com/saml/…',
    warnSp: 'Die Service provider entity URL liegt nicht auf auth.atlassian.com. Das funktioniert, aber prüfen Sie, ob Sie sie aus Atlassian Administration kopiert haben.',
    identifier: 'Kunde (E-Mail-Adresse oder Benutzername)',
    test: 'Testanmeldung',
    notConfigured: 'Speichern Sie zuerst die Werte des Dienstanbieters.',
    testLink: 'Seite für die Testanmeldung öffnen',
    signInHeading: 'Anmelden bei Demo Service Desk',
    create: 'Nächstes Zertifikat erstellen',
    switch: 'Zum nächsten Zertifikat wechseln',
    retire: 'Vorheriges Zertifikat zurückziehen',
    switchNow: 'Jetzt wechseln',
    retireNow: 'Jetzt zurückziehen',
    cancel: 'Abbrechen',
    created: 'Nächstes Zertifikat erstellt. Es ist veröffentlicht, signiert aber noch nichts.',
    switched: 'Zum nächsten Zertifikat gewechselt. Fügen Sie jetzt das neue Public x509 certificate (Schritt 2) in Atlassian Administration ein.',
    retired: 'Vorheriges Zertifikat zurückgezogen.',
    confirmSwitch: /^Atlassian nimmt ein Zertifikat an\. .*direkt nach dem Wechsel in Atlassian Administration ein/,
    expiring: /^Das aktive Zertifikat läuft in \d+ Tagen ab \(/,
    expired: /^Das aktive Zertifikat ist am .* abgelaufen\./,
  },
};
export type Lang = keyof typeof T;
export type Theme = 'light' | 'dark';

export const ATLASSIAN_SP = { spEntityId: 'https://auth.atlassian.com/saml/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' };

export async function statusSays(frame: Frame, id: string, text: string | RegExp): Promise<void> {
  await frame.locator(`#${id}`).filter({ hasText: text }).waitFor({ timeout: 5000 });
  if (typeof text === 'string') expect((await frame.locator(`#${id}`).innerText()).trim()).toBe(text);
}

export const focusedId = (frame: Frame) => frame.evaluate(() => document.activeElement?.id ?? '');

export const evidence = <R>(page: Page, name: string, run: () => Promise<R>): Promise<R> => withScreenshot(page, `admin-sso-${name}`, run);
