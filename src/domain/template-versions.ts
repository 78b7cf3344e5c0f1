/**
 * Admin-edited mail templates as versioned records, as pure rules (the store in src/forge/templates.ts only
 * reads and writes what these return). Per kind and locale: the current record (read on every send) and the
 * last `MAX_VERSIONS` versions, each in one of `MAX_VERSIONS` slots (version n lives in slot n % MAX_VERSIONS,
 * so the 11th save overwrites the 1st). "Reset to default" and "restore" are saves too: each becomes a version.
 */
export const MAX_VERSIONS = 10;

export interface TemplateParts {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export type VersionOrigin = 'saved' | 'reset' | 'restored';

export interface VersionInfo {
  version: number;
  /** Seconds since the epoch. */
  savedAt: number;
  /** Jira account id and display name (as Jira said at the time) of the admin who saved. */
  savedBy: string;
  savedByName: string;
  origin: VersionOrigin;
  /** With `restored`: the version that was restored. */
  from?: number;
  /** The version is the shipped default (after a reset, or a restore of one). */
  isDefault: boolean;
}

/** What a send reads: the template in effect (null = the shipped default) and the version list. */
export interface CurrentTemplate {
  template: TemplateParts | null;
  version: number;
  versions: VersionInfo[]; // newest first, at most MAX_VERSIONS
}

export interface StoredVersion extends VersionInfo {
  template: TemplateParts | null;
}

export const EMPTY: CurrentTemplate = { template: null, version: 0, versions: [] };

export const slotOf = (version: number): number => version % MAX_VERSIONS;

/** Whether `version` is still kept (among the last MAX_VERSIONS). */
export function isKept(current: CurrentTemplate, version: number): boolean {
  return current.versions.some((v) => v.version === version);
}

/**
 * The next state after a save, reset or restore: the new current record and the version to store in its
 * slot. `template` null = back to the shipped default.
 */
export function nextVersion(
  current: CurrentTemplate,
  template: TemplateParts | null,
  change: { savedAt: number; savedBy: string; savedByName: string; origin: VersionOrigin; from?: number },
): { current: CurrentTemplate; stored: StoredVersion } {
  const version = current.version + 1;
  const info: VersionInfo = {
    version, savedAt: change.savedAt, savedBy: change.savedBy, savedByName: change.savedByName, origin: change.origin,
    ...(change.from ? { from: change.from } : {}),
    isDefault: template === null,
  };
  return {
    current: { template, version, versions: [info, ...current.versions].slice(0, MAX_VERSIONS) },
    stored: { ...info, template },
  };
}
