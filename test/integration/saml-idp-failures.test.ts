import { translator } from '../../src/i18n/messages';
import { spIdentity, type SpIdentity } from '../../local/saml-sp';
import { invokeResolver, startTestHost, withoutNonce, type TestHost } from '../support/local-host';
import { countScrypt, SCRYPT } from '../support/saml-idp-sp';

/**
 * The app as a SAML identity provider (issue 10): sign-in failures that look alike, audit, lockout, the per-client
 * limit and one scrypt per attempt (the round trip with node-saml and the pending request: saml-idp.test.ts).
 */
/** Failures, audit, lockout, the per-client limit and the scrypt count, on a host of their own (fresh lockout counters). */
describe('sign-in failures at the IdP', () => {
  let host: TestHost;
  let sp: SpIdentity;
  let scrypt: ReturnType<typeof countScrypt>;
  const en = translator('en');

  beforeAll(async () => {
    host = await startTestHost({ scrypt: SCRYPT });
    sp = spIdentity(host.url);
    scrypt = countScrypt(host);
  });
  afterAll(() => host?.close());

  /** A pending request made by the demo SP's own login link (local help center). */
  async function pending(): Promise<string> {
    const login = await fetch(`${host.url}/help-center/login?lang=en`, { redirect: 'manual' });
    const started = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    expect(started.status).toBe(303);
    return new URL(started.headers.get('location')!, host.url).searchParams.get('request')!;
  }
  const attempt = async (reference: string, identifier: string, password: string, clientAddress: string) => {
    const response = await fetch(`${host.url}/x/customer-pages/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': clientAddress },
      body: new URLSearchParams({ lang: 'en', request: reference, identifier, password }).toString(),
    });
    return { status: response.status, body: await response.text() };
  };
  const audit = async (customer: string) => {
    const result = await invokeResolver<{ ok: boolean; data: { entries: { kind: string; detail: Record<string, unknown> }[] } }>(host.url, {
      moduleKey: 'admin-page',
      functionKey: 'admin/audit',
      persona: 'admin',
      payload: { customer, kind: 'login.' },
    });
    expect(result.ok).toBe(true);
    return result.data.entries.map((e) => ({ kind: e.kind, ...e.detail }));
  };

  test('wrong password, unknown account, locked, disabled and never registered: the same 401 page, one scrypt each, audited with reasons', async () => {
    const reference = await pending();
    const cases = [
      ['wrong password', 'jane.doe@example.com', 'not-her-password-1'],
      ['unknown account', 'nobody.here@example.com', 'Harbour-Lantern-Violet-42'],
      ['locked', 'larry.locked@example.com', 'Granite-Meadow-Compass-19'],
      ['disabled', 'dana.disabled@example.com', 'Orchid-Thunder-Basket-88'],
      ['never registered', 'tom.invited@example.com', 'Some-Password-123'],
    ] as const;
    // The very first missing-password check of a fresh hasher costs one scrypt too (no stand-in hash to prepare).
    const bodies: string[] = [];
    for (const [what, identifier, password] of cases) {
      const before = { verifies: scrypt.verifies, runs: scrypt.runs };
      const { status, body } = await attempt(reference, identifier, password, '203.0.113.10');
      expect({ what, status }).toEqual({ what, status: 401 });
      expect({ what, verifies: scrypt.verifies - before.verifies }).toEqual({ what, verifies: 1 });
      expect({ what, runs: scrypt.runs - before.runs }).toEqual({ what, runs: 1 });
      expect(body).toContain(en('login.failed'));
      expect(body).not.toContain('SAMLResponse');
      bodies.push(withoutNonce(body).split(`value="${identifier}"`).join('value="IDENTIFIER"'));
    }
    for (const body of bodies.slice(1)) expect(body).toBe(bodies[0]);
    expect(await audit('jane.doe@example.com')).toEqual([expect.objectContaining({ kind: 'login.failed', attempt: 1, via: 'sso' })]);
    expect(await audit('larry.locked@example.com')).toEqual([expect.objectContaining({ kind: 'login.refused', reason: 'locked', via: 'sso' })]);
    expect(await audit('dana.disabled@example.com')).toEqual([expect.objectContaining({ kind: 'login.refused', reason: 'disabled', via: 'sso' })]);
    expect(await audit('tom.invited@example.com')).toEqual([expect.objectContaining({ kind: 'login.refused', reason: 'not-registered', via: 'sso' })]);
    // The pending request survives failures: the right password still gets the response (one scrypt).
    const before = { verifies: scrypt.verifies, runs: scrypt.runs };
    const ok = await attempt(reference, 'jane.doe@example.com', 'Harbour-Lantern-Violet-42', '203.0.113.10');
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('name="SAMLResponse"');
    expect([scrypt.verifies - before.verifies, scrypt.runs - before.runs]).toEqual([1, 1]);
    expect((await audit('jane.doe@example.com'))[0]).toMatchObject({ kind: 'login.succeeded', via: 'sso' });
  });

  test('five wrong passwords lock the account (login.locked); then even the right password gets the same 401', async () => {
    const reference = await pending();
    for (let i = 1; i <= 5; i++) expect((await attempt(reference, 'erika.mustermann@example.de', `wrong-${i}-password`, '203.0.113.20')).status).toBe(401);
    const events = await audit('erika.mustermann@example.de');
    expect(events.map((e) => e.kind)).toEqual(['login.locked', 'login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.failed']);
    const locked = await attempt(reference, 'erika.mustermann@example.de', 'Sonnenblume-Fahrrad-Kaffee-7', '203.0.113.20');
    expect(locked.status).toBe(401);
    expect(locked.body).not.toContain('SAMLResponse');
    expect((await audit('erika.mustermann@example.de'))[0]).toMatchObject({ kind: 'login.refused', reason: 'locked', via: 'sso' });
  });

  test('the per-client limit: 30 attempts in 15 minutes, then 429 before any scrypt; another client is unaffected', async () => {
    const reference = await pending();
    for (let i = 0; i < 30; i++) expect((await attempt(reference, `nobody${i}@example.com`, 'whatever-password', '203.0.113.30')).status).toBe(401);
    const before = { verifies: scrypt.verifies, runs: scrypt.runs };
    const limited = await attempt(reference, 'jane.doe@example.com', 'Harbour-Lantern-Violet-42', '203.0.113.30');
    expect(limited.status).toBe(429);
    expect(limited.body).toContain(en('page.tooMany.body'));
    expect(limited.body).not.toContain('SAMLResponse');
    expect([scrypt.verifies, scrypt.runs]).toEqual([before.verifies, before.runs]);
    const other = await attempt(reference, 'jane.doe@example.com', 'Harbour-Lantern-Violet-42', '203.0.113.31');
    expect(other.status).toBe(200);
    expect([scrypt.verifies - before.verifies, scrypt.runs - before.runs]).toEqual([1, 1]);
    expect(sp.acsUrl).toBeTruthy();
  });
});