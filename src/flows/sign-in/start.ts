import { acceptRequest, checkRequestContext, type RequestProblem } from '../../domain/saml/authn-request';
import { STATUS_NO_PASSIVE, STATUS_RESPONDER } from '../../domain/saml/constants';
import { signedStatusResponse } from '../../saml/sign';
import { newPending } from '../../domain/saml/pending';
import { completed } from '../../domain/sign-in-flow';
import { isConfigured } from '../../domain/saml/service-provider';
import { readAuthnRequest } from '../../saml/authn-request';
import { SamlInputError } from '../../saml/xml';
import { nowSec, type Deps } from '../deps';
import { stepAfterPassword } from '../../domain/two-step';
import { beginSecondStep } from './second-step';
import type { Customer } from '../../domain/customer';
import type { SignInCustomer } from '../login';

/**
 * The help center's AuthnRequest arrives (either binding): read it with every cap, check it came from the
 * configured service provider, and keep it server-side as a pending sign-in under a fresh random reference.
 * Nothing from the request decides where the answer goes.
 */
/**
 * `issuer`: who sent a request from an unknown SP (shown on the error page, so an admin sees what to configure).
 * `post`: the answer goes straight back to the ACS, no page shown (a passive request: NoPassive).
 */
export type StartResult =
  | { ok: true; reference: string }
  | { ok: true; post: { acsUrl: string; samlResponse: string; relayState: string } }
  | { ok: false; problem: RequestProblem; issuer?: string };

/**
 * `ssoUrl`: where this request arrived (its Destination must name it). `browser`: the value of the browser
 * cookie the answer sets (its hash binds the pending sign-in to this browser; src/domain/saml/browser-binding.ts).
 */
export async function startSignIn(
  deps: Deps,
  input: { samlRequest: string | undefined; relayState: string | undefined; binding: 'redirect' | 'post'; ssoUrl: string; browser?: string },
): Promise<StartResult> {
  if (!input.samlRequest) return { ok: false, problem: 'missing' };
  let fields;
  try {
    fields = readAuthnRequest(input.samlRequest, input.binding);
  } catch (error) {
    if (error instanceof SamlInputError) return { ok: false, problem: error.problem };
    throw error;
  }
  const settings = await deps.settings.load();
  const accepted = acceptRequest(fields, input.relayState, settings.sso);
  if (!accepted.ok) {
    deps.log.warn('saml request refused', { problem: accepted.problem });
    return accepted.problem === 'unknown-sp' ? { ...accepted, issuer: fields.issuers[0].trim().slice(0, 200) } : accepted;
  }
  const context = checkRequestContext(fields, { nowSec: nowSec(deps), ssoUrl: input.ssoUrl });
  if (context) {
    deps.log.warn('saml request refused', { problem: context });
    return { ok: false, problem: context };
  }
  // IsPassive: the IdP may not interact with the customer, and it keeps no session of its own to answer from,
  // so it says so at once (saml-core §3.4.1: "NoPassive"), signed, to the configured ACS, without a page.
  if (fields.isPassive) return { ok: true, post: await noPassiveAnswer(deps, settings.sso.acsUrl, accepted.request.id, accepted.request.relayState) };
  const reference = deps.randomBytes(32).toString('base64url');
  await deps.pendingSignIns.put(
    reference,
    newPending({ requestId: accepted.request.id, relayState: accepted.request.relayState, nowSec: nowSec(deps), browser: input.browser }),
  );
  return { ok: true, reference };
}

async function noPassiveAnswer(
  deps: Deps,
  acsUrl: string,
  requestId: string,
  relayState: string,
): Promise<{ acsUrl: string; samlResponse: string; relayState: string }> {
  const { config, signing } = await deps.idpKeys.signing();
  const xml = signedStatusResponse(
    { idpEntityId: config.entityId, acsUrl, inResponseTo: requestId, nowSec: nowSec(deps), responseId: `_${deps.randomBytes(20).toString('hex')}` },
    { code: STATUS_RESPONDER, subCode: STATUS_NO_PASSIVE },
    signing,
  );
  return { acsUrl, samlResponse: Buffer.from(xml, 'utf8').toString('base64'), relayState };
}

/**
 * Two-step enrolment right after "Create new password" at registration, where the policy requires it for the
 * customer: a pending (enrolment only) whose second step is the enrolment; undefined when none is needed.
 */
export async function startEnrolmentAfterRegistration(deps: Deps, customerId: string): Promise<string | undefined> {
  const [settings, customer] = await Promise.all([deps.settings.load(), deps.directory.get(customerId)]);
  if (!customer || stepAfterPassword(settings.twoStep, customer) !== 'enrol') return undefined;
  const reference = deps.randomBytes(32).toString('base64url');
  const pending = newPending({ nowSec: nowSec(deps), kind: { type: 'enrolment' } });
  await deps.pendingSignIns.put(reference, pending);
  await beginSecondStep(deps, reference, pending, customer, 'enrol');
  return reference;
}

/** An admin's test sign-in: a pending sign-in that shows the assertion instead of posting it. */
export async function startTestSignIn(deps: Deps, identifier: string): Promise<{ ok: true; reference: string; expiresAt: number } | { ok: false }> {
  const settings = await deps.settings.load();
  if (!isConfigured(settings.sso)) return { ok: false };
  const reference = deps.randomBytes(32).toString('base64url');
  const pending = newPending({ requestId: `_test-${deps.randomBytes(16).toString('hex')}`, relayState: '', nowSec: nowSec(deps), kind: { type: 'test', identifier } });
  await deps.pendingSignIns.put(reference, pending);
  return { ok: true, reference, expiresAt: pending.expiresAt };
}

/**
 * The app's own log-in page (`/login`) after a right password, where a second step follows (a code, or an
 * enrolment that cannot be skipped): a pending (log-in check) whose second step is the help-center sign-in's
 * own pages and rules, ending on the log-in page's success. `entry`: the entry as the password step stored it.
 */
export async function startLoginCheck(deps: Deps, customer: SignInCustomer, step: 'verify' | 'enrol', entry?: Customer, addPasskey = false): Promise<string> {
  const reference = deps.randomBytes(32).toString('base64url');
  const kind = { type: 'login-page' as const, ...(addPasskey ? { addPasskey } : {}) };
  // The password was right: the flow starts with it completed.
  const pending = completed(newPending({ nowSec: nowSec(deps), kind }), 'password');
  await deps.pendingSignIns.put(reference, pending);
  await beginSecondStep(deps, reference, pending, customer, step, entry);
  return reference;
}
