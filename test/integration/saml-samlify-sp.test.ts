import * as samlify from 'samlify';
import { invokeResolver, startTestHost, type TestHost } from '../support/local-host';

/**
 * A second standard service provider, samlify's SP (no code of ours), connected the way an admin connects any
 * SP: its entity ID and ACS typed into the Single sign-on section, the app's metadata loaded into it. It makes
 * an SP-initiated HTTP-Redirect AuthnRequest and must accept the app's signed response.
 */
let host: TestHost;
const SP = { entityID: 'urn:example:samlify-sp', acs: 'http://localhost:4444/saml/acs' };

beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
  // samlify validates against XSD only with a plugin; signatures, audience, times and InResponseTo it checks itself.
  samlify.setSchemaValidator({ validate: () => Promise.resolve('skipped') });
});
afterAll(async () => {
  await host.close();
});

it('samlify as SP accepts the app as IdP (SP-initiated, HTTP-Redirect in, HTTP-POST out)', async () => {
  const saved = await invokeResolver<{ ok: boolean }>(host.url, { moduleKey: 'admin-page', functionKey: 'admin/sso/save', persona: 'admin', payload: { spEntityId: SP.entityID, acsUrl: SP.acs, helpCenterUrl: '' } });
  expect(saved.ok).toBe(true);
  const metadata = await (await fetch(`${host.url}/x/customer-pages/saml/metadata`)).text();
  const idp = samlify.IdentityProvider({ metadata });
  const sp = samlify.ServiceProvider({
    entityID: SP.entityID,
    assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: SP.acs }],
    wantAssertionsSigned: true,
    wantMessageSigned: true,
    authnRequestsSigned: false,
  });
  const { context: loginUrl, id: requestId } = sp.createLoginRequest(idp, 'redirect');
  const relayState = 'samlify-relay';
  const toSso = await fetch(`${loginUrl}&RelayState=${relayState}`, { redirect: 'manual', headers: { 'x-forwarded-for': '198.51.100.77' } });
  expect(toSso.status).toBe(303);
  const signInUrl = toSso.headers.get('location')!;
  const reference = new URL(signInUrl).searchParams.get('request')!;
  const posted = await fetch(`${host.url}/x/customer-pages/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.77' },
    body: new URLSearchParams({ request: reference, identifier: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7', lang: 'de' }).toString(),
  });
  expect(posted.status).toBe(200);
  const page = await posted.text();
  expect(page).toContain(`action="${SP.acs}"`);
  const SAMLResponse = /name="SAMLResponse" value="([^"]+)"/.exec(page)![1];
  expect(/name="RelayState" value="([^"]+)"/.exec(page)![1]).toBe(relayState);
  const { extract } = (await sp.parseLoginResponse(idp, "post", { body: { SAMLResponse, RelayState: relayState } })) as unknown as {
    extract: { nameID: string; attributes: Record<string, string>; response: { inResponseTo: string }; audience: string };
  };
  expect(extract.nameID).toBe('erika.mustermann@example.de');
  expect(extract.response.inResponseTo).toBe(requestId);
  expect(extract.audience).toBe(SP.entityID);
  expect(extract.attributes).toMatchObject({
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'Erika',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'Mustermann',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'Erika Mustermann',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'erika.mustermann@example.de',
  });
  // A response for another SP (a changed audience after signing) is refused by samlify.
  const xml = Buffer.from(SAMLResponse, 'base64').toString('utf8').replace(`<saml:Audience>${SP.entityID}</saml:Audience>`, '<saml:Audience>urn:example:other</saml:Audience>');
  await expect(sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: Buffer.from(xml).toString('base64') } })).rejects.toBeDefined();
});
