import crypto from 'node:crypto';
import { SamlCheckError } from './saml-checks';
import { BINDING, child, children, NS, parseXml } from './saml-sp-xml';

/** What the SP needs from the IdP metadata. */
export interface IdpMetadata {
  entityId: string;
  /** SingleSignOnService, HTTP-Redirect binding. */
  ssoRedirectUrl: string;
  /** SingleSignOnService, HTTP-POST binding ('' when not published). */
  ssoPostUrl: string;
  /** Every published signing certificate, as PEM. */
  certificates: string[];
}

function toPem(base64Der: string): string {
  const body = base64Der.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new SamlCheckError('metadata', 'a certificate is not base64');
  // Throws on anything that is not an X.509 certificate.
  new crypto.X509Certificate(Buffer.from(body, 'base64'));
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Reads the IdP metadata: entity ID, SSO URLs per binding and every signing certificate. */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const root = parseXml(xml, 'metadata').documentElement as unknown as Element;
  if (root.namespaceURI !== NS.md || root.localName !== 'EntityDescriptor') throw new SamlCheckError('metadata', 'the root is not an md:EntityDescriptor');
  const entityId = root.getAttribute('entityID') ?? '';
  const idp = child(root, NS.md, 'IDPSSODescriptor');
  if (!entityId || !idp) throw new SamlCheckError('metadata', 'no entityID or no IDPSSODescriptor');
  const certificates: string[] = [];
  for (const key of children(idp, NS.md, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    const certs = Array.from(key.getElementsByTagNameNS(NS.ds, 'X509Certificate') as unknown as ArrayLike<Element>);
    for (const cert of certs) {
      try {
        certificates.push(toPem(cert.textContent ?? ''));
      } catch {
        throw new SamlCheckError('metadata', 'a published certificate is not an X.509 certificate');
      }
    }
  }
  const sso = (binding: string) => children(idp, NS.md, 'SingleSignOnService').find((s) => s.getAttribute('Binding') === binding)?.getAttribute('Location') ?? '';
  const ssoRedirectUrl = sso(BINDING.redirect);
  if (certificates.length === 0) throw new SamlCheckError('metadata', 'no signing certificate');
  if (!/^https?:\/\//.test(ssoRedirectUrl)) throw new SamlCheckError('metadata', 'no HTTP-Redirect SingleSignOnService');
  return { entityId, ssoRedirectUrl, ssoPostUrl: sso(BINDING.post), certificates };
}
