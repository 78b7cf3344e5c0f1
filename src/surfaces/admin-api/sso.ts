/** Section "Single sign-on" (issue 10): the app as the help center's SAML identity provider. */
import { adminCall } from './common';

/** A signing key pair's public side. The private key never leaves KVS secret storage. */
export interface SsoKeyInfo {
  /** Stable id of the key pair (hex). */
  kid: string;
  /**
   * `active` signs every response; `next` is published in the metadata ahead of a switch; `previous` was
   * active before the last switch and stays published until it is retired.
   */
  state: 'active' | 'next' | 'previous';
  /** The certificate's validity (seconds since the epoch). */
  notBefore: number;
  notAfter: number;
  /** SHA-256 fingerprint of the DER certificate, colon-separated upper-case hex. */
  fingerprint: string;
  /** The certificate as PEM (public; what the SP checks signatures with). */
  pem: string;
}

export interface SsoData {
  /** The three values to paste into Atlassian Administration, plus the metadata URL. */
  idp: {
    /** "Identity provider Entity ID": stable, created once, not derived from the web trigger URL. */
    entityId: string;
    /** "Identity provider SSO URL" (HTTP-Redirect and HTTP-POST bindings). */
    ssoUrl: string;
    /** The IdP metadata XML (every published certificate). */
    metadataUrl: string;
    /** Download of the active certificate as a .pem file. */
    certificateUrl: string;
  };
  /** Published keys: the active one first. */
  keys: SsoKeyInfo[];
  /** Days until the active certificate expires (negative: expired); `expiring` from 30 days before. */
  certificate: { notAfter: number; daysLeft: number; expiring: boolean };
  /** What Atlassian gives back ('' = not set yet), and where the help center is (for "back to the help center" links). */
  sp: SsoServiceProvider;
  /** Non-blocking remarks on the stored values, e.g. 'sp-host-not-atlassian', 'acs-host-not-atlassian'. */
  warnings: SsoWarning[];
}

export type SsoWarning = 'sp-host-not-atlassian' | 'acs-host-not-atlassian';

export interface SsoServiceProvider {
  /** "Service provider entity URL", e.g. https://auth.atlassian.com/saml/<id>. */
  spEntityId: string;
  /** "Service provider assertion consumer service URL", e.g. https://auth.atlassian.com/login/callback?connection=saml-<id>. */
  acsUrl: string;
  /** The help center's address (https URL) for links back to it; '' = none. */
  helpCenterUrl: string;
}

export type SsoField = keyof SsoServiceProvider;

/** Key rotation steps, in order: create the next key, switch to it, retire the previous one. */
export type SsoKeyAction = 'create-next' | 'activate-next' | 'retire-previous';

/** A test sign-in: the URL of the app's sign-in page in test mode, for the customer the admin named. */
export interface SsoTestStart {
  url: string;
  /** Seconds since the epoch when the test request expires. */
  expiresAt: number;
}

export const SSO_CALLS = {
  'admin/sso/get': adminCall<Record<string, never>, SsoData>(),
  /** `invalid-input` with `field` (spEntityId, acsUrl, helpCenterUrl) when a value is not an absolute https URL. */
  'admin/sso/save': adminCall<SsoServiceProvider, SsoData>(),
  /** `not-allowed` when the step does not fit (e.g. activate-next without a next key). */
  'admin/sso/keys': adminCall<{ action: SsoKeyAction }, SsoData>(),
  /** `not-allowed` (reason 'not-configured') until both service-provider values are saved. */
  /** `identifier`: the customer's email or username, prefilled on the sign-in page ('' = none). */
  'admin/sso/test': adminCall<{ identifier: string; locale?: 'en' | 'de' }, SsoTestStart>(),
};
