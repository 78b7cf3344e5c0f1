import type { Customer } from '../../domain/customer';
import { CHALLENGE_SEC, passkeysOf, usedPasskey } from '../../domain/passkeys';
import { newPending, type PendingSignIn } from '../../domain/saml/pending';
import { refusalOf } from '../../domain/sign-in-failures';
import { claim } from '../../forge/claim';
import { SignInFinished } from '../../ports/directory';
import { challengeHash, checkAssertion, readAssertion, signInOptions, userOf, type RefusedReason } from '../../webauthn/ceremony';
import { auditEvent, nowSec, type Deps } from '../deps';
import { channelOf, signedIn } from '../login';
import { relyingPartyOf } from '../passkey-add';
import { finish, readFor, type PendingRead, type SignInOutcome } from './respond';
import { acceptsPasskeySignIn, completed } from '../../domain/sign-in-flow';

/**
 * "Sign in with a passkey" on the sign-in page of a pending sign-in (issue 22): discoverable credentials, user
 * verification required. A passkey is multi-factor on its own, so it satisfies every two-step policy and the
 * response carries the multi-factor context. The challenge belongs to the pending sign-in (its hash, 5 minutes);
 * the step that checks an answer first removes it in one atomic write (Forge runs invocations in parallel: of
 * two posts of one answer, one goes on), so each challenge is used once.
 *
 * KVS operations of the sign-in step: the pending sign-in (read with the page's own first read), the claim,
 * the entry, one transaction (the entry with the new counter, the audit events, the pending sign-in used).
 */
export type PasskeyRefusal = { state: 'passkey-refused'; reason: RefusedReason | 'unavailable' | 'refused-account' };

/** The browser's options for a passkey sign-in: a new challenge on the pending sign-in. */
export async function passkeySignInOptions(deps: Deps, reference: string, read?: PendingRead): Promise<{ state: 'options'; options: unknown } | SignInOutcome | PasskeyRefusal> {
  const found = await readFor(deps, reference, read);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  if (!acceptsPasskeySignIn(found.pending.kind)) return { state: 'request', request: 'unknown' };
  const settings = await deps.settings.load();
  const rp = settings.signInMethods.passkey ? await relyingPartyOf(deps) : undefined;
  if (!rp) return { state: 'passkey-refused', reason: 'unavailable' };
  const options = await signInOptions(rp, deps.randomBytes(32));
  const stored = await deps.pendingSignIns.put(reference, {
    ...found.pending,
    passkeyChallenge: { hash: challengeHash(options.challenge), expiresAt: nowSec(deps) + CHALLENGE_SEC },
  });
  // Another step finished it since this request read it: it stays used (the put never un-uses one).
  if (!stored) return { state: 'request', request: 'used' };
  return { state: 'options', options };
}

/**
 * The app's own log-in page (`/login`): its script's options request starts the pending sign-in (a log-in check,
 * as "Email me a sign-in code" there does; the page's GET writes nothing) with the challenge on it. `addPasskey`:
 * the page was reached from the profile's "Add a passkey", which follows the sign-in.
 */
export async function passkeyLoginOptions(deps: Deps, addPasskey: boolean): Promise<{ state: 'options'; reference: string; options: unknown } | PasskeyRefusal> {
  const settings = await deps.settings.load();
  const rp = settings.signInMethods.passkey ? await relyingPartyOf(deps) : undefined;
  if (!rp) return { state: 'passkey-refused', reason: 'unavailable' };
  const reference = deps.randomBytes(32).toString('base64url');
  const options = await signInOptions(rp, deps.randomBytes(32));
  const now = nowSec(deps);
  const pending: PendingSignIn = {
    ...newPending({ nowSec: now, kind: { type: 'login-page', ...(addPasskey ? { addPasskey } : {}) } }),
    passkeyChallenge: { hash: challengeHash(options.challenge), expiresAt: now + CHALLENGE_SEC },
  };
  await deps.pendingSignIns.put(reference, pending);
  return { state: 'options', reference, options };
}

export async function signInWithPasskey(
  deps: Deps,
  input: { reference: string; credential: string },
  read?: PendingRead,
): Promise<SignInOutcome | PasskeyRefusal> {
  const found = await readFor(deps, input.reference, read);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  const { pending } = found;
  if (!acceptsPasskeySignIn(pending.kind)) return { state: 'request', request: 'unknown' };
  const now = nowSec(deps);
  const challenge = pending.passkeyChallenge;
  const assertion = readAssertion(input.credential);
  if (!assertion) return refused(deps, undefined, 'malformed');
  if (!challenge || challenge.expiresAt <= now) return refused(deps, undefined, 'challenge');
  // The claim: the challenge leaves the pending sign-in before anything is checked. It writes the value as this
  // request read it: where another step finished the sign-in since, the swap leaves it used (PendingSignIns.swap);
  // where a newer challenge was there, that one is put back for its own ceremony.
  const { passkeyChallenge: _claimed, ...rest } = pending;
  const claimedPending: PendingSignIn = rest;
  const previous = await deps.pendingSignIns.swap(input.reference, claimedPending);
  // Another step finished the sign-in meanwhile: the answer of any used pending sign-in (start again).
  if (previous?.used) return { state: 'request', request: 'used' };
  if (previous?.passkeyChallenge?.hash !== challenge.hash) {
    if (previous?.passkeyChallenge) await deps.pendingSignIns.put(input.reference, previous);
    return refused(deps, undefined, 'challenge');
  }
  const settings = await deps.settings.load();
  const rp = settings.signInMethods.passkey ? await relyingPartyOf(deps) : undefined;
  if (!rp) return { state: 'passkey-refused', reason: 'unavailable' };
  const customerId = userOf(assertion);
  const customer = customerId ? await deps.directory.get(customerId) : undefined;
  const passkey = customer && passkeysOf(customer).find((p) => p.id === assertion.id);
  if (!customer || !passkey) return refused(deps, customer?.id, 'unknown');
  const checked = await checkAssertion(rp, assertion, { challengeHash: challenge.hash, passkey });
  if (!checked.ok) return refused(deps, customer.id, checked.reason);
  const consumed: PendingSignIn = completed({ ...claimedPending, used: true, stage: undefined }, 'passkey');
  // The entry with the new counter and the sign-in recorded, the pending sign-in finished: one transaction, conditioned
  // on the entry's revision (decided again on a fresh read when something else changed it meanwhile) and on no other
  // step having finished the sign-in (src/forge/pending-sign-ins.ts; a loser gets the answer of a used one).
  const outcome = await claim<Customer | undefined, 'ok' | 'refused' | 'counter' | 'gone'>(
    customer,
    () => deps.directory.get(customer.id),
    (current) => {
      const now2 = nowSec(deps);
      const stored = current && passkeysOf(current).find((p) => p.id === passkey.id);
      if (!current || !stored) return { answer: 'gone' };
      if (refusalOf(current, now2)) return { answer: 'refused' };
      if (stored.counter !== passkey.counter && !(checked.counter > stored.counter)) return { answer: 'counter' };
      const done = signedIn(deps, current, now2, channelOf(pending), 'passkey');
      const next: Customer = {
        ...current,
        ...done.changes,
        passkeys: usedPasskey(passkeysOf(current), passkey.id, checked.counter, now2),
        rev: current.rev + 1,
        updatedAt: now2,
      };
      const used = auditEvent(deps, current.id, 'passkey.used', 'customer', { name: stored.name, via: channelOf(pending) });
      return { write: () => deps.directory.update(next, { rev: current.rev }, [done.event, used], [deps.pendingSignIns.finishWrite(input.reference, consumed)]), won: 'ok' };
    },
    'gone',
  ).catch((error: unknown) => {
    if (error instanceof SignInFinished) return 'finished' as const;
    throw error;
  });
  if (outcome === 'finished') return { state: 'request', request: 'used' };
  if (outcome === 'counter') return refused(deps, customer.id, 'counter');
  if (outcome !== 'ok') return refused(deps, customer.id, outcome === 'refused' ? 'refused-account' : 'unknown');
  return finish(deps, input.reference, consumed, customer, true);
}

/** Refused and audited (on the customer where one is named; the log names the reason only, never a key or challenge). */
async function refused(deps: Deps, customerId: string | undefined, reason: PasskeyRefusal['reason']): Promise<PasskeyRefusal> {
  if (customerId) await deps.directory.appendAudit([auditEvent(deps, customerId, 'passkey.refused', 'anonymous', { reason, ceremony: 'sign-in' })]);
  deps.log.warn('passkey refused', { ceremony: 'sign-in', reason });
  return { state: 'passkey-refused', reason };
}
