import type { Customer } from '../../domain/customer';
import { certificateBase64 } from '../../saml/certificates';
import { activeKey } from '../../domain/saml/keys';
import { idpMetadata } from '../../domain/saml/metadata';
import { handBackFormAction } from '../../domain/saml/service-provider';
import { PENDING_REQUEST_SEC } from '../../domain/saml/constants';
import type { Settings } from '../../domain/settings';
import type { Deps } from '../../flows/deps';
import { continueAfterCodes, readFor, signIn, smsStep, submitCode, submitEnrolment, type PendingRead, type SignInOutcome } from '../../flows/sign-in/respond';
import { nextStep } from '../../domain/sign-in-flow';
import { enrolmentKey } from '../../flows/sign-in/second-step';
import { groupsOfFour, otpauthUri } from '../../domain/factors/totp';
import { hasSecondFactor } from '../../domain/two-step';
import type { PendingSignIn } from '../../domain/saml/pending';
import QRCode from 'qrcode';
import { startSignIn } from '../../flows/sign-in/start';
import { BROWSER_COOKIE, BROWSER_VALUE, browserAllowed, browserOf, crossSitePost } from '../../domain/saml/browser-binding';
import { clientAddress, redirect, securityHeaders, type PageRequest, type WebTriggerResponse } from './http';
import * as sso from './sso-views';
import { signedInPage, type PageContext } from './views';
import { EMAIL_CODE_ROUTES, emailCodeRoute } from './email-code-routes';
import { emailCodePage } from './email-code-views';
import { signInOptionsRoute, signInWithPasskeyRoute } from './passkey-routes';
import { passkeyOffer } from './passkey-views';

/**
 * The identity provider's routes on the customer-pages web trigger:
 *   GET|POST saml/sso         the SSO URL (HTTP-Redirect and HTTP-POST bindings) → 303 to sign-in
 *   GET|POST sign-in          the sign-in form of a pending request (`request` = its reference)
 *   GET saml/metadata         IdP metadata XML;  GET saml/certificate.pem  the active certificate
 * The pending request's reference also goes into a cookie (path of the trigger), so that after "Forgot your
 * password?" the reset's "Back to sign in" can resume it (see docs/platform-assumptions.md: Set-Cookie).
 * The start also sets `pa_browser` (a random value; the pending sign-in keeps its hash), and every POST step
 * passes `browserGate` first: a sign-in finishes only in the browser that started it (login CSRF).
 */
export const SSO_ROUTES = ['GET saml/sso', 'POST saml/sso', 'GET sign-in', 'POST sign-in', 'POST sign-in/code', 'POST sign-in/enrol', 'POST sign-in/continue', 'POST sign-in/sms', 'POST sign-in/resend', 'POST sign-in/phone', ...EMAIL_CODE_ROUTES, 'POST sign-in/passkey/options', 'POST sign-in/passkey', 'GET saml/metadata', 'GET saml/certificate.pem'] as const;
export const SSO_COOKIE = 'pa_sso';

export interface SsoRouteContext {
  deps: Deps;
  req: PageRequest;
  settings: Settings;
  base: string;
  ctx: (route: string, params?: Record<string, string>) => PageContext;
  page: (statusCode: number, body: string) => WebTriggerResponse;
  field: (name: string) => string;
  /** The pending sign-in this step names, as read once at the start of the request (src/surfaces/pages/router.ts). */
  read?: PendingRead;
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

export async function ssoRoute(route: (typeof SSO_ROUTES)[number], c: SsoRouteContext): Promise<WebTriggerResponse> {
  const { deps, req, settings } = c;
  const helpCenter = settings.sso.helpCenterUrl;
  switch (route) {
    case 'GET saml/sso':
    case 'POST saml/sso': {
      const post = route === 'POST saml/sso';
      const samlRequest = post ? c.field('SAMLRequest') : req.query('SAMLRequest');
      const relayState = post ? (req.form instanceof URLSearchParams ? (req.form.get('RelayState') ?? undefined) : undefined) : req.query('RelayState');
      // IdP-initiated sign-in is not offered: sign-in starts at the help center (docs/saml.md).
      if (!samlRequest) return c.page(400, sso.idpInitiatedPage(c.ctx('saml/sso'), helpCenter));
      // This browser's value: the one it already has (several sign-ins in tabs), or a new one.
      const browser = browserCookie(req) ?? deps.randomBytes(32).toString('base64url');
      const started = await startSignIn(deps, { samlRequest, relayState, binding: post ? 'post' : 'redirect', ssoUrl: `${c.base}/saml/sso`, browser });
      if (!started.ok) return c.page(started.problem === 'unknown-sp' || started.problem === 'not-configured' ? 403 : 400, sso.requestProblemPage(c.ctx('saml/sso'), started.problem, helpCenter, started.issuer));
      if ('post' in started) return answer(c, '', { state: 'post', ...started.post });
      const next = redirect(`${c.base}/sign-in?${new URLSearchParams({ request: started.reference, lang: c.ctx('').locale })}`);
      return { ...next, headers: { ...next.headers, 'Set-Cookie': [cookieHeader(c.base, browser, BROWSER_COOKIE)] } };
    }
    case 'GET sign-in': {
      const reference = req.query('request') ?? '';
      const found = await readFor(deps, reference, c.read);
      const here = c.ctx('sign-in', { request: reference });
      if (found.state !== 'valid') return c.page(found.state === 'unknown' ? 404 : 410, sso.requestStatePage(here, found.state, helpCenter));
      const { kind } = found.pending;
      const next = nextStep(found.pending);
      if (next.step === 'second-factor') return secondStepPage(c, reference, found.pending, { recovery: req.query('recovery') === '1' });
      if (next.step === 'email-code' && req.query('other') !== '1') {
        return c.page(200, emailCodePage(here, { reference, identifier: next.identifier, loginCheck: kind.type === 'login-page' }));
      }
      // The first factor (a passkey-add flow, never linked to this page, shows it too, as it always did).
      const response = c.page(200, sso.signInPage(here, { reference, identifier: kind.type === 'test' ? kind.identifier : undefined, test: kind.type === 'test' }));
      return { ...response, headers: { ...response.headers, 'Set-Cookie': [cookieHeader(c.base, reference)] } };
    }
    case 'POST sign-in': {
      const reference = c.field('request');
      const identifier = c.field('identifier').trim().slice(0, 254);
      const password = c.field('password');
      const here = c.ctx('sign-in', { request: reference });
      const found = await readFor(deps, reference, c.read);
      if (!identifier || !password || password.length > 1024) {
        if (found.state !== 'valid') return c.page(found.state === 'unknown' ? 404 : 410, sso.requestStatePage(here, found.state, helpCenter));
        return c.page(400, sso.signInPage(here, { reference, identifier, failed: true, test: found.pending.kind.type === 'test' }));
      }
      const outcome = await signIn(deps, { reference, identifier, password, clientAddress: clientAddress(req) }, found);
      if (outcome.state === 'failed' || outcome.state === 'too-many') {
        return c.page(outcome.state === 'too-many' ? 429 : 401, sso.signInPage(here, { reference, identifier, failed: outcome.state === 'failed', tooMany: outcome.state === 'too-many' }));
      }
      return answer(c, reference, outcome);
    }
    case 'POST sign-in/code': {
      const reference = c.field('request');
      const recovery = c.field('recovery') === '1';
      const outcome = await submitCode(deps, { reference, code: c.field('code'), recovery }, c.read);
      if (outcome.state !== 'code') return answer(c, reference, outcome);
      const here = c.ctx('sign-in', { request: reference });
      // The pending sign-in and the entry as the wrong code left them (no read again).
      const then = outcome.outcome.state === 'wrong' ? outcome.outcome.then : undefined;
      if (outcome.outcome.state === 'wrong' && then?.pending.stage) {
        return secondStepPage(c, reference, then.pending, { recovery, wrongLeft: outcome.outcome.left }, then.entry);
      }
      return c.page(401, sso.signInPage(here, { reference, notice: outcome.outcome.state === 'locked' ? 'locked' : 'voided' }));
    }
    case 'POST sign-in/enrol': {
      const reference = c.field('request');
      const outcome = await submitEnrolment(deps, { reference, code: c.field('code') }, c.read);
      if (outcome.state !== 'code') return answer(c, reference, outcome);
      const here = c.ctx('sign-in', { request: reference });
      if (outcome.outcome.state === 'enrolled') return c.page(200, sso.recoveryCodesPage(here, { reference, codes: outcome.outcome.codes, portal: settings.branding.portalName }));
      const then = outcome.outcome.state === 'wrong' ? outcome.outcome.then : undefined;
      if (outcome.outcome.state === 'wrong' && then?.pending.stage) return secondStepPage(c, reference, then.pending, { wrongLeft: outcome.outcome.left });
      return c.page(401, sso.signInPage(here, { reference, notice: outcome.outcome.state === 'locked' ? 'locked' : 'voided' }));
    }
    case 'POST sign-in/sms':
    case 'POST sign-in/resend':
    case 'POST sign-in/phone': {
      const reference = c.field('request');
      const action = route === 'POST sign-in/sms' ? 'choose' : route === 'POST sign-in/resend' ? 'resend' : 'phone';
      const phone = c.field('phone').slice(0, 40);
      const found = await readFor(deps, reference, c.read);
      const outcome = await smsStep(deps, { reference, action, phone }, found);
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
    case 'POST sign-in/continue': {
      const reference = c.field('request');
      const found = await readFor(deps, reference, c.read);
      if (c.field('saved') !== '1' && found.state === 'valid' && found.pending.stage?.step === 'codes') {
        return c.page(400, sso.recoveryCodesPage(c.ctx('sign-in', { request: reference }), { reference, codes: [], portal: settings.branding.portalName, missingConfirm: true }));
      }
      return answer(c, reference, await continueAfterCodes(deps, reference, found));
    }
    case 'POST sign-in/email-code':
    case 'POST sign-in/email-code/verify':
      return emailCodeRoute(route, c, answer);
    case 'POST sign-in/passkey/options':
      return signInOptionsRoute(deps, c.field('request'), c.read);
    case 'POST sign-in/passkey': {
      const reference = c.field('request');
      const found = await readFor(deps, reference, c.read);
      const outcome = await signInWithPasskeyRoute(deps, reference, c.field('credential'), found);
      if (outcome.state !== 'passkey-refused') return answer(c, reference, outcome);
      // Refused: the sign-in page again, for the pending sign-in as this request read it (a refusal only took its challenge).
      const here = c.ctx('sign-in', { request: reference });
      if (found.state !== 'valid') return c.page(found.state === 'unknown' ? 404 : 410, sso.requestStatePage(here, found.state, helpCenter));
      return c.page(401, sso.signInPage(here, { reference, passkeyRefused: true, test: found.pending.kind.type === 'test' }));
    }
    case 'GET saml/metadata': {
      const config = await deps.idpKeys.config();
      const body = idpMetadata({ entityId: config.entityId, ssoUrl: `${c.base}/saml/sso`, certificates: config.keys.map((k) => certificateBase64(k.pem)) });
      return { statusCode: 200, headers: { 'Content-Type': ['application/samlmetadata+xml; charset=utf-8'], 'Cache-Control': ['no-cache'], 'X-Content-Type-Options': ['nosniff'], 'Content-Disposition': ['inline; filename="portal-access-idp-metadata.xml"'] }, body };
    }
    case 'GET saml/certificate.pem': {
      const config = await deps.idpKeys.config();
      return { statusCode: 200, headers: { 'Content-Type': ['application/x-pem-file'], 'Cache-Control': ['no-cache'], 'X-Content-Type-Options': ['nosniff'], 'Content-Disposition': ['attachment; filename="portal-access-idp.pem"'] }, body: activeKey(config).pem };
    }
  }
  throw new Error('unreachable');
}

/** The page of a pending sign-in's second step: the code (or a recovery code), enrolment, or the codes shown once. */
async function secondStepPage(
  c: SsoRouteContext,
  reference: string,
  pending: PendingSignIn,
  opts: { recovery?: boolean; wrongLeft?: number; limit?: boolean; phone?: string },
  entry?: Customer,
): Promise<WebTriggerResponse> {
  const stage = pending.stage!;
  const here = c.ctx('sign-in', { request: reference });
  const customer = entry?.id === stage.customerId ? entry : await c.deps.directory.get(stage.customerId);
  if (!customer) return c.page(404, sso.requestStatePage(here, 'unknown', c.settings.sso.helpCenterUrl));
  const status = opts.limit ? 429 : opts.wrongLeft === undefined ? 200 : 401;
  const smsAllowed = c.settings.twoStep.methods.sms;
  if (stage.step === 'verify' && hasSecondFactor(customer)) {
    return c.page(
      status,
      sso.codePage(here, {
        reference,
        recovery: Boolean(opts.recovery && customer.twoStep?.recovery),
        wrongLeft: opts.wrongLeft,
        hasRecovery: Boolean(customer.twoStep?.recovery),
        sms: stage.method === 'sms' && stage.masked ? { masked: stage.masked } : undefined,
        canSwitchToSms: stage.method !== 'sms' && smsAllowed && Boolean(customer.twoStep?.sms),
        limit: opts.limit,
      }),
    );
  }
  if (stage.step === 'enrol' && stage.method === 'sms') {
    if (!stage.masked) return c.page(opts.limit ? 429 : 200, sso.phonePage(here, { reference, phone: opts.phone, limit: opts.limit }));
    return c.page(
      status,
      sso.codePage(here, {
        reference,
        recovery: false,
        wrongLeft: opts.wrongLeft,
        hasRecovery: false,
        sms: { masked: stage.masked },
        limit: opts.limit,
        action: 'sign-in/enrol',
      }),
    );
  }
  if (stage.step === 'enrol') {
    const key = await enrolmentKey(c.deps, stage);
    if (key) {
      const uri = otpauthUri({ issuer: c.settings.branding.portalName, account: customer.username, secret: key });
      const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return c.page(
        status,
        sso.enrolPage(here, { reference, qrSvg, key: groupsOfFour(key), account: customer.username, wrongLeft: opts.wrongLeft, canUseSms: smsAllowed }),
      );
    }
  }
  if (stage.step === 'codes') return c.page(200, sso.recoveryCodesPage(here, { reference, codes: [], portal: c.settings.branding.portalName }));
  return c.page(410, sso.requestStatePage(here, 'expired', c.settings.sso.helpCenterUrl));
}

/** What a finished step leads to: the next page (303 back to the sign-in), the hand-back form, the test report, or why not. */
function answer(c: SsoRouteContext, reference: string, outcome: SignInOutcome): WebTriggerResponse {
  const here = c.ctx('sign-in', { request: reference });
  const helpCenter = c.settings.sso.helpCenterUrl;
  switch (outcome.state) {
    case 'request':
      return c.page(outcome.request === 'unknown' ? 404 : 410, sso.requestStatePage(here, outcome.request, helpCenter));
    case 'not-configured':
      return c.page(403, sso.requestProblemPage(here, 'not-configured', helpCenter));
    case 'failed':
    case 'too-many':
      return c.page(outcome.state === 'too-many' ? 429 : 401, sso.signInPage(here, { reference, failed: outcome.state === 'failed', tooMany: outcome.state === 'too-many' }));
    case 'second-step':
      return redirect(`${c.base}/sign-in?${new URLSearchParams({ request: reference, lang: here.locale })}`);
    case 'tested':
      return c.page(200, sso.testReportPage(here, outcome));
    case 'enrolled':
      return redirect(`${c.base}/reset/done?${new URLSearchParams({ lang: here.locale, kind: 'invite', twostep: '1' })}`);
    case 'checked':
      // The app's own log-in page, after its second step: the same answer as a log-in without one.
      return c.page(200, signedInPage(c.ctx('login'), outcome.customer, outcome.offer ? passkeyOffer(c.ctx('login'), { reference: outcome.offer.reference, from: outcome.offer.from }) : undefined));
    case 'post':
      return {
        statusCode: 200,
        headers: { ...securityHeaders(here.nonce, here.locale, handBackFormAction(outcome.acsUrl)), 'Set-Cookie': [`${SSO_COOKIE}=; Path=${new URL(c.base).pathname || '/'}; Max-Age=0; HttpOnly; SameSite=Lax`] },
        body: sso.autoPostPage(here, outcome),
      };
  }
}
