import { MAX_RELAY_STATE } from './constants';
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
  | 'not-configured';

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

export function acceptRequest(fields: AuthnRequestFields, relayState: string | undefined, sp: ServiceProvider): { ok: true; request: AcceptedRequest } | { ok: false; problem: RequestProblem } {
  if (fields.ids.length !== 1 || fields.issuers.length !== 1 || fields.versions.length !== 1 || !ID.test(fields.ids[0])) return { ok: false, problem: 'fields' };
  if (fields.versions[0] !== '2.0') return { ok: false, problem: 'version' };
  const relay = checkRelayState(relayState);
  if (relay) return { ok: false, problem: relay };
  if (!sp.spEntityId || !sp.acsUrl) return { ok: false, problem: 'not-configured' };
  if (fields.issuers[0].trim() !== sp.spEntityId) return { ok: false, problem: 'unknown-sp' };
  return { ok: true, request: { id: fields.ids[0], issuer: sp.spEntityId, relayState: relayState ?? '' } };
}
