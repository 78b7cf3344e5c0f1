import * as z from 'zod';
import { commonPasswordsAtLeast } from '../../domain/common-passwords';
import type { Settings } from '../../domain/settings';
import { completeLink, viewLink, type LinkView } from '../../flows/complete-reset';
import { nowSec, type Deps } from '../../flows/deps';
import { login } from '../../flows/login';
import { acceptResetRequest } from '../../flows/request-reset';
import { loadLogo } from '../../forge/logo';
import type { MessageId } from '../../i18n/messages';
import { clientAddress, newNonce, parseRequest, pickLocale, redirect, securityHeaders, type PageRequest, type WebTriggerRequest, type WebTriggerResponse } from './http';
import * as views from './views';
import { browserGate, cookieReference, SSO_ROUTES, ssoRoute } from './sso-routes';
import { otherBrowserPage } from './sso-views';
import { judgedRead, pendingOf } from '../../flows/sign-in/respond';
import { startEnrolmentAfterRegistration, startLoginCheck } from '../../flows/sign-in/start';
import { stepAfterPassword } from '../../domain/two-step';
import { REFERENCE } from '../../domain/saml/pending';
import { diagnosticsStore } from '../../forge/diagnostics';
import { diagnosticsProbe, PROBE_ROUTE } from './diagnostics-probe';
import { identifierOf, startLoginByEmailCode } from './email-code-routes';
import { relyingParty } from '../../domain/passkeys';
import { PASSKEY_ROUTES, passkeyRoute as passkeyRouteOf } from './passkey-routes';
import { offerPasskey, startProfileAdd } from '../../flows/passkey-add';
import { loginPasskey, passkeyOffer } from './passkey-views';
import type { SignInCustomer } from '../../flows/login';
import type { Markup } from './html';

/** After a log-in on the app's own page: "Add a passkey" (reached from the profile) or the offer, where they apply. */
async function loginOffer(deps: Deps, here: views.PageContext, customer: SignInCustomer, fromProfile: boolean): Promise<Markup | undefined> {
  const reference = fromProfile ? await startProfileAdd(deps, customer) : await offerPasskey(deps, customer, ['password']);
  return reference ? passkeyOffer(here, { reference, from: fromProfile ? 'profile' : 'sign-in' }) : undefined;
}

/**
 * The customer pages, served by the `customer-pages` web trigger: log in, forgot password, create new
 * password. GET never changes anything (mail scanners prefetch links); every POST is a plain form.
 */
const identifierSchema = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'input.required').max(254, 'input.tooLong').regex(/^[^\p{Cc}\s]+$/u, 'input.invalid'));
const passwordSchema = z.string().max(1024, 'input.tooLong');
const tokenSchema = z.string().max(200);

function field(req: PageRequest, name: string): string {
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

/**
 * The pending sign-in a sign-in step names (`request`, query or form; well-formed only) is read before anything
 * else, once per request: that one KVS request also brings the settings and the IdP configuration when this
 * instance's copies are stale (src/forge/pending-sign-ins.ts). It is passed to the step (`SsoRouteContext.read`),
 * which reads it no more, so a step costs no extra read on an instance that has been idle (the code step: this read,
 * the secret, one transaction), and the page after a step is drawn from what the step wrote.
 */
function stepReference(req: PageRequest, route: (typeof SSO_ROUTES)[number] | undefined): string | undefined {
  if (!route?.includes(' sign-in')) return undefined;
  const reference = req.method === 'GET' ? req.query('request') : field(req, 'request');
  return reference && REFERENCE.test(reference) ? reference : undefined;
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

export function customerPages(deps: Deps) {
  return async (request: WebTriggerRequest): Promise<WebTriggerResponse> => {
    const req = parseRequest(request);
    const locale = pickLocale(req);
    const nonce = newNonce();
    let settings: Settings | undefined;
    let base = '';
    const ctx = (route: string, params?: Record<string, string>): views.PageContext => ({
      locale, nonce, base, branding: settings!.branding, here: { route, params }, methods: settings!.signInMethods,
      passkeys: settings!.signInMethods.passkey && relyingParty(base) !== undefined,
    });
    const page = (statusCode: number, body: string): WebTriggerResponse => ({ statusCode, headers: securityHeaders(nonce, locale), body });
    const loginPage = (here: views.PageContext, state?: views.LoginState) => views.loginPage(here, state, here.passkeys ? loginPasskey(here) : undefined);

    try {
      const route = `${req.method} ${req.route}`;
      // The admin section "Diagnostics" probes the trigger with a one-time token; without one, this is a 404 like any unknown page.
      const probe = req.route === PROBE_ROUTE ? await diagnosticsProbe(diagnosticsStore, request, req.query('step')) : undefined;
      if (probe) return probe;
      const sso = SSO_ROUTES.find((r) => r === route);
      const reference = stepReference(req, sso);
      const early = reference ? deps.pendingSignIns.get(reference) : undefined;
      [settings, base] = await Promise.all([early ? early.then(() => deps.settings.load()) : deps.settings.load(), deps.urls.customerPagesBase()]);
      if (req.form === 'too-large' || req.form === 'bad-type') {
        return page(req.form === 'too-large' ? 413 : 415, views.messagePage(ctx(req.route), { title: 'page.badRequest.title', body: 'page.error.body' }, views.backToLogin(ctx(req.route))));
      }
      if (sso) {
        const pending = early ? await early : undefined;
        // Every POST step of a sign-in (not the SP's own POST to saml/sso): only from the browser that started it.
        if (req.method === 'POST' && sso !== 'POST saml/sso' && (await browserGate(deps, req, base, pending)) !== 'ok') {
          return page(403, otherBrowserPage(ctx('sign-in'), settings.sso.helpCenterUrl));
        }
        return await ssoRoute(sso, {
          deps,
          read: early ? judgedRead(pending, nowSec(deps)) : undefined,
          req,
          settings,
          base,
          ctx,
          page,
          field: (name) => field(req, name),
        });
      }
      const passkeyRoute = PASSKEY_ROUTES.find((r) => r === route);
      if (passkeyRoute) return await passkeyRouteOf(passkeyRoute, deps, req, base, locale, (name) => field(req, name));
      switch (route) {
        case 'GET ':
        case 'GET login':
          return page(200, loginPage(ctx('login', req.query('next') === 'passkey' ? { next: 'passkey' } : undefined)));
        case 'POST login': {
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
        case 'POST login/email-code': {
          // "Email me a sign-in code" on the app's own log-in page (issue 22): on to the code page of a new pending sign-in.
          const identifier = identifierOf(field(req, 'identifier'));
          if (!settings.signInMethods.emailCode) return page(403, loginPage(ctx('login'), { notice: 'emailcode.off' }));
          if (!identifier) return page(400, loginPage(ctx('login'), { notice: 'emailcode.identifierMissing' }));
          const reference = await startLoginByEmailCode(deps, req, locale, identifier);
          return reference ? redirect(`${base}/sign-in?${new URLSearchParams({ request: reference, lang: locale })}`) : page(403, loginPage(ctx('login'), { notice: 'emailcode.off' }));
        }
        case 'GET forgot':
          return page(200, views.forgotPage(ctx('forgot', signInReference(req.query('request')))));
        case 'POST forgot': {
          const identifier = identifierSchema.safeParse(field(req, 'identifier'));
          if (!identifier.success) {
            return page(400, views.forgotPage(ctx('forgot', signInReference(field(req, 'request'))), { identifier: field(req, 'identifier').slice(0, 254), error: firstIssue(identifier.error) }));
          }
          const accepted = await acceptResetRequest(deps, { identifier: identifier.data, locale, clientAddress: clientAddress(req) });
          const back = new URLSearchParams({ lang: locale, ...signInReference(field(req, 'request')) });
          return redirect(`${base}/forgot/${accepted.internalUrl === undefined ? 'sent' : 'internal'}?${back}`);
        }
        case 'GET forgot/sent':
          return page(200, views.sentPage(ctx('forgot/sent', signInReference(req.query('request'))), settings.resetLinkMinutes, { contact: settings.help.contact[locale], spamHint: settings.help.spamHint[locale] }));
        case 'GET forgot/internal':
          return page(200, views.internalPage(ctx('forgot/internal'), settings.internal.url));
        case 'GET logo':
          return logoResponse(req.query('v'));
        case 'GET reset': {
          const token = tokenSchema.safeParse(req.query('token') ?? '');
          const view = token.success ? await viewLink(deps, token.data) : ({ state: 'invalid' } as const);
          const here = ctx('reset', token.success ? { token: token.data } : {});
          if (view.state !== 'valid') return page(view.state === 'expired' ? 410 : 404, views.linkProblemPage(here, view.state));
          return page(200, views.passwordPage(here, passwordForm(token.data!, view, { recovery: req.query('recovery') === '1' })));
        }
        case 'POST reset': {
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
        case 'GET reset/done': {
          const kind = req.query('kind') === 'invite' ? 'invite' : 'reset';
          // A help-center sign-in this browser started (and that is still open) is resumed by "Back to sign in".
          const reference = cookieReference(req);
          const resume = reference && (await pendingOf(deps, reference)).state === 'valid' ? reference : undefined;
          return page(200, views.donePage(ctx('reset/done', kind === 'invite' ? { kind } : {}), kind, resume, req.query('twostep') === '1', settings.sso.helpCenterUrl));
        }
        default:
          if (['login', 'forgot', 'reset', '', 'sign-in', 'saml/sso'].includes(req.route)) {
            return { ...page(405, views.messagePage(ctx('login'), { title: 'page.badRequest.title', body: 'page.error.body' })), headers: { ...securityHeaders(nonce, locale), Allow: ['GET, POST'] } };
          }
          return page(404, views.messagePage(ctx(''), { title: 'page.notFound.title', body: 'page.notFound.body' }, views.backToLogin(ctx(''))));
      }
    } catch (error) {
      deps.log.error('customer page failed', { route: req.route, error: error instanceof Error ? error.name : 'unknown' });
      if (!settings) {
        return { statusCode: 500, headers: { 'Content-Type': ['text/plain; charset=utf-8'], 'Cache-Control': ['no-store'], 'Referrer-Policy': ['no-referrer'] }, body: 'Something went wrong. Please try again in a moment.' };
      }
      return page(500, views.messagePage(ctx(''), { title: 'page.error.title', body: 'page.error.body' }));
    }
  };
}
