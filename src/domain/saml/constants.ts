/** SAML 2.0 names used by the identity provider (OASIS saml-core-2.0-os, saml-bindings-2.0-os). */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
/** The request could not be performed due to an error on the part of the IdP (saml-core-2.0-os §3.2.2.2). */
export const STATUS_RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
/** Second-level: the IdP cannot authenticate the principal passively (IsPassive="true"; saml-core §3.2.2.2, §3.4.1). */
export const STATUS_NO_PASSIVE = 'urn:oasis:names:tc:SAML:2.0:status:NoPassive';
export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const CM_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const ATTRNAME_URI = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
/** A password over TLS (saml-authn-context-2.0-os §3.4.7). */
export const AC_PASSWORD_PROTECTED_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
/** Password and a second factor: the REFEDS MFA profile (https://refeds.org/profile/mfa), widely understood by SPs. */
export const AC_MULTI_FACTOR = 'https://refeds.org/profile/mfa';
/**
 * "The authentication was performed by unspecified means" (saml-authn-context-2.0-os §3.4.27): a code by email alone
 * (issue 22). No SAML 2.0 class names an emailed one-time code, and it must claim neither a password nor MFA.
 */
export const AC_UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified';
export const BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/** The claim names Atlassian (and most SPs built on WS-Federation claims) read. */
const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';
export const ATTR = {
  givenName: `${CLAIMS}givenname`,
  surname: `${CLAIMS}surname`,
  name: `${CLAIMS}name`,
  email: `${CLAIMS}emailaddress`,
} as const;

/** Signature algorithms (xmldsig-core1, xml-exc-c14n). */
export const ALG = {
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
} as const;

/** Timing: the assertion is valid from 30 s before it was issued (clock skew) to 5 minutes after. */
export const ASSERTION_SKEW_SEC = 30;
export const ASSERTION_LIFETIME_SEC = 5 * 60;
/**
 * An AuthnRequest's IssueInstant must lie within 5 minutes before now, with 60 seconds of clock difference
 * either way: from now - 6 min to now + 1 min (docs/saml.md). The SP redirects at once, so a request is
 * seconds old when it arrives; an older one is a replayed or stored link.
 */
export const REQUEST_MAX_AGE_SEC = 5 * 60;
export const REQUEST_CLOCK_SKEW_SEC = 60;
/** A pending help-center sign-in lives 30 minutes: time to sign in, or to reset a forgotten password. */
export const PENDING_REQUEST_SEC = 30 * 60;

/** Byte caps for incoming requests: before inflating (the encoded parameter) and after. */
export const MAX_ENCODED_REQUEST = 16 * 1024;
export const MAX_REQUEST_XML = 32 * 1024;
export const MAX_RELAY_STATE = 1024;
