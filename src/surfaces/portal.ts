import Resolver from '@forge/resolver';
import type { Deps } from '../flows/deps';
import { guarded } from './resolver-errors';

/**
 * The portal footer module's resolver (anonymous visitors allowed): it only hands out the customer pages'
 * links. Nothing here reads or changes an account.
 */
export interface PortalLinks {
  loginUrl: string;
  forgotUrl: string;
}

/** What the footer gets when the links cannot be made (logged redacted by the catch-all). */
export type PortalFailure = { ok: false; error: 'internal' };

export const PORTAL_KEYS = ['portal/links'] as const;

export function portalResolver(deps: Pick<Deps, 'urls' | 'log'>) {
  const resolver = new Resolver();
  resolver.define('portal/links', ({ payload }): Promise<PortalLinks | PortalFailure> =>
    guarded(
      deps.log,
      'portal',
      'portal/links',
      async () => {
        const lang = (payload as { lang?: unknown } | undefined)?.lang === 'de' ? 'de' : 'en';
        const base = await deps.urls.customerPagesBase();
        return { loginUrl: `${base}/login?lang=${lang}`, forgotUrl: `${base}/forgot?lang=${lang}` };
      },
      (): PortalFailure => ({ ok: false, error: 'internal' }),
    ),
  );
  return resolver.getDefinitions();
}
