import { BINDING_POST, BINDING_REDIRECT, NAMEID_EMAIL, NS } from './constants';
import { xmlEscape as x } from './escape';

/**
 * The identity provider's metadata (saml-metadata-2.0-os §2.4.3): entity ID, every published signing
 * certificate (the active one and, during a rotation, the next or previous one), the SSO URL for both
 * bindings, NameID format emailAddress. AuthnRequests need not be signed.
 */
export function idpMetadata(input: { entityId: string; ssoUrl: string; certificates: string[] }): string {
  const keys = input.certificates
    .map((cert) => `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${x(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<md:EntityDescriptor xmlns:md="${NS.metadata}" xmlns:ds="${NS.dsig}" entityID="${x(input.entityId)}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${NS.protocol}">` +
    keys +
    `<md:NameIDFormat>${NAMEID_EMAIL}</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="${BINDING_REDIRECT}" Location="${x(input.ssoUrl)}"/>` +
    `<md:SingleSignOnService Binding="${BINDING_POST}" Location="${x(input.ssoUrl)}"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>\n`
  );
}
