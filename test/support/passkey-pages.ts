import http from 'node:http';
import { deflateRawSync } from 'node:zlib';
import { SECOND_SITE } from '../../local/sites';
import { spIdentity } from '../../local/saml-sp';
import { startTestHost, type TestHost } from './local-host';
import { SoftAuthenticator } from './soft-authenticator';

/**
 * Passkeys through the real customer pages (test/integration/passkeys and passkeys-policy): `usePasskeyHost` starts
 * a host on `localhost` (browsers refuse an IP address as RP ID), the second site on nordwind.localhost (`assign`
 * receives the host and both origins), and answers the HTTP steps: a call with the site's Host, a form post, a
 * pending help-center sign-in, Jane's entry and audit, a passkey added after a password sign-in, a sign-in page's
 * passkey options, and `soft`, the file's software authenticator.
 */
export const JANE = { identifier: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };

export interface Answer {
  status: number;
  text: string;
  location?: string;
}
export function configOf(body: string): { reference: string; optionsUrl: string } {
  const json = /<script type="application\/json" id="passkey-config">(.*?)<\/script>/s.exec(body)?.[1];
  if (!json) throw new Error(`no passkey config in ${body.slice(0, 400)}`);
  return JSON.parse(json);
}
export const assertionOf = (body: string) => Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(body)![1], 'base64').toString('utf8');

export function usePasskeyHost(assign: (started: { host: TestHost; origin: string; nordwind: string }) => void) {
  let host: TestHost;
  let client = 0;
  let origin = '';

  /** HTTP to the host's loopback address with the site's Host (Node's fetch does not resolve *.localhost). */
  function call(url: string, init: { method?: string; body?: string; json?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
    const target = new URL(url);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { host: target.host, 'x-forwarded-for': `198.18.1.${++client % 250}`, ...init.headers };
      if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const req = http.request({ host: '127.0.0.1', port: target.port, method: init.method ?? 'GET', path: `${target.pathname}${target.search}`, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), location: res.headers.location }));
      });
      req.on('error', reject);
      req.end(init.body);
    });
  }
  const pages = (site = origin) => `${site}/x/customer-pages`;
  const post = (route: string, fields: Record<string, string>, site = origin) => call(`${pages(site)}/${route}`, { method: 'POST', body: new URLSearchParams({ lang: 'en', ...fields }).toString() });
  beforeAll(async () => {
    host = await startTestHost({ host: 'localhost', scrypt: { N: 1024, r: 8, p: 1 } });
    origin = host.url;
    assign({ host, origin, nordwind: `http://${SECOND_SITE.label}.localhost:${new URL(host.url).port}` });
  });
  afterAll(async () => {
    await host.close();
  });

  /** A pending help-center sign-in at `site` (its reference). */
  async function pending(site = origin): Promise<string> {
    const sso = spIdentity(site).entityId;
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_pk${++client}x" Version="2.0" IssueInstant="${new Date(host.clock.nowMs()).toISOString()}"><saml:Issuer>${sso}</saml:Issuer></samlp:AuthnRequest>`;
    const r = await call(`${pages(site)}/saml/sso?${new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64') })}`);
    expect(r.status).toBe(303);
    return new URL(r.location!).searchParams.get('request')!;
  }


  async function jane() {
    return (await host.deps.directory.findByEmail('jane.doe@example.com'))!;
  }
  async function audit(kind: string) {
    const { events } = await host.deps.directory.listAudit((await jane()).id, 100);
    return events.filter((e) => e.kind === kind);
  }

  const soft = new SoftAuthenticator();

  /** Signs Jane in with her password and adds a passkey from the offer that follows. */
  async function addPasskeyAfterSignIn(authenticator = soft, knobs: { origin?: string; uv?: boolean } = {}) {
    const reference = await pending();
    const signedIn = await post('sign-in', { request: reference, ...JANE });
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain('Sign in faster next time');
    expect(signedIn.text).toContain('name="SAMLResponse"');
    const offer = configOf(signedIn.text);
    const options = await post('passkeys/options', { request: offer.reference });
    expect(options.status).toBe(200);
    const created = authenticator.create(JSON.parse(options.text).options, { origin: knobs.origin ?? origin, uv: knobs.uv });
    return { offer, added: await post('passkeys/add', { request: offer.reference, credential: JSON.stringify(created) }) };
  }

  /** A sign-in page's passkey options (the challenge now on that pending sign-in). */
  async function signInOptions(reference: string, site = origin) {
    const r = await post('sign-in/passkey/options', { request: reference }, site);
    expect(r.status).toBe(200);
    return JSON.parse(r.text).options as { challenge: string; rpId: string };
  }

  return { call, pages, post, pending, jane, audit, soft, addPasskeyAfterSignIn, signInOptions };
}
