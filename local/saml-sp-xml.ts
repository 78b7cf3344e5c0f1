import { DOMParser } from '@xmldom/xmldom';
import { SamlCheckError, type SamlCheck } from './saml-checks';

/** The SAML names the service provider reads, and its XML reading: no DTDs, namespace-aware child lookup. */

export const NS = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
};
export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
};
export const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';

export function parseXml(xml: string, what: SamlCheck): Document {
  // No DTDs at all: no entity expansion, no external references.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlCheckError(what, 'a DOCTYPE is not allowed');
  let problem = '';
  let doc: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') problem ||= message;
      },
    }).parseFromString(xml, 'text/xml');
  } catch (error) {
    problem ||= error instanceof Error ? error.message : 'unreadable';
  }
  if (problem || !doc?.documentElement) throw new SamlCheckError(what, `not well-formed XML (${problem.slice(0, 120) || 'empty'})`);
  return doc as unknown as Document;
}

export const children = (parent: Element, ns: string, local: string): Element[] =>
  Array.from(parent.childNodes as unknown as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local);
export const child = (parent: Element, ns: string, local: string): Element | undefined => children(parent, ns, local)[0];
