import crypto from 'node:crypto';
import type http from 'node:http';
import { readBody } from './http-body';
import { isLocale, localeFromAcceptLanguage, type Locale } from '../src/i18n/locale';
import type { Clock, Logger } from '../src/ports/platform';
import { SERVICE_DESKS, type JiraEmulator } from './jira-emulator';
import { checkRaiseInput, type RaiseInput, type Requests } from './requests';
import { raiseRequestPage, requestRaisedPage } from './request-pages';
import { helpCenterPage, helpCenterProfilePage, samlErrorPage } from './pages';
import { CHECK_TEXT, HELP_CENTER_PATH, HelpCenterSp, SamlCheckError, SessionStore, SP_CONNECTION, browserMatches, loginCookie, loginCookieOf, safeReturnPath, type HelpCenterSession } from './saml-sp';

/**
 * The help-center stand-in's routes, signed in through the app as SAML IdP (local/saml-sp.ts):
 *   GET  /help-center                                   anonymous: "Log in"; signed in: who, their requests, Profile, Log out
 *   GET  /help-center/login[?return=/help-center…]      AuthnRequest (HTTP-Redirect) → 302 to the IdP's SSO URL
 *   POST /help-center/login/callback?connection=saml-demo  the ACS (HTTP-POST), on another origin (acsOriginFor):
 *                                                       303 to the help center's /login/complete with a one-time ticket
 *   GET  /help-center/login/complete?ticket=…           redeems the ticket: session cookie, 303 to RelayState
 *   POST /help-center/logout                            ends the session
 *   GET  /help-center/profile                           the customer profile panel module for the signed-in customer
 */
export interface HelpCenterOptions {
  hostUrl: string;
  clock: Clock;
  jira: JiraEmulator;
  log: Logger;
  /** Where the SP reads the IdP metadata (default: the app's `saml/metadata` route). */
  metadata?: () => Promise<string>;
  /** "Raise a request" (issue 12): creates the issue and delivers the product event. */
  requests?: Requests;
}

export interface HelpCenter {
  sp: HelpCenterSp;
  sessions: SessionStore;
  /** Answers a `/help-center…` request; false when the path is not one of its routes. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean>;
}

const HTML = 'text/html; charset=utf-8';
const DESKS = SERVICE_DESKS.map((d) => ({ key: d.key, name: d.name }));
const BASE_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'SAMEORIGIN' };


export function createHelpCenter(options: HelpCenterOptions): HelpCenter {
  const sp = new HelpCenterSp({ hostUrl: options.hostUrl, clock: options.clock, metadata: options.metadata });
  const sessions = new SessionStore(options.clock);
  const origin = new URL(options.hostUrl).origin;
  /**
   * The ACS is on another origin than the help center (like Atlassian's): it cannot set the help center's cookie,
   * so it hands the new session over with a ticket: random, single use, 60 s. (Chromium applies the auto-post
   * page's CSP `form-action` to this redirect: the journey tests hold the app's page to that.)
   */
  const tickets = new Map<string, { sessionId: string; relay: string; startedBy?: string; expiresMs: number }>();
  const TICKET_TTL_MS = 60_000;

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}) => {
    res.writeHead(status, { 'Content-Type': HTML, ...BASE_HEADERS, ...headers });
    res.end(body);
  };
  const redirect = (res: http.ServerResponse, status: 302 | 303, location: string, headers: Record<string, string | string[]> = {}) => {
    res.writeHead(status, { Location: location, ...BASE_HEADERS, ...headers });
    res.end();
  };
  const langOf = (req: http.IncomingMessage, asked: string | null): Locale =>
    isLocale(asked) ? asked : (localeFromAcceptLanguage(req.headers['accept-language']) ?? 'en');
  const sessionOf = (req: http.IncomingMessage): { id?: string; session?: HelpCenterSession } => {
    const id = SessionStore.idFrom(req.headers.cookie);
    return { id, session: sessions.get(id) };
  };
  const failure = (res: http.ServerResponse, lang: Locale, error: SamlCheckError) => {
    options.log.warn('help center sign-in refused', { check: error.check });
    send(res, error.httpStatus, samlErrorPage(lang, error.check, CHECK_TEXT[error.check][lang], error.detail, `${HELP_CENTER_PATH}?lang=${lang}`));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method} ${url.pathname}`;
    const lang = langOf(req, url.searchParams.get('lang'));

    switch (route) {
      case `GET ${HELP_CENTER_PATH}`: {
        const { session } = sessionOf(req);
        const email = session?.customer.nameId.toLowerCase();
        const signedIn = session && {
          displayName: session.customer.displayName,
          requests: options.jira.issuesReportedBy(email ?? '').map((i) => ({ key: i.key, summary: i.summary })),
        };
        const links = { login: `${HELP_CENTER_PATH}/login?lang=${lang}`, forgot: `${origin}/x/customer-pages/forgot?lang=${lang}`, ...(options.requests ? { raise: `${HELP_CENTER_PATH}/requests/new?lang=${lang}` } : {}) };
        send(res, 200, helpCenterPage(lang, links, `/module/portal-access-footer?lang=${lang}&persona=anonymous`, signedIn));
        return true;
      }
      case `GET ${HELP_CENTER_PATH}/requests/new`: {
        if (!options.requests) return false;
        const { session } = sessionOf(req);
        const values = session ? { reporterEmail: session.customer.nameId, reporterName: session.customer.displayName } : {};
        send(res, 200, raiseRequestPage(lang, DESKS, values));
        return true;
      }
      case `POST ${HELP_CENTER_PATH}/requests`: {
        if (!options.requests) return false;
        // Anyone may raise a request (no session needed); a page of another site may not. `null`: this
        // help center's own pages send no referrer, so the browser sends `Origin: null` for their forms.
        const from = req.headers.origin;
        if (from && from !== 'null' && from !== origin) {
          send(res, 403, 'Raise requests only from this help center.', { 'Content-Type': 'text/plain; charset=utf-8' });
          return true;
        }
        const body = await readBody(req, 16 * 1024);
        const form = new URLSearchParams(body.ok ? body.text : '');
        const values = Object.fromEntries(['projectKey', 'reporterEmail', 'reporterName', 'summary'].map((k) => [k, form.get(k) ?? ''])) as Record<keyof RaiseInput, string>;
        const checked = body.ok ? checkRaiseInput(values) : ({ ok: false, field: 'summary' } as const);
        const raised = checked.ok ? options.requests.raise(values) : undefined;
        if (!raised?.ok) {
          const field = checked.ok ? (raised && !raised.ok ? raised.field : undefined) : checked.field;
          send(res, 400, raiseRequestPage(lang, DESKS, values, field ? { [field]: true } : {}));
          return true;
        }
        redirect(res, 303, `${HELP_CENTER_PATH}/requests/${encodeURIComponent(raised.request.key)}?lang=${lang}`);
        return true;
      }
      case `GET ${HELP_CENTER_PATH}/login`: {
        const relay = safeReturnPath(url.searchParams.get('return') ?? `${HELP_CENTER_PATH}?lang=${lang}`);
        // This browser's login cookie (kept if it has one: sign-ins in several tabs); the response must bring it back.
        const browser = loginCookieOf(req.headers.cookie) ?? crypto.randomBytes(32).toString('base64url');
        try {
          redirect(res, 302, await sp.loginUrl(relay, browser), { 'Set-Cookie': loginCookie(browser) });
        } catch (error) {
          if (!(error instanceof SamlCheckError)) throw error;
          failure(res, lang, error);
        }
        return true;
      }
      case `POST ${HELP_CENTER_PATH}/login/callback`: {
        if (url.searchParams.get('connection') !== SP_CONNECTION) return false;
        const body = await readBody(req, 1024 * 1024);
        const form = body.ok ? new URLSearchParams(body.text) : undefined;
        const relay = safeReturnPath(form?.get('RelayState'));
        const relayLang = langOf(req, new URL(relay, origin).searchParams.get('lang') ?? url.searchParams.get('lang'));
        if (!form) {
          failure(res, relayLang, new SamlCheckError('format', 'the form is larger than 1 MB'));
          return true;
        }
        try {
          // The login cookie lives on the help center's origin, not the ACS's: checked when the ticket is redeemed.
          const customer = await sp.consume(form.get('SAMLResponse') ?? '');
          // Like Atlassian: a portal-only account at the first SSO sign-in, matched by email.
          const accountId = options.jira.ensurePortalCustomer({ email: customer.nameId, displayName: customer.displayName });
          const ticket = crypto.randomBytes(32).toString('base64url');
          tickets.set(ticket, { sessionId: sessions.create(customer, accountId), relay, startedBy: customer.startedBy, expiresMs: options.clock.nowMs() + TICKET_TTL_MS });
          redirect(res, 303, `${origin}${HELP_CENTER_PATH}/login/complete?${new URLSearchParams({ ticket })}`);
        } catch (error) {
          if (!(error instanceof SamlCheckError)) throw error;
          failure(res, relayLang, error);
        }
        return true;
      }
      case `GET ${HELP_CENTER_PATH}/login/complete`: {
        const ticket = url.searchParams.get('ticket') ?? '';
        const handed = tickets.get(ticket);
        tickets.delete(ticket);
        for (const [key, t] of tickets) if (t.expiresMs <= options.clock.nowMs()) tickets.delete(key);
        if (!handed || handed.expiresMs <= options.clock.nowMs()) {
          failure(res, lang, new SamlCheckError('in-response-to', 'the sign-in ticket is unknown, used or expired'));
          return true;
        }
        if (!browserMatches(handed.startedBy, loginCookieOf(req.headers.cookie))) {
          sessions.delete(handed.sessionId);
          failure(res, lang, new SamlCheckError('browser', 'InResponseTo names a request another browser started'));
          return true;
        }
        sessions.delete(sessionOf(req).id);
        redirect(res, 303, handed.relay, { 'Set-Cookie': SessionStore.cookie(handed.sessionId) });
        return true;
      }
      case `POST ${HELP_CENTER_PATH}/logout`: {
        const from = req.headers.origin;
        if (from && from !== origin) {
          send(res, 403, 'Log out only from this help center.', { 'Content-Type': 'text/plain; charset=utf-8' });
          return true;
        }
        sessions.delete(sessionOf(req).id);
        redirect(res, 303, `${HELP_CENTER_PATH}?lang=${lang}`, { 'Set-Cookie': SessionStore.clearCookie() });
        return true;
      }
      case `GET ${HELP_CENTER_PATH}/profile`: {
        const { session } = sessionOf(req);
        if (!session) {
          redirect(res, 302, `${HELP_CENTER_PATH}/login?${new URLSearchParams({ lang, return: `${HELP_CENTER_PATH}/profile?lang=${lang}` })}`);
          return true;
        }
        const moduleUrl = `/module/profile-panel?${new URLSearchParams({ persona: 'customer', account: session.accountId, lang })}`;
        send(res, 200, helpCenterProfilePage(lang, session.customer.displayName, moduleUrl));
        return true;
      }
      default: {
        const raisedMatch = /^\/help-center\/requests\/([A-Z][A-Z0-9_]*-\d+)$/.exec(url.pathname);
        if (req.method === 'GET' && raisedMatch && options.requests && options.jira.findIssue(raisedMatch[1])) {
          send(res, 200, requestRaisedPage(lang, raisedMatch[1]));
          return true;
        }
        return false;
      }
    }
  }

  return { sp, sessions, handle };
}
