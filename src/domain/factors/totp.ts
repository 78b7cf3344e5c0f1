import { generate, generateSecret, generateURI, verify } from 'otplib';

/**
 * Authenticator-app codes: TOTP per RFC 6238 as common apps expect it (SHA-1, 6 digits, 30-second steps),
 * through otplib. One step of tolerance either side; each code is accepted once: the last used time step is
 * kept on the customer's entry and only later steps are accepted.
 */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
/** RFC 6238 §5.2: a small window for clock drift; here one step either side. */
export const TOTP_TOLERANCE_SEC = TOTP_PERIOD;

export type TotpCheck = { ok: true; step: number } | { ok: false; replayed: boolean };

/** A new shared secret: 20 random bytes (RFC 4226 §4 recommends 160 bits), base32. */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** The key as people type it: groups of four. */
export const groupsOfFour = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function otpauthUri(opts: { issuer: string; account: string; secret: string }): string {
  return generateURI({ issuer: opts.issuer, label: opts.account, secret: opts.secret });
}

export function totpCode(secret: string, nowSec: number): Promise<string> {
  return generate({ secret, epoch: nowSec });
}

/** Checks a 6-digit code against the secret at `nowSec`; `lastStep` is the last step already used (0 = none). */
export async function checkTotp(secret: string, code: string, nowSec: number, lastStep: number): Promise<TotpCheck> {
  if (!/^\d{6}$/.test(code)) return { ok: false, replayed: false };
  const fresh = await verify({ secret, token: code, epoch: nowSec, epochTolerance: TOTP_TOLERANCE_SEC, afterTimeStep: lastStep });
  if (fresh.valid) return { ok: true, step: Math.floor(nowSec / TOTP_PERIOD) + fresh.delta };
  if (lastStep > 0) {
    const any = await verify({ secret, token: code, epoch: nowSec, epochTolerance: TOTP_TOLERANCE_SEC });
    if (any.valid) return { ok: false, replayed: true };
  }
  return { ok: false, replayed: false };
}

/** What people type: spaces and dashes dropped ("123 456"). */
export const normaliseCode = (input: string): string => input.replace(/[\s-]/g, '');
