import crypto from 'node:crypto';
import { ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import type { Clock } from '../src/ports/platform';
import { hashOf } from './help-center-session';
import { nodeSamlFailure, SamlCheckError } from './saml-checks';
import { idpMetadataUrl, spIdentity, type SpIdentity } from './saml-sp-identity';
import { parseIdpMetadata, type IdpMetadata } from './saml-sp-metadata';
import { authnRequestId, ClockedSaml, LoginBrowsers, RequestCache } from './saml-sp-request';
import { checkAddressing, checkTimeWindow, customerOf, readResponse, statusFailure, type SamlCustomer } from './saml-sp-response';
import { EMAIL_FORMAT } from './saml-sp-xml';

/**
 * The local help center's SAML 2.0 service provider (issue 10): what Atlassian's login service is to a real
 * help center. Built on @node-saml/node-saml, plus the checks it leaves out (Destination, Recipient, status of a
 * response that carries an assertion, issuer, InResponseTo on both levels, required validity windows), each
 * failure named by a stable check id. Local host only: never bundled into the Forge app.
 *
 * The SP follows the host's clock (POST /local/api/clock), so advancing it expires assertions and requests.
 *
 * Its parts: where it lives (saml-sp-identity.ts), what it checks and says about each check (saml-checks.ts),
 * XML and metadata reading (saml-sp-xml.ts, saml-sp-metadata.ts), the request side (saml-sp-request.ts), the
 * response side (saml-sp-response.ts), and the help center's login cookie and sessions (help-center-session.ts).
 * This module joins them and is the one its users import.
 */

export { ACS_PATH, acsOriginFor, HELP_CENTER_PATH, idpMetadataUrl, SP_CONNECTION, SP_ENTITY_PATH, spIdentity, type SpIdentity } from './saml-sp-identity';
export { CHECK_TEXT, SAML_CHECKS, SamlCheckError, type SamlCheck } from './saml-checks';
export { CLAIMS } from './saml-sp-xml';
export { parseIdpMetadata, type IdpMetadata } from './saml-sp-metadata';
export { ClockedSaml, RequestCache } from './saml-sp-request';
export type { SamlCustomer } from './saml-sp-response';
export { browserMatches, LOGIN_COOKIE, loginCookie, loginCookieOf, safeReturnPath, SESSION_COOKIE, SessionStore, type HelpCenterSession } from './help-center-session';

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

export class HelpCenterSp {
  readonly identity: SpIdentity;
  readonly requests: RequestCache;
  /** Request ID → hash of the login cookie of the browser that started it (expires with the request). */
  private readonly browsers: LoginBrowsers;
  private readonly clock: Clock;
  private readonly metadataSource: () => Promise<string>;
  private readonly skewMs: number;

  constructor(options: HelpCenterSpOptions) {
    this.identity = spIdentity(options.hostUrl);
    this.clock = options.clock;
    this.skewMs = options.clockSkewMs ?? 60_000;
    this.requests = new RequestCache(() => this.clock.nowMs(), options.requestTtlMs ?? 15 * 60_000);
    this.browsers = new LoginBrowsers(() => this.clock.nowMs(), this.requests.ttlMs);
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
    this.browsers.bind(authnRequestId(url), hashOf(browser));
    return url;
  }

  /**
   * The ACS: checks a base64 `SAMLResponse` (HTTP-POST binding); throws {@link SamlCheckError} naming the failed
   * check. `startedBy`: the hash of the login cookie of the browser that started the request it answers (when a
   * browser did): the ACS is on another origin than the login's start and cannot see that cookie, so the help
   * center checks it where the cookie lives, when the ticket is redeemed (browserMatches).
   */
  async consume(samlResponse: string): Promise<SamlCustomer & { startedBy?: string }> {
    const { b64, root, inResponseTo } = readResponse(samlResponse);
    const started = this.browsers.startedBy(inResponseTo);

    // Status next: an IdP that refused the sign-in says so, whatever else the message holds.
    const refused = statusFailure(root);
    if (refused) {
      if (inResponseTo) await this.requests.removeAsync(inResponseTo);
      throw refused;
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
    const { assertion, mine } = checkAddressing(root, idp.entityId, this.identity, inResponseTo);
    this.browsers.delete(inResponseTo);
    checkTimeWindow(assertion, mine, this.clock.nowMs(), this.skewMs);
    return { ...customerOf(profile, idp.entityId), ...(started ? { startedBy: started } : {}) };
  }
}
