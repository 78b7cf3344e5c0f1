import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { acceptRequest, checkRequestContext, type RequestProblem } from '../../src/domain/saml/authn-request';
import { MAX_ENCODED_REQUEST, MAX_RELAY_STATE, MAX_REQUEST_XML } from '../../src/domain/saml/constants';
import type { ServiceProvider } from '../../src/domain/saml/service-provider';
import { readAuthnRequest } from '../../src/saml/authn-request';
import { SamlInputError } from '../../src/saml/xml';
import { deflateBomb, FIXTURE_CASES, fixture, invalidUtf8, postEncoded, redirectEncoded, requestOfSize, SP } from '../support/saml-requests';

/**
 * The AuthnRequest parser's limits (issue 10, "Incoming XML is hostile"): hostile fixtures under
 * test/fixtures/saml/ (each named by what is wrong, each differing from valid-authn-request.xml in that one
 * respect) and generated cases (deflate bomb, over-long or malformed base64, bytes that are not DEFLATE,
 * invalid UTF-8, bad RelayState, another SP), through readAuthnRequest + acceptRequest (the same cases through
 * the real customer-pages web trigger on the local host: test/integration/saml-sso-hostile.test.ts).
 */

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

