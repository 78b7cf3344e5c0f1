import { ForgeKvsAPIError } from '@forge/kvs';
import { entitiesFromManifest } from '../../local/kvs/entities';
import { kvsFetch } from '../../local/kvs/forge-fetch';
import { SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { MANIFEST } from '../contract/kvs-manifest';

/**
 * The local KVS emulator (local/kvs/sqlite-kvs.ts) under the real @forge/kvs client, for test/contract/kvs-emulator
 * and kvs-emulator-requests: `useKvsEmulator` gives each test a fresh in-memory emulator behind `__forge_fetch__`,
 * on a clock of its own (`kv.clock`), recording the requests when `kv.recorded` is an array.
 */
export interface Customer {
  emailKey: string;
  usernameKey: string;
  accountId: string;
  status: string;
  linkHash: string;
  rev: number;
  updatedAt: number;
}
export interface Audit {
  customerId: string;
  at: number;
  kind: string;
}

export const START = Date.UTC(2025, 0, 1);
/** The emulator, its clock and the recorded requests of the running test. */
export const kv: { clock: number; emulator: SqliteKvs; recorded: { path: string; body: unknown }[] | undefined } = {
  clock: START,
  emulator: undefined as unknown as SqliteKvs,
  recorded: undefined,
};

export const newEmulator = (file = ':memory:', manifest = MANIFEST) =>
  new SqliteKvs({ file, entities: entitiesFromManifest(manifest), now: () => kv.clock });

export const customer = (n: number, over: Partial<Customer> = {}): Customer => ({
  emailKey: `user${n}@example.com`,
  usernameKey: `user${n}`,
  accountId: `acc-${n}`,
  status: 'active',
  linkHash: `h${n}`,
  rev: 1,
  updatedAt: n,
  ...over,
});

export async function rejection(p: Promise<unknown>): Promise<ForgeKvsAPIError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ForgeKvsAPIError);
  return e as ForgeKvsAPIError;
}

/** The hooks: the client's fetch goes to `kv.emulator`; each test starts on a fresh one at START. */
export function useKvsEmulator(): void {
  beforeAll(() => {
    (globalThis as unknown as { __forge_fetch__: unknown }).__forge_fetch__ = (_meta: unknown, p: string, init?: { body?: string }) => {
      kv.recorded?.push({ path: p, body: init?.body ? JSON.parse(init.body) : undefined });
      return kvsFetch(kv.emulator)(p, init);
    };
  });

  beforeEach(() => {
    kv.clock = START;
    kv.recorded = undefined;
    kv.emulator = newEmulator();
  });

  afterEach(() => kv.emulator.close());
}
