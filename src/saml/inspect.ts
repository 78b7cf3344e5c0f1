import type { Element } from '@xmldom/xmldom';
import { createHash, verify } from 'node:crypto';
import { ALG, NS } from '../domain/saml/constants';
import { canonical, type XmlElement, type XmlNode } from '../domain/saml/xml-tree';
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

/** The parsed element as the signer's tree (src/domain/saml/xml-tree.ts), without `skip` (its enveloped Signature). */
function treeOf(node: Element, skip?: Element): XmlElement {
  const attrs: [string, string][] = [];
  for (let i = 0; i < node.attributes.length; i++) attrs.push([node.attributes[i].name, node.attributes[i].value]);
  const children: XmlNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child === skip) continue;
    if (child.nodeType === 1) children.push(treeOf(child as Element));
    else if ((child.nodeType === 3 || child.nodeType === 4) && child.nodeValue) children.push(child.nodeValue);
  }
  return { name: node.tagName, attrs, children };
}

/** The namespace declarations in scope above `node` (what exclusive c14n may need to render). */
function scopeAbove(node: Element): Map<string, string> {
  const chain: Element[] = [];
  for (let p = node.parentNode; p && p.nodeType === 1; p = p.parentNode) chain.unshift(p as Element);
  const scope = new Map<string, string>();
  for (const e of chain) for (let i = 0; i < e.attributes.length; i++) if (e.attributes[i].name.startsWith('xmlns:')) scope.set(e.attributes[i].name.slice(6), e.attributes[i].value);
  return scope;
}

const textOf = (e: Element | undefined) => (e?.textContent ?? '').replace(/\s+/g, '');
const algorithmOf = (e: Element | undefined) => e?.getAttribute('Algorithm') ?? '';

/**
 * The enveloped signature of `signed` checked as XML-DSig core §3.2 does, for the one profile the IdP signs with
 * (exclusive c14n, RSA-SHA256, SHA-256, one Reference to the element's ID with the enveloped and exc-c14n
 * transforms), against the published certificates only (never KeyInfo). The canonical forms come from the
 * signer's own exclusive c14n over the parsed tree (issue 25: xml-crypto and xpath were ~190 KiB of the Forge
 * bundle for this admin check alone); test/unit/saml-sign.test.ts checks that c14n byte for byte against
 * xml-crypto's, and xmlsec1 and node-saml verify what the IdP sends.
 */
function signatureValid(signed: Element, signature: Element | undefined, certificates: string[]): boolean {
  if (!signature) return false;
  try {
    const signedInfo = first(signature, NS.dsig, 'SignedInfo');
    const references = signedInfo ? children(signedInfo, NS.dsig, 'Reference') : [];
    const reference = references[0];
    const transforms = children(first(reference, NS.dsig, 'Transforms') ?? signature, NS.dsig, 'Transform').map(algorithmOf);
    const profile =
      references.length === 1 &&
      algorithmOf(first(signedInfo, NS.dsig, 'CanonicalizationMethod')) === ALG.excC14n &&
      algorithmOf(first(signedInfo, NS.dsig, 'SignatureMethod')) === ALG.rsaSha256 &&
      algorithmOf(first(reference, NS.dsig, 'DigestMethod')) === ALG.sha256 &&
      transforms.join(' ') === `${ALG.enveloped} ${ALG.excC14n}` &&
      reference?.getAttribute('URI') === `#${signed.getAttribute('ID') ?? ''}`;
    if (!profile || !signedInfo) return false;
    const digest = createHash('sha256').update(canonical(treeOf(signed, signature), scopeAbove(signed)), 'utf8').digest('base64');
    if (digest !== textOf(first(reference, NS.dsig, 'DigestValue'))) return false;
    const signedBytes = Buffer.from(canonical(treeOf(signedInfo), scopeAbove(signedInfo)), 'utf8');
    const value = Buffer.from(textOf(first(signature, NS.dsig, 'SignatureValue')), 'base64');
    return certificates.some((cert) => verify('sha256', signedBytes, cert, value));
  } catch {
    return false; // a shape the IdP does not write (e.g. an unprefixed element) is not its signature
  }
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
  const assertionDoc = assertion ? (parseXml(assertion.toString()).documentElement as Element) : undefined;
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
    responseSignature: signatureValid(response, first(response, NS.dsig, 'Signature'), certificates),
    assertionSignature: assertionDoc ? signatureValid(assertionDoc, first(assertionDoc, NS.dsig, 'Signature'), certificates) : false,
  };
}

