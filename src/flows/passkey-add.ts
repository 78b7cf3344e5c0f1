import type { Factor } from '../domain/authn-context';
import type { Customer } from '../domain/customer';
import { CHALLENGE_SEC, canAddPasskey, freshSignIn, MAX_PASSKEYS, passkeyOffered, passkeysOf, relyingParty } from '../domain/passkeys';
import { newPending, REFERENCE, pendingState, type PendingSignIn } from '../domain/saml/pending';
import type { SignInKind } from '../domain/sign-in-flow';
import { addOptions, challengeHash, checkAttestation, readAttestation, type RefusedReason, type RelyingParty } from '../webauthn/ceremony';
import { auditEvent, nowSec, type Deps } from './deps';
import type { SignInCustomer } from './login';
import { queueTwoStepNotice } from './two-step-notice';

/**
 * Adding a passkey (issue 22): only after a sign-in completed at most 5 minutes before, on the customer pages'
 * own origin. The sign-in leaves a pending ceremony (a pending sign-in with `passkeyAdd`, under a fresh random
 * reference that only the page carries); the browser asks for options (a challenge, kept as its hash), creates
 * the passkey, and posts it back; the challenge is claimed (removed in one atomic write) before the answer is
 * checked. Offered after a sign-in ("Sign in faster next time"), and reached from the profile panel's link.
 */
export type AddOutcome =
  | { state: 'added'; name: string }
  | { state: 'expired' }
  | { state: 'limit' }
  | { state: 'refused'; reason: RefusedReason | 'duplicate' };

/** The relying party of this installation's customer pages, or undefined where passkeys cannot work (an IP host). */
export async function relyingPartyOf(deps: Deps): Promise<RelyingParty | undefined> {
  const rp = relyingParty(await deps.urls.customerPagesBase());
  if (!rp) return undefined;
  const settings = await deps.settings.load();
  return { ...rp, name: settings.branding.portalName };
}

/** Passkeys are allowed on this site and possible on its host. */
export async function passkeysAvailable(deps: Deps): Promise<boolean> {
  const settings = await deps.settings.load();
  return settings.signInMethods.passkey && (await relyingPartyOf(deps)) !== undefined;
}

async function startAdd(deps: Deps, customerId: string, from: 'sign-in' | 'profile'): Promise<string> {
  const reference = deps.randomBytes(32).toString('base64url');
  const now = nowSec(deps);
  const pending: PendingSignIn = { ...newPending({ nowSec: now, kind: { type: 'passkey-add', customerId, signedInAt: now, from } }), expiresAt: now + CHALLENGE_SEC };
  await deps.pendingSignIns.put(reference, pending);
  return reference;
}

/** After a completed sign-in: the reference of "Add a passkey" where it is offered to this customer, else undefined. */
export async function offerPasskey(deps: Deps, customer: SignInCustomer, factors: Factor[]): Promise<string | undefined> {
  if (!passkeyOffered(customer, { allowed: true, viaPasskey: factors.includes('passkey'), nowSec: nowSec(deps) })) return undefined;
  if (!(await passkeysAvailable(deps))) return undefined;
  return startAdd(deps, customer.id, 'sign-in');
}

/** The app's log-in page reached from the profile panel's "Add a passkey": offered whatever was said before. */
export async function startProfileAdd(deps: Deps, customer: Pick<Customer, 'id' | 'passkeys'>): Promise<string | undefined> {
  if (!canAddPasskey(customer) || !(await passkeysAvailable(deps))) return undefined;
  return startAdd(deps, customer.id, 'profile');
}

/** The pending ceremony behind a reference, while it is fresh. */
async function ceremonyOf(deps: Deps, reference: string): Promise<{ pending: PendingSignIn; add: Extract<SignInKind, { type: 'passkey-add' }> } | undefined> {
  if (!REFERENCE.test(reference)) return undefined;
  const pending = await deps.pendingSignIns.get(reference);
  const now = nowSec(deps);
  const add = pending?.kind.type === 'passkey-add' ? pending.kind : undefined;
  if (!add || pendingState(pending, now) !== 'valid' || !freshSignIn(add.signedInAt, now)) return undefined;
  return { pending: pending!, add };
}

/** The browser's options for the new passkey (a new challenge each time; the newest counts). */
export async function passkeyAddOptions(deps: Deps, reference: string): Promise<{ state: 'options'; options: unknown } | { state: 'expired' } | { state: 'limit' }> {
  const found = await ceremonyOf(deps, reference);
  const rp = found && (await relyingPartyOf(deps));
  const customer = found && rp ? await deps.directory.get(found.add.customerId) : undefined;
  if (!found || !rp || !customer || customer.status === 'disabled') return { state: 'expired' };
  if (!canAddPasskey(customer)) return { state: 'limit' };
  const challenge = deps.randomBytes(32);
  const user = { id: customer.id, name: customer.username || customer.email, displayName: customer.displayName || customer.username };
  const options = await addOptions(rp, challenge, user, passkeysOf(customer));
  const passkeyChallenge = { hash: challengeHash(options.challenge), expiresAt: nowSec(deps) + CHALLENGE_SEC };
  // Used since this request read it (the ceremony is over): it stays used.
  if (!(await deps.pendingSignIns.put(reference, { ...found.pending, passkeyChallenge }))) return { state: 'expired' };
  return { state: 'options', options };
}

/** The new passkey as the browser made it: checked, then stored on the entry (at most 10), audited, and the customer told. */
export async function addPasskey(deps: Deps, reference: string, credential: string): Promise<AddOutcome> {
  const found = await ceremonyOf(deps, reference);
  const challenge = found?.pending.passkeyChallenge;
  const now = nowSec(deps);
  if (!found || !challenge || challenge.expiresAt <= now) return { state: 'expired' };
  const attestation = readAttestation(credential);
  if (!attestation) return { state: 'refused', reason: 'malformed' };
  // Claimed before the work: of two posts of one answer, only the one that removed the challenge goes on.
  const previous = await deps.pendingSignIns.swap(reference, { ...found.pending, passkeyChallenge: undefined });
  if (previous?.used || previous?.passkeyChallenge?.hash !== challenge.hash) return refuse(deps, found.add.customerId, 'challenge');
  const rp = await relyingPartyOf(deps);
  if (!rp) return { state: 'expired' };
  const checked = await checkAttestation(rp, attestation, { challengeHash: challenge.hash, nowSec: now });
  if (!checked.ok) return refuse(deps, found.add.customerId, checked.reason);
  for (let round = 0; round < 3; round++) {
    const customer = await deps.directory.get(found.add.customerId);
    if (!customer || customer.status === 'disabled') return { state: 'expired' };
    const list = passkeysOf(customer);
    if (list.length >= MAX_PASSKEYS) return { state: 'limit' };
    if (list.some((p) => p.id === checked.passkey.id)) return refuse(deps, customer.id, 'duplicate');
    const next: Customer = { ...customer, passkeys: [...list, checked.passkey], rev: customer.rev + 1, updatedAt: now };
    const event = auditEvent(deps, customer.id, 'passkey.added', 'customer', { name: checked.passkey.name, via: found.add.from, count: list.length + 1 });
    const used = deps.pendingSignIns.asWrite(reference, { ...found.pending, passkeyChallenge: undefined, used: true });
    if (await deps.directory.update(next, { rev: customer.rev }, [event], [used])) {
      await queueTwoStepNotice(deps, customer.id, 'passkey-added', { name: checked.passkey.name });
      return { state: 'added', name: checked.passkey.name };
    }
  }
  return { state: 'expired' };
}

async function refuse(deps: Deps, customerId: string, reason: RefusedReason | 'duplicate'): Promise<AddOutcome> {
  await deps.directory.appendAudit([auditEvent(deps, customerId, 'passkey.refused', 'customer', { reason, ceremony: 'add' })]);
  deps.log.warn('passkey refused', { ceremony: 'add', reason });
  return { state: 'refused', reason };
}

/** "Not now" on the offer after a sign-in: not offered again for 30 days. */
export async function snoozeOffer(deps: Deps, reference: string): Promise<void> {
  const found = await ceremonyOf(deps, reference);
  if (!found || found.add.from !== 'sign-in') return;
  const customer = await deps.directory.get(found.add.customerId);
  if (!customer) return;
  const now = nowSec(deps);
  const snoozed = { ...customer, passkeyOfferSnoozedAt: now, rev: customer.rev + 1, updatedAt: now };
  await deps.directory.update(snoozed, { rev: customer.rev }, [], [deps.pendingSignIns.asWrite(reference, { ...found.pending, used: true })]);
}
