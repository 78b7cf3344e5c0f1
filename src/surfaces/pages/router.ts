import type { Settings } from '../../domain/settings';
import { nowSec, type Deps } from '../../flows/deps';
import { newNonce, parseRequest, pickLocale, securityHeaders, type PageRequest, type WebTriggerRequest, type WebTriggerResponse } from './http';
import * as views from './views';
import * as account from './account-routes';
import { field, type Pages } from './account-routes';
import { browserGate, SSO_ROUTES, ssoRoute } from './sso-routes';
import { otherBrowserPage } from './sso-views';
import { judgedRead } from '../../flows/sign-in/respond';
import { REFERENCE } from '../../domain/saml/pending';
import { diagnosticsStore } from '../../forge/diagnostics';
import { diagnosticsProbe, PROBE_ROUTE } from './diagnostics-probe';
import { relyingParty } from '../../domain/passkeys';
import { PASSKEY_ROUTES, passkeyRoute as passkeyRouteOf } from './passkey-routes';
import { loginPasskey } from './passkey-views';

/**
 * The customer pages' own routes, one line a route: method, path, what it reads of the body, handler. `form`: the
 * POST's form fields (at most MAX_BODY_BYTES, src/surfaces/pages/http.ts; larger bodies get 413 before any route);
 * `none`: the query only. Before these: the Diagnostics probe, the identity provider's routes (sso-routes.ts, its
 * own table) and the passkey routes (passkey-routes.ts); after them, 405 for a known path, else 404.
 */
const PAGES = [
  row('GET', '', 'none', account.showLogin),
  row('GET', 'login', 'none', account.showLogin),
  row('POST', 'login', 'form', account.logIn),
  row('POST', 'login/email-code', 'form', account.logInByEmailCode),
  row('GET', 'forgot', 'none', account.showForgot),
  row('POST', 'forgot', 'form', account.requestReset),
  row('GET', 'forgot/sent', 'none', account.resetSent),
  row('GET', 'forgot/internal', 'none', account.internalAccount),
  row('GET', 'logo', 'none', account.logo),
  row('GET', 'reset', 'none', account.showReset),
  row('POST', 'reset', 'form', account.setPassword),
  row('GET', 'reset/done', 'none', account.resetDone),
] as const;

function row<M extends 'GET' | 'POST'>(method: M, path: string, body: M extends 'GET' ? 'none' : 'form', handler: (p: Pages) => WebTriggerResponse | Promise<WebTriggerResponse>) {
  return { method, path, body, handler };
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

/**
 * The customer pages, served by the `customer-pages` web trigger: log in, forgot password, create new
 * password. GET never changes anything (mail scanners prefetch links); every POST is a plain form.
 */
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
      const handler = PAGES.find((r) => `${r.method} ${r.path}` === route)?.handler;
      if (handler) return await handler({ deps, req, settings, base, locale, ctx, page, loginPage });
      if (['login', 'forgot', 'reset', '', 'sign-in', 'saml/sso'].includes(req.route)) {
        return { ...page(405, views.messagePage(ctx('login'), { title: 'page.badRequest.title', body: 'page.error.body' })), headers: { ...securityHeaders(nonce, locale), Allow: ['GET, POST'] } };
      }
      return page(404, views.messagePage(ctx(''), { title: 'page.notFound.title', body: 'page.notFound.body' }, views.backToLogin(ctx(''))));
    } catch (error) {
      deps.log.error('customer page failed', { route: req.route, error: error instanceof Error ? error.name : 'unknown' });
      if (!settings) {
        return { statusCode: 500, headers: { 'Content-Type': ['text/plain; charset=utf-8'], 'Cache-Control': ['no-store'], 'Referrer-Policy': ['no-referrer'] }, body: 'Something went wrong. Please try again in a moment.' };
      }
      return page(500, views.messagePage(ctx(''), { title: 'page.error.title', body: 'page.error.body' }));
    }
  };
}
