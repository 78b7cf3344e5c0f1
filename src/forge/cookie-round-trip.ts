import { kvs } from '@forge/kvs';
import type { CookieRoundTrip } from '../ports/sign-in';
import { COOKIE_ROUND_TRIP_KEY } from './kvs-keys';
import type { CachedValue } from './pending-sign-ins';

/**
 * Whether the platform carries cookies between the customer pages and the browser (docs/platform-assumptions.md:
 * cookies): learned once, when a sign-in step brings back the `pa_browser` value its start set and it matches,
 * and kept in KVS (`sso-cookie-round-trip`, no expiry). Only a value the app set can prove it, so neither a
 * forged Cookie header (on a platform that drops Set-Cookie) nor a cookie-less attacker can change it.
 * A warm instance keeps a `false` for 10 seconds and a `true` for good (the platform does not forget cookies);
 * a stale copy is read with the pending sign-in's batch (CachedValue).
 */
const CACHE_MS = 10_000;

export class KvsCookieRoundTrip implements CookieRoundTrip, CachedValue {
  private cached?: { at: number; proven: boolean };

  constructor(private readonly clock: { nowMs(): number }) {}

  staleKey(): string | undefined {
    if (this.cached?.proven) return undefined;
    const now = this.clock.nowMs();
    return this.cached && now - this.cached.at < CACHE_MS && now >= this.cached.at ? undefined : COOKIE_ROUND_TRIP_KEY;
  }

  prime(stored: unknown): void {
    this.cached = { at: this.clock.nowMs(), proven: stored === true };
  }

  async proven(): Promise<boolean> {
    if (this.staleKey() !== undefined) this.prime(await kvs.get<boolean>(COOKIE_ROUND_TRIP_KEY));
    return this.cached!.proven;
  }

  async prove(): Promise<void> {
    if (await this.proven()) return;
    await kvs.set(COOKIE_ROUND_TRIP_KEY, true);
    this.cached = { at: this.clock.nowMs(), proven: true };
  }

  forget(): void {
    this.cached = undefined;
  }
}
