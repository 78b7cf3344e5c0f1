import type { Lang } from '../../i18n';

/** Texts of the Customers section's privacy actions (issue 24), English and German. */
export type PrivacyTexts = typeof en;

const en = {
  download: 'Download data',
  downloaded: (name: string) => `Everything held about ${name} was downloaded as a JSON file.`,
  erase: 'Delete customer and their data',
  eraseIntro: (name: string) =>
    `This deletes ${name}'s account, password, two-step verification, phone number, pending links and mail records for good. Their activity stays in the audit log without their name, address or phone number. This cannot be undone.`,
  confirmLabel: (email: string) => `Type the customer's email address (${email}) to confirm`,
  confirmMismatch: 'This is not the customer\u2019s email address.',
  eraseNow: 'Delete customer and their data',
  cancel: 'Cancel',
  working: 'Working…',
  erased: (name: string) => `${name} and their data were deleted.`,
};

const de: PrivacyTexts = {
  download: 'Daten herunterladen',
  downloaded: (name) => `Alles, was über ${name} gespeichert ist, wurde als JSON-Datei heruntergeladen.`,
  erase: 'Kunden und seine Daten löschen',
  eraseIntro: (name) =>
    `Damit werden Konto, Passwort, Zwei-Schritt-Verifizierung, Telefonnummer, offene Links und Mail-Einträge von ${name} endgültig gelöscht. Die Aktivität bleibt im Prüfprotokoll, ohne Namen, Adresse oder Telefonnummer. Das lässt sich nicht rückgängig machen.`,
  confirmLabel: (email) => `Zur Bestätigung die E-Mail-Adresse des Kunden (${email}) eingeben`,
  confirmMismatch: 'Das ist nicht die E-Mail-Adresse des Kunden.',
  eraseNow: 'Kunden und seine Daten löschen',
  cancel: 'Abbrechen',
  working: 'Wird ausgeführt…',
  erased: (name) => `${name} und seine Daten wurden gelöscht.`,
};

export const PRIVACY_TEXTS: Record<Lang, PrivacyTexts> = { en, de };
