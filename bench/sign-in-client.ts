import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ValidateInResponseTo, type SamlConfig } from '@node-saml/node-saml';
import type { LocalHost } from '../local/host';
import { NAMEID_EMAIL } from '../src/domain/saml/constants';

/**
 * What the sign-in and two-step sections share about driving a help-center sign-in: the demo SP's AuthnRequest
 * configuration, a distinct X-Forwarded-For address per sign-in, and the wall time of the one scrypt inside a request.
 */

/**
 * The demo SP's own configuration for AuthnRequests (local/saml-sp.ts); the request ids go into the demo SP's
 * cache, so its consume() checks InResponseTo as in the real round trip.
 */
export async function demoSpConfig(host: LocalHost): Promise<SamlConfig> {
  const sp = host.helpCenter.sp;
  const idp = await sp.idp();
  return {
    issuer: sp.identity.entityId,
    callbackUrl: sp.identity.acsUrl,
    entryPoint: idp.ssoRedirectUrl,
    idpCert: idp.certificates,
    idpIssuer: idp.entityId,
    audience: sp.identity.entityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    signatureAlgorithm: 'sha256',
    identifierFormat: NAMEID_EMAIL,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: sp.requests.ttlMs,
    cacheProvider: sp.requests,
    disableRequestedAuthnContext: true,
    generateUniqueId: () => `_${randomBytes(20).toString('hex')}`,
  };
}

/** Client number `n`'s X-Forwarded-For address in the block `10.<second>.x.y` (distinct per sign-in, so no per-client limit trips). */
export const clientAddress = (second: number, n: number) => `10.${second + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;

/** The wall time and count of the outermost hasher.verify() calls on the host while installed (`restore()` takes it off). */
export interface ScryptTimer {
  /** Milliseconds in verify() since the caller last set it to 0. */
  ms: number;
  /** verify() calls since the start. */
  count: number;
  restore(): void;
}

export function timeScrypt(host: LocalHost): ScryptTimer {
  const hasher = host.deps.hasher;
  const originalVerify = hasher.verify.bind(hasher);
  let depth = 0;
  const timer: ScryptTimer = { ms: 0, count: 0, restore: () => void (hasher.verify = originalVerify) };
  hasher.verify = async (password: string, encoded: string | undefined) => {
    const outer = depth++ === 0;
    const t0 = performance.now();
    try {
      return await originalVerify(password, encoded);
    } finally {
      depth--;
      if (outer) {
        timer.ms += performance.now() - t0;
        timer.count++;
      }
    }
  };
  return timer;
}
