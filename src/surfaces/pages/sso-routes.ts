import { certificateBase64 } from '../../saml/certificates';
import { activeKey } from '../../domain/saml/keys';
import { idpMetadata } from '../../domain/saml/metadata';
import { PENDING_REQUEST_SEC } from '../../domain/saml/constants';
import type { Deps } from '../../flows/deps';
import { continueAfterCodes, readFor, signIn, smsStep, submitCode, submitEnrolment } from '../../flows/sign-in/respond';
import { nextStep } from '../../domain/sign-in-flow';
import type { PendingSignIn } from '../../domain/saml/pending';
import { startSignIn } from '../../flows/sign-in/start';
import { BROWSER_COOKIE, BROWSER_VALUE, browserAllowed, browserOf, crossSitePost } from '../../domain/saml/browser-binding';
import { clientAddress, redirect, type PageRequest, type WebTriggerResponse } from './http';
import * as sso from './sso-views';
import { answer, secondStepPage, SSO_COOKIE, type SsoRouteContext } from './sso-answers';
import { emailCodeRoute } from './email-code-routes';
import { emailCodePage } from './email-code-views';
import { signInOptionsRoute, signInWithPasskeyRoute } from './passkey-routes';

/**
 * The identity provider's routes on the customer-pages web trigger (the table `TABLE` below: the SSO URL, the
 * sign-in's steps, metadata and certificate).
 * The pending request's reference also goes into a cookie (path of the trigger), so that after "Forgot your
 * password?" the reset's "Back to sign in" can resume it (see docs/platform-assumptions.md: Set-Cookie).
 * The start also sets `pa_browser` (a random value; the pending sign-in keeps its hash), and every POST step
 * passes `browserGate` first: a sign-in finishes only in the browser that started it (login CSRF).
 */
export { SSO_COOKIE, type SsoRouteContext };

/** A route's handler, given the request's context (the pending sign-in it names already read: `c.read`). */
type SsoHandler = (c: SsoRouteContext) => Promise<WebTriggerResponse>;

/**
 * The identity provider's surface, one line a route: method, path, what it reads of the body, handler. `form`: the
 * POST's form fields (at most MAX_BODY_BYTES, src/surfaces/pages/http.ts; larger bodies get 413 before any route);
 * `none`: the query only. Every POST but the SP's own to saml/sso passes `browserGate` first (router.ts).
 */
const TABLE = [
  route('GET', 'saml/sso', 'none', (c) => startFromRequest(c, 'redirect')),
  route('POST', 'saml/sso', 'form', (c) => startFromRequest(c, 'post')),
  route('GET', 'sign-in', 'none', showStep),
  route('POST', 'sign-in', 'form', password),
  route('POST', 'sign-in/code', 'form', code),
  route('POST', 'sign-in/enrol', 'form', enrol),
  route('POST', 'sign-in/continue', 'form', continueAfterSaved),
  route('POST', 'sign-in/sms', 'form', (c) => sms(c, 'choose')),
  route('POST', 'sign-in/resend', 'form', (c) => sms(c, 'resend')),
  route('POST', 'sign-in/phone', 'form', (c) => sms(c, 'phone')),
  route('POST', 'sign-in/email-code', 'form', (c) => emailCodeRoute('POST sign-in/email-code', c, answer)),
  route('POST', 'sign-in/email-code/verify', 'form', (c) => emailCodeRoute('POST sign-in/email-code/verify', c, answer)),
  route('POST', 'sign-in/passkey/options', 'form', (c) => signInOptionsRoute(c.deps, c.field('request'), c.read)),
  route('POST', 'sign-in/passkey', 'form', passkey),
  route('GET', 'saml/metadata', 'none', metadata),
  route('GET', 'saml/certificate.pem', 'none', certificate),
] as const;

function route<M extends 'GET' | 'POST', P extends string>(method: M, path: P, body: M extends 'GET' ? 'none' : 'form', handler: SsoHandler) {
  return { method, path, body, handler };
}

type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
export type SsoRoute = KeyOf<(typeof TABLE)[number]>;
/** Every route as `METHOD path` (the router matches the request against these). */
export const SSO_ROUTES: readonly SsoRoute[] = TABLE.map((r) => `${r.method} ${r.path}` as SsoRoute);

export function ssoRoute(key: SsoRoute, c: SsoRouteContext): Promise<WebTriggerResponse> {
  return TABLE.find((r) => `${r.method} ${r.path}` === key)!.handler(c);
}

/** The reference of the pending sign-in this browser started, from its cookie (undefined when none). */
export function cookieReference(req: PageRequest): string | undefined {
  const cookies = req.header('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${SSO_COOKIE}=([A-Za-z0-9_-]{43})(?:;|$)`).exec(cookies);
  return match?.[1];
}

function cookieHeader(base: string, reference: string, name = SSO_COOKIE): string {
  const url = new URL(base);
  const secure = url.protocol === 'https:' ? '; Secure' : '';
  return `${name}=${reference}; Path=${url.pathname || '/'}; Max-Age=${PENDING_REQUEST_SEC}; HttpOnly; SameSite=Lax${secure}`;
}

/** The browser cookie's value (undefined when none or malformed). */
function browserCookie(req: PageRequest): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${BROWSER_COOKIE}=([^;]*)`).exec(req.header('cookie') ?? '');
  return match && BROWSER_VALUE.test(match[1]) ? match[1] : undefined;
}

/**
 * Before a POST sign-in step (src/domain/saml/browser-binding.ts): refused when the browser says it comes from
 * another site, or when the pending sign-in belongs to another browser and the platform is known to carry
 * cookies. A matching cookie proves that it does (once per installation). `pending`: as read for this request.
 */
export async function browserGate(deps: Deps, req: PageRequest, base: string, pending: PendingSignIn | undefined): Promise<'ok' | 'cross-site' | 'other-browser'> {
  if (crossSitePost({ secFetchSite: req.header('sec-fetch-site'), origin: req.header('origin') }, new URL(base).origin)) {
    deps.log.warn('sign-in step refused', { reason: 'cross-site' });
    return 'cross-site';
  }
  if (!pending) return 'ok';
  const check = browserOf(pending, browserCookie(req));
  if (check === 'same') await deps.cookieRoundTrip.prove();
  if (check !== 'other' || browserAllowed(check, await deps.cookieRoundTrip.proven())) return 'ok';
  deps.log.warn('sign-in step refused', { reason: 'other-browser' });
  return 'other-browser';
}

/** GET|POST saml/sso: the SSO URL (HTTP-Redirect and HTTP-POST bindings) → 303 to the sign-in. */
async function startFromRequest(c: SsoRouteContext, binding: 'redirect' | 'post'): Promise<WebTriggerResponse> {
  const { deps, req } = c;
  const helpCenter = c.settings.sso.helpCenterUrl;
  const post = binding === 'post';
  const samlRequest = post ? c.field('SAMLRequest') : req.query('SAMLRequest');
  const relayState = post ? (req.form instanceof URLSearchParams ? (req.form.get('RelayState') ?? undefined) : undefined) : req.query('RelayState');
  // IdP-initiated sign-in is not offered: sign-in starts at the help center (docs/saml.md).
  if (!samlRequest) return c.page(400, sso.idpInitiatedPage(c.ctx('saml/sso'), helpCenter));
  // This browser's value: the one it already has (several sign-ins in tabs), or a new one.
  const browser = browserCookie(req) ?? deps.randomBytes(32).toString('base64url');
  const started = await startSignIn(deps, { samlRequest, relayState, binding, ssoUrl: `${c.base}/saml/sso`, browser });
  if (!started.ok) return c.page(started.problem === 'unknown-sp' || started.problem === 'not-configured' ? 403 : 400, sso.requestProblemPage(c.ctx('saml/sso'), started.problem, helpCenter, started.issuer));
  if ('post' in started) return answer(c, '', { state: 'post', ...started.post });
  const next = redirect(`${c.base}/sign-in?${new URLSearchParams({ request: started.reference, lang: c.ctx('').locale })}`);
  return { ...next, headers: { ...next.headers, 'Set-Cookie': [cookieHeader(c.base, browser, BROWSER_COOKIE)] } };
}

/** GET sign-in: the page of the step the pending sign-in is at (`request` = its reference). */
async function showStep(c: SsoRouteContext): Promise<WebTriggerResponse> {
  const reference = c.req.query('request') ?? '';
  const found = await readFor(c.deps, reference, c.read);
  const here = c.ctx('sign-in', { request: reference });
  if (found.state !== 'valid') return c.page(found.state === 'unknown' ? 404 : 410, sso.requestStatePage(here, found.state, c.settings.sso.helpCenterUrl));
  const { kind } = found.pending;
  const next = nextStep(found.pending);
  if (next.step === 'second-factor') return secondStepPage(c, reference, found.pending, { recovery: c.req.query('recovery') === '1' });
  if (next.step === 'email-code' && c.req.query('other') !== '1') {
    return c.page(200, emailCodePage(here, { reference, identifier: next.identifier, loginCheck: kind.type === 'login-page' }));
  }
  // The first factor (a passkey-add flow, never linked to this page, shows it too, as it always did).
  const response = c.page(200, sso.signInPage(here, { reference, identifier: kind.type === 'test' ? kind.identifier : undefined, test: kind.type === 'test' }));
  return { ...response, headers: { ...response.headers, 'Set-Cookie': [cookieHeader(c.base, reference)] } };
}

/** POST sign-in: the password step. */
async function password(c: SsoRouteContext): Promise<WebTriggerResponse> {
  const reference = c.field('request');
  const identifier = c.field('identifier').trim().slice(0, 254);
  const password = c.field('password');
  const here = c.ctx('sign-in', { request: reference });
  const found = await readFor(c.deps, reference, c.read);
  if (!identifier || !password || password.length > 1024) {
    if (found.state !== 'valid') return c.page(found.state === 'unknown' ? 404 : 410, sso.requestStatePage(here, found.state, c.settings.sso.helpCenterUrl));
    return c.page(400, sso.signInPage(here, { reference, identifier, failed: true, test: found.pending.kind.type === 'test' }));
  }
  const outcome = await signIn(c.deps, { reference, identifier, password, clientAddress: clientAddress(c.req) }, found);
  if (outcome.state === 'failed' || outcome.state === 'too-many') {
    return c.page(outcome.state === 'too-many' ? 429 : 401, sso.signInPage(here, { reference, identifier, failed: outcome.state === 'failed', tooMany: outcome.state === 'too-many' }));
  }
  return answer(c, reference, outcome);
}

/** POST sign-in/code: the authenticator app's code, a recovery code (`recovery=1`) or the SMS PIN. */
async function code(c: SsoRouteContext): Promise<WebTriggerResponse> {
  const reference = c.field('request');
  const recovery = c.field('recovery') === '1';
  const outcome = await submitCode(c.deps, { reference, code: c.field('code'), recovery }, c.read);
  if (outcome.state !== 'code') return answer(c, reference, outcome);
  const here = c.ctx('sign-in', { request: reference });
  // The pending sign-in and the entry as the wrong code left them (no read again).
  const then = outcome.outcome.state === 'wrong' ? outcome.outcome.then : undefined;
  if (outcome.outcome.state === 'wrong' && then?.pending.stage) {
    return secondStepPage(c, reference, then.pending, { recovery, wrongLeft: outcome.outcome.left }, then.entry);
  }
  return c.page(401, sso.signInPage(here, { reference, notice: outcome.outcome.state === 'locked' ? 'locked' : 'voided' }));
}

/** POST sign-in/enrol: the code that confirms the key (or number) being enrolled; then the recovery codes, once. */
async function enrol(c: SsoRouteContext): Promise<WebTriggerResponse> {
  const reference = c.field('request');
  const outcome = await submitEnrolment(c.deps, { reference, code: c.field('code') }, c.read);
  if (outcome.state !== 'code') return answer(c, reference, outcome);
  const here = c.ctx('sign-in', { request: reference });
  if (outcome.outcome.state === 'enrolled') return c.page(200, sso.recoveryCodesPage(here, { reference, codes: outcome.outcome.codes, portal: c.settings.branding.portalName }));
  const then = outcome.outcome.state === 'wrong' ? outcome.outcome.then : undefined;
  if (outcome.outcome.state === 'wrong' && then?.pending.stage) return secondStepPage(c, reference, then.pending, { wrongLeft: outcome.outcome.left });
  return c.page(401, sso.signInPage(here, { reference, notice: outcome.outcome.state === 'locked' ? 'locked' : 'voided' }));
}

/** POST sign-in/sms (switch to SMS), sign-in/resend ("Send a new code"), sign-in/phone (the number at enrolment). */
async function sms(c: SsoRouteContext, action: 'choose' | 'resend' | 'phone'): Promise<WebTriggerResponse> {
  const reference = c.field('request');
  const phone = c.field('phone').slice(0, 40);
  const found = await readFor(c.deps, reference, c.read);
  const outcome = await smsStep(c.deps, { reference, action, phone }, found);
  const here = c.ctx('sign-in', { request: reference });
  switch (outcome.state) {
    case 'sent':
    case 'phone':
      return redirect(`${c.base}/sign-in?${new URLSearchParams({ request: reference, lang: here.locale })}`);
    case 'invalid-phone':
      return c.page(400, sso.phonePage(here, { reference, phone, invalid: true }));
    case 'limit': {
      // Over the limit nothing was written: the pending sign-in is as this request read it.
      if (found.state === 'valid' && found.pending.stage) return secondStepPage(c, reference, found.pending, { limit: true, phone });
      return c.page(429, sso.signInPage(here, { reference, tooMany: true }));
    }
    case 'voided':
      return c.page(401, sso.signInPage(here, { reference, notice: 'voided' }));
    case 'post':
    case 'request':
    case 'second-step':
    case 'enrolled':
    case 'checked':
    case 'tested':
    case 'failed':
    case 'not-configured':
    case 'too-many':
    default:
      return answer(c, reference, outcome);
  }
}

/** POST sign-in/continue: "I have saved these codes" → on to where the sign-in ends. */
async function continueAfterSaved(c: SsoRouteContext): Promise<WebTriggerResponse> {
  const reference = c.field('request');
  const found = await readFor(c.deps, reference, c.read);
  if (c.field('saved') !== '1' && found.state === 'valid' && found.pending.stage?.step === 'codes') {
    return c.page(400, sso.recoveryCodesPage(c.ctx('sign-in', { request: reference }), { reference, codes: [], portal: c.settings.branding.portalName, missingConfirm: true }));
  }
  return answer(c, reference, await continueAfterCodes(c.deps, reference, found));
}

/** POST sign-in/passkey: the assertion (form field `credential`) → as a password sign-in's answer. */
async function passkey(c: SsoRouteContext): Promise<WebTriggerResponse> {
  const reference = c.field('request');
  const found = await readFor(c.deps, reference, c.read);
  const outcome = await signInWithPasskeyRoute(c.deps, reference, c.field('credential'), found);
  if (outcome.state !== 'passkey-refused') return answer(c, reference, outcome);
  // Refused: the sign-in page again, for the pending sign-in as this request read it (a refusal only took its challenge).
  const here = c.ctx('sign-in', { request: reference });
  if (found.state !== 'valid') return c.page(found.state === 'unknown' ? 404 : 410, sso.requestStatePage(here, found.state, c.settings.sso.helpCenterUrl));
  return c.page(401, sso.signInPage(here, { reference, passkeyRefused: true, test: found.pending.kind.type === 'test' }));
}

/** GET saml/metadata: the IdP metadata XML. */
async function metadata(c: SsoRouteContext): Promise<WebTriggerResponse> {
  const config = await c.deps.idpKeys.config();
  const body = idpMetadata({ entityId: config.entityId, ssoUrl: `${c.base}/saml/sso`, certificates: config.keys.map((k) => certificateBase64(k.pem)) });
  return { statusCode: 200, headers: { 'Content-Type': ['application/samlmetadata+xml; charset=utf-8'], 'Cache-Control': ['no-cache'], 'X-Content-Type-Options': ['nosniff'], 'Content-Disposition': ['inline; filename="portal-access-idp-metadata.xml"'] }, body };
}

/** GET saml/certificate.pem: the active certificate. */
async function certificate(c: SsoRouteContext): Promise<WebTriggerResponse> {
  const config = await c.deps.idpKeys.config();
  return { statusCode: 200, headers: { 'Content-Type': ['application/x-pem-file'], 'Cache-Control': ['no-cache'], 'X-Content-Type-Options': ['nosniff'], 'Content-Disposition': ['attachment; filename="portal-access-idp.pem"'] }, body: activeKey(config).pem };
}
