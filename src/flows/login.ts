import type { Customer } from '../domain/customer';
import type { Settings } from '../domain/settings';
import { stepAfterPassword } from '../domain/two-step';
import type { PendingSignIn } from '../domain/saml/pending';
import { channelOf as channelOfKind, type SignInChannel } from '../domain/sign-in-flow';
import { DECOY_PASSWORD } from '../forge/kvs-keys';
import { SignInFinished, type PlainWrite } from '../ports/directory';
import { claimPasswordAttempt, settleRightPassword, wrongPasswordEvents, type PasswordClaim } from './account-claims';
import { checkClientWrite } from './client-limit';
import { auditEvent, nowSec, type Deps } from './deps';
import { findCustomer } from './request-reset';

/**
 * The password step of every sign-in: the app's own login page and the help center's SAML sign-in. Limits
 * apply before any hash is computed; unknown, unregistered, disabled and locked accounts cost the same one
 * scrypt as a real check and get the same answer. The audit says what happened: succeeded, failed (wrong
 * password, with the attempt number), refused (locked, disabled, not registered), locked. When a second step
 * follows the password (two-step verification), the sign-in has not succeeded yet: `login.succeeded` and the
 * last sign-in time are written by the step that completes it (src/flows/sign-in/second-step.ts, sms-step.ts).
 */
export type SignInCustomer = Pick<Customer, 'id' | 'email' | 'displayName' | 'username' | 'locale' | 'twoStep' | 'portalAdmin' | 'passkeys' | 'passkeyOfferSnoozedAt'>;
/** `entry`: the directory entry as this sign-in stored it (absent if that write lost a race), for a code step that follows. */
/** `finished`: the sign-in's `finishing` write landed with the entry's (see `login`). */
export type LoginResult = { state: 'ok'; customer: SignInCustomer; entry?: Customer; finished?: boolean } | { state: 'failed' } | { state: 'too-many' };
/** Where the sign-in came from: the app's login page, or the help center's SAML request (src/domain/sign-in-flow.ts). */
export type { SignInChannel };

/**
 * `finishing`: the write that finishes the pending sign-in this password completes where no second step follows
 * (PendingSignIns.finishWrite): it lands with the entry's write, one transaction (it throws SignInFinished where
 * another step finished that sign-in first; issue 22).
 */
export async function login(
  deps: Deps,
  input: { identifier: string; password: string; clientAddress: string; via?: SignInChannel; finishing?: PlainWrite },
): Promise<LoginResult> {
  const settings = await deps.settings.load();
  // Issue 22: a site that turned the password off refuses a password sign-in before any work (the pages offer none).
  if (!settings.signInMethods.password) {
    deps.log.info('password sign-in refused: the password is not an allowed sign-in method');
    return { state: 'failed' };
  }
  // The client's window and the lookup are independent reads: one round trip instead of two (issue 25; on Forge each is a network call).
  const [client, customer] = await Promise.all([checkClientWrite(deps, 'login', input.clientAddress, settings.limits.loginPerClient), findCustomer(deps, input.identifier)]);
  if (!client.allowed) {
    await client.put();
    return { state: 'too-many' };
  }
  const via = input.via ?? 'page';
  const now = nowSec(deps);
  // The attempt counts before the hash (issue 23 item 1): N parallel wrong passwords count N. The client's window
  // is written in the claim's transaction (or the decoy's: every account alike) and the stored hash read beside it
  // (issue 25: two round trips and one write request less); the scrypt waits for both.
  const ref = customer?.passwordRef ? { customerId: customer.id, ref: customer.passwordRef } : DECOY_PASSWORD;
  const claiming = claimOrDecoy(deps, customer, settings.lockout, now, [client.write]);
  const [claimed, stored] = await Promise.all([claiming, deps.passwords.get(ref.customerId, ref.ref)]);
  if (!customer || claimed?.state !== 'claimed') {
    // Unknown and refused accounts make the storage calls a known account makes, as many round trips deep (issue
    // 23 item 6): a write where it claims (the decoy, written before the hash as the claim is) beside the read of
    // a password hash, the one scrypt (against no hash), and one write of the outcome (the refusal's audit, or
    // the decoy again). Writing for every input was chosen over moving the claim to the queue: the claim must
    // land before the hash, and a queued write could not refuse the attempts behind it.
    await deps.hasher.verify(input.password, undefined);
    if (customer && claimed?.state === 'refused') await deps.directory.appendAudit([auditEvent(deps, customer.id, 'login.refused', 'anonymous', { reason: claimed.reason, via })]);
    else await deps.directory.decoy();
    return { state: 'failed' };
  }
  const ok = await deps.hasher.verify(input.password, stored);
  if (!ok) {
    await deps.directory.appendAudit(wrongPasswordEvents(claimed, (kind, actor, detail) => auditEvent(deps, customer.id, kind, actor, detail), 'anonymous', via));
    return { state: 'failed' };
  }
  const signIn: SignInCustomer = {
    id: customer.id,
    email: customer.email,
    displayName: customer.displayName,
    username: customer.username,
    locale: customer.locale,
    twoStep: customer.twoStep,
    portalAdmin: customer.portalAdmin,
    passkeys: customer.passkeys,
    passkeyOfferSnoozedAt: customer.passkeyOfferSnoozedAt,
  };
  // The password is right: its attempt is forgotten with the earlier wrong ones. When a second step follows
  // (two-step verification), the sign-in has not succeeded yet: only the failures are reset.
  const done = stepAfterPassword(settings.twoStep, customer) === 'done' ? signedIn(deps, customer, now, via) : undefined;
  const finishing = done && input.finishing ? [input.finishing] : [];
  const entry = await settleRightPassword(deps, claimed, now, done?.changes ?? {}, done ? [done.event] : [], finishing).catch(async (error: unknown) => {
    // Another step finished that sign-in first: no sign-in here, but the right password still forgets its attempt.
    if (error instanceof SignInFinished) await settleRightPassword(deps, claimed, now, {}, []);
    throw error;
  });
  if (!entry) return { state: 'failed' };
  return { state: 'ok', customer: signIn, entry, finished: finishing.length > 0 };
}

/** The attempt's claim; for an account that gets none (unknown, refused), the decoy write a claim would have made. */
async function claimOrDecoy(deps: Deps, customer: Customer | undefined, lockout: Settings['lockout'], now: number, alongside: PlainWrite[]): Promise<PasswordClaim | undefined> {
  const claimed = customer ? await claimPasswordAttempt(deps, customer, lockout, now, alongside) : undefined;
  if (claimed?.state !== 'claimed') await deps.directory.decoy('transaction', alongside);
  return claimed;
}

/** How a completed sign-in is recorded: the last sign-in time on the entry and `login.succeeded` (with the second factor, if any). */
export function signedIn(deps: Deps, customer: Pick<Customer, 'id'>, now: number, via: SignInChannel, factor?: 'totp' | 'sms' | 'recovery' | 'enrolled' | 'email-code' | 'passkey') {
  return { changes: { lastSignInAt: now }, event: auditEvent(deps, customer.id, 'login.succeeded', 'customer', factor ? { via, factor } : { via }) };
}

/** The channel a pending sign-in came from (see SignInChannel): by its kind (src/domain/sign-in-flow.ts). */
export const channelOf = (pending: Pick<PendingSignIn, 'kind'>): SignInChannel => channelOfKind(pending.kind);
