import { AC_PASSWORD_PROTECTED_TRANSPORT, ASSERTION_LIFETIME_SEC, ASSERTION_SKEW_SEC, ATTR, ATTRNAME_URI, CM_BEARER, NAMEID_EMAIL, NS, STATUS_SUCCESS } from './constants';
import { xmlEscape as x } from './escape';

/**
 * The unsigned SAML Response with one Assertion, as the help center's service provider expects it (see
 * docs/saml.md): NameID = email (emailAddress format); givenname, surname, name and emailaddress claims;
 * Destination and Recipient = the configured ACS; Audience = the configured SP entity; InResponseTo; a short
 * validity window; AuthnStatement with SessionIndex. Every value is escaped. src/saml/sign.ts signs it.
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

export const isoTime = (sec: number): string => new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function validity(nowSec: number): { notBefore: number; notOnOrAfter: number } {
  return { notBefore: nowSec - ASSERTION_SKEW_SEC, notOnOrAfter: nowSec + ASSERTION_LIFETIME_SEC };
}

function attribute(name: string, value: string): string {
  return `<saml:Attribute Name="${x(name)}" NameFormat="${ATTRNAME_URI}"><saml:AttributeValue>${x(value)}</saml:AttributeValue></saml:Attribute>`;
}

export function buildAssertion(input: AssertionInput): string {
  const now = isoTime(input.nowSec);
  const { notBefore, notOnOrAfter } = validity(input.nowSec);
  const { givenName, surname } = splitName(input.subject.displayName);
  const attributes = [
    attribute(ATTR.givenName, givenName),
    surname ? attribute(ATTR.surname, surname) : '',
    attribute(ATTR.name, input.subject.displayName.trim()),
    attribute(ATTR.email, input.subject.email),
  ].join('');
  return (
    `<saml:Assertion xmlns:saml="${NS.assertion}" ID="${x(input.assertionId)}" Version="2.0" IssueInstant="${now}">` +
    `<saml:Issuer>${x(input.idpEntityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${NAMEID_EMAIL}">${x(input.subject.email)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${CM_BEARER}"><saml:SubjectConfirmationData InResponseTo="${x(input.inResponseTo)}" NotOnOrAfter="${isoTime(notOnOrAfter)}" Recipient="${x(input.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${isoTime(notBefore)}" NotOnOrAfter="${isoTime(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${x(input.spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now}" SessionIndex="${x(input.sessionIndex)}"><saml:AuthnContext><saml:AuthnContextClassRef>${x(input.authnContext ?? AC_PASSWORD_PROTECTED_TRANSPORT)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

/** The Response around an (already signed) assertion. */
export function buildResponse(input: Pick<AssertionInput, 'idpEntityId' | 'acsUrl' | 'inResponseTo' | 'nowSec' | 'responseId'>, signedAssertion: string): string {
  return (
    `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${x(input.responseId)}" Version="2.0" IssueInstant="${isoTime(input.nowSec)}" Destination="${x(input.acsUrl)}" InResponseTo="${x(input.inResponseTo)}">` +
    `<saml:Issuer>${x(input.idpEntityId)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${STATUS_SUCCESS}"/></samlp:Status>` +
    signedAssertion +
    `</samlp:Response>`
  );
}
