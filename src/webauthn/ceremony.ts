import type { AuthenticationResponseJSON, AuthenticatorTransportFuture, RegistrationResponseJSON } from '@simplewebauthn/server';
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { counterAccepted, passkeyNameFor, signCountOf, type StoredPasskey } from '../domain/passkeys';

/**
 * The only code that imports the WebAuthn library (@simplewebauthn/server; docs/passkeys.md says why): options
 * for the browser and the checks of its answers. User verification is required in both ceremonies; no attestation
 * is asked for (`none`). A refusal is a reason code, never the library's message (it quotes the challenge).
 */
/**
 * The library, loaded on first use: it is the heaviest package the functions carry (0.5 s to load on this machine),
 * and only a passkey ceremony needs it, so an invocation that never shows a passkey (the agent panel, the admin
 * page, a reset) does not pay for it on a cold start. The Forge bundle keeps it inside (esbuild turns the import into
 * a lazy require of the bundled module).
 */
const webauthn = () => import('@simplewebauthn/server'); // loaded once: the module cache keeps it

export type RefusedReason = 'malformed' | 'challenge' | 'origin' | 'rp' | 'user-verification' | 'counter' | 'signature' | 'unknown';

/** A challenge as kept on the pending sign-in: its SHA-256 only (base64url), compared when the answer comes. */
export const challengeHash = (challenge: string): string => createHash('sha256').update(challenge, 'utf8').digest('base64url');

const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;
const b64url = z.string().regex(/^[A-Za-z0-9_-]*={0,2}$/).max(8192);
/** The answer a browser posts (the library's JSON shapes), bounded before anything reads it. */
const assertionSchema = z.object({
  id: b64url.max(1400),
  rawId: b64url.max(1400),
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: b64url, authenticatorData: b64url, signature: b64url, userHandle: b64url.max(200).optional() }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
const attestationSchema = z.object({
  id: b64url.max(1400),
  rawId: b64url.max(1400),
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: b64url, attestationObject: b64url, transports: z.array(z.string().max(20)).max(10).optional() }).passthrough(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

function parseJson<T>(text: string, schema: z.ZodType<T>): T | undefined {
  if (text.length > 20_000) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const readAssertion = (text: string): AuthenticationResponseJSON | undefined => parseJson(text, assertionSchema);
export const readAttestation = (text: string): RegistrationResponseJSON | undefined =>
  parseJson(text, attestationSchema) as RegistrationResponseJSON | undefined;

/** The customer id an assertion names (its user handle: the id's UTF-8 bytes), or undefined. */
export function userOf(assertion: AuthenticationResponseJSON): string | undefined {
  const handle = assertion.response.userHandle;
  if (!handle) return undefined;
  const id = Buffer.from(handle, 'base64url').toString('utf8');
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : undefined;
}

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** Options for a sign-in with a discoverable passkey (no list of credentials: the authenticator offers its own). */
export async function signInOptions(rp: RelyingParty, challenge: Buffer) {
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({ rpID: rp.id, challenge: new Uint8Array(challenge), userVerification: 'required', timeout: 300_000, allowCredentials: [] });
}

/** Options for a new discoverable passkey of `user` (none of its existing ones again). */
export async function addOptions(rp: RelyingParty, challenge: Buffer, user: { id: string; name: string; displayName: string }, existing: StoredPasskey[]) {
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: new Uint8Array(Buffer.from(user.id, 'utf8')),
    userName: user.name,
    userDisplayName: user.displayName,
    challenge: new Uint8Array(challenge),
    timeout: 300_000,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    // ES256, EdDSA, RS256: what passkey providers make (the library's own default list).
    supportedAlgorithmIDs: [-7, -8, -257],
  });
}

/** Which check an error of the library stands for (its messages are read here only, never logged). */
function reasonOf(error: unknown): RefusedReason {
  const message = error instanceof Error ? error.message : '';
  if (/challenge/i.test(message)) return 'challenge';
  if (/origin/i.test(message)) return 'origin';
  if (/RP ID/i.test(message)) return 'rp';
  if (/user verification|could not be verified/i.test(message)) return 'user-verification';
  if (/counter/i.test(message)) return 'counter';
  if (/signature/i.test(message)) return 'signature';
  return 'malformed';
}

/** What both ceremonies expect: the challenge we issued (kept as its hash), our origin and RP ID, a verified user. */
const expectations = (rp: RelyingParty, hash: string) => ({
  expectedChallenge: (challenge: string) => challengeHash(challenge) === hash,
  expectedOrigin: rp.origin,
  expectedRPID: rp.id,
  requireUserVerification: true,
});

export async function checkAssertion(
  rp: RelyingParty,
  assertion: AuthenticationResponseJSON,
  expected: { challengeHash: string; passkey: StoredPasskey },
): Promise<{ ok: true; counter: number } | { ok: false; reason: RefusedReason }> {
  const received = signCountOf(Buffer.from(assertion.response.authenticatorData, 'base64url'));
  const { verifyAuthenticationResponse } = await webauthn();
  try {
    const result = await verifyAuthenticationResponse({
      response: assertion,
      ...expectations(rp, expected.challengeHash),
      credential: { id: expected.passkey.id, publicKey: new Uint8Array(Buffer.from(expected.passkey.publicKey, 'base64url')), counter: expected.passkey.counter, transports: expected.passkey.transports as AuthenticatorTransportFuture[] },
    });
    if (!result.verified) return { ok: false, reason: 'signature' };
    // The library refuses a regression too; checked again by the domain's rule, which the unit tests pin.
    if (!counterAccepted(expected.passkey.counter, result.authenticationInfo.newCounter)) return { ok: false, reason: 'counter' };
    return { ok: true, counter: result.authenticationInfo.newCounter };
  } catch (error) {
    const reason = reasonOf(error);
    return { ok: false, reason: reason === 'malformed' && received !== undefined && !counterAccepted(expected.passkey.counter, received) ? 'counter' : reason };
  }
}

export async function checkAttestation(
  rp: RelyingParty,
  attestation: RegistrationResponseJSON,
  expected: { challengeHash: string; nowSec: number },
): Promise<{ ok: true; passkey: StoredPasskey } | { ok: false; reason: RefusedReason }> {
  const { verifyRegistrationResponse } = await webauthn();
  try {
    const result = await verifyRegistrationResponse({
      response: attestation,
      ...expectations(rp, expected.challengeHash),
      supportedAlgorithmIDs: [-7, -8, -257],
    });
    if (!result.verified) return { ok: false, reason: 'signature' };
    const info = result.registrationInfo;
    const transports = (attestation.response.transports ?? []).filter((t): t is (typeof TRANSPORTS)[number] => (TRANSPORTS as readonly string[]).includes(t));
    return {
      ok: true,
      passkey: {
        id: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports,
        name: passkeyNameFor(info.aaguid),
        createdAt: expected.nowSec,
        lastUsedAt: 0,
      },
    };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}
