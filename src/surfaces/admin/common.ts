import { kvs } from '@forge/kvs';
import type Resolver from '@forge/resolver';
import type { Settings } from '../../domain/settings';
import type { Deps } from '../../flows/deps';
import { executeIfUnchanged, revIs } from '../../forge/transactions';
import { SETTINGS_KEY } from '../../forge/settings';
import type { AdminAnswer, AdminErrorCode, AdminFailure, AdminKey } from '../admin-api';
import { guarded } from '../resolver-errors';

/**
 * What every admin section shares: `define` registers a resolver key that only Jira administrators reach
 * (asked of Jira as the calling user, before the handler runs, on every call). The whole call, the check
 * included, runs in the one catch-all (../resolver-errors): a thrown error is logged redacted (key, error
 * name, code, Jira status) and answered `internal` (the admin contract has no Jira-specific code; a Jira
 * that cannot say whether the caller is an admin answers `forbidden`, fail closed).
 */
export interface AdminCaller {
  accountId: string;
}

export type StoredSettings = Record<string, unknown> & { branding?: Record<string, unknown> };

/** Function properties, not methods: sections destructure them (`({ define, fresh }) => …`), so none may rely on `this`. */
export interface AdminContext {
  deps: Deps;
  define: <K extends AdminKey>(key: K, handler: (payload: unknown, caller: AdminCaller) => Promise<AdminAnswer[K]>) => void;
  /** The effective settings, bypassing the warm-instance cache (an admin must see what is stored). */
  fresh: () => Promise<Settings>;
  /**
   * Changes the stored settings value (as it is, possibly partial): `apply` answers the next value from the
   * stored one, or a failure that stops the save. Safe against concurrent saves: the write is conditioned on
   * the revision it read, and on a clash `apply` runs again on the fresh value (so two sections saved at the
   * same time both land); after a few clashes the answer is `conflict`. Drops this instance's cache.
   */
  updateStored: (apply: (stored: StoredSettings) => StoredSettings | AdminFailure) => Promise<AdminFailure | undefined>;
}

export type AdminSection = (admin: AdminContext) => void;

export function fail(error: AdminErrorCode, extra: { field?: string; reason?: string; problems?: unknown[] } = {}): AdminFailure {
  return {
    ok: false,
    error,
    ...(extra.field ? { field: extra.field } : {}),
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.problems ? { problems: extra.problems } : {}),
  };
}

export function adminContext(deps: Deps, resolver: Resolver): AdminContext {
  /** The calling user is a Jira administrator (asked of Jira as that user, on every call). */
  async function authorized(accountId: string | undefined): Promise<boolean> {
    if (!accountId) return false;
    try {
      return await deps.jira.isAdmin();
    } catch {
      return false;
    }
  }
  const forget = () => (deps.settings as { forget?: () => void }).forget?.();

  return {
    deps,
    define(key, handler) {
      resolver.define(key, ({ payload, context }) =>
        guarded(
          deps.log,
          'admin',
          key,
          async () => {
            const accountId = (context as { accountId?: string } | undefined)?.accountId;
            if (!accountId || !(await authorized(accountId))) return fail('forbidden');
            return handler(payload ?? {}, { accountId });
          },
          () => fail('internal'),
        ),
      );
    },
    async fresh() {
      forget();
      return deps.settings.load();
    },
    async updateStored(apply) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const [value, revision] = await Promise.all([kvs.get<unknown>(SETTINGS_KEY), kvs.entity<Revision>(REVISION).get(SETTINGS_KEY)]);
        const stored = value && typeof value === 'object' && !Array.isArray(value) ? (value as StoredSettings) : {};
        const next = apply(stored);
        if ((next as AdminFailure).ok === false) return next as AdminFailure;
        const rev = revision?.rev ?? 0;
        const landed = await executeIfUnchanged(
          kvs.transact().set<Revision>(SETTINGS_KEY, { rev: rev + 1 }, { entityName: REVISION, conditions: revIs<Revision>(revision?.rev) }).set(SETTINGS_KEY, next),
        );
        if (landed) {
          forget();
          return undefined;
        }
      }
      return fail('conflict');
    },
  };
}

/** A revision counter per stored value (entity `revision`, key = the value's key), for conditional writes. */
interface Revision {
  rev: number;
}
const REVISION = 'revision';
