import type { ApiKeyAccess } from '../../../../src/surfaces/admin-api';
import type { Lang } from '../i18n';

/** Texts of the section "API access" (en, de). */
export interface ApiAccessTexts {
  heading: string;
  intro: string;
  baseUrl: string;
  openapiUrl: string;
  createTitle: string;
  name: string;
  nameHint: string;
  access: string;
  accessNames: Record<ApiKeyAccess, string>;
  accessHints: Record<ApiKeyAccess, string>;
  signed: string;
  signedHint: string;
  create: string;
  creating: string;
  newKey: string;
  newSigningSecret: string;
  shownOnce: string;
  done: string;
  copy: string;
  copyName: (what: string) => string;
  copied: string;
  copyManual: string;
  keysTitle: string;
  noKeys: string;
  columns: { name: string; access: string; key: string; created: string; lastUsed: string; actions: string };
  never: string;
  signedTag: string;
  revoke: string;
  revokeName: (name: string) => string;
  revokeConfirm: (name: string) => string;
  revokeYes: string;
  cancel: string;
  revoked: (name: string) => string;
  errors: { nameRequired: string; nameDuplicate: string; limit: (max: number) => string };
}

export const API_ACCESS_TEXTS: Record<Lang, ApiAccessTexts> = {
  en: {
    heading: 'API access',
    intro: 'Keys for the provisioning API: your shop, ERP or CRM creates customers and sends their activation email when they first order. Each call is audited with the key\'s name.',
    baseUrl: 'API address',
    openapiUrl: 'API description (OpenAPI)',
    createTitle: 'Create a key',
    name: 'Name',
    nameHint: 'Who uses the key, e.g. "Webshop". Shown in the audit log.',
    access: 'Access',
    accessNames: { read: 'Read', write: 'Read and write' },
    accessHints: { read: 'Look up customers and their status.', write: 'Also create customers, update, disable and enable the ones this key created, and send activation emails. A key never changes the address of a customer who has registered, nor the portal administrator mark; taking over a customer someone else created is explicit and shows in the audit log.' },
    signed: 'Require signed requests',
    signedHint: 'Each call must also carry an HMAC-SHA256 signature over timestamp, method, path, query and body, made with a signing secret shown with the key. Each signature counts once: a captured call cannot be sent again.',
    create: 'Create key',
    creating: 'Creating…',
    newKey: 'New API key',
    newSigningSecret: 'Signing secret',
    shownOnce: 'Copy the key now: it is shown only this once. Only a fingerprint of it is stored.',
    done: 'Done',
    copy: 'Copy',
    copyName: (what) => `Copy ${what}`,
    copied: 'Copied.',
    copyManual: 'Copying is blocked here: the text is selected, press Ctrl+C (⌘C) to copy it.',
    keysTitle: 'Keys',
    noKeys: 'No keys yet.',
    columns: { name: 'Name', access: 'Access', key: 'Key', created: 'Created', lastUsed: 'Last used', actions: 'Actions' },
    never: 'Never',
    signedTag: 'signed',
    revoke: 'Revoke',
    revokeName: (name) => `Revoke ${name}`,
    revokeConfirm: (name) => `Revoke the key "${name}"? Calls with it fail from now on. This cannot be undone.`,
    revokeYes: 'Revoke key',
    cancel: 'Cancel',
    revoked: (name) => `Key "${name}" revoked.`,
    errors: { nameRequired: 'Enter a name (up to 60 characters, no angle brackets).', nameDuplicate: 'Another key has this name.', limit: (max) => `At most ${max} keys: revoke one first.` },
  },
  de: {
    heading: 'API-Zugriff',
    intro: 'Schlüssel für die Provisioning-API: Ihr Shop, ERP oder CRM legt Kunden an und verschickt ihre Aktivierungs-E-Mail bei der ersten Bestellung. Jeder Aufruf wird mit dem Namen des Schlüssels protokolliert.',
    baseUrl: 'API-Adresse',
    openapiUrl: 'API-Beschreibung (OpenAPI)',
    createTitle: 'Schlüssel erstellen',
    name: 'Name',
    nameHint: 'Wer den Schlüssel verwendet, z. B. „Webshop“. Erscheint im Protokoll.',
    access: 'Zugriff',
    accessNames: { read: 'Lesen', write: 'Lesen und schreiben' },
    accessHints: { read: 'Kunden und ihren Status nachschlagen.', write: 'Außerdem Kunden anlegen, die mit diesem Schlüssel angelegten ändern, deaktivieren und aktivieren sowie Aktivierungs-E-Mails senden. Ein Schlüssel ändert nie die Adresse eines registrierten Kunden und nie die Markierung als Portal-Administrator; einen von anderen angelegten Kunden zu übernehmen, geschieht ausdrücklich und steht im Audit-Log.' },
    signed: 'Signierte Anfragen verlangen',
    signedHint: 'Jeder Aufruf muss zusätzlich eine HMAC-SHA256-Signatur über Zeitstempel, Methode, Pfad, Abfrage und Inhalt tragen, erstellt mit einem Signaturgeheimnis, das mit dem Schlüssel angezeigt wird. Jede Signatur gilt nur einmal: Ein mitgeschnittener Aufruf lässt sich nicht wiederholen.',
    create: 'Schlüssel erstellen',
    creating: 'Wird erstellt…',
    newKey: 'Neuer API-Schlüssel',
    newSigningSecret: 'Signaturgeheimnis',
    shownOnce: 'Kopieren Sie den Schlüssel jetzt: Er wird nur dieses eine Mal angezeigt. Gespeichert wird nur ein Fingerabdruck davon.',
    done: 'Fertig',
    copy: 'Kopieren',
    copyName: (what) => `${what} kopieren`,
    copied: 'Kopiert.',
    copyManual: 'Kopieren ist hier gesperrt: Der Text ist markiert, drücken Sie Strg+C (⌘C).',
    keysTitle: 'Schlüssel',
    noKeys: 'Noch keine Schlüssel.',
    columns: { name: 'Name', access: 'Zugriff', key: 'Schlüssel', created: 'Erstellt', lastUsed: 'Zuletzt verwendet', actions: 'Aktionen' },
    never: 'Nie',
    signedTag: 'signiert',
    revoke: 'Widerrufen',
    revokeName: (name) => `${name} widerrufen`,
    revokeConfirm: (name) => `Schlüssel „${name}“ widerrufen? Aufrufe damit schlagen ab sofort fehl. Das lässt sich nicht rückgängig machen.`,
    revokeYes: 'Schlüssel widerrufen',
    cancel: 'Abbrechen',
    revoked: (name) => `Schlüssel „${name}“ widerrufen.`,
    errors: { nameRequired: 'Geben Sie einen Namen ein (bis zu 60 Zeichen, keine spitzen Klammern).', nameDuplicate: 'Ein anderer Schlüssel hat diesen Namen.', limit: (max) => `Höchstens ${max} Schlüssel: Widerrufen Sie zuerst einen.` },
  },
};
