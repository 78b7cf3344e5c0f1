import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { SAML, ValidateInResponseTo, type CacheItem, type CacheProvider, type Profile, type SamlConfig } from '@node-saml/node-saml';
import type { Clock } from '../src/ports/platform';

/**
 * The local help center's SAML 2.0 service provider (issue 10): what Atlassian's login service is to a real
 * help center. Built on @node-saml/node-saml, plus the checks it leaves out (Destination, Recipient, status of a
 * response that carries an assertion, issuer, InResponseTo on both levels, required validity windows), each
 * failure named by a stable check id. Local host only: never bundled into the Forge app.
 *
 * The SP follows the host's clock (POST /local/api/clock), so advancing it expires assertions and requests.
 */

export const SP_CONNECTION = 'saml-demo';
export const SP_ENTITY_PATH = '/sp/saml/demo';
export const HELP_CENTER_PATH = '/help-center';
export const ACS_PATH = '/help-center/login/callback';

const NS = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
};
const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
};
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';

/** The SP's identity, in Atlassian's shape (entity https://auth.atlassian.com/saml/<id>, ACS …/login/callback?connection=saml-<id>). */
export interface SpIdentity {
  entityId: string;
  acsUrl: string;
  helpCenterUrl: string;
}

/**
 * Where the stand-in's ACS lives (issue 20): on another origin than the help center, as Atlassian's ACS
 * (auth.atlassian.com) is on another origin than the site it then redirects to. The same host under another
 * name, same port, so a browser sees two origins: the demo site's other loopback name (127.0.0.1 ↔ localhost),
 * and for a site on its own host `<site>.localhost` the host `acs.<site>.localhost` (the local host routes it to
 * that site: local/host.ts).
 */
export function acsOriginFor(hostUrl: string): string {
  const url = new URL(hostUrl);
  if (url.hostname.endsWith('.localhost')) url.hostname = `acs.${url.hostname}`;
  else url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
}

export function spIdentity(hostUrl: string): SpIdentity {
  const base = hostUrl.replace(/\/+$/, '');
  return {
    entityId: `${base}${SP_ENTITY_PATH}`,
    acsUrl: `${acsOriginFor(base)}${ACS_PATH}?connection=${SP_CONNECTION}`,
    helpCenterUrl: `${base}${HELP_CENTER_PATH}`,
  };
}

/** Stable ids of what the SP checks; shown on the error page as "Failed check: <id>". */
export const SAML_CHECKS = ['metadata', 'format', 'status', 'browser', 'signature', 'issuer', 'audience', 'destination', 'recipient', 'in-response-to', 'time-window', 'subject'] as const;
export type SamlCheck = (typeof SAML_CHECKS)[number];

export class SamlCheckError extends Error {
  constructor(
    readonly check: SamlCheck,
    /** For the log and the page's details: what was found (never a secret). */
    readonly detail: string,
  ) {
    super(`SAML check failed: ${check}: ${detail}`);
    this.name = 'SamlCheckError';
  }

  /** 502 when the IdP could not be asked, 400 for an unreadable message, 401 for a refused one. */
  get httpStatus(): 400 | 401 | 502 {
    return this.check === 'metadata' ? 502 : this.check === 'format' ? 400 : 401;
  }
}

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

function parseXml(xml: string, what: SamlCheck): Document {
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

const children = (parent: Element, ns: string, local: string): Element[] =>
  Array.from(parent.childNodes as unknown as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local);
const child = (parent: Element, ns: string, local: string): Element | undefined => children(parent, ns, local)[0];

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

/**
 * Pending AuthnRequest ids (InResponseTo), in memory, single use, expiring on the host's clock. The value is
 * node-saml's own (the request's instant), kept as given.
 */
export class RequestCache implements CacheProvider {
  private readonly items = new Map<string, { value: string; atMs: number }>();

  constructor(
    private readonly now: () => number,
    readonly ttlMs: number,
  ) {}

  private live(key: string) {
    const item = this.items.get(key);
    if (item && this.now() - item.atMs >= this.ttlMs) this.items.delete(key);
    return this.items.get(key);
  }

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    for (const k of [...this.items.keys()]) this.live(k);
    if (this.live(key)) return null;
    const atMs = this.now();
    this.items.set(key, { value, atMs });
    return { value, createdAt: atMs };
  }

  async getAsync(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    const item = this.live(key);
    this.items.delete(key);
    return item?.value ?? null;
  }

  get size(): number {
    return this.items.size;
  }
}

/** node-saml reading the host's clock instead of the machine's (validity windows, the request's IssueInstant). */
export class ClockedSaml extends SAML {
  private readonly nowMs: () => number;

  constructor(config: SamlConfig, nowMs: () => number) {
    super(config);
    this.nowMs = nowMs;
  }

  protected override checkTimestampsValidityError(_machineNowMs: number, notBefore: string, notOnOrAfter: string, maxTimeLimitMs?: number): Error | null {
    return super.checkTimestampsValidityError(this.nowMs(), notBefore, notOnOrAfter, maxTimeLimitMs);
  }

  protected override async generateAuthorizeRequestAsync(isPassive: boolean, isHttpPostBinding: boolean): Promise<string> {
    const xml = await super.generateAuthorizeRequestAsync(isPassive, isHttpPostBinding);
    return xml.replace(/IssueInstant="[^"]*"/, `IssueInstant="${new Date(this.nowMs()).toISOString()}"`);
  }
}

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

export interface HelpCenterSpOptions {
  /** The local host's base URL, e.g. http://127.0.0.1:8080. */
  hostUrl: string;
  clock: Clock;
  /** Where the IdP metadata comes from, read on every login (default: the app's `GET saml/metadata`). */
  metadata?: () => Promise<string>;
  /** How long an AuthnRequest can be answered (default 15 minutes). */
  requestTtlMs?: number;
  /** Tolerated clock difference to the IdP (default 60 seconds). */
  clockSkewMs?: number;
}

/** The app's IdP metadata, as the help center would fetch it. */
export function idpMetadataUrl(hostUrl: string): string {
  return `${hostUrl.replace(/\/+$/, '')}/x/customer-pages/saml/metadata`;
}

const firstValue = (value: unknown): string => (Array.isArray(value) ? firstValue(value[0]) : typeof value === 'string' ? value : '');

/**
 * The browser a login started in: a random value in the `hc_login` cookie (path /help-center), whose hash is
 * kept with the AuthnRequest's ID. A response whose InResponseTo names a request another browser started is
 * refused (check `browser`): a careful SP binds InResponseTo to its own session, so that a response an attacker
 * obtained for their own request cannot sign a victim's browser in as the attacker (login CSRF).
 */
export const LOGIN_COOKIE = 'hc_login';
const LOGIN_VALUE = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (value: string) => crypto.createHash('sha256').update(value).digest('base64url');

/** Whether `browser` (a login cookie's value) is the one whose hash `startedBy` is; true when no browser was bound. */
export function browserMatches(startedBy: string | undefined, browser: string | undefined): boolean {
  return startedBy === undefined || (browser !== undefined && hashOf(browser) === startedBy);
}

/** The login cookie's value in a Cookie header (undefined when none or malformed). */
export function loginCookieOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === LOGIN_COOKIE && LOGIN_VALUE.test(value.join('='))) return value.join('=');
  }
  return undefined;
}

export function loginCookie(value: string): string {
  // Lax: here the IdP's hand-back form is on the same origin. Across sites (as Atlassian's is) the ACS POST
  // is cross-site, and such an SP needs `SameSite=None; Secure` for this cookie.
  return `${LOGIN_COOKIE}=${value}; Path=/help-center; Max-Age=1800; HttpOnly; SameSite=Lax`;
}

export class HelpCenterSp {
  readonly identity: SpIdentity;
  readonly requests: RequestCache;
  /** Request ID → hash of the login cookie of the browser that started it (expires with the request). */
  private readonly browsers = new Map<string, { hash: string; atMs: number }>();
  private readonly clock: Clock;
  private readonly metadataSource: () => Promise<string>;
  private readonly skewMs: number;

  constructor(options: HelpCenterSpOptions) {
    this.identity = spIdentity(options.hostUrl);
    this.clock = options.clock;
    this.skewMs = options.clockSkewMs ?? 60_000;
    this.requests = new RequestCache(() => this.clock.nowMs(), options.requestTtlMs ?? 15 * 60_000);
    const url = idpMetadataUrl(options.hostUrl);
    this.metadataSource =
      options.metadata ??
      (async () => {
        const response = await fetch(url, { headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' } });
        if (!response.ok) throw new SamlCheckError('metadata', `GET saml/metadata answered ${response.status}`);
        return response.text();
      });
  }

  /** Fetches and reads the IdP metadata (on every login, so a rotated certificate is picked up at once). */
  async idp(): Promise<IdpMetadata> {
    let xml: string;
    try {
      xml = await this.metadataSource();
    } catch (error) {
      if (error instanceof SamlCheckError) throw error;
      throw new SamlCheckError('metadata', `the metadata could not be fetched (${error instanceof Error ? error.message.slice(0, 120) : 'unknown'})`);
    }
    return parseIdpMetadata(xml);
  }

  private saml(idp: IdpMetadata): ClockedSaml {
    return new ClockedSaml(
      {
        issuer: this.identity.entityId,
        callbackUrl: this.identity.acsUrl,
        entryPoint: idp.ssoRedirectUrl,
        idpCert: idp.certificates,
        idpIssuer: idp.entityId,
        audience: this.identity.entityId,
        wantAssertionsSigned: true,
        wantAuthnResponseSigned: true,
        signatureAlgorithm: 'sha256',
        identifierFormat: EMAIL_FORMAT,
        acceptedClockSkewMs: this.skewMs,
        validateInResponseTo: ValidateInResponseTo.always,
        requestIdExpirationPeriodMs: this.requests.ttlMs,
        cacheProvider: this.requests,
        disableRequestedAuthnContext: true,
        generateUniqueId: () => `_${crypto.randomBytes(20).toString('hex')}`,
      },
      () => this.clock.nowMs(),
    );
  }

  /**
   * The IdP SSO URL carrying a fresh AuthnRequest (HTTP-Redirect binding) and `relayState`; `browser`: the
   * value of this browser's login cookie, which the response must come back with.
   */
  async loginUrl(relayState: string, browser: string): Promise<string> {
    const idp = await this.idp();
    const saml = this.saml(idp);
    const url = await saml.getAuthorizeUrlAsync(relayState, undefined, {});
    const id = /\bID="([^"]+)"/.exec(zlib.inflateRawSync(Buffer.from(new URL(url).searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8'))?.[1];
    if (!id) throw new SamlCheckError('format', 'the AuthnRequest has no ID');
    const now = this.clock.nowMs();
    for (const [key, entry] of this.browsers) if (now - entry.atMs >= this.requests.ttlMs) this.browsers.delete(key);
    this.browsers.set(id, { hash: hashOf(browser), atMs: now });
    return url;
  }

  /**
   * The ACS: checks a base64 `SAMLResponse` (HTTP-POST binding); throws {@link SamlCheckError} naming the failed
   * check. `startedBy`: the hash of the login cookie of the browser that started the request it answers (when a
   * browser did): the ACS is on another origin than the login's start and cannot see that cookie, so the help
   * center checks it where the cookie lives, when the ticket is redeemed (browserMatches).
   */
  async consume(samlResponse: string): Promise<SamlCustomer & { startedBy?: string }> {
    const b64 = samlResponse.replace(/\s+/g, '');
    if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new SamlCheckError('format', 'SAMLResponse is missing or not base64');
    const xml = Buffer.from(b64, 'base64').toString('utf8');
    const doc = parseXml(xml, 'format');
    const root = doc.documentElement as unknown as Element;
    if (root.namespaceURI !== NS.samlp || root.localName !== 'Response') throw new SamlCheckError('format', 'the message is not a samlp:Response');
    const inResponseTo = root.getAttribute('InResponseTo') ?? '';

    const started = this.browsers.get(inResponseTo);

    // Status next: an IdP that refused the sign-in says so, whatever else the message holds.
    const statusCode = child(root, NS.samlp, 'Status') && child(child(root, NS.samlp, 'Status')!, NS.samlp, 'StatusCode');
    const status = statusCode?.getAttribute('Value') ?? '';
    if (status !== SUCCESS) {
      if (inResponseTo) await this.requests.removeAsync(inResponseTo);
      const sub = statusCode && child(statusCode, NS.samlp, 'StatusCode')?.getAttribute('Value');
      throw new SamlCheckError('status', `${status.split(':').pop() || 'missing'}${sub ? ` / ${sub.split(':').pop()}` : ''}`);
    }


    const idp = await this.idp();
    let profile: Profile | null;
    try {
      ({ profile } = await this.saml(idp).validatePostResponseAsync({ SAMLResponse: b64 }));
    } catch (error) {
      throw nodeSamlFailure(error);
    }
    if (!profile) throw new SamlCheckError('format', 'no assertion');

    // node-saml verified the Response signature (the whole document, root referenced by ID) and the
    // Assertion's, and that there is exactly one Assertion: what follows reads signed content.
    const assertion = child(root, NS.saml, 'Assertion');
    if (!assertion) throw new SamlCheckError('format', 'no assertion');
    const issuers = [child(root, NS.saml, 'Issuer'), child(assertion, NS.saml, 'Issuer')];
    if (!issuers[1] || issuers.some((i) => i && i.textContent?.trim() !== idp.entityId)) throw new SamlCheckError('issuer', `expected ${idp.entityId}`);

    const audiences = Array.from(assertion.getElementsByTagNameNS(NS.saml, 'Audience') as unknown as ArrayLike<Element>).map((a) => a.textContent?.trim());
    if (!audiences.includes(this.identity.entityId)) throw new SamlCheckError('audience', `expected ${this.identity.entityId}`);

    const destination = root.getAttribute('Destination');
    if (destination !== this.identity.acsUrl) throw new SamlCheckError('destination', destination ? `got ${destination}` : 'missing');

    const subject = child(assertion, NS.saml, 'Subject');
    const confirmations = subject ? children(subject, NS.saml, 'SubjectConfirmation').filter((c) => c.getAttribute('Method') === BEARER) : [];
    const data = confirmations.map((c) => child(c, NS.saml, 'SubjectConfirmationData')).filter((d): d is Element => !!d);
    const mine = data.filter((d) => d.getAttribute('Recipient') === this.identity.acsUrl);
    if (mine.length === 0) throw new SamlCheckError('recipient', data[0]?.getAttribute('Recipient') ? `got ${data[0].getAttribute('Recipient')}` : 'no bearer SubjectConfirmationData with a Recipient');

    if (!inResponseTo || mine.some((d) => d.getAttribute('InResponseTo') !== inResponseTo)) throw new SamlCheckError('in-response-to', 'Response and SubjectConfirmationData must answer the same request');
    this.browsers.delete(inResponseTo);

    const now = this.clock.nowMs();
    const time = (value: string | null, name: string) => {
      const ms = value ? Date.parse(value) : NaN;
      if (!value || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) || Number.isNaN(ms)) throw new SamlCheckError('time-window', `${name} missing or not a UTC time`);
      return ms;
    };
    const conditions = child(assertion, NS.saml, 'Conditions');
    if (!conditions) throw new SamlCheckError('time-window', 'no Conditions');
    if (now + this.skewMs < time(conditions.getAttribute('NotBefore'), 'Conditions/@NotBefore')) throw new SamlCheckError('time-window', 'not yet valid');
    if (now - this.skewMs >= time(conditions.getAttribute('NotOnOrAfter'), 'Conditions/@NotOnOrAfter')) throw new SamlCheckError('time-window', 'expired');
    for (const d of mine) {
      if (now - this.skewMs >= time(d.getAttribute('NotOnOrAfter'), 'SubjectConfirmationData/@NotOnOrAfter')) throw new SamlCheckError('time-window', 'subject confirmation expired');
    }

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
      issuer: idp.entityId,
      sessionIndex: profile.sessionIndex,
      ...(started ? { startedBy: started.hash } : {}),
    };
  }
}

/** Names the check behind one of node-saml's errors. */
function nodeSamlFailure(error: unknown): SamlCheckError {
  if (error instanceof SamlCheckError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const check: SamlCheck =
    (error as { xmlStatus?: unknown })?.xmlStatus !== undefined ? 'status'
    : /InResponseTo/i.test(message) ? 'in-response-to'
    : /signature|signed data/i.test(message) ? 'signature'
    : /audience/i.test(message) ? 'audience'
    : /expired|not yet valid|subject confirmation/i.test(message) ? 'time-window'
    : /issuer/i.test(message) ? 'issuer'
    : 'format';
  return new SamlCheckError(check, message.slice(0, 200));
}

/** Plain words for each check (en, de). */
export const CHECK_TEXT: Record<SamlCheck, { en: string; de: string }> = {
  metadata: { en: 'The identity provider’s metadata (its address and certificates) could not be loaded.', de: 'Die Metadaten des Identitätsanbieters (Adresse und Zertifikate) konnten nicht geladen werden.' },
  format: { en: 'The sign-in response could not be read.', de: 'Die Anmeldeantwort konnte nicht gelesen werden.' },
  status: { en: 'The identity provider did not sign you in.', de: 'Der Identitätsanbieter hat Sie nicht angemeldet.' },
  browser: { en: 'The response answers a sign-in that was started in another browser, not in this one.', de: 'Die Antwort gehört zu einer Anmeldung, die in einem anderen Browser begonnen wurde, nicht in diesem.' },
  signature: { en: 'The response is not signed with a certificate the identity provider publishes.', de: 'Die Antwort ist nicht mit einem Zertifikat signiert, das der Identitätsanbieter veröffentlicht.' },
  issuer: { en: 'The response comes from another identity provider than the one this help center trusts.', de: 'Die Antwort stammt von einem anderen Identitätsanbieter als dem, dem dieses Hilfe-Center vertraut.' },
  audience: { en: 'The response is meant for another service, not for this help center (audience).', de: 'Die Antwort ist für einen anderen Dienst bestimmt, nicht für dieses Hilfe-Center (Audience).' },
  destination: { en: 'The response was addressed to another sign-in endpoint than this help center’s (Destination).', de: 'Die Antwort war an einen anderen Anmelde-Endpunkt als den dieses Hilfe-Centers gerichtet (Destination).' },
  recipient: { en: 'The assertion names another recipient than this help center’s sign-in endpoint (Recipient).', de: 'Die Zusicherung nennt einen anderen Empfänger als den Anmelde-Endpunkt dieses Hilfe-Centers (Recipient).' },
  'in-response-to': { en: 'The response does not answer a sign-in this help center started, or it was already used.', de: 'Die Antwort gehört zu keiner Anmeldung, die dieses Hilfe-Center begonnen hat, oder sie wurde bereits verwendet.' },
  'time-window': { en: 'The assertion is outside its validity period (expired or not yet valid).', de: 'Die Zusicherung ist außerhalb ihres Gültigkeitszeitraums (abgelaufen oder noch nicht gültig).' },
  subject: { en: 'The response does not name the customer by email address.', de: 'Die Antwort nennt den Kunden nicht mit seiner E-Mail-Adresse.' },
};

/**
 * Where to go after sign-in: a local help-center path (`/help-center`, `/help-center/…`, with a query), never
 * another origin, a protocol-relative URL or the login route itself; anything else → `/help-center`.
 */
export function safeReturnPath(relayState: string | null | undefined): string {
  const value = relayState ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (!value.startsWith('/') || value.startsWith('//') || value.length > 512 || /[\\\s\u0000-\u001f\u007f]/.test(value)) return HELP_CENTER_PATH;
  let url: URL;
  try {
    url = new URL(value, 'http://sp.invalid');
  } catch {
    return HELP_CENTER_PATH;
  }
  if (url.origin !== 'http://sp.invalid') return HELP_CENTER_PATH;
  const path = url.pathname;
  if (path !== HELP_CENTER_PATH && !path.startsWith(`${HELP_CENTER_PATH}/`)) return HELP_CENTER_PATH;
  if (path === '/help-center/login' || path.startsWith('/help-center/login/')) return HELP_CENTER_PATH;
  return `${path}${url.search}`;
}

/** A signed-in customer's session. */
export interface HelpCenterSession {
  customer: SamlCustomer;
  /** The portal-only account (JiraEmulator.ensurePortalCustomer). */
  accountId: string;
  createdAtMs: number;
}

export const SESSION_COOKIE = 'hc_session';

/** Sessions in memory, by a random id (the HttpOnly cookie's value), expiring on the host's clock. */
export class SessionStore {
  private readonly sessions = new Map<string, HelpCenterSession>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 8 * 60 * 60_000,
  ) {}

  create(customer: SamlCustomer, accountId: string): string {
    const id = crypto.randomBytes(32).toString('base64url');
    this.sessions.set(id, { customer, accountId, createdAtMs: this.clock.nowMs() });
    return id;
  }

  get(id: string | undefined): HelpCenterSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (session && this.clock.nowMs() - session.createdAtMs >= this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** The session id in a Cookie header. */
  static idFrom(cookieHeader: string | undefined): string | undefined {
    for (const part of (cookieHeader ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === SESSION_COOKIE) return value.join('=') || undefined;
    }
    return undefined;
  }

  static cookie(id: string): string {
    return `${SESSION_COOKIE}=${id}; Path=/help-center; HttpOnly; SameSite=Lax`;
  }

  static clearCookie(): string {
    return `${SESSION_COOKIE}=; Path=/help-center; HttpOnly; SameSite=Lax; Max-Age=0`;
  }
}
