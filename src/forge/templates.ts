import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { ENTITY, templateKey, templateVersionKey } from './kvs-keys';
import { executeIfUnchanged } from './transactions';
import type { MailKind } from '../domain/delivery';
import { EMPTY, slotOf, type CurrentTemplate, type StoredVersion } from '../domain/template-versions';
import type { MailLocale } from '../i18n/locale';
import type { Clock } from '../ports/platform';
import type { TemplateStore } from '../ports/settings';

/**
 * Admin templates in KVS: `template:<kind>:<locale>` holds the current template and the version list (the
 * one read a send makes), `template-version:<kind>:<locale>:<slot>` the kept versions (read only to
 * restore). Sends cache the current record for a few seconds per warm instance, like the settings.
 */
const CACHE_MS = 10_000;
const currentKey = (kind: MailKind, locale: MailLocale) => templateKey(kind, locale);
const versionKey = (kind: MailKind, locale: MailLocale, slot: number) => templateVersionKey(kind, locale, slot);

function asCurrent(value: unknown): CurrentTemplate {
  const v = value as Partial<CurrentTemplate> | undefined;
  return v && typeof v.version === 'number' && Array.isArray(v.versions) ? { template: v.template ?? null, version: v.version, versions: v.versions } : EMPTY;
}

export class KvsTemplateStore implements TemplateStore {
  private readonly cache = new Map<string, { at: number; value: CurrentTemplate }>();

  constructor(private readonly clock: Clock) {}

  /** Drops the cached records (a new invocation starts without them). */
  forget(): void {
    this.cache.clear();
  }

  async current(kind: MailKind, locale: MailLocale): Promise<CurrentTemplate> {
    const key = currentKey(kind, locale);
    const now = this.clock.nowMs();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_MS && now >= hit.at) return hit.value;
    return this.fresh(kind, locale);
  }

  async fresh(kind: MailKind, locale: MailLocale): Promise<CurrentTemplate> {
    const key = currentKey(kind, locale);
    const value = asCurrent(await kvs.get(key));
    this.cache.set(key, { at: this.clock.nowMs(), value });
    return value;
  }

  async version(kind: MailKind, locale: MailLocale, version: number): Promise<StoredVersion | undefined> {
    const stored = await kvs.get<StoredVersion>(versionKey(kind, locale, slotOf(version)));
    return stored && stored.version === version ? stored : undefined;
  }

  /**
   * Stores the next current record and its version slot in one transaction, conditioned on the revision
   * counter (entity `revision`, same key) still being the version the change was based on: of two admins
   * saving from the same version, exactly one wins; the other gets false (a conflict) and nothing is written.
   */
  async save(kind: MailKind, locale: MailLocale, next: CurrentTemplate, stored: StoredVersion): Promise<boolean> {
    const key = currentKey(kind, locale);
    const base = next.version - 1;
    // A record saved before revisions were kept has none: the first save from it creates one.
    const unchanged =
      base === 0
        ? new Filter<Revision>().and('rev', FilterConditions.notExists())
        : new Filter<Revision>().or('rev', FilterConditions.equalTo(base)).or('rev', FilterConditions.notExists());
    const landed = await executeIfUnchanged(
      kvs
        .transact()
        .set<Revision>(key, { rev: next.version }, { entityName: ENTITY.revision, conditions: unchanged })
        .set(key, next)
        .set(versionKey(kind, locale, slotOf(stored.version)), stored),
    );
    if (!landed) return false;
    this.cache.set(key, { at: this.clock.nowMs(), value: next });
    return true;
  }
}

interface Revision {
  rev: number;
}
