/** Section "Email templates": editor per kind and locale, server-rendered preview, versions, test send. */
import { MAIL_KINDS } from '../../domain/mail-kinds';
import type { MailLocaleEntry } from '../../domain/settings';
import { SETTINGS_BOUNDS } from '../../domain/settings-bounds';
import type { TemplatePart, TemplateProblem } from '../../mail/template-validation';
import { adminCall } from './common';

/** The editor lists the kinds in this order. */
export const TEMPLATE_KINDS = MAIL_KINDS;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
/** The shipped languages; admins add more (`admin/templates/locales/save`), whose defaults are the English templates. */
export const TEMPLATE_LOCALES = ['en', 'de'] as const;
/** en, de or an added email language (a lowercase ISO 639-1 code). */
export type TemplateLocale = string;
export type { MailLocaleEntry };
/** Added languages: at most this many; names up to this long. */
export const MAIL_LOCALE_MAX = SETTINGS_BOUNDS.mailLocales[1];
export const MAIL_LOCALE_NAME_MAX = SETTINGS_BOUNDS.mailLocaleName[1];
export const TEMPLATE_PARTS = ['subject', 'preheader', 'html', 'text'] as const satisfies readonly TemplatePart[];
/** Longest part that validates (longer ones are a `too-long` problem); payloads beyond the hard cap are refused. */
export const TEMPLATE_PART_MAX = 20_000;
export const TEMPLATE_PART_HARD_CAP = 25_000;
export const TEMPLATE_VERSIONS_KEPT = 10;

export type { TemplatePart, TemplateProblem };

export interface TemplateContent {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface TemplateListEntry {
  kind: TemplateKind;
  locale: TemplateLocale;
  /** False: the shipped default is in use. */
  customized: boolean;
  /** Last change (save, reset or restore); null when never changed. Seconds since the epoch. */
  savedAt: number | null;
  savedByName: string | null;
}

export interface TemplateVersionEntry {
  version: number;
  savedAt: number;
  savedBy: string;
  savedByName: string;
  /** `reset`: back to the shipped default; `restored`: a copy of version `from`. */
  origin: 'saved' | 'reset' | 'restored';
  from?: number;
  isDefault: boolean;
}

export interface TemplateVariable {
  name: string;
  description: { en: string; de: string };
}

export interface TemplateDetail {
  kind: TemplateKind;
  locale: TemplateLocale;
  /** The template in effect (the shipped default when `isDefault`). */
  template: TemplateContent;
  isDefault: boolean;
  /** The current version number (0 = never changed); send it back as `baseVersion`. */
  version: number;
  /** The last kept versions, newest first (the first is the current one). */
  versions: TemplateVersionEntry[];
  variables: TemplateVariable[];
}

export interface TemplatePreview {
  subject: string;
  html: string;
  text: string;
}

export interface TemplateRef {
  kind: TemplateKind;
  locale: TemplateLocale;
}

export const TEMPLATE_CALLS = {
  /** Entries for en, de and every added language. */
  'admin/templates/list': adminCall<Record<string, never>, { entries: TemplateListEntry[] }>(),
  'admin/templates/get': adminCall<TemplateRef, TemplateDetail>(),
  /** `invalid-template` with `problems` when the draft does not validate. */
  'admin/templates/preview': adminCall<TemplateRef & { template: TemplateContent }, TemplatePreview>(),
  /** `invalid-template` (nothing stored) or `conflict` (someone saved since `baseVersion`). */
  'admin/templates/save': adminCall<TemplateRef & { template: TemplateContent; baseVersion: number }, TemplateDetail>(),
  'admin/templates/reset': adminCall<TemplateRef & { baseVersion: number }, TemplateDetail>(),
  /** `not-found` when the version is no longer kept. */
  'admin/templates/restore': adminCall<TemplateRef & { version: number; baseVersion: number }, TemplateDetail>(),
  /** Sends the given (valid) draft, or without `template` the saved one, with sample data to the calling admin. */
  'admin/templates/test': adminCall<TemplateRef & { template?: TemplateContent }, { to: string }>(),
  /** The added email languages (en and de are always there), for language pickers. */
  'admin/templates/locales': adminCall<Record<string, never>, { locales: MailLocaleEntry[] }>(),
  /**
   * Replaces the list of added languages (`invalid-input` with `field` such as `locales.0.code`). Removing one
   * keeps its stored templates; its customers get English mail until it is added again.
   */
  'admin/templates/locales/save': adminCall<{ locales: MailLocaleEntry[] }, { locales: MailLocaleEntry[] }>(),
};
