import { newPending, type PendingSignIn } from '../../domain/saml/pending';
import type { Deps } from '../../flows/deps';
import { nowSec } from '../../flows/deps';
import { requestEmailCode, submitEmailCode } from '../../flows/sign-in/email-code';
import { readFor, type SignInOutcome } from '../../flows/sign-in/respond';
import type { Locale } from '../../i18n/locale';
import { emailCodePage } from './email-code-views';
import { clientAddress, redirect, type PageRequest, type WebTriggerResponse } from './http';
import * as sso from './sso-views';
import type { SsoRouteContext } from './sso-routes';

/**
 * "Email me a sign-in code" on the customer pages (issue 22; docs/sign-in.md), plain form posts:
 *   POST sign-in/email-code          identifier (or `resend` = the pending sign-in's own) → the code is queued,
 *                                    303 to the sign-in page, which shows "Check your email" and the code form
 *   POST sign-in/email-code/verify   the code → signed in (the hand-back, or the log-in page's success), the
 *                                    second step where two-step verification applies, or the code form again
 *   POST login/email-code            the app's own log-in page: a pending sign-in (log-in check) is started first
 * Every answer to a request is the same for known and unknown addresses.
 */
export const EMAIL_CODE_ROUTES = ['POST sign-in/email-code', 'POST sign-in/email-code/verify'] as const;

/** What was typed as the identifier: trimmed, 1–254 characters, no control or space characters. */
export function identifierOf(raw: string): string | undefined {
  const value = raw.trim();
  return value.length > 0 && value.length <= 254 && /^[^\p{Cc}\s]+$/u.test(value) ? value : undefined;
}

/** The app's own log-in page asks for a code: a pending sign-in (log-in check) carries it, as its second step does. */
export async function startLoginByEmailCode(deps: Deps, req: PageRequest, locale: Locale, identifier: string): Promise<string | undefined> {
  const reference = deps.randomBytes(32).toString('base64url');
  const pending: PendingSignIn = newPending({ nowSec: nowSec(deps), kind: { type: 'login-page' } });
  const asked = await requestEmailCode(deps, reference, pending, { identifier, locale, clientAddress: clientAddress(req) });
  return asked === 'sent' ? reference : undefined;
}

export async function emailCodeRoute(
  route: (typeof EMAIL_CODE_ROUTES)[number],
  c: SsoRouteContext,
  answer: (c: SsoRouteContext, reference: string, outcome: SignInOutcome) => WebTriggerResponse,
): Promise<WebTriggerResponse> {
  const { deps, req } = c;
  const reference = c.field('request');
  const here = c.ctx('sign-in', { request: reference });
  if (route === 'POST sign-in/email-code') {
    const found = await readFor(deps, reference, c.read);
    if (found.state !== 'valid') return answer(c, reference, { state: 'request', request: found.state });
    const identifier = c.field('resend') === '1' ? found.pending.emailCode?.identifier : identifierOf(c.field('identifier'));
    if (!c.settings.signInMethods.emailCode) return c.page(403, sso.signInPage(here, { reference, notice: 'code-off' }));
    if (!identifier) return c.page(400, sso.signInPage(here, { reference, notice: 'identifier-missing' }));
    await requestEmailCode(deps, reference, found.pending, { identifier, locale: here.locale, clientAddress: clientAddress(req) });
    return redirect(`${c.base}/sign-in?${new URLSearchParams({ request: reference, lang: here.locale })}`);
  }
  const outcome = await submitEmailCode(deps, { reference, code: c.field('code') }, c.read);
  if (outcome.state !== 'email-code') return answer(c, reference, outcome);
  const code = outcome.outcome;
  if (code.state === 'wrong') {
    const wrongLeft = code.malformed ? undefined : code.left;
    const view = { reference, identifier: code.identifier, wrongLeft, malformed: code.malformed, loginCheck: code.loginCheck };
    return c.page(code.malformed ? 400 : 401, emailCodePage(here, view));
  }
  return c.page(code.state === 'off' ? 403 : 401, sso.signInPage(here, { reference, notice: code.state === 'off' ? 'code-off' : 'code-voided' }));
}
