import { ATTR, NAMEID_EMAIL } from '../../src/domain/saml/constants';
import { xmlEscape } from '../../src/domain/saml/escape';
import { canRotate, certificateStatus, rotate, type IdpConfig, type PublishedKey } from '../../src/domain/saml/keys';
import { idpMetadata } from '../../src/domain/saml/metadata';
import { browserHash, newPending, pendingState } from '../../src/domain/saml/pending';
import { browserAllowed, browserOf, crossSitePost } from '../../src/domain/saml/browser-binding';
import { assertionElement, isoTime, responseElement, splitName, validity, type AssertionInput } from '../../src/domain/saml/response';
import { serialize } from '../../src/domain/saml/xml-tree';
import { handBackFormAction, isServiceProviderUrl, serviceProviderSchema, serviceProviderWarnings } from '../../src/domain/saml/service-provider';
import { testSteps, type ReadBack } from '../../src/domain/saml/test-report';
import { DOMParser } from '@xmldom/xmldom';

/** Pure SAML rules: no XML library but for reading back what the builder wrote. */
const NOW = 1_796_000_000;
const input = {
  idpEntityId: 'urn:portal-access:idp:abc',
  spEntityId: 'https://auth.atlassian.com/saml/123',
  acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-123',
  inResponseTo: '_req42',
  nowSec: NOW,
  responseId: '_resp',
  assertionId: '_asrt',
  sessionIndex: '_sess',
  subject: { email: 'erika@example.de', displayName: 'Erika Mustermann' },
};

const buildAssertion = (i: AssertionInput) => serialize(assertionElement(i));
const buildResponse = (i: AssertionInput) => serialize(responseElement(i, assertionElement(i)));

function parse(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const byName = (name: string) => Array.from(doc.getElementsByTagNameNS('*', name));
  return { doc, byName };
}

describe('display name → givenname and surname', () => {
  it.each([
    ['Erika Mustermann', 'Erika', 'Mustermann'],
    ['Jan van der Berg', 'Jan', 'van der Berg'],
    ['  Cher  ', 'Cher', ''],
    ['Anna   Maria  Schmidt', 'Anna', 'Maria Schmidt'],
  ])('%j', (name, given, surname) => {
    expect(splitName(name)).toEqual({ givenName: given, surname });
  });
});

describe('the assertion and response builder', () => {
  it('writes NameID (emailAddress), the four claims, audience, recipient, InResponseTo, validity and SessionIndex', () => {
    const { byName } = parse(buildResponse(input));
    const nameId = byName('NameID')[0];
    expect(nameId.textContent).toBe('erika@example.de');
    expect(nameId.getAttribute('Format')).toBe(NAMEID_EMAIL);
    const attrs = Object.fromEntries(byName('Attribute').map((a) => [a.getAttribute('Name'), a.textContent]));
    expect(attrs).toEqual({ [ATTR.givenName]: 'Erika', [ATTR.surname]: 'Mustermann', [ATTR.name]: 'Erika Mustermann', [ATTR.email]: 'erika@example.de' });
    expect(byName('Audience')[0].textContent).toBe(input.spEntityId);
    expect(byName('Response')[0].getAttribute('Destination')).toBe(input.acsUrl);
    expect(byName('Response')[0].getAttribute('InResponseTo')).toBe('_req42');
    const confirmation = byName('SubjectConfirmationData')[0];
    expect(confirmation.getAttribute('Recipient')).toBe(input.acsUrl);
    expect(confirmation.getAttribute('InResponseTo')).toBe('_req42');
    const conditions = byName('Conditions')[0];
    expect(Date.parse(conditions.getAttribute('NotBefore')!) / 1000).toBe(NOW - 30);
    expect(Date.parse(conditions.getAttribute('NotOnOrAfter')!) / 1000).toBe(NOW + 300);
    expect(byName('AuthnStatement')[0].getAttribute('SessionIndex')).toBe('_sess');
    expect(byName('Assertion')).toHaveLength(1);
  });

  it('leaves surname out for a one-word name', () => {
    const { byName } = parse(buildAssertion({ ...input, subject: { email: 'c@example.com', displayName: 'Cher' } }));
    expect(byName('Attribute').map((a) => a.getAttribute('Name'))).toEqual([ATTR.givenName, ATTR.name, ATTR.email]);
  });

  it('keeps a hostile display name inside its attribute values', () => {
    const hostile = 'A</saml:AttributeValue><saml:Attribute Name="x">';
    const { byName } = parse(buildResponse({ ...input, subject: { email: 'a"b@example.com', displayName: hostile } }));
    const attrs = byName('Attribute');
    expect(attrs.map((a) => a.getAttribute('Name'))).toEqual([ATTR.givenName, ATTR.surname, ATTR.name, ATTR.email]);
    expect(attrs[2].textContent).toBe(hostile);
    expect(byName('AttributeValue')).toHaveLength(4);
    expect(byName('NameID')[0].textContent).toBe('a"b@example.com');
  });

  it('escapes every XML special character and drops characters XML cannot carry', () => {
    expect(xmlEscape(`<a href="x">'&'</a>\u0001`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('keeps the window short with a small allowance for clock skew', () => {
    const v = validity(NOW);
    expect(NOW - v.notBefore).toBeLessThanOrEqual(60);
    expect(v.notOnOrAfter - NOW).toBeLessThanOrEqual(300);
  });
});

describe('xsd:dateTime of a response (isoTime, written without Date since issue 25)', () => {
  const viaDate = (sec: number) => new Date(Math.floor(sec) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  it.each([0, -1, 951_782_400, 951_868_799, 4_107_542_400, 1_796_000_000, 253_402_300_799, -62_167_219_200, -62_167_219_201, 253_402_300_800, 1.9])(
    '%s s: as Date writes it',
    (sec) => expect(isoTime(sec)).toBe(viaDate(sec)),
  );
  it('every day of 1900–2200 at a random second: as Date writes it', () => {
    for (let day = -25_567; day < 84_006; day++) {
      const sec = day * 86_400 + ((day * 7_919) % 86_400 + 86_400) % 86_400;
      if (isoTime(sec) !== viaDate(sec)) throw new Error(`${sec}: ${isoTime(sec)} ≠ ${viaDate(sec)}`);
    }
  });
});

describe('service provider values', () => {
  it.each([
    ['https://auth.atlassian.com/saml/abc', true],
    ['https://auth.atlassian.com/login/callback?connection=saml-abc', true],
    ['http://127.0.0.1:8080/help-center/login/callback?connection=saml-demo', true],
    ['http://localhost:3000/acs', true],
    ['http://auth.atlassian.com/saml/abc', false],
    ['ftp://auth.atlassian.com/x', false],
    ['javascript:alert(1)', false],
    ['https://user:pw@auth.atlassian.com/x', false],
    ['https://auth.atlassian.com/x#frag', false],
    ['https://intranet/x', false],
    ['auth.atlassian.com/saml/abc', false],
  ])('%s → %s', (url, ok) => {
    expect(isServiceProviderUrl(url)).toBe(ok);
  });

  it('takes a URN as another SP entity ID (with a warning), never as the ACS', () => {
    const sp = { spEntityId: 'urn:example:sp:portal', acsUrl: 'http://127.0.0.1:9000/acs', helpCenterUrl: '' };
    expect(serviceProviderSchema.safeParse(sp).success).toBe(true);
    expect(serviceProviderWarnings(sp)).toEqual(['sp-host-not-atlassian', 'acs-host-not-atlassian']);
    expect(serviceProviderSchema.safeParse({ ...sp, acsUrl: 'urn:example:acs' }).success).toBe(false);
    expect(serviceProviderSchema.safeParse({ ...sp, spEntityId: 'urn:"><x' }).success).toBe(false);
    expect(isServiceProviderUrl('http://sp.localhost:8080/acs')).toBe(true);
    expect(isServiceProviderUrl('http://127.0.0.2/acs')).toBe(true);
  });

  it('refuses a URL over 1024 characters', () => {
    expect(isServiceProviderUrl(`https://auth.atlassian.com/${'a'.repeat(1100)}`)).toBe(false);
  });

  it('warns, without refusing, when a host is not auth.atlassian.com', () => {
    expect(serviceProviderWarnings({ spEntityId: 'https://auth.atlassian.com/saml/1', acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-1', helpCenterUrl: '' })).toEqual([]);
    expect(serviceProviderWarnings({ spEntityId: 'https://sp.example.com/saml', acsUrl: 'https://sp.example.com/acs', helpCenterUrl: '' })).toEqual(['sp-host-not-atlassian', 'acs-host-not-atlassian']);
  });
});

describe('the hand-back page\'s CSP form-action (issue 20)', () => {
  it('is the ACS\'s scheme, never its origin: the redirects after Atlassian\'s ACS go to the site, which the app cannot know', () => {
    expect(handBackFormAction('https://auth.atlassian.com/login/callback?connection=saml-8f1c')).toBe('https:');
    expect(handBackFormAction('http://localhost:8080/help-center/login/callback?connection=saml-demo')).toBe('http:');
  });
});

describe('pending sign-ins', () => {
  it('are valid for 30 minutes, then expired; used ones stay used', () => {
    const p = newPending({ requestId: '_r', relayState: 'x', nowSec: NOW });
    expect(pendingState(p, NOW + 30 * 60 - 1)).toBe('valid');
    expect(pendingState(p, NOW + 30 * 60)).toBe('expired');
    expect(pendingState({ ...p, used: true }, NOW)).toBe('used');
    expect(pendingState(undefined, NOW)).toBe('unknown');
  });
});

describe('key rotation', () => {
  const key = (kid: string): Omit<PublishedKey, 'state'> => ({ kid, notBefore: NOW, notAfter: NOW + 86_400 * 365, fingerprint: kid, pem: kid });
  const start: IdpConfig = { entityId: 'urn:x', keys: [{ ...key('a'), state: 'active' }] };

  it('goes create-next → activate-next → retire-previous, offering only the step that fits', () => {
    expect([canRotate(start, 'create-next'), canRotate(start, 'activate-next'), canRotate(start, 'retire-previous')]).toEqual([true, false, false]);
    const withNext = rotate(start, 'create-next', key('b'));
    expect(withNext.keys.map((k) => `${k.kid}:${k.state}`)).toEqual(['a:active', 'b:next']);
    expect(canRotate(withNext, 'create-next')).toBe(false);
    const switched = rotate(withNext, 'activate-next');
    expect(switched.keys.map((k) => `${k.kid}:${k.state}`)).toEqual(['b:active', 'a:previous']);
    const retired = rotate(switched, 'retire-previous');
    expect(retired.keys.map((k) => `${k.kid}:${k.state}`)).toEqual(['b:active']);
    expect(() => rotate(retired, 'retire-previous')).toThrow();
  });

  it('a second switch drops the older previous key (at most one per state)', () => {
    const twice = rotate(rotate(rotate(rotate(start, 'create-next', key('b')), 'activate-next'), 'create-next', key('c')), 'activate-next');
    expect(twice.keys.map((k) => `${k.kid}:${k.state}`)).toEqual(['c:active', 'b:previous']);
  });

  it('warns from 30 days before the certificate expires', () => {
    const active = { ...key('a'), state: 'active' as const, notAfter: NOW + 31 * 86_400 };
    expect(certificateStatus(active, NOW).expiring).toBe(false);
    expect(certificateStatus(active, NOW + 2 * 86_400).expiring).toBe(true);
    expect(certificateStatus(active, NOW + 40 * 86_400).daysLeft).toBeLessThan(0);
  });
});

describe('metadata', () => {
  it('publishes every certificate, both bindings and the emailAddress format', () => {
    const { byName, doc } = parse(idpMetadata({ entityId: 'urn:portal-access:idp:abc', ssoUrl: 'https://x.example/sso?a=1&b=2', certificates: ['AAA', 'BBB'] }));
    expect(doc.documentElement!.getAttribute('entityID')).toBe('urn:portal-access:idp:abc');
    expect(byName('X509Certificate').map((c) => c.textContent)).toEqual(['AAA', 'BBB']);
    expect(byName('SingleSignOnService').map((s) => s.getAttribute('Location'))).toEqual(['https://x.example/sso?a=1&b=2', 'https://x.example/sso?a=1&b=2']);
    expect(byName('NameIDFormat')[0].textContent).toBe(NAMEID_EMAIL);
  });
});

describe('test sign-in report', () => {
  const good: ReadBack = {
    nameId: 'e@example.de', nameIdFormat: NAMEID_EMAIL,
    attributes: { [ATTR.givenName]: ['E'], [ATTR.name]: ['E'], [ATTR.email]: ['e@example.de'] },
    audience: 'sp', destination: 'acs', recipient: 'acs', inResponseTo: '_r', subjectInResponseTo: '_r',
    notBefore: new Date((NOW - 30) * 1000).toISOString(), notOnOrAfter: new Date((NOW + 300) * 1000).toISOString(),
    responseSignature: true, assertionSignature: true,
  };
  const expected = { email: 'e@example.de', spEntityId: 'sp', acsUrl: 'acs', requestId: '_r', nowSec: NOW };
  it('passes a good response and fails each broken part by name', () => {
    expect(testSteps(good, expected).every((s) => s.ok)).toBe(true);
    const failing = (read: Partial<ReadBack>) => testSteps({ ...good, ...read }, expected).filter((s) => !s.ok).map((s) => s.id);
    expect(failing({ audience: 'other' })).toEqual(['audience']);
    expect(failing({ recipient: 'elsewhere' })).toEqual(['destination']);
    expect(failing({ assertionSignature: false })).toEqual(['assertionSignature']);
    expect(failing({ nameIdFormat: 'unspecified' })).toEqual(['nameId']);
    expect(failing({ notOnOrAfter: new Date((NOW + 3600) * 1000).toISOString() })).toEqual(['validity']);
  });
});

describe('a sign-in bound to its browser (login CSRF)', () => {
  const own = 'https://abc123.hello.atlassian-dev.net';
  test('POSTs the browser marks as from another site are refused; its own forms (Origin null), no header and same-origin pass', () => {
    expect(crossSitePost({ secFetchSite: 'cross-site' }, own)).toBe(true);
    expect(crossSitePost({ secFetchSite: 'same-site', origin: 'https://other.hello.atlassian-dev.net' }, own)).toBe(true);
    expect(crossSitePost({ secFetchSite: 'Cross-Site', origin: own }, own)).toBe(true);
    expect(crossSitePost({ origin: 'https://evil.example' }, own)).toBe(true);
    expect(crossSitePost({ origin: `${own}.evil.example` }, own)).toBe(true);
    for (const ok of [{}, { origin: 'null' }, { origin: own }, { secFetchSite: 'same-origin', origin: 'null' }, { secFetchSite: 'none' }]) expect(crossSitePost(ok, own)).toBe(false);
  });
  test('the browser cookie must be the one whose hash the pending sign-in keeps; refused only once cookies are known to work', () => {
    const value = 'A'.repeat(42) + 'B';
    const pending = newPending({ requestId: '_r', relayState: '', nowSec: 0, browser: value });
    expect(pending.browser).toBe(browserHash(value));
    expect(JSON.stringify(pending)).not.toContain(value);
    expect(browserOf(pending, value)).toBe('same');
    for (const other of [undefined, '', 'A'.repeat(43), `${value};x`]) expect(browserOf(pending, other)).toBe('other');
    expect(browserOf(newPending({ requestId: '_r', relayState: '', nowSec: 0 }), undefined)).toBe('unbound');
    expect(browserAllowed('other', true)).toBe(false);
    expect([browserAllowed('other', false), browserAllowed('same', true), browserAllowed('unbound', true)]).toEqual([true, true, true]);
  });
});
