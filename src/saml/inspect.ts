import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { NS } from '../domain/saml/constants';
import type { ReadBack } from '../domain/saml/test-report';
import { parseXml } from './xml';

/**
 * Reads a signed Response back the way a service provider would, for the admin's "Test sign-in": the
 * values that matter and each signature checked against the published certificates (never KeyInfo).
 */
export type InspectedResponse = ReadBack;

function children(parent: Element, ns: string, name: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const el = node as Element;
    if (node.nodeType === 1 && el.namespaceURI === ns && el.localName === name) out.push(el);
  }
  return out;
}

const first = (parent: Element | undefined, ns: string, name: string): Element | undefined => (parent ? children(parent, ns, name)[0] : undefined);

function signatureValid(xml: string, signature: Element | undefined, certificates: string[]): boolean {
  if (!signature) return false;
  return certificates.some((cert) => {
    try {
      const sig = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- xmldom's nodes serialise to XML in toString()
      sig.loadSignature(signature.toString());
      return sig.checkSignature(xml);
    } catch {
      return false;
    }
  });
}

export function inspectResponse(xml: string, certificates: string[]): InspectedResponse {
  const response = parseXml(xml).documentElement as Element;
  const assertion = first(response, NS.assertion, 'Assertion');
  const subject = first(assertion, NS.assertion, 'Subject');
  const nameId = first(subject, NS.assertion, 'NameID');
  const confirmation = first(first(subject, NS.assertion, 'SubjectConfirmation'), NS.assertion, 'SubjectConfirmationData');
  const conditions = first(assertion, NS.assertion, 'Conditions');
  const audience = first(first(conditions, NS.assertion, 'AudienceRestriction'), NS.assertion, 'Audience');
  const attributes: Record<string, string[]> = {};
  for (const attribute of children(first(assertion, NS.assertion, 'AttributeStatement') ?? response, NS.assertion, 'Attribute')) {
    attributes[attribute.getAttribute('Name') ?? ''] = children(attribute, NS.assertion, 'AttributeValue').map((v) => v.textContent ?? '');
  }
  // The assertion's signature is checked on the assertion alone, as an SP does once it has taken it out.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- xmldom's nodes serialise to XML in toString()
  const assertionXml = assertion ? assertion.toString() : '';
  const assertionDoc = assertionXml ? (parseXml(assertionXml).documentElement as Element) : undefined;
  return {
    nameId: nameId?.textContent ?? '',
    nameIdFormat: nameId?.getAttribute('Format') ?? '',
    attributes,
    audience: audience?.textContent ?? '',
    destination: response.getAttribute('Destination') ?? '',
    recipient: confirmation?.getAttribute('Recipient') ?? '',
    inResponseTo: response.getAttribute('InResponseTo') ?? '',
    subjectInResponseTo: confirmation?.getAttribute('InResponseTo') ?? '',
    notBefore: conditions?.getAttribute('NotBefore') ?? '',
    notOnOrAfter: conditions?.getAttribute('NotOnOrAfter') ?? '',
    responseSignature: signatureValid(xml, first(response, NS.dsig, 'Signature'), certificates),
    assertionSignature: assertionDoc ? signatureValid(assertionXml, first(assertionDoc, NS.dsig, 'Signature'), certificates) : false,
  };
}

