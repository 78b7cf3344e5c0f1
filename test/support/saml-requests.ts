import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { RequestProblem } from '../../src/domain/saml/authn-request';
import type { ServiceProvider } from '../../src/domain/saml/service-provider';

/**
 * AuthnRequests for the parser's limits (test/unit/saml-authn-request, test/integration/saml-sso-hostile): the
 * fixtures of test/fixtures/saml/ filled in for an SP, the two bindings' encodings, generated hostile requests
 * (a given inflated size, a deflate bomb, invalid UTF-8) and the table of hostile fixtures with their refusals.
 */
export const FIXTURES = path.join(__dirname, '../fixtures/saml');
export const SP: ServiceProvider = {
  spEntityId: 'https://auth.atlassian.com/saml/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab',
  acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-0a1b2c3d-aaaa-bbbb-cccc-0123456789ab',
  helpCenterUrl: 'https://demo.atlassian.net/servicedesk/customer/portals',
};

/** `issueInstant`: the request's time (default now: the fixtures' own date is long past). */
export function fixture(name: string, sp: Pick<ServiceProvider, 'spEntityId' | 'acsUrl'> = SP, ssoUrl = 'https://idp.example/sso', issueInstant = new Date().toISOString()): string {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .replace(/IssueInstant="[^"]*"/, `IssueInstant="${issueInstant}"`)
    .replace(/__SP_ENTITY_ID__/g, sp.spEntityId)
    .replace(/__ACS_URL__/g, sp.acsUrl.replace(/&/g, '&amp;'))
    .replace(/__SSO_URL__/g, ssoUrl);
}

/** HTTP-Redirect encoding: base64 of raw DEFLATE (saml-bindings §3.4.4.1). */
export const redirectEncoded = (xml: string | Buffer) => deflateRawSync(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml).toString('base64');
/** HTTP-POST encoding: plain base64. */
export const postEncoded = (xml: string | Buffer) => (typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml).toString('base64');

/** A well-formed request whose inflated XML is exactly `bytes` long (padded with a comment). */
export function requestOfSize(bytes: number, sp: Pick<ServiceProvider, 'spEntityId' | 'acsUrl'> = SP, ssoUrl?: string): string {
  const xml = fixture('valid-authn-request.xml', sp, ssoUrl);
  const base = Buffer.byteLength(xml) + '<!---->'.length;
  return xml.replace('<samlp:NameIDPolicy', `<!--${'x'.repeat(bytes - base)}--><samlp:NameIDPolicy`);
}

/** A deflate bomb: a few KB of DEFLATE that inflate to megabytes (a long comment inside a valid request). */
export function deflateBomb(sp: Pick<ServiceProvider, 'spEntityId' | 'acsUrl'> = SP): string {
  const xml = fixture('valid-authn-request.xml', sp).replace('<samlp:NameIDPolicy', `<!--${' '.repeat(8 * 1024 * 1024)}--><samlp:NameIDPolicy`);
  return redirectEncoded(xml);
}

/** Invalid UTF-8 inside the Issuer: a lone continuation byte and a truncated sequence. */
export function invalidUtf8(sp: Pick<ServiceProvider, 'spEntityId' | 'acsUrl'> = SP): Buffer {
  const [head, tail] = fixture('valid-authn-request.xml', sp).split('</saml:Issuer>');
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from([0x80, 0xc3, 0x28]), Buffer.from(`</saml:Issuer>${tail}`, 'utf8')]);
}

/** Hostile fixtures and what each must be refused as. */
export const FIXTURE_CASES: [file: string, problem: RequestProblem][] = [
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

