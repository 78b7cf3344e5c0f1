import Resolver from '@forge/resolver';
import type { Deps } from '../flows/deps';

/**
 * The portal footer module's resolver (anonymous visitors allowed): it only hands out the customer pages'
 * links. Nothing here reads or changes an account.
 */
export interface PortalLinks {
  loginUrl: string;
  forgotUrl: string;
}

export const PORTAL_KEYS = ['portal/links'] as const;

export function portalResolver(deps: Pick<Deps, 'urls'>) {
  const resolver = new Resolver();
  resolver.define('portal/links', async ({ payload }): Promise<PortalLinks> => {
    const lang = (payload as { lang?: unknown })?.lang === 'de' ? 'de' : 'en';
    const base = await deps.urls.customerPagesBase();
    return { loginUrl: `${base}/login?lang=${lang}`, forgotUrl: `${base}/forgot?lang=${lang}` };
  });
  return resolver.getDefinitions();
}
