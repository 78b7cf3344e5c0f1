import type { MailKind } from '../domain/delivery';
import type { Settings } from '../domain/settings';
import type { CurrentTemplate, StoredVersion } from '../domain/template-versions';
import type { MailLocale } from '../i18n/locale';

/**
 * The site's settings and the admin-edited mail templates.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

export interface SettingsStore {
  /** The effective settings; may be a few seconds old (a warm instance caches them). */
  load(): Promise<Settings>;
  /** The effective settings as stored now, bypassing the cache (an admin must see what is stored). */
  fresh(): Promise<Settings>;
  /**
   * Changes the stored settings value (as it is, possibly partial): `change` answers the next value from the
   * stored one, or a refusal that stops the save (nothing written). Safe against concurrent changes: the
   * write is conditioned on the revision it read, and on a clash `change` runs again on the fresh value (so
   * two changes made at the same time both land); after a few clashes the answer is `conflict`. A change
   * that lands drops this instance's cache.
   */
  update<R>(change: (stored: StoredSettings) => SettingsChange<R>): Promise<SettingsUpdate<R>>;
}

/** The settings value as stored: a plain object, possibly partial or from an older version. */
export type StoredSettings = Record<string, unknown> & { branding?: Record<string, unknown> };

export type SettingsChange<R> = { next: StoredSettings } | { refuse: R };

export type SettingsUpdate<R> = { outcome: 'saved' } | { outcome: 'refused'; reason: R } | { outcome: 'conflict' };

/** Admin-edited mail templates per kind and locale (see domain/template-versions.ts for the rules). */
export interface TemplateStore {
  /** What a send uses: one KVS read, cached for a few seconds per warm instance. */
  current(kind: MailKind, locale: MailLocale): Promise<CurrentTemplate>;
  /** The stored record as it is now, bypassing the cache (admins must see what is stored). */
  fresh(kind: MailKind, locale: MailLocale): Promise<CurrentTemplate>;
  /** A kept version, or undefined when it was never saved or its slot has been reused. */
  version(kind: MailKind, locale: MailLocale, version: number): Promise<StoredVersion | undefined>;
  /** Writes the new current record and its version slot together (one transaction). */
  /** False when somebody else saved since the version `next` is based on (nothing written). */
  save(kind: MailKind, locale: MailLocale, next: CurrentTemplate, stored: StoredVersion): Promise<boolean>;
}

/** Which provider credential: the mail provider's API key and webhook secret, the SMS provider's key and report key. */
export type ProviderSecret = 'mailApiKey' | 'mailWebhookSecret' | 'smsApiKey' | 'smsWebhookKey';

/** The providers' credentials (KVS secret storage; src/forge/provider-secrets.ts): written only when an admin types one. */
export interface ProviderSecrets {
  get(name: ProviderSecret): Promise<string | undefined>;
  set(name: ProviderSecret, value: string): Promise<void>;
}
