import { kvs } from '@forge/kvs';
import { deflateRawSync } from 'node:zlib';
import { SETTINGS_KEY } from '../../src/forge/settings';
import type { TwoStepSettings } from '../../src/domain/two-step';
import type { TestHost } from './local-host';

/**
 * The help-center sign-in over plain HTTP on a test host, as Jira's SAML SP and a browser drive it: `pending`
 * sends an AuthnRequest (HTTP-Redirect binding) to `/saml/sso`, expects the redirect to the sign-in page and
 * answers the pending sign-in's reference; `post` submits one of the customer pages' forms, `page` reads the
 * sign-in page. Every request comes from a new client address in `subnet` (`nextClient`, also for a file's own
 * requests), so the per-address limits do not add up across a file's tests; `lang` is the pages' language and
 * `idPrefix` starts each AuthnRequest's ID.
 */
export function signInRequests(host: () => TestHost, options: { lang: 'en' | 'de'; subnet: string; idPrefix: string }) {
  let client = 0;
  const nextClient = () => ({ 'x-forwarded-for': `${options.subnet}.${++client % 250}` });
  const pages = () => `${host().url}/x/customer-pages`;

  async function pending(): Promise<string> {
    const { sso } = await host().deps.settings.load();
    const issued = new Date(host().clock.nowMs()).toISOString();
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${options.idPrefix}${++client}x" Version="2.0" IssueInstant="${issued}"><saml:Issuer>${sso.spEntityId}</saml:Issuer></samlp:AuthnRequest>`;
    const r = await fetch(`${pages()}/saml/sso?${new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64') })}`, { redirect: 'manual', headers: nextClient() });
    expect(r.status).toBe(303);
    return new URL(r.headers.get('location')!).searchParams.get('request')!;
  }

  async function post(route: string, fields: Record<string, string>): Promise<{ status: number; body: string; location: string | null }> {
    const r = await fetch(`${pages()}/${route}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...nextClient() },
      body: new URLSearchParams({ lang: options.lang, ...fields }).toString(),
    });
    return { status: r.status, body: await r.text(), location: r.headers.get('location') };
  }

  /** The sign-in page of `reference`; `extra` is appended to its query (e.g. `&recovery=1`). */
  async function page(reference: string, extra = ''): Promise<string> {
    return (await fetch(`${pages()}/sign-in?request=${reference}&lang=${options.lang}${extra}`, { headers: nextClient() })).text();
  }

  return { nextClient, pages, pending, post, page };
}

/** Stores the two-step settings (the rest of the settings as they are) and makes the host's settings cache forget what it held. */
export async function setTwoStep(host: Pick<TestHost, 'deps'>, twoStep: TwoStepSettings): Promise<void> {
  const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
  await kvs.set(SETTINGS_KEY, { ...stored, twoStep });
  (host.deps.settings as { forget?: () => void }).forget?.();
}
