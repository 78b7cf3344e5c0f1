import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { acceptRequest, checkRequestContext, type RequestProblem } from '../../src/domain/saml/authn-request';
import { MAX_ENCODED_REQUEST, MAX_RELAY_STATE, MAX_REQUEST_XML, STATUS_NO_PASSIVE, STATUS_RESPONDER } from '../../src/domain/saml/constants';
import { inspectResponse } from '../../src/saml/inspect';
import type { ServiceProvider } from '../../src/domain/saml/service-provider';
import { readAuthnRequest } from '../../src/saml/authn-request';
import { SamlInputError } from '../../src/saml/xml';
import { translator, type MessageId } from '../../src/i18n/messages';
import { spIdentity } from '../../local/saml-sp';
import { startTestHost, type TestHost } from '../support/local-host';

/**
 * The AuthnRequest parser's limits (issue 10, "Incoming XML is hostile"): hostile fixtures under
 * test/fixtures/saml/ (each named by what is wrong, each differing from valid-authn-request.xml in that one
 * respect) and generated cases (deflate bomb, over-long or malformed base64, bytes that are not DEFLATE,
 * invalid UTF-8, bad RelayState, another SP). First through readAuthnRequest + acceptRequest, then through the
 * real customer-pages web trigger on the local host: a 400/403 HTML page in the customer's language, never a
 * 500, and the host keeps serving.
 */
const FIXTURES = path.join(__dirname, '../fixtures/saml');
const SP: ServiceProvider = {
  spEntityId: 'https://auth.atlassian.com/saml/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab',
  acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-0a1b2c3d-aaaa-bbbb-cccc-0123456789ab',
  helpCenterUrl: 'https://demo.atlassian.net/servicedesk/customer/portals',
};

/** `issueInstant`: the request's time (default now: the fixtures' own date is long past). */
function fixture(name: string, sp: Pick<ServiceProvider, 'spEntityId' | 'acsUrl'> = SP, ssoUrl = 'https://idp.example/sso', issueInstant = new Date().toISOString()): string {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .replace(/IssueInstant="[^"]*"/, `IssueInstant="${issueInstant}"`)
    .replace(/__SP_ENTITY_ID__/g, sp.spEntityId)
    .replace(/__ACS_URL__/g, sp.acsUrl.replace(/&/g, '&amp;'))
    .replace(/__SSO_URL__/g, ssoUrl);
}

/** HTTP-Redirect encoding: base64 of raw DEFLATE (saml-bindings §3.4.4.1). */
const redirectEncoded = (xml: string | Buffer) => deflateRawSync(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml).toString('base64');
/** HTTP-POST encoding: plain base64. */
const postEncoded = (xml: string | Buffer) => (typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml).toString('base64');

/** What the IdP makes of an encoded request: the refusal, or 'accepted'. */
function judge(encoded: string, binding: 'redirect' | 'post', relayState?: string, sp: ServiceProvider = SP): RequestProblem | 'accepted' {
  let fields;
  try {
    fields = readAuthnRequest(encoded, binding);
  } catch (error) {
    if (error instanceof SamlInputError) return error.problem;
    throw error;
  }
  const result = acceptRequest(fields, relayState, sp);
  return result.ok ? 'accepted' : result.problem;
}

/** A well-formed request whose inflated XML is exactly `bytes` long (padded with a comment). */
function requestOfSize(bytes: number, sp: Pick<ServiceProvider, 'spEntityId' | 'acsUrl'> = SP, ssoUrl?: string): string {
  const xml = fixture('valid-authn-request.xml', sp, ssoUrl);
  const base = Buffer.byteLength(xml) + '<!---->'.length;
  return xml.replace('<samlp:NameIDPolicy', `<!--${'x'.repeat(bytes - base)}--><samlp:NameIDPolicy`);
}

/** A deflate bomb: a few KB of DEFLATE that inflate to megabytes (a long comment inside a valid request). */
function deflateBomb(sp: Pick<ServiceProvider, 'spEntityId' | 'acsUrl'> = SP): string {
  const xml = fixture('valid-authn-request.xml', sp).replace('<samlp:NameIDPolicy', `<!--${' '.repeat(8 * 1024 * 1024)}--><samlp:NameIDPolicy`);
  return redirectEncoded(xml);
}

/** Invalid UTF-8 inside the Issuer: a lone continuation byte and a truncated sequence. */
function invalidUtf8(sp: Pick<ServiceProvider, 'spEntityId' | 'acsUrl'> = SP): Buffer {
  const [head, tail] = fixture('valid-authn-request.xml', sp).split('</saml:Issuer>');
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from([0x80, 0xc3, 0x28]), Buffer.from(`</saml:Issuer>${tail}`, 'utf8')]);
}

/** Hostile fixtures and what each must be refused as. */
const FIXTURE_CASES: [file: string, problem: RequestProblem][] = [
  ['doctype-entity.xml', 'doctype'],
  ['external-entity.xml', 'doctype'],
  ['billion-laughs.xml', 'doctype'],
  ['doctype-lowercase.xml', 'doctype'],
  ['not-well-formed.xml', 'xml'],
  ['duplicated-id-attribute.xml', 'xml'],
  ['not-authn-request.xml', 'not-authn-request'],
  ['authn-request-wrong-namespace.xml', 'not-authn-request'],
  ['duplicated-issuer.xml', 'fields'],
  ['missing-issuer.xml', 'fields'],
  ['issuer-wrong-namespace.xml', 'fields'],
  ['missing-id.xml', 'fields'],
  ['id-not-ncname.xml', 'fields'],
  ['missing-version.xml', 'fields'],
  ['wrong-version.xml', 'version'],
  ['unknown-issuer.xml', 'unknown-sp'],
];

describe('readAuthnRequest + acceptRequest', () => {
  test('the valid fixture is accepted in both bindings (the control every hostile fixture differs from)', () => {
    const xml = fixture('valid-authn-request.xml');
    expect(judge(redirectEncoded(xml), 'redirect', '/servicedesk/customer/portals')).toBe('accepted');
    expect(judge(postEncoded(xml), 'post')).toBe('accepted');
    const fields = readAuthnRequest(redirectEncoded(xml), 'redirect');
    expect(fields).toMatchObject({ ids: ['_0f5c1c3e2b8a4d6e9f7a1b2c3d4e5f6071829304'], versions: ['2.0'], issuers: [SP.spEntityId], acsUrl: SP.acsUrl });
    const accepted = acceptRequest(fields, 'rs', SP);
    expect(accepted).toEqual({ ok: true, request: { id: '_0f5c1c3e2b8a4d6e9f7a1b2c3d4e5f6071829304', issuer: SP.spEntityId, relayState: 'rs' } });
  });

  test.each(FIXTURE_CASES)('fixture %s is refused as %s (both bindings)', (file, problem) => {
    const xml = fixture(file);
    expect(judge(redirectEncoded(xml), 'redirect')).toBe(problem);
    expect(judge(postEncoded(xml), 'post')).toBe(problem);
  });

  test('the entity fixtures never expand: no file content, no laughs, no time', () => {
    const started = performance.now();
    for (const file of ['external-entity.xml', 'billion-laughs.xml', 'doctype-entity.xml']) {
      expect(() => readAuthnRequest(redirectEncoded(fixture(file)), 'redirect')).toThrow(SamlInputError);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('deflate bomb: a few KB that inflate past MAX_REQUEST_XML are refused as too-large, fast', () => {
    const bomb = deflateBomb();
    expect(bomb.length).toBeLessThan(16 * 1024);
    expect(bomb.length).toBeLessThanOrEqual(MAX_ENCODED_REQUEST);
    const started = performance.now();
    expect(judge(bomb, 'redirect')).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(100);
  });

  test('the cap after inflating is exact: MAX_REQUEST_XML bytes pass, one more is too-large (both bindings)', () => {
    expect(judge(redirectEncoded(requestOfSize(MAX_REQUEST_XML)), 'redirect')).toBe('accepted');
    expect(judge(redirectEncoded(requestOfSize(MAX_REQUEST_XML + 1)), 'redirect')).toBe('too-large');
    // The POST binding is not compressed: the encoded cap (16 KB of base64 = 12 KB of XML) is the one that binds.
    const postMax = (MAX_ENCODED_REQUEST / 4) * 3;
    expect(postEncoded(requestOfSize(postMax)).length).toBe(MAX_ENCODED_REQUEST);
    expect(judge(postEncoded(requestOfSize(postMax)), 'post')).toBe('accepted');
    expect(judge(postEncoded(requestOfSize(postMax + 1)), 'post')).toBe('too-large');
    expect(judge(postEncoded(requestOfSize(MAX_REQUEST_XML + 1)), 'post')).toBe('too-large');
  });

  test('over-long base64 is refused before decoding or inflating (too-large)', () => {
    const valid = redirectEncoded(fixture('valid-authn-request.xml'));
    // Padding with whitespace keeps the data valid: only the length check can refuse it.
    const padded = valid + ' '.repeat(MAX_ENCODED_REQUEST - valid.length + 1);
    expect(padded.length).toBe(MAX_ENCODED_REQUEST + 1);
    expect(judge(padded, 'redirect')).toBe('too-large');
    expect(judge(valid + ' '.repeat(MAX_ENCODED_REQUEST - valid.length), 'redirect')).toBe('accepted');
    expect(judge('A'.repeat(4 * 1024 * 1024), 'redirect')).toBe('too-large');
    expect(judge('A'.repeat(4 * 1024 * 1024), 'post')).toBe('too-large');
  });

  test.each([
    ['characters outside base64', 'PHNhbWxwOkF1dGhuUmVxdWVzdC8+$$$$'],
    ['a length that is not a multiple of 4', 'PHNhbWxwOkF1dGhuUmVxdWVzdC8+a'],
    ['base64url instead of base64', 'PDw-Pz8_'],
    ['padding in the middle', 'QUJD=QUJD'],
    ['only whitespace', ' \r\n\t '],
    ['a percent-encoded value left encoded', 'PHNhbWxwOkF1dGhu%2BUmVxdWVzdA%3D%3D'],
  ])('malformed base64 (%s) is refused as encoding', (_what, encoded) => {
    expect(judge(encoded, 'redirect')).toBe('encoding');
    expect(judge(encoded, 'post')).toBe('encoding');
  });

  test.each([
    ['plain XML, not deflated', Buffer.from(fixture('valid-authn-request.xml'), 'utf8')],
    ['zlib (with header) instead of raw DEFLATE', deflateSync(Buffer.from(fixture('valid-authn-request.xml')))],
    ['gzip instead of raw DEFLATE', gzipSync(Buffer.from(fixture('valid-authn-request.xml')))],
    ['a truncated DEFLATE stream', deflateRawSync(Buffer.from(fixture('valid-authn-request.xml'))).subarray(0, 40)],
    ['bytes with a reserved block type', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02, 0x03])],
  ])('bytes that are not raw DEFLATE (%s) are refused as encoding (redirect binding)', (_what, bytes) => {
    expect(judge(bytes.toString('base64'), 'redirect')).toBe('encoding');
  });

  test('invalid UTF-8 is refused as encoding, not replaced', () => {
    const bytes = invalidUtf8();
    expect(judge(redirectEncoded(bytes), 'redirect')).toBe('encoding');
    expect(judge(postEncoded(bytes), 'post')).toBe('encoding');
  });

  test('RelayState: up to 1024 characters pass; longer, or with control characters, is refused as relay-state', () => {
    const encoded = redirectEncoded(fixture('valid-authn-request.xml'));
    expect(MAX_RELAY_STATE).toBe(1024);
    expect(judge(encoded, 'redirect', 'r'.repeat(1024))).toBe('accepted');
    expect(judge(encoded, 'redirect', 'ä'.repeat(1024))).toBe('accepted');
    expect(judge(encoded, 'redirect', 'r'.repeat(1025))).toBe('relay-state');
    for (const control of ['\u0000', '\n', '\r', '\t', '\u001b', '\u007f', '\u0085', '\u009b']) {
      expect(judge(encoded, 'redirect', `/portal${control}x`)).toBe('relay-state');
    }
    expect(judge(encoded, 'redirect', '"><script>alert(1)</script>')).toBe('accepted');
    expect(judge(encoded, 'redirect', '')).toBe('accepted');
  });

  test('Issuer must be the configured SP exactly (no prefix, no other host), and an unset SP refuses every request', () => {
    const issuedBy = (issuer: string) => redirectEncoded(fixture('valid-authn-request.xml').replace(`<saml:Issuer>${SP.spEntityId}</saml:Issuer>`, `<saml:Issuer>${issuer}</saml:Issuer>`));
    expect(judge(issuedBy('https://auth.atlassian.com/saml/someone-else'), 'redirect')).toBe('unknown-sp');
    expect(judge(issuedBy(`${SP.spEntityId}x`), 'redirect')).toBe('unknown-sp');
    expect(judge(issuedBy(SP.spEntityId.slice(0, -1)), 'redirect')).toBe('unknown-sp');
    expect(judge(issuedBy(SP.spEntityId.toUpperCase()), 'redirect')).toBe('unknown-sp');
    expect(judge(issuedBy(''), 'redirect')).toBe('unknown-sp');
    expect(judge(issuedBy(` ${SP.spEntityId}\n`), 'redirect')).toBe('accepted');
    expect(judge(redirectEncoded(fixture('valid-authn-request.xml')), 'redirect', undefined, { spEntityId: '', acsUrl: '', helpCenterUrl: '' })).toBe('not-configured');
  });

  test('Destination, when present, must be the SSO URL; IssueInstant must lie within 5 minutes before now (60 s skew either way)', () => {
    const nowSec = Date.parse('2026-12-07T08:00:00Z') / 1000;
    const at = { nowSec, ssoUrl: 'https://idp.example/sso' };
    const iso = (offsetSec: number) => new Date((nowSec + offsetSec) * 1000).toISOString();
    const fields = readAuthnRequest(redirectEncoded(fixture('valid-authn-request.xml', SP, 'https://idp.example/sso', iso(0))), 'redirect');
    expect(fields.destination).toBe('https://idp.example/sso');
    expect(checkRequestContext(fields, at)).toBeUndefined();
    expect(checkRequestContext({ ...fields, destination: undefined }, at)).toBeUndefined();
    for (const destination of ['https://idp.example/sso/', 'https://evil.example/sso', '']) expect(checkRequestContext({ ...fields, destination }, at)).toBe('destination');
    for (const [offset, expected] of [[-360, undefined], [-361, 'issue-instant'], [60, undefined], [61, 'issue-instant'], [-3600, 'issue-instant'], [86400, 'issue-instant']] as const) {
      expect({ offset, problem: checkRequestContext({ ...fields, issueInstant: iso(offset) }, at) }).toEqual({ offset, problem: expected });
    }
    for (const issueInstant of [undefined, '', 'yesterday', '2026-12-07T08:00:00+01:00', '2026-12-07 08:00:00Z']) expect(checkRequestContext({ ...fields, issueInstant }, at)).toBe('issue-instant');
    expect(readAuthnRequest(redirectEncoded(fixture('valid-authn-request.xml').replace(/ Destination="[^"]*"/, '')), 'redirect').destination).toBeUndefined();
    expect(readAuthnRequest(redirectEncoded(fixture('valid-authn-request.xml').replace('<samlp:AuthnRequest ', '<samlp:AuthnRequest IsPassive="true" ')), 'redirect').isPassive).toBe(true);
  });

  test('the AssertionConsumerServiceURL of the request is read but never part of what is accepted', () => {
    const elsewhere = fixture('valid-authn-request.xml').replace(`AssertionConsumerServiceURL="${SP.acsUrl.replace(/&/g, '&amp;')}"`, 'AssertionConsumerServiceURL="https://evil.example/acs"');
    const fields = readAuthnRequest(redirectEncoded(elsewhere), 'redirect');
    expect(fields.acsUrl).toBe('https://evil.example/acs');
    const accepted = acceptRequest(fields, undefined, SP);
    expect(accepted.ok && Object.values(accepted.request)).not.toContain('https://evil.example/acs');
  });
});

/** Through `GET|POST /x/customer-pages/saml/sso` on the local host, the SP being the demo help center. */
describe('the SSO URL on the local host answers hostile requests with the error page', () => {
  let host: TestHost;
  let sp: ReturnType<typeof spIdentity>;
  let ssoUrl: string;
  const de = translator('de');
  const en = translator('en');

  beforeAll(async () => {
    host = await startTestHost();
    sp = spIdentity(host.url);
    ssoUrl = `${host.url}/x/customer-pages/saml/sso`;
  });
  afterAll(() => host?.close());

  const get = (samlRequest: string, relayState?: string, language = 'de-DE,de;q=0.9,en;q=0.5') =>
    fetch(`${ssoUrl}?${new URLSearchParams({ SAMLRequest: samlRequest, ...(relayState === undefined ? {} : { RelayState: relayState }) })}`, {
      redirect: 'manual',
      headers: { 'accept-language': language },
    });
  const post = (samlRequest: string, relayState?: string) =>
    fetch(ssoUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de' },
      body: new URLSearchParams({ SAMLRequest: samlRequest, ...(relayState === undefined ? {} : { RelayState: relayState }) }).toString(),
    });

  async function expectProblemPage(response: Response, problem: RequestProblem, status = problem === 'unknown-sp' || problem === 'not-configured' ? 403 : 400) {
    const body = await response.text();
    expect({ status: response.status, problem }).toEqual({ status, problem });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-language')).toBe('de');
    expect(body).toContain('<html lang="de"');
    expect(body).toContain(de('sso.problem.title'));
    expect(body).toContain(de(`sso.problem.${problem}` as MessageId));
    expect(body).not.toContain(en(`sso.problem.${problem}` as MessageId));
    expect(body).toContain(`href="${sp.helpCenterUrl}"`);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('set-cookie')).toBeNull();
    return body;
  }

  test('control: the valid fixture from the demo SP goes on to the sign-in page (303), in German', async () => {
    const response = await get(redirectEncoded(fixture('valid-authn-request.xml', { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl)), '/help-center?lang=de');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/\/x\/customer-pages\/sign-in\?request=[\w-]{43}&lang=de$/);
  });

  test('the German texts differ from the English ones (so the checks below prove the language)', () => {
    for (const problem of ['doctype', 'xml', 'fields', 'version', 'encoding', 'too-large', 'relay-state', 'unknown-sp', 'not-authn-request', 'destination', 'issue-instant'] as const) {
      expect(de(`sso.problem.${problem}` as MessageId)).not.toBe(en(`sso.problem.${problem}` as MessageId));
    }
  });

  test.each(FIXTURE_CASES)('GET with fixture %s → the %s page in German', async (file, problem) => {
    const xml = fixture(file, { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl);
    await expectProblemPage(await get(redirectEncoded(xml), '/help-center?lang=de'), problem);
  });

  test.each(FIXTURE_CASES.filter(([file]) => ['doctype-entity.xml', 'external-entity.xml', 'duplicated-issuer.xml', 'unknown-issuer.xml', 'not-authn-request.xml'].includes(file)))(
    'POST binding with fixture %s → the %s page in German',
    async (file, problem) => {
      await expectProblemPage(await post(postEncoded(fixture(file, { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl))), problem);
    },
  );

  test('a deflate bomb is answered 400 too-large in under a second, also ten at once', async () => {
    const bomb = deflateBomb({ spEntityId: sp.entityId, acsUrl: sp.acsUrl });
    let started = performance.now();
    await expectProblemPage(await get(bomb), 'too-large');
    expect(performance.now() - started).toBeLessThan(1000);
    started = performance.now();
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(bomb)));
    for (const answer of answers) await expectProblemPage(answer, 'too-large');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('a request just past MAX_REQUEST_XML once inflated → too-large', async () => {
    await expectProblemPage(await get(redirectEncoded(requestOfSize(MAX_REQUEST_XML + 1, { spEntityId: sp.entityId, acsUrl: sp.acsUrl }))), 'too-large');
    expect((await get(redirectEncoded(requestOfSize(MAX_REQUEST_XML, { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl)))).status).toBe(303);
  });

  test('over-long base64: in the POST binding the page body cap (8 KB) answers first, 413 in German, never a 500', async () => {
    // A GET cannot carry more than MAX_ENCODED_REQUEST characters to the host (Node caps request headers at
    // 16 KB), so an over-long value arrives in a POST body, where the pages' form cap (MAX_BODY_BYTES) refuses it.
    const valid = postEncoded(fixture('valid-authn-request.xml', { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl));
    for (const body of [valid + '\n'.repeat(MAX_ENCODED_REQUEST - valid.length + 1), 'A'.repeat(512 * 1024)]) {
      const response = await post(body);
      const page = await response.text();
      expect(response.status).toBe(413);
      expect(page).toContain('<html lang="de"');
      expect(page).toContain(de('page.badRequest.title'));
    }
  });

  test.each([
    ['malformed base64', 'PHNhbWxwOkF1dGhuUmVxdWVzdC8+$$$$'],
    ['a length that is not a multiple of 4', 'PHNhbWxwOkF1dGhuUmVxdWVzdC8+a'],
    ['bytes that are not DEFLATE', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02, 0x03]).toString('base64')],
    ['plain XML, not deflated', postEncoded('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>')],
  ])('GET with %s → the encoding page in German', async (_what, encoded) => {
    await expectProblemPage(await get(encoded), 'encoding');
  });

  test('GET with invalid UTF-8 → the encoding page in German', async () => {
    await expectProblemPage(await get(redirectEncoded(invalidUtf8({ spEntityId: sp.entityId, acsUrl: sp.acsUrl }))), 'encoding');
  });

  test('RelayState over 1024 characters or with control characters → the relay-state page; 1024 characters pass', async () => {
    const encoded = redirectEncoded(fixture('valid-authn-request.xml', { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl));
    await expectProblemPage(await get(encoded, 'r'.repeat(1025)), 'relay-state');
    await expectProblemPage(await get(encoded, '/help-center\u0000'), 'relay-state');
    await expectProblemPage(await get(encoded, '/help-center\r\nSet-Cookie: x=1'), 'relay-state');
    await expectProblemPage(await post(postEncoded(fixture('valid-authn-request.xml', { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl)), '\u001b[31m'), 'relay-state');
    expect((await get(encoded, 'r'.repeat(1024))).status).toBe(303);
  });

  test('an Issuer that is not the configured SP → 403 page in German', async () => {
    const body = await expectProblemPage(await get(redirectEncoded(fixture('unknown-issuer.xml', { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl))), 'unknown-sp', 403);
    expect(body).toContain('Service-Provider');
  });

  test('a Destination other than this SSO URL → the destination page; an IssueInstant 10 minutes old or 5 in the future → the issue-instant page', async () => {
    const demo = { spEntityId: sp.entityId, acsUrl: sp.acsUrl };
    await expectProblemPage(await get(redirectEncoded(fixture('valid-authn-request.xml', demo, 'https://evil.example/x/customer-pages/saml/sso'))), 'destination');
    const minutes = (m: number) => new Date(host.clock.nowMs() + m * 60_000).toISOString();
    await expectProblemPage(await get(redirectEncoded(fixture('valid-authn-request.xml', demo, ssoUrl, minutes(-10)))), 'issue-instant');
    await expectProblemPage(await post(postEncoded(fixture('valid-authn-request.xml', demo, ssoUrl, minutes(5)))), 'issue-instant');
    expect((await get(redirectEncoded(fixture('valid-authn-request.xml', demo, ssoUrl, minutes(-4))))).status).toBe(303);
  });

  test('IsPassive="true" → no page: a signed Response with status Responder / NoPassive, posted straight to the ACS', async () => {
    const passive = fixture('valid-authn-request.xml', { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl).replace('<samlp:AuthnRequest ', '<samlp:AuthnRequest IsPassive="true" ');
    const response = await get(redirectEncoded(passive), '/help-center?lang=de');
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).not.toContain('name="password"');
    const action = /<form method="post" action="([^"]*)" id="saml-post">/.exec(body)?.[1].replace(/&amp;/g, '&');
    expect(action).toBe(sp.acsUrl);
    expect(body).toContain('<input type="hidden" name="RelayState" value="/help-center?lang=de">');
    const xml = Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(body)![1], 'base64').toString('utf8');
    expect(xml).toContain(`<samlp:StatusCode Value="${STATUS_RESPONDER}"><samlp:StatusCode Value="${STATUS_NO_PASSIVE}"/></samlp:StatusCode>`);
    expect(xml).toContain('InResponseTo="_0f5c1c3e2b8a4d6e9f7a1b2c3d4e5f6071829304"');
    expect(xml).not.toContain('Assertion');
    const read = inspectResponse(xml, (await host.deps.idpKeys.config()).keys.map((k) => k.pem));
    expect(read).toMatchObject({ destination: sp.acsUrl, responseSignature: true });
    // The help center reads it as the IdP's "no" (its status check), not as a sign-in.
    const landed = await fetch(sp.acsUrl, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ SAMLResponse: /name="SAMLResponse" value="([^"]+)"/.exec(body)![1], RelayState: '/help-center?lang=en' }).toString() });
    const page = await landed.text();
    expect(landed.status).toBe(401);
    expect(page).toContain('Failed check: <code data-check="status">status</code>');
    expect(page).toContain('Responder / NoPassive');
  });

  test('no SAMLRequest (IdP-initiated) → 400 page in German that sends the customer to the help center', async () => {
    const response = await fetch(ssoUrl, { headers: { 'accept-language': 'de' }, redirect: 'manual' });
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(body).toContain('<html lang="de"');
    expect(body).toContain(de('sso.idpInitiated.title'));
    expect(body).toContain(`href="${sp.helpCenterUrl}"`);
  });

  test('English when the browser asks for English', async () => {
    const response = await get(redirectEncoded(fixture('doctype-entity.xml', { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl)), undefined, 'en-GB,en;q=0.9');
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(body).toContain('<html lang="en"');
    expect(body).toContain(en('sso.problem.doctype'));
  });

  test('after every hostile case the host still serves a valid sign-in, and nothing answered 500 or logged an error', async () => {
    const response = await get(redirectEncoded(fixture('valid-authn-request.xml', { spEntityId: sp.entityId, acsUrl: sp.acsUrl }, ssoUrl)));
    expect(response.status).toBe(303);
    const signIn = await fetch(new URL(response.headers.get('location')!, host.url), { headers: { 'accept-language': 'de' } });
    expect(signIn.status).toBe(200);
    expect(host.logs.filter((line) => JSON.parse(line).level === 'error')).toEqual([]);
  });
});
