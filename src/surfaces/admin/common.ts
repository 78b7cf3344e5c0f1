import type Resolver from '@forge/resolver';
import type { Settings } from '../../domain/settings';
import type { Deps } from '../../flows/deps';
import type { StoredSettings } from '../../ports/settings';
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

export type { StoredSettings };

/** Function properties, not methods: sections destructure them (`({ define, fresh }) => …`), so none may rely on `this`. */
export interface AdminContext {
  deps: Deps;
  define: <K extends AdminKey>(key: K, handler: (payload: unknown, caller: AdminCaller) => Promise<AdminAnswer[K]>) => void;
  /** The effective settings, bypassing the warm-instance cache (an admin must see what is stored). */
  fresh: () => Promise<Settings>;
  /**
   * Changes the stored settings value through the settings adapter (SettingsStore.update: conditioned write,
   * retried on a clash, cache dropped): `apply` answers the next value from the stored one, or a failure that
   * stops the save; clashes that persist answer `conflict`.
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
    fresh: () => deps.settings.fresh(),
    async updateStored(apply) {
      const result = await deps.settings.update<AdminFailure>((stored) => {
        const next = apply(stored);
        return isAdminFailure(next) ? { refuse: next } : { next };
      });
      if (result.outcome === 'saved') return undefined;
      return result.outcome === 'refused' ? result.reason : fail('conflict');
    },
  };
}

function isAdminFailure(value: StoredSettings | AdminFailure): value is AdminFailure {
  return (value as AdminFailure).ok === false;
}
