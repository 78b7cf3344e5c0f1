import { pendingState, REFERENCE, type PendingSignIn, type PendingState } from '../../domain/saml/pending';
import { activeKey } from '../../domain/saml/keys';
import { isConfigured } from '../../domain/saml/service-provider';
import { testSteps, type TestStepId } from '../../domain/saml/test-report';
import { inspectResponse } from '../../saml/inspect';
import { signedResponse } from '../../saml/sign';
import { nowSec, type Deps } from '../deps';
import { login, type SignInCustomer } from '../login';

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
  | { state: 'post'; acsUrl: string; samlResponse: string; relayState: string }
  | { state: 'tested'; steps: { id: TestStepId; ok: boolean }[]; values: Record<string, string>; customer: SignInCustomer };

/** The pending sign-in behind a reference, or why there is none to use. */
export async function pendingOf(deps: Deps, reference: string): Promise<{ state: 'valid'; pending: PendingSignIn } | { state: Exclude<PendingState, 'valid'> }> {
  if (!REFERENCE.test(reference)) return { state: 'unknown' };
  const pending = await deps.pendingSignIns.get(reference);
  const state = pendingState(pending, nowSec(deps));
  return state === 'valid' ? { state, pending: pending! } : { state };
}

const newId = (deps: Deps) => `_${deps.randomBytes(20).toString('hex')}`;

export async function signIn(deps: Deps, input: { reference: string; identifier: string; password: string; clientAddress: string }): Promise<SignInOutcome> {
  const found = await pendingOf(deps, input.reference);
  if (found.state !== 'valid') return { state: 'request', request: found.state };
  const { pending } = found;
  const result = await login(deps, { identifier: input.identifier, password: input.password, clientAddress: input.clientAddress, via: pending.test ? 'test' : 'sso' });
  if (result.state !== 'ok') return result;
  const settings = await deps.settings.load();
  if (!isConfigured(settings.sso)) return { state: 'not-configured' };
  if (!(await deps.pendingSignIns.consume(input.reference, pending))) return { state: 'request', request: 'used' };
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
      subject: { email: result.customer.email, displayName: result.customer.displayName },
    },
    signing,
  );
  if (!pending.test) return { state: 'post', acsUrl: settings.sso.acsUrl, samlResponse: Buffer.from(xml, 'utf8').toString('base64'), relayState: pending.relayState };
  const read = inspectResponse(xml, config.keys.map((k) => k.pem));
  return {
    state: 'tested',
    customer: result.customer,
    steps: testSteps(read, { email: result.customer.email, spEntityId: settings.sso.spEntityId, acsUrl: settings.sso.acsUrl, requestId: pending.requestId, nowSec: now }),
    values: {
      NameID: `${read.nameId} (${read.nameIdFormat})`,
      ...Object.fromEntries(Object.entries(read.attributes).map(([name, values]) => [name.replace(/^.*\//, ''), values.join(', ')])),
      Audience: read.audience,
      Destination: read.destination,
      Recipient: read.recipient,
      InResponseTo: read.inResponseTo,
      NotBefore: read.notBefore,
      NotOnOrAfter: read.notOnOrAfter,
      Certificate: activeKey(config).fingerprint,
    },
  };
}
