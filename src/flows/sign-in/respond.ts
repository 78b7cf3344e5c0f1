import { pendingState, REFERENCE, type PendingSignIn, type PendingState } from '../../domain/saml/pending';
import { activeKey } from '../../domain/saml/keys';
import { isConfigured } from '../../domain/saml/service-provider';
import { testSteps, type TestStepId } from '../../domain/saml/test-report';
import { inspectResponse } from '../../saml/inspect';
import { signedResponse } from '../../saml/sign';
import { nowSec, type Deps } from '../deps';
import { SignInFinished } from '../../ports/directory';
import { login, type SignInCustomer } from '../login';
import { stepAfterPassword } from '../../domain/two-step';
import { assurance, completed, endingOf, endsAtServiceProvider, finishesWithAccountWrite, needsIdentityProvider } from '../../domain/sign-in-flow';
import { offerPasskey, startProfileAdd } from '../passkey-add';
import { beginSecondStep, confirmEnrolment, verifyCode } from './second-step';
import type { CodeOutcome, EnrolOutcome } from './code-outcomes';
import { chooseSms, sendSignInPin, startSmsEnrolment, type SmsSendOutcome } from './sms-step';

/**
 * The sign-in form of a pending help-center sign-in: the password step (same limits, lockout and answers
 * as the app's login page: one scrypt), then, once, the signed Response for the configured ACS. A test
 * sign-in answers the checks an SP would make instead of the response.
 */
export type SignInOutcome =
  | { state: 'request'; request: Exclude<PendingState, 'valid'> }
  | { state: 'not-configured' }
  | { state: 'failed' }
  | { state: 'too-many' }
  /** A second step follows (the pending sign-in now says which): show the sign-in page again. */
  | { state: 'second-step' }
  /** Two-step enrolment after registration is complete (no SAML request to answer). */
  | { state: 'enrolled' }
  /** The app's own log-in page: password and second step passed (no SAML request to answer). */
  | { state: 'checked'; customer: SignInCustomer; offer?: { reference: string; from: 'sign-in' | 'profile' } }
  /** `offer`: the reference of "Add a passkey" offered before the hand-back (issue 22), where it applies. */
  | { state: 'post'; acsUrl: string; samlResponse: string; relayState: string; offer?: string }
  | { state: 'tested'; steps: { id: TestStepId; ok: boolean }[]; values: Record<string, string>; customer: SignInCustomer };

/** A pending sign-in as read for a request: valid (with it), or why there is none to use. */
export type PendingRead = { state: 'valid'; pending: PendingSignIn } | { state: Exclude<PendingState, 'valid'> };

/** The pending sign-in behind a reference, or why there is none to use. */
export async function pendingOf(deps: Deps, reference: string): Promise<PendingRead> {
  if (!REFERENCE.test(reference)) return { state: 'unknown' };
  return judgedRead(await deps.pendingSignIns.get(reference), nowSec(deps));
}

/** A value read for a reference, judged now (the route reads it once, first, and passes it to the step). */
export function judgedRead(pending: PendingSignIn | undefined, now: number): PendingRead {
  const state = pendingState(pending, now);
  return state === 'valid' ? { state, pending: pending! } : { state };
}

/** `read`: the pending sign-in as this request already read it (the route's one read); read now where not given. */
export const readFor = (deps: Deps, reference: string, read?: PendingRead): Promise<PendingRead> => (read ? Promise.resolve(read) : pendingOf(deps, reference));

const newId = (deps: Deps) => `_${deps.randomBytes(20).toString('hex')}`;

export async function signIn(
  deps: Deps,
  input: { reference: string; identifier: string; password: string; clientAddress: string },
  read?: PendingRead,
): Promise<SignInOutcome> {
  const found = await readFor(deps, input.reference, read);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  const { pending } = found;
  const via = pending.kind.type === 'test' ? 'test' : 'sso';
  const passed = completed(pending, 'password');
  // Where the password ends the sign-in (no second step), its finish lands with the entry's write (one transaction,
  // issue 25); a finish another step made first refuses it (issue 22).
  const ends = finishesWithAccountWrite(pending.kind, isConfigured((await deps.settings.load()).sso));
  const finishing = ends ? deps.pendingSignIns.finishWrite(input.reference, passed) : undefined;
  let result;
  try {
    result = await login(deps, { identifier: input.identifier, password: input.password, clientAddress: input.clientAddress, via, finishing });
  } catch (error) {
    if (error instanceof SignInFinished) return { state: 'request', request: 'used' };
    throw error;
  }
  if (result.state !== 'ok') return result;
  const settings = await deps.settings.load();
  if (needsIdentityProvider(pending.kind) && !isConfigured(settings.sso)) return { state: 'not-configured' };
  const step = stepAfterPassword(settings.twoStep, result.customer);
  if (step !== 'done') {
    await beginSecondStep(deps, input.reference, passed, result.customer, step, result.entry);
    return { state: 'second-step' };
  }
  return finish(deps, input.reference, passed, result.customer, result.finished === true);
}

/** The code step of a pending sign-in; `recovery` = a recovery code instead of the app's code. */
export async function submitCode(
  deps: Deps,
  input: { reference: string; code: string; recovery: boolean },
  read?: PendingRead,
): Promise<SignInOutcome | { state: 'code'; outcome: Exclude<CodeOutcome, { state: 'ok' }> }> {
  const found = await readFor(deps, input.reference, read);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  if (found.pending.stage?.step !== 'verify') return { state: 'second-step' };
  const outcome = await verifyCode(deps, input.reference, found.pending, input).catch((error: unknown) => {
    // A right code whose finish lost to another step's (a passkey, an email code): that sign-in is used.
    if (error instanceof SignInFinished) return undefined;
    throw error;
  });
  if (!outcome) return { state: 'request', request: 'used' };
  if (outcome.state !== 'ok') return { state: 'code', outcome };
  // The code step marked the pending sign-in used (with its second factor) in its own transaction.
  return finish(deps, input.reference, outcome.flow, outcome.customer, true);
}

/** Enrolment: one code confirms the new key; the answer carries the recovery codes, shown once. */
export async function submitEnrolment(
  deps: Deps,
  input: { reference: string; code: string },
  read?: PendingRead,
): Promise<SignInOutcome | { state: 'code'; outcome: Exclude<EnrolOutcome, { state: 'ok' }> }> {
  const found = await readFor(deps, input.reference, read);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  if (found.pending.stage?.step !== 'enrol') return { state: 'second-step' };
  const outcome = await confirmEnrolment(deps, input.reference, found.pending, input.code);
  if (outcome.state === 'ok') return { state: 'second-step' };
  return { state: 'code', outcome };
}

/** After the recovery codes were shown: "I have saved these codes" → on to the help center. */
export async function continueAfterCodes(deps: Deps, reference: string, read?: PendingRead): Promise<SignInOutcome> {
  const found = await readFor(deps, reference, read);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  const stage = found.pending.stage;
  if (stage?.step !== 'codes') return { state: 'second-step' };
  const customer = await deps.directory.get(stage.customerId);
  if (!customer) return { state: 'request', request: 'unknown' };
  // The confirmed enrolment completed the second factor (on the flow since then).
  return finish(deps, reference, found.pending, customer);
}

/**
 * Once, for the sign-in that passed every step: where its kind ends (src/domain/sign-in-flow.ts `endingOf`): the
 * signed response for the configured ACS, the test report, the registration's done page, or the log-in page's
 * success. The authentication context is derived from the factors the flow completed (`assurance`).
 */
export async function finish(deps: Deps, reference: string, pending: PendingSignIn, customer: SignInCustomer, consumed = false): Promise<SignInOutcome> {
  const settings = await deps.settings.load();
  const authnContext = assurance(pending);
  const { kind, factors } = pending;
  const ending = endingOf(kind);
  if (ending === 'registration-done')
    return consumed || (await deps.pendingSignIns.consume(reference, pending)) ? { state: 'enrolled' } : { state: 'request', request: 'used' };
  if (kind.type === 'login-page') {
    if (!consumed && !(await deps.pendingSignIns.consume(reference, pending))) return { state: 'request', request: 'used' };
    const offer = kind.addPasskey ? await startProfileAdd(deps, customer) : await offerPasskey(deps, customer, factors);
    return { state: 'checked', customer, ...(offer ? { offer: { reference: offer, from: kind.addPasskey ? 'profile' : 'sign-in' } } : {}) };
  }
  // Any other kind that is not answered at the service provider (adding a passkey): an unknown request here.
  if (!endsAtServiceProvider(kind)) return { state: 'request', request: 'unknown' };
  if (!isConfigured(settings.sso)) return { state: 'not-configured' };
  if (!consumed && !(await deps.pendingSignIns.consume(reference, pending))) return { state: 'request', request: 'used' };
  const { config, signing } = await deps.idpKeys.signing();
  const now = nowSec(deps);
  const xml = signedResponse(
    {
      idpEntityId: config.entityId,
      spEntityId: settings.sso.spEntityId,
      acsUrl: settings.sso.acsUrl,
      inResponseTo: pending.requestId,
      nowSec: now,
      responseId: newId(deps),
      assertionId: newId(deps),
      sessionIndex: newId(deps),
      subject: { email: customer.email, displayName: customer.displayName },
      authnContext,
    },
    signing,
  );
  // The help center's response.
  if (ending === 'saml-response') {
    const offer = await offerPasskey(deps, customer, factors);
    return {
      state: 'post',
      acsUrl: settings.sso.acsUrl,
      samlResponse: Buffer.from(xml, 'utf8').toString('base64'),
      relayState: pending.relayState,
      ...(offer ? { offer } : {}),
    };
  }
  const read = inspectResponse(
    xml,
    config.keys.map((k) => k.pem),
  );
  return {
    state: 'tested',
    customer,
    steps: testSteps(read, {
      email: customer.email,
      spEntityId: settings.sso.spEntityId,
      acsUrl: settings.sso.acsUrl,
      requestId: pending.requestId,
      nowSec: now,
    }),
    values: {
      NameID: `${read.nameId} (${read.nameIdFormat})`,
      ...Object.fromEntries(Object.entries(read.attributes).map(([name, values]) => [name.replace(/^.*\//, ''), values.join(', ')])),
      Audience: read.audience,
      Destination: read.destination,
      Recipient: read.recipient,
      InResponseTo: read.inResponseTo,
      NotBefore: read.notBefore,
      NotOnOrAfter: read.notOnOrAfter,
      AuthnContextClassRef: authnContext,
      Certificate: activeKey(config).fingerprint,
    },
  };
}

/** The SMS controls of a second step: switch to SMS, "Send a new code", or the number typed at enrolment. */
export async function smsStep(
  deps: Deps,
  input: { reference: string; action: 'choose' | 'resend' | 'phone'; phone?: string },
  read?: PendingRead,
): Promise<SignInOutcome | SmsSendOutcome | { state: 'phone' }> {
  const found = await readFor(deps, input.reference, read);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  const stage = found.pending.stage;
  const settings = await deps.settings.load();
  if (!stage || stage.step === 'codes' || !settings.twoStep.methods.sms) return { state: 'second-step' };
  if (input.action === 'choose') return chooseSms(deps, input.reference, found.pending);
  if (stage.method !== 'sms') return { state: 'second-step' };
  if (input.action === 'phone') return stage.step === 'enrol' ? startSmsEnrolment(deps, input.reference, found.pending, input.phone ?? '') : { state: 'second-step' };
  return sendSignInPin(deps, input.reference, found.pending);
}
