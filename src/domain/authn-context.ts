import { AC_MULTI_FACTOR, AC_PASSWORD_PROTECTED_TRANSPORT, AC_UNSPECIFIED } from './saml/constants';

/**
 * The factors a sign-in completed, in the order they were completed. An email code is a first factor with the
 * assurance of a password reset (whoever reads the mailbox could reset the password), never a second one.
 */
export type Factor = 'password' | 'passkey' | 'totp' | 'sms' | 'recovery' | 'emailCode';

/** What proves possession of something other than the knowledge or mailbox the first factor proves. */
const SECOND_FACTORS: ReadonlySet<Factor> = new Set(['totp', 'sms', 'recovery']);

/**
 * The SAML AuthnContextClassRef a sign-in earns, derived from its completed factors and never stored (as ory/kratos
 * derives its assurance level): a passkey with user verification is phishing-resistant and multi-factor on its own
 * (possession of the authenticator plus the PIN or biometric that unlocked it: NIST SP 800-63B §5.1.9, "multi-
 * factor cryptographic authenticator"), as is a first factor followed by a code. A password alone is a password over
 * TLS; an email code alone claims neither a password nor more than one factor, so it is `unspecified` (SAML 2.0
 * authentication context §3.4.27; docs/saml.md says why).
 */
export function authnContextFor(factors: readonly Factor[]): string {
  if (factors.includes('passkey')) return AC_MULTI_FACTOR;
  const first = factors.some((f) => f === 'password' || f === 'emailCode');
  if (first && factors.some((f) => SECOND_FACTORS.has(f))) return AC_MULTI_FACTOR;
  return factors.includes('password') ? AC_PASSWORD_PROTECTED_TRANSPORT : AC_UNSPECIFIED;
}
