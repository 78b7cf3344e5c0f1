import * as z from 'zod';

/**
 * What Atlassian Administration gives back when the app is connected as the identity provider ("Service
 * provider entity URL", "Service provider assertion consumer service URL"), and the help center's address.
 * Each is an absolute https URL; plain http only for a loopback host (the local help center, or a standard SP
 * on the same machine), which no real site can be. The entity ID of another SP may also be a URN (SAML entity
 * IDs are URIs; Atlassian's is an https URL). A host other than auth.atlassian.com is allowed (another SP, a
 * future Atlassian host) but flagged as a warning.
 */
export const ATLASSIAN_AUTH_HOST = 'auth.atlassian.com';
const isLoopback = (host: string) => host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
export const SP_URL_MAX = 1024;

export function isServiceProviderUrl(value: string): boolean {
  if (value.length > SP_URL_MAX || /[\s<>"'`\\]/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash) return false;
  if (url.protocol === 'https:') return url.hostname.includes('.') || isLoopback(url.hostname);
  return url.protocol === 'http:' && isLoopback(url.hostname);
}

/** A URN entity ID (RFC 8141 shape: `urn:<nid>:<nss>`), for service providers that are not Atlassian. */
export function isUrnEntityId(value: string): boolean {
  return value.length <= SP_URL_MAX && /^urn:[a-z0-9][a-z0-9-]{0,31}:[\x21-\x7e]+$/i.test(value) && !/[<>"'`\\]/.test(value);
}

const spUrl = z.string().trim().refine(isServiceProviderUrl, 'url');
const optionalSpUrl = z.union([z.literal(''), spUrl]);
const optionalEntityId = z.union([z.literal(''), z.string().trim().refine((v) => isServiceProviderUrl(v) || isUrnEntityId(v), 'url')]);

export const serviceProviderSchema = z.object({
  spEntityId: optionalEntityId,
  acsUrl: optionalSpUrl,
  helpCenterUrl: optionalSpUrl,
});

export type ServiceProvider = z.infer<typeof serviceProviderSchema>;

export const NO_SERVICE_PROVIDER: ServiceProvider = { spEntityId: '', acsUrl: '', helpCenterUrl: '' };

export const isConfigured = (sp: ServiceProvider): boolean => sp.spEntityId !== '' && sp.acsUrl !== '';

/** Non-blocking remarks: values that work but are not Atlassian's. */
export function serviceProviderWarnings(sp: ServiceProvider): ('sp-host-not-atlassian' | 'acs-host-not-atlassian')[] {
  const host = (value: string) => (!value ? ATLASSIAN_AUTH_HOST : isUrnEntityId(value) ? '' : new URL(value).hostname);
  const out: ('sp-host-not-atlassian' | 'acs-host-not-atlassian')[] = [];
  if (host(sp.spEntityId) !== ATLASSIAN_AUTH_HOST) out.push('sp-host-not-atlassian');
  if (host(sp.acsUrl) !== ATLASSIAN_AUTH_HOST) out.push('acs-host-not-atlassian');
  return out;
}

/**
 * The CSP `form-action` of the auto-posting hand-back page (issue 20): the ACS's scheme (`https:` on a real site),
 * not its origin. Chromium (and Safari) apply `form-action` to every redirect that follows the form's POST, and
 * Atlassian's ACS redirects to the site, whose host (a custom domain, too) the app cannot know, so an origin list
 * would block the sign-in after the ACS took it. Where the response goes is fixed on the server: the form's
 * action is the configured ACS, the page has no other form and runs only its nonce'd script (docs/saml.md).
 */
export const handBackFormAction = (acsUrl: string): string => new URL(acsUrl).protocol;
