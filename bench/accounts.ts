import { randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { DEMO_SETTINGS } from '../local/demo-data';
import type { LocalHost } from '../local/host';
import { newCustomer, type Customer } from '../src/domain/customer';
import { normaliseEmailForDisplay, normaliseForLookup } from '../src/domain/identifier';
import type { Settings } from '../src/domain/settings';
import type { KvsSettingsStore } from '../src/forge/settings';
import { SETTINGS_KEY } from '../src/forge/settings';

/** Bench customers and lifted rate limits on a bench host (reset and delivery sections). */

export interface Account {
  email: string;
  username: string;
}

export const LIFTED = { limit: 10_000, windowSec: 86_400 };

export async function liftLimits(host: LocalHost, more: Partial<Settings> = {}): Promise<void> {
  const settings: Settings = {
    ...DEMO_SETTINGS,
    ...more,
    limits: { resetPerClient: LIFTED, resetPerAccount: LIFTED, completePerClient: LIFTED, loginPerClient: LIFTED, invitePerAccount: LIFTED },
  };
  await kvs.set(SETTINGS_KEY, settings);
  (host.deps.settings as KvsSettingsStore).forget();
  const loaded = await host.deps.settings.load();
  if (loaded.limits.resetPerClient.limit !== LIFTED.limit || loaded.limits.resetPerAccount.limit !== LIFTED.limit) {
    throw new Error('lifting the rate limits did not take effect (settings fell back to defaults?)');
  }
}

export async function createAccounts(host: LocalHost, n: number): Promise<Account[]> {
  const deps = host.deps;
  const sharedHash = await deps.hasher.hash('Bench-Initial-Password-Lantern-1');
  const now = Math.floor(host.clock.nowMs() / 1000);
  const accounts: Account[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomBytes(16).toString('base64url');
    const ref = randomBytes(9).toString('base64url');
    const email = `bench.user${String(i).padStart(3, '0')}@example.com`;
    const username = `benchuser${String(i).padStart(3, '0')}`;
    await deps.passwords.put(id, ref, sharedHash);
    const customer = activeCustomer({ id, email, username, displayName: `Bench User ${i}`, locale: i % 2 ? 'de' : 'en', sinceSec: now - 86_400, nowSec: now, passwordRef: ref });
    await deps.directory.create(customer, []);
    accounts.push({ email, username });
  }
  return accounts;
}

/** A registered, active bench customer (created `sinceSec`, registered then) with its password under `passwordRef`. */
export function activeCustomer(c: { id: string; email: string; username: string; displayName: string; locale: Customer['locale']; sinceSec: number; nowSec: number; passwordRef: string }): Customer {
  return {
    ...newCustomer({
      id: c.id,
      email: normaliseEmailForDisplay(c.email),
      emailKey: normaliseForLookup(c.email),
      username: c.username,
      usernameKey: normaliseForLookup(c.username),
      displayName: c.displayName,
      locale: c.locale,
      nowSec: c.sinceSec,
    }),
    status: 'active',
    updatedAt: c.nowSec,
    invitedAt: c.sinceSec,
    activatedAt: c.sinceSec,
    passwordChangedAt: c.sinceSec,
    passwordRef: c.passwordRef,
  };
}

export const unknownEmail = (tag: string, i: number) => `nobody-${tag}-${i}-${randomBytes(4).toString('hex')}@example.com`;
