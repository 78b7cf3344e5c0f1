import type { Customer } from '../../domain/customer';
import { groupsOfFour, otpauthUri } from '../../domain/factors/totp';
import type { PendingSignIn } from '../../domain/saml/pending';
import { handBackFormAction } from '../../domain/saml/service-provider';
import type { Settings } from '../../domain/settings';
import { hasSecondFactor } from '../../domain/two-step';
import type { Deps } from '../../flows/deps';
import type { PendingRead, SignInOutcome } from '../../flows/sign-in/respond';
import { enrolmentKey } from '../../flows/sign-in/second-step';
import QRCode from 'qrcode';
import { redirect, securityHeaders, type PageRequest, type WebTriggerResponse } from './http';
import { passkeyOffer } from './passkey-views';
import * as sso from './sso-views';
import { signedInPage, type PageContext } from './views';

/*
 * What the identity provider's routes (src/surfaces/pages/sso-routes.ts) show after a step: the page of the second
 * step a pending sign-in is at, and where a finished step leads (the next page, the hand-back, the report, or why not).
 */
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

/** The page of a pending sign-in's second step: the code (or a recovery code), enrolment, or the codes shown once. */
export async function secondStepPage(
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
export function answer(c: SsoRouteContext, reference: string, outcome: SignInOutcome): WebTriggerResponse {
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
