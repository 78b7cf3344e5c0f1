import { MAX_RELAY_STATE, REQUEST_CLOCK_SKEW_SEC, REQUEST_MAX_AGE_SEC } from './constants';
import type { ServiceProvider } from './service-provider';

/**
 * What the identity provider reads from an AuthnRequest, after src/saml/ has decoded and parsed it, and the
 * rules it must pass. Pure: no XML, no I/O. Each refusal has a stable code the error page explains.
 */
export interface AuthnRequestFields {
  /** Every value found, so duplicates are visible. */
  ids: string[];
  versions: string[];
  issuers: string[];
  issueInstant?: string;
  /** Where the SP asked the response to go: informative only, never used (the configured ACS is). */
  acsUrl?: string;
  /** Where the SP sent the request (optional in SAML; when present it must be this IdP's SSO URL). */
  destination?: string;
  isPassive: boolean;
}

export type RequestProblem =
  | 'missing'
  | 'encoding'
  | 'too-large'
  | 'xml'
  | 'doctype'
  | 'not-authn-request'
  | 'fields'
  | 'version'
  | 'relay-state'
  | 'unknown-sp'
  | 'not-configured'
  | 'destination'
  | 'issue-instant';

export interface AcceptedRequest {
  id: string;
  issuer: string;
  relayState: string;
}

/** An xsd:ID is an NCName; SPs use 20–100 characters. */
const ID = /^[A-Za-z_][\w.-]{0,255}$/;

export function checkRelayState(relayState: string | undefined): RequestProblem | undefined {
  if (relayState === undefined) return undefined;
  if (relayState.length > MAX_RELAY_STATE || /[\p{Cc}]/u.test(relayState)) return 'relay-state';
  return undefined;
}

export function acceptRequest(
  fields: AuthnRequestFields,
  relayState: string | undefined,
  sp: ServiceProvider,
): { ok: true; request: AcceptedRequest } | { ok: false; problem: RequestProblem } {
  if (fields.ids.length !== 1 || fields.issuers.length !== 1 || fields.versions.length !== 1 || !ID.test(fields.ids[0])) return { ok: false, problem: 'fields' };
  if (fields.versions[0] !== '2.0') return { ok: false, problem: 'version' };
  const relay = checkRelayState(relayState);
  if (relay) return { ok: false, problem: relay };
  if (!sp.spEntityId || !sp.acsUrl) return { ok: false, problem: 'not-configured' };
  if (fields.issuers[0].trim() !== sp.spEntityId) return { ok: false, problem: 'unknown-sp' };
  return { ok: true, request: { id: fields.ids[0], issuer: sp.spEntityId, relayState: relayState ?? '' } };
}

/** xs:dateTime in UTC, as SAML requires (saml-core §1.3.3: no time zone other than Z). */
const UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z$/;

/**
 * Where and when a request was made, checked after it came from the configured SP: `Destination`, when
 * present, names this IdP's SSO URL (saml-core §3.2.1: the recipient MUST check it), and `IssueInstant` lies
 * within REQUEST_MAX_AGE_SEC before now (REQUEST_CLOCK_SKEW_SEC either way). Missing IssueInstant: refused
 * (a required attribute).
 */
export function checkRequestContext(fields: Pick<AuthnRequestFields, 'destination' | 'issueInstant'>, at: { nowSec: number; ssoUrl: string }): RequestProblem | undefined {
  if (fields.destination !== undefined && fields.destination.trim() !== at.ssoUrl) return 'destination';
  const instant = fields.issueInstant?.trim() ?? '';
  const ms = UTC_TIME.test(instant) ? Date.parse(instant) : NaN;
  if (Number.isNaN(ms)) return 'issue-instant';
  const sec = ms / 1000;
  if (sec < at.nowSec - REQUEST_MAX_AGE_SEC - REQUEST_CLOCK_SKEW_SEC || sec > at.nowSec + REQUEST_CLOCK_SKEW_SEC) return 'issue-instant';
  return undefined;
}
