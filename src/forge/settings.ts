import { kvs } from '@forge/kvs';
import { resolveSettings, type Settings } from '../domain/settings';
import type { Clock, SettingsStore } from '../ports';

/**
 * Settings as one KVS value, cached for a few seconds per warm function instance: every flow reads them,
 * and a read per invocation would double the KVS cost of the cheapest flows.
 */
export const SETTINGS_KEY = 'settings';
const CACHE_MS = 10_000;

export class KvsSettingsStore implements SettingsStore {
  private cached: { at: number; value: Settings } | undefined;

  constructor(private readonly clock: Clock) {}

  async load(): Promise<Settings> {
    const now = this.clock.nowMs();
    if (this.cached && now - this.cached.at < CACHE_MS && now >= this.cached.at) return this.cached.value;
    const value = resolveSettings(await kvs.get(SETTINGS_KEY));
    this.cached = { at: now, value };
    return value;
  }

  forget(): void {
    this.cached = undefined;
  }
}
