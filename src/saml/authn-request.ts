import type { Element } from '@xmldom/xmldom';
import type { AuthnRequestFields } from '../domain/saml/authn-request';
import { NS } from '../domain/saml/constants';
import { SamlInputError, decodePost, decodeRedirect, parseXml } from './xml';

/** Reads an AuthnRequest (either binding) into plain fields for src/domain/saml/authn-request.ts to judge. */
export function readAuthnRequest(encoded: string, binding: 'redirect' | 'post'): AuthnRequestFields {
  const doc = parseXml(binding === 'redirect' ? decodeRedirect(encoded) : decodePost(encoded));
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.protocol || root.localName !== 'AuthnRequest') throw new SamlInputError('not-authn-request');
  const attr = (name: string) => (root.hasAttribute(name) ? [root.getAttribute(name) ?? ''] : []);
  const issuers: string[] = [];
  for (let node = root.firstChild; node; node = node.nextSibling) {
    const el = node as Element;
    if (node.nodeType === 1 && el.namespaceURI === NS.assertion && el.localName === 'Issuer') issuers.push(el.textContent ?? '');
  }
  return {
    ids: attr('ID'),
    versions: attr('Version'),
    issuers,
    issueInstant: root.getAttribute('IssueInstant') ?? undefined,
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') ?? undefined,
    destination: root.hasAttribute('Destination') ? (root.getAttribute('Destination') ?? '') : undefined,
    isPassive: root.getAttribute('IsPassive') === 'true',
  };
}
