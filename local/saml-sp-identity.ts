/**
 * Where the local help center's SAML service provider lives (issue 10): its paths, its identity in Atlassian's
 * shape, the other origin its ACS is on, and the app's IdP metadata URL it reads.
 */

export const SP_CONNECTION = 'saml-demo';
export const SP_ENTITY_PATH = '/sp/saml/demo';
export const HELP_CENTER_PATH = '/help-center';
export const ACS_PATH = '/help-center/login/callback';

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

/** The app's IdP metadata, as the help center would fetch it. */
export function idpMetadataUrl(hostUrl: string): string {
  return `${hostUrl.replace(/\/+$/, '')}/x/customer-pages/saml/metadata`;
}
