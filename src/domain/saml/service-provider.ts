import { z } from 'zod';

/**
 * What Atlassian Administration gives back when the app is connected as the identity provider ("Service
 * provider entity URL", "Service provider assertion consumer service URL"), and the help center's address.
 * Each is an absolute https URL; plain http only for a loopback host (the local help center, or a standard SP
 * on the same machine), which no real site can be. A host other than auth.atlassian.com is allowed (another
 * SP, a future Atlassian host) but flagged as a warning.
 */
export const ATLASSIAN_AUTH_HOST = 'auth.atlassian.com';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
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
  if (url.protocol === 'https:') return url.hostname.includes('.') || LOOPBACK.has(url.hostname);
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

const spUrl = z.string().trim().refine(isServiceProviderUrl, 'url');
const optionalSpUrl = z.union([z.literal(''), spUrl]);

export const serviceProviderSchema = z.object({
  spEntityId: optionalSpUrl,
  acsUrl: optionalSpUrl,
  helpCenterUrl: optionalSpUrl,
});

export type ServiceProvider = z.infer<typeof serviceProviderSchema>;

export const NO_SERVICE_PROVIDER: ServiceProvider = { spEntityId: '', acsUrl: '', helpCenterUrl: '' };

export const isConfigured = (sp: ServiceProvider): boolean => sp.spEntityId !== '' && sp.acsUrl !== '';

/** Non-blocking remarks: values that work but are not Atlassian's. */
export function serviceProviderWarnings(sp: ServiceProvider): ('sp-host-not-atlassian' | 'acs-host-not-atlassian')[] {
  const host = (value: string) => (value ? new URL(value).hostname : ATLASSIAN_AUTH_HOST);
  const out: ('sp-host-not-atlassian' | 'acs-host-not-atlassian')[] = [];
  if (host(sp.spEntityId) !== ATLASSIAN_AUTH_HOST) out.push('sp-host-not-atlassian');
  if (host(sp.acsUrl) !== ATLASSIAN_AUTH_HOST) out.push('acs-host-not-atlassian');
  return out;
}

/** The origin a CSP `form-action` must allow for the auto-posting form (the ACS's, and only it). */
export const acsOrigin = (acsUrl: string): string => new URL(acsUrl).origin;
