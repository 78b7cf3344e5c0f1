import { kvs } from '@forge/kvs';
import { resolveSettings, type Settings } from '../domain/settings';
import type { Clock } from '../ports/platform';
import type { SettingsChange, SettingsStore, SettingsUpdate, StoredSettings } from '../ports/settings';
import { ENTITY, SETTINGS_KEY } from './kvs-keys';
import type { CachedValue } from './pending-sign-ins';
import { executeIfUnchanged, revIs } from './transactions';

/**
 * Settings as one KVS value, cached for a few seconds per warm function instance: every flow reads them,
 * and a read per invocation would double the KVS cost of the cheapest flows.
 */
export { SETTINGS_KEY };
const CACHE_MS = 10_000;
/** Conditioned writes that clash this many times in a row answer `conflict`. */
const ATTEMPTS = 3;

interface Revision {
  rev: number;
}

/**
 * The read-modify-write of the stored settings value (see SettingsStore.update): the value and its revision
 * (entity `revision`, key `settings`) are read together, and the new value is written in one transaction
 * with the next revision, conditioned on the one read. Drops no cache: KvsSettingsStore.update does.
 */
export async function updateStoredSettings<R>(change: (stored: StoredSettings) => SettingsChange<R>): Promise<SettingsUpdate<R>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const [value, revision] = await Promise.all([kvs.get<unknown>(SETTINGS_KEY), kvs.entity<Revision>(ENTITY.revision).get(SETTINGS_KEY)]);
    const stored = value && typeof value === 'object' && !Array.isArray(value) ? (value as StoredSettings) : {};
    const answer = change(stored);
    if ('refuse' in answer) return { outcome: 'refused', reason: answer.refuse };
    const rev = revision?.rev ?? 0;
    // "Allowed sign-in methods" as the stored value meant them before this write (a new site: all three; one
    // that stored settings before the field existed: the password alone), so a write never changes them unasked.
    const next = 'signInMethods' in answer.next ? answer.next : { ...answer.next, signInMethods: resolveSettings(stored).signInMethods };
    const landed = await executeIfUnchanged(
      kvs
        .transact()
        .set<Revision>(SETTINGS_KEY, { rev: rev + 1 }, { entityName: ENTITY.revision, conditions: revIs<Revision>(revision?.rev) })
        .set(SETTINGS_KEY, next),
    );
    if (landed) return { outcome: 'saved' };
  }
  return { outcome: 'conflict' };
}

export class KvsSettingsStore implements SettingsStore, CachedValue {
  private cached: { at: number; value: Settings } | undefined;

  constructor(private readonly clock: Clock) {}

  async load(): Promise<Settings> {
    if (this.staleKey() === undefined) return this.cached!.value;
    const value = resolveSettings(await kvs.get(SETTINGS_KEY));
    this.cached = { at: this.clock.nowMs(), value };
    return value;
  }

  staleKey(): string | undefined {
    const now = this.clock.nowMs();
    return this.cached && now - this.cached.at < CACHE_MS && now >= this.cached.at ? undefined : SETTINGS_KEY;
  }

  prime(stored: unknown): void {
    this.cached = { at: this.clock.nowMs(), value: resolveSettings(stored as Parameters<typeof resolveSettings>[0]) };
  }

  async fresh(): Promise<Settings> {
    this.forget();
    return this.load();
  }

  async update<R>(change: (stored: StoredSettings) => SettingsChange<R>): Promise<SettingsUpdate<R>> {
    const result = await updateStoredSettings(change);
    if (result.outcome === 'saved') this.forget();
    return result;
  }

  forget(): void {
    this.cached = undefined;
  }
}
