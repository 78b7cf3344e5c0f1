import * as z from 'zod';
import { commonPasswordsAtLeast } from '../../domain/common-passwords';
import type { Settings } from '../../domain/settings';
import { completeLink, viewLink, type LinkView } from '../../flows/complete-reset';
import { type Deps } from '../../flows/deps';
import { login } from '../../flows/login';
import { acceptResetRequest } from '../../flows/request-reset';
import { loadLogo } from '../../forge/logo';
import type { MessageId } from '../../i18n/messages';
import type { Locale } from '../../i18n/locale';
import { clientAddress, redirect, type PageRequest, type WebTriggerResponse } from './http';
import * as views from './views';
import { cookieReference } from './sso-routes';
import { pendingOf } from '../../flows/sign-in/respond';
import { startEnrolmentAfterRegistration, startLoginCheck } from '../../flows/sign-in/start';
import { stepAfterPassword } from '../../domain/two-step';
import { REFERENCE } from '../../domain/saml/pending';
import { identifierOf, startLoginByEmailCode } from './email-code-routes';
import { offerPasskey, startProfileAdd } from '../../flows/passkey-add';
import { passkeyOffer } from './passkey-views';
import type { SignInCustomer } from '../../flows/login';
import type { Markup } from './html';

/*
 * The customer pages' own routes (the table in src/surfaces/pages/router.ts): log in (password or an emailed code),
 * "Forgot your password?", create a new password from a link, the logo. GET never changes anything (mail scanners
 * prefetch links); every POST is a plain form.
 */

/** What a customer-pages route is given: the request, the settings, and the page helpers of this request. */
export interface Pages {
  deps: Deps;
  req: PageRequest;
  settings: Settings;
  base: string;
  locale: Locale;
  ctx: (route: string, params?: Record<string, string>) => views.PageContext;
  page: (statusCode: number, body: string) => WebTriggerResponse;
  loginPage: (here: views.PageContext, state?: views.LoginState) => string;
}

/** After a log-in on the app's own page: "Add a passkey" (reached from the profile) or the offer, where they apply. */
async function loginOffer(deps: Deps, here: views.PageContext, customer: SignInCustomer, fromProfile: boolean): Promise<Markup | undefined> {
  const reference = fromProfile ? await startProfileAdd(deps, customer) : await offerPasskey(deps, customer, ['password']);
  return reference ? passkeyOffer(here, { reference, from: fromProfile ? 'profile' : 'sign-in' }) : undefined;
}

const identifierSchema = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'input.required').max(254, 'input.tooLong').regex(/^[^\p{Cc}\s]+$/u, 'input.invalid'));
const passwordSchema = z.string().max(1024, 'input.tooLong');
const tokenSchema = z.string().max(200);

export function field(req: PageRequest, name: string): string {
  return req.form instanceof URLSearchParams ? (req.form.get(name) ?? '') : '';
}

/** The create-password form for a valid link, optionally with the outcome of a rejected submission. */
function passwordForm(token: string, view: Extract<LinkView, { state: 'valid' }>, outcome: Partial<views.PasswordFormState> = {}): views.PasswordFormState {
  return {
    purpose: view.purpose,
    token,
    username: view.username,
    policy: view.policy,
    personal: [view.personal.username ?? '', view.personal.emailLocalPart ?? ''],
    secondFactor: view.secondFactor.required ? { recovery: view.secondFactor.recovery } : undefined,
    common: commonPasswordsAtLeast(view.policy.minLength, 5000),
    ...outcome,
  };
}

/** A pending help-center sign-in's reference carried through "Forgot your password?" (well-formed ones only). */
function signInReference(value: string | undefined): Record<string, string> {
  return value && REFERENCE.test(value) ? { request: value } : {};
}

function firstIssue(error: z.ZodError): MessageId {
  return (error.issues[0]?.message as MessageId) ?? 'input.invalid';
}

/**
 * The uploaded logo. Its URL carries the content hash, so a matching request may be cached for a year;
 * anything else is answered fresh. The body is base64 with `isBase64Encoded` (binary through a web trigger).
 */
async function logoResponse(version: string | undefined): Promise<WebTriggerResponse> {
  const logo = await loadLogo();
  if (!logo) return { statusCode: 404, headers: { 'Content-Type': ['text/plain; charset=utf-8'], 'Cache-Control': ['no-store'], 'X-Content-Type-Options': ['nosniff'] }, body: 'No logo' };
  return {
    statusCode: 200,
    headers: {
      'Content-Type': [logo.type],
      'Cache-Control': [version === logo.hash ? 'public, max-age=31536000, immutable' : 'no-cache'],
      'X-Content-Type-Options': ['nosniff'],
      'Content-Security-Policy': ["default-src 'none'; sandbox"],
      'Cross-Origin-Resource-Policy': ['cross-origin'],
      'Referrer-Policy': ['no-referrer'],
    },
    body: logo.data,
    isBase64Encoded: true,
  };
}

/** GET (the trigger's root) | GET login: the log-in page (`next=passkey`: reached from the profile's "Add a passkey"). */
export function showLogin(p: Pages): WebTriggerResponse {
  const { req, ctx, page, loginPage } = p;
  return page(200, loginPage(ctx('login', req.query('next') === 'passkey' ? { next: 'passkey' } : undefined)));
}

/** POST login: the password; a second step goes on at sign-in. */
export async function logIn(p: Pages): Promise<WebTriggerResponse> {
  const { deps, req, settings, base, locale, ctx, page, loginPage } = p;
  const identifier = identifierSchema.safeParse(field(req, 'identifier'));
  const password = passwordSchema.safeParse(field(req, 'password'));
  const next = field(req, 'next') === 'passkey' ? { next: 'passkey' } : undefined;
  if (!identifier.success || !password.success || password.data === '') {
    return page(400, loginPage(ctx('login', next), { identifier: field(req, 'identifier').slice(0, 254), failed: true }));
  }
  const result = await login(deps, { identifier: identifier.data, password: password.data, clientAddress: clientAddress(req) });
  if (result.state === 'ok') {
    // Two-step verification on: the same second step as a help-center sign-in (its pages and rules).
    const step = stepAfterPassword(settings.twoStep, result.customer);
    if (step === 'done') return page(200, views.signedInPage(ctx('login'), result.customer, await loginOffer(deps, ctx('login'), result.customer, !!next)));
    const reference = await startLoginCheck(deps, result.customer, step, result.entry, !!next);
    return redirect(`${base}/sign-in?${new URLSearchParams({ request: reference, lang: locale })}`);
  }
  return page(result.state === 'too-many' ? 429 : 401, loginPage(ctx('login', next), { identifier: identifier.data, failed: result.state === 'failed', tooMany: result.state === 'too-many' }));
}

/** POST login/email-code: "Email me a sign-in code" on the log-in page. */
export async function logInByEmailCode(p: Pages): Promise<WebTriggerResponse> {
  const { deps, req, settings, base, locale, ctx, page, loginPage } = p;
  // "Email me a sign-in code" on the app's own log-in page (issue 22): on to the code page of a new pending sign-in.
  const identifier = identifierOf(field(req, 'identifier'));
  if (!settings.signInMethods.emailCode) return page(403, loginPage(ctx('login'), { notice: 'emailcode.off' }));
  if (!identifier) return page(400, loginPage(ctx('login'), { notice: 'emailcode.identifierMissing' }));
  const reference = await startLoginByEmailCode(deps, req, locale, identifier);
  return reference ? redirect(`${base}/sign-in?${new URLSearchParams({ request: reference, lang: locale })}`) : page(403, loginPage(ctx('login'), { notice: 'emailcode.off' }));
}

/** GET forgot: "Forgot your password?". */
export function showForgot(p: Pages): WebTriggerResponse {
  const { req, ctx, page } = p;
  return page(200, views.forgotPage(ctx('forgot', signInReference(req.query('request')))));
}

/** POST forgot: a reset asked for (the same answer for every address). */
export async function requestReset(p: Pages): Promise<WebTriggerResponse> {
  const { deps, req, base, locale, ctx, page } = p;
  const identifier = identifierSchema.safeParse(field(req, 'identifier'));
  if (!identifier.success) {
    return page(400, views.forgotPage(ctx('forgot', signInReference(field(req, 'request'))), { identifier: field(req, 'identifier').slice(0, 254), error: firstIssue(identifier.error) }));
  }
  const accepted = await acceptResetRequest(deps, { identifier: identifier.data, locale, clientAddress: clientAddress(req) });
  const back = new URLSearchParams({ lang: locale, ...signInReference(field(req, 'request')) });
  return redirect(`${base}/forgot/${accepted.internalUrl === undefined ? 'sent' : 'internal'}?${back}`);
}

/** GET forgot/sent: "Check your email". */
export function resetSent(p: Pages): WebTriggerResponse {
  const { req, settings, locale, ctx, page } = p;
  return page(200, views.sentPage(ctx('forgot/sent', signInReference(req.query('request'))), settings.resetLinkMinutes, { contact: settings.help.contact[locale], spamHint: settings.help.spamHint[locale] }));
}

/** GET forgot/internal: an internal (staff) address: where to reset instead. */
export function internalAccount(p: Pages): WebTriggerResponse {
  const { settings, ctx, page } = p;
  return page(200, views.internalPage(ctx('forgot/internal'), settings.internal.url));
}

/** GET logo: the uploaded logo. */
export function logo(p: Pages): Promise<WebTriggerResponse> {
  const { req } = p;
  return logoResponse(req.query('v'));
}

/** GET reset: the create-password form of a link (GET never consumes it). */
export async function showReset(p: Pages): Promise<WebTriggerResponse> {
  const { deps, req, ctx, page } = p;
  const token = tokenSchema.safeParse(req.query('token') ?? '');
  const view = token.success ? await viewLink(deps, token.data) : ({ state: 'invalid' } as const);
  const here = ctx('reset', token.success ? { token: token.data } : {});
  if (view.state !== 'valid') return page(view.state === 'expired' ? 410 : 404, views.linkProblemPage(here, view.state));
  return page(200, views.passwordPage(here, passwordForm(token.data!, view, { recovery: req.query('recovery') === '1' })));
}

/** POST reset: the new password (consumes the link). */
export async function setPassword(p: Pages): Promise<WebTriggerResponse> {
  const { deps, req, base, locale, ctx, page } = p;
  const token = tokenSchema.safeParse(field(req, 'token'));
  const password = passwordSchema.safeParse(field(req, 'password'));
  const confirm = passwordSchema.safeParse(field(req, 'confirm'));
  const here = ctx('reset', token.success ? { token: token.data } : {});
  if (!token.success) return page(404, views.linkProblemPage(here, 'invalid'));
  if (!password.success || !confirm.success || password.data === '') {
    const view = await viewLink(deps, token.data);
    if (view.state !== 'valid') return page(view.state === 'expired' ? 410 : 404, views.linkProblemPage(here, view.state));
    return page(400, views.passwordPage(here, passwordForm(token.data, view, { missing: true })));
  }
  const recovery = field(req, 'recovery') === '1';
  const result = await completeLink(deps, { token: token.data, password: password.data, confirm: confirm.data, clientAddress: clientAddress(req), code: field(req, 'code').slice(0, 64), recovery });
  switch (result.state) {
    case 'done': {
      // Registration where two-step verification is required: its enrolment follows at once.
      const enrol = result.purpose === 'invite' ? await startEnrolmentAfterRegistration(deps, result.customerId) : undefined;
      if (enrol) return redirect(`${base}/sign-in?${new URLSearchParams({ request: enrol, lang: locale })}`);
      return redirect(`${base}/reset/done?lang=${locale}${result.purpose === 'invite' ? '&kind=invite' : ''}`);
    }
    case 'too-many':
      return page(429, views.messagePage(here, { title: 'page.tooMany.title', body: 'page.tooMany.body' }));
    case 'rejected':
      return page(
        400,
        views.passwordPage(
          here,
          passwordForm(token.data, result.view, { criteria: result.criteria, mismatch: result.mismatch, code: result.code, recovery }),
        ),
      );
    case 'locked':
      return page(429, views.messagePage(here, { title: 'page.tooMany.title', body: 'twostep.code.locked' }));
    case 'expired':
    case 'invalid':
    default:
      return page(result.state === 'expired' ? 410 : 404, views.linkProblemPage(here, result.state));
  }
}

/** GET reset/done: done, with "Back to sign in" where a sign-in waits. */
export async function resetDone(p: Pages): Promise<WebTriggerResponse> {
  const { deps, req, settings, ctx, page } = p;
  const kind = req.query('kind') === 'invite' ? 'invite' : 'reset';
  // A help-center sign-in this browser started (and that is still open) is resumed by "Back to sign in".
  const reference = cookieReference(req);
  const resume = reference && (await pendingOf(deps, reference)).state === 'valid' ? reference : undefined;
  return page(200, views.donePage(ctx('reset/done', kind === 'invite' ? { kind } : {}), kind, resume, req.query('twostep') === '1', settings.sso.helpCenterUrl));
}
