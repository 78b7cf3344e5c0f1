import { AC_PASSWORD_PROTECTED_TRANSPORT, ASSERTION_LIFETIME_SEC, ASSERTION_SKEW_SEC, ATTR, ATTRNAME_URI, CM_BEARER, NAMEID_EMAIL, NS, STATUS_SUCCESS } from './constants';
import { el, type XmlElement } from './xml-tree';

/**
 * The unsigned SAML Response with one Assertion, as the help center's service provider expects it (see
 * docs/saml.md): NameID = email (emailAddress format); givenname, surname, name and emailaddress claims;
 * Destination and Recipient = the configured ACS; Audience = the configured SP entity; InResponseTo; a short
 * validity window; AuthnStatement with SessionIndex. As data (./xml-tree.ts): every value is escaped where it
 * is written. src/saml/sign.ts signs it.
 */
export interface AssertionInput {
  idpEntityId: string;
  spEntityId: string;
  acsUrl: string;
  inResponseTo: string;
  nowSec: number;
  /** Random ids (xsd:ID: must start with a letter or underscore). */
  responseId: string;
  assertionId: string;
  sessionIndex: string;
  subject: { email: string; displayName: string };
  authnContext?: string;
}

/**
 * How a display name becomes givenname and surname: split at the first space ("Erika Mustermann" →
 * "Erika" + "Mustermann"; "Jan van der Berg" → "Jan" + "van der Berg"). A one-word name is the given name
 * and the surname is left out. `name` always carries the whole display name.
 */
export function splitName(displayName: string): { givenName: string; surname: string } {
  const name = displayName.trim().replace(/\s+/g, ' ');
  const space = name.indexOf(' ');
  return space < 0 ? { givenName: name, surname: '' } : { givenName: name.slice(0, space), surname: name.slice(space + 1) };
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * xsd:dateTime in UTC to the second (saml-core §1.3.3), e.g. 2026-12-07T13:45:00Z. Written from the day number
 * with the civil-from-days algorithm (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"): five of these
 * per response, and `Date#toISOString` with a regex was a tenth of the signer's own work (issue 25). Years
 * outside 0000–9999 (never a real instant here) take the Date path, which writes them as xsd allows.
 */
export function isoTime(sec: number): string {
  const whole = Math.floor(sec);
  const days = Math.floor(whole / 86_400);
  const ofDay = whole - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(whole * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const hh = Math.floor(ofDay / 3600);
  const mm = Math.floor((ofDay % 3600) / 60);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hh)}:${two(mm)}:${two(ofDay % 60)}Z`;
}

export function validity(nowSec: number): { notBefore: number; notOnOrAfter: number } {
  return { notBefore: nowSec - ASSERTION_SKEW_SEC, notOnOrAfter: nowSec + ASSERTION_LIFETIME_SEC };
}

function attribute(name: string, value: string): XmlElement {
  return el('saml:Attribute', [['Name', name], ['NameFormat', ATTRNAME_URI]], el('saml:AttributeValue', [], value));
}

/** The Assertion (unsigned; src/saml/sign.ts places its Signature right after the Issuer). */
export function assertionElement(input: AssertionInput): XmlElement {
  const now = isoTime(input.nowSec);
  const validFor = validity(input.nowSec);
  const notBefore = isoTime(validFor.notBefore);
  const notOnOrAfter = isoTime(validFor.notOnOrAfter);
  const { givenName, surname } = splitName(input.subject.displayName);
  const attributes = [
    attribute(ATTR.givenName, givenName),
    ...(surname ? [attribute(ATTR.surname, surname)] : []),
    attribute(ATTR.name, input.subject.displayName.trim()),
    attribute(ATTR.email, input.subject.email),
  ];
  return el(
    'saml:Assertion',
    [['xmlns:saml', NS.assertion], ['ID', input.assertionId], ['Version', '2.0'], ['IssueInstant', now]],
    el('saml:Issuer', [], input.idpEntityId),
    el(
      'saml:Subject',
      [],
      el('saml:NameID', [['Format', NAMEID_EMAIL]], input.subject.email),
      el('saml:SubjectConfirmation', [['Method', CM_BEARER]], el('saml:SubjectConfirmationData', [['InResponseTo', input.inResponseTo], ['NotOnOrAfter', notOnOrAfter], ['Recipient', input.acsUrl]])),
    ),
    el('saml:Conditions', [['NotBefore', notBefore], ['NotOnOrAfter', notOnOrAfter]], el('saml:AudienceRestriction', [], el('saml:Audience', [], input.spEntityId))),
    el(
      'saml:AuthnStatement',
      [['AuthnInstant', now], ['SessionIndex', input.sessionIndex]],
      el('saml:AuthnContext', [], el('saml:AuthnContextClassRef', [], input.authnContext ?? AC_PASSWORD_PROTECTED_TRANSPORT)),
    ),
    el('saml:AttributeStatement', [], ...attributes),
  );
}

/** The Response around an (already signed) assertion. */
export function responseElement(input: Pick<AssertionInput, 'idpEntityId' | 'acsUrl' | 'inResponseTo' | 'nowSec' | 'responseId'>, signedAssertion: XmlElement): XmlElement {
  return el(
    'samlp:Response',
    [['xmlns:samlp', NS.protocol], ['xmlns:saml', NS.assertion], ['ID', input.responseId], ['Version', '2.0'], ['IssueInstant', isoTime(input.nowSec)], ['Destination', input.acsUrl], ['InResponseTo', input.inResponseTo]],
    el('saml:Issuer', [], input.idpEntityId),
    el('samlp:Status', [], el('samlp:StatusCode', [['Value', STATUS_SUCCESS]])),
    signedAssertion,
  );
}

/**
 * A Response without an assertion that says why not (saml-core §3.2.2.2): the top-level status code with a
 * second-level one inside it, e.g. Responder / NoPassive for a request with IsPassive="true". Signed like every
 * response (src/saml/sign.ts), so the SP can trust the refusal.
 */
export function statusResponseElement(input: Pick<AssertionInput, 'idpEntityId' | 'acsUrl' | 'inResponseTo' | 'nowSec' | 'responseId'>, status: { code: string; subCode: string }): XmlElement {
  return el(
    'samlp:Response',
    [['xmlns:samlp', NS.protocol], ['xmlns:saml', NS.assertion], ['ID', input.responseId], ['Version', '2.0'], ['IssueInstant', isoTime(input.nowSec)], ['Destination', input.acsUrl], ['InResponseTo', input.inResponseTo]],
    el('saml:Issuer', [], input.idpEntityId),
    el('samlp:Status', [], el('samlp:StatusCode', [['Value', status.code]], el('samlp:StatusCode', [['Value', status.subCode]]))),
  );
}
