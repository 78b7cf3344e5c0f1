import type { Profile } from '@node-saml/node-saml';
import { SamlCheckError } from './saml-checks';
import type { SpIdentity } from './saml-sp-identity';
import { BEARER, child, children, CLAIMS, EMAIL_FORMAT, NS, parseXml, SUCCESS } from './saml-sp-xml';

/**
 * The service provider's response side: what it checks beyond node-saml (Destination, Recipient, status of a
 * response that carries an assertion, issuer, InResponseTo on both levels, required validity windows), and the
 * customer the assertion describes.
 */

/** The signed-in customer as the assertion describes them. */
export interface SamlCustomer {
  /** NameID (emailAddress format). */
  nameId: string;
  email: string;
  givenName: string;
  surname: string;
  displayName: string;
  /** Every attribute by its full name (first value of each). */
  attributes: Record<string, string>;
  /** The IdP's entity ID. */
  issuer: string;
  sessionIndex?: string;
}

const firstValue = (value: unknown): string => (Array.isArray(value) ? firstValue(value[0]) : typeof value === 'string' ? value : '');

/** The base64 `SAMLResponse` as a samlp:Response: its text, its root element and the request it answers. */
export function readResponse(samlResponse: string): { b64: string; root: Element; inResponseTo: string } {
  const b64 = samlResponse.replace(/\s+/g, '');
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new SamlCheckError('format', 'SAMLResponse is missing or not base64');
  const xml = Buffer.from(b64, 'base64').toString('utf8');
  const doc = parseXml(xml, 'format');
  const root = doc.documentElement as unknown as Element;
  if (root.namespaceURI !== NS.samlp || root.localName !== 'Response') throw new SamlCheckError('format', 'the message is not a samlp:Response');
  const inResponseTo = root.getAttribute('InResponseTo') ?? '';
  return { b64, root, inResponseTo };
}

/** The failed `status` check when the IdP did not answer Success (undefined when it did). */
export function statusFailure(root: Element): SamlCheckError | undefined {
  const statusCode = child(root, NS.samlp, 'Status') && child(child(root, NS.samlp, 'Status')!, NS.samlp, 'StatusCode');
  const status = statusCode?.getAttribute('Value') ?? '';
  if (status === SUCCESS) return undefined;
  const sub = statusCode && child(statusCode, NS.samlp, 'StatusCode')?.getAttribute('Value');
  return new SamlCheckError('status', `${status.split(':').pop() || 'missing'}${sub ? ` / ${sub.split(':').pop()}` : ''}`);
}

/**
 * Who the (signed) response is from and for: issuer, audience, Destination, the bearer confirmations' Recipient,
 * and InResponseTo on both levels. Answers the assertion and this SP's bearer SubjectConfirmationData.
 */
export function checkAddressing(root: Element, idpEntityId: string, identity: SpIdentity, inResponseTo: string): { assertion: Element; mine: Element[] } {
  const assertion = child(root, NS.saml, 'Assertion');
  if (!assertion) throw new SamlCheckError('format', 'no assertion');
  const issuers = [child(root, NS.saml, 'Issuer'), child(assertion, NS.saml, 'Issuer')];
  if (!issuers[1] || issuers.some((i) => i && i.textContent?.trim() !== idpEntityId)) throw new SamlCheckError('issuer', `expected ${idpEntityId}`);

  const audiences = Array.from(assertion.getElementsByTagNameNS(NS.saml, 'Audience') as unknown as ArrayLike<Element>).map((a) => a.textContent?.trim());
  if (!audiences.includes(identity.entityId)) throw new SamlCheckError('audience', `expected ${identity.entityId}`);

  const destination = root.getAttribute('Destination');
  if (destination !== identity.acsUrl) throw new SamlCheckError('destination', destination ? `got ${destination}` : 'missing');

  const subject = child(assertion, NS.saml, 'Subject');
  const confirmations = subject ? children(subject, NS.saml, 'SubjectConfirmation').filter((c) => c.getAttribute('Method') === BEARER) : [];
  const data = confirmations.map((c) => child(c, NS.saml, 'SubjectConfirmationData')).filter((d): d is Element => !!d);
  const mine = data.filter((d) => d.getAttribute('Recipient') === identity.acsUrl);
  if (mine.length === 0) throw new SamlCheckError('recipient', data[0]?.getAttribute('Recipient') ? `got ${data[0].getAttribute('Recipient')}` : 'no bearer SubjectConfirmationData with a Recipient');

  if (!inResponseTo || mine.some((d) => d.getAttribute('InResponseTo') !== inResponseTo)) throw new SamlCheckError('in-response-to', 'Response and SubjectConfirmationData must answer the same request');
  return { assertion, mine };
}

/** The validity windows, on the host's clock: Conditions (required) and each bearer confirmation's NotOnOrAfter. */
export function checkTimeWindow(assertion: Element, mine: Element[], now: number, skewMs: number): void {
  const time = (value: string | null, name: string) => {
    const ms = value ? Date.parse(value) : NaN;
    if (!value || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) || Number.isNaN(ms)) throw new SamlCheckError('time-window', `${name} missing or not a UTC time`);
    return ms;
  };
  const conditions = child(assertion, NS.saml, 'Conditions');
  if (!conditions) throw new SamlCheckError('time-window', 'no Conditions');
  if (now + skewMs < time(conditions.getAttribute('NotBefore'), 'Conditions/@NotBefore')) throw new SamlCheckError('time-window', 'not yet valid');
  if (now - skewMs >= time(conditions.getAttribute('NotOnOrAfter'), 'Conditions/@NotOnOrAfter')) throw new SamlCheckError('time-window', 'expired');
  for (const d of mine) {
    if (now - skewMs >= time(d.getAttribute('NotOnOrAfter'), 'SubjectConfirmationData/@NotOnOrAfter')) throw new SamlCheckError('time-window', 'subject confirmation expired');
  }
}

/** The customer the assertion names: NameID in emailAddress format, and the claims. */
export function customerOf(profile: Profile, issuer: string): SamlCustomer {
  const nameId = profile.nameID ?? '';
  if (profile.nameIDFormat !== EMAIL_FORMAT || !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(nameId)) throw new SamlCheckError('subject', 'NameID must be an email address (emailAddress format)');

  const raw = (profile.attributes ?? {}) as Record<string, unknown>;
  const attributes = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, firstValue(v)]));
  const claim = (name: string) => attributes[`${CLAIMS}${name}`] ?? attributes[name] ?? '';
  const givenName = claim('givenname');
  const surname = claim('surname');
  return {
    nameId,
    email: claim('emailaddress') || nameId,
    givenName,
    surname,
    displayName: claim('name') || [givenName, surname].filter(Boolean).join(' ') || nameId,
    attributes,
    issuer,
    sessionIndex: profile.sessionIndex,
  };
}
