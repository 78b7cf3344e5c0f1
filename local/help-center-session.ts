import crypto from 'node:crypto';
import type { Clock } from '../src/ports/platform';
import { HELP_CENTER_PATH } from './saml-sp-identity';
import type { SamlCustomer } from './saml-sp-response';

/** The help center's side of a sign-in: the login cookie that binds it to a browser, the return path, the session. */

/**
 * The browser a login started in: a random value in the `hc_login` cookie (path /help-center), whose hash is
 * kept with the AuthnRequest's ID. A response whose InResponseTo names a request another browser started is
 * refused (check `browser`): a careful SP binds InResponseTo to its own session, so that a response an attacker
 * obtained for their own request cannot sign a victim's browser in as the attacker (login CSRF).
 */
export const LOGIN_COOKIE = 'hc_login';
const LOGIN_VALUE = /^[A-Za-z0-9_-]{43}$/;
/** The hash of a login cookie's value, as kept with the request it started. */
export const hashOf = (value: string) => crypto.createHash('sha256').update(value).digest('base64url');

/** Whether `browser` (a login cookie's value) is the one whose hash `startedBy` is; true when no browser was bound. */
export function browserMatches(startedBy: string | undefined, browser: string | undefined): boolean {
  return startedBy === undefined || (browser !== undefined && hashOf(browser) === startedBy);
}

/** The login cookie's value in a Cookie header (undefined when none or malformed). */
export function loginCookieOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === LOGIN_COOKIE && LOGIN_VALUE.test(value.join('='))) return value.join('=');
  }
  return undefined;
}

export function loginCookie(value: string): string {
  // Lax: here the IdP's hand-back form is on the same origin. Across sites (as Atlassian's is) the ACS POST
  // is cross-site, and such an SP needs `SameSite=None; Secure` for this cookie.
  return `${LOGIN_COOKIE}=${value}; Path=/help-center; Max-Age=1800; HttpOnly; SameSite=Lax`;
}

/**
 * Where to go after sign-in: a local help-center path (`/help-center`, `/help-center/…`, with a query), never
 * another origin, a protocol-relative URL or the login route itself; anything else → `/help-center`.
 */
export function safeReturnPath(relayState: string | null | undefined): string {
  const value = relayState ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (!value.startsWith('/') || value.startsWith('//') || value.length > 512 || /[\\\s\u0000-\u001f\u007f]/.test(value)) return HELP_CENTER_PATH;
  let url: URL;
  try {
    url = new URL(value, 'http://sp.invalid');
  } catch {
    return HELP_CENTER_PATH;
  }
  if (url.origin !== 'http://sp.invalid') return HELP_CENTER_PATH;
  const path = url.pathname;
  if (path !== HELP_CENTER_PATH && !path.startsWith(`${HELP_CENTER_PATH}/`)) return HELP_CENTER_PATH;
  if (path === '/help-center/login' || path.startsWith('/help-center/login/')) return HELP_CENTER_PATH;
  return `${path}${url.search}`;
}

/** A signed-in customer's session. */
export interface HelpCenterSession {
  customer: SamlCustomer;
  /** The portal-only account (JiraEmulator.ensurePortalCustomer). */
  accountId: string;
  createdAtMs: number;
}

export const SESSION_COOKIE = 'hc_session';

/** Sessions in memory, by a random id (the HttpOnly cookie's value), expiring on the host's clock. */
export class SessionStore {
  private readonly sessions = new Map<string, HelpCenterSession>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 8 * 60 * 60_000,
  ) {}

  create(customer: SamlCustomer, accountId: string): string {
    const id = crypto.randomBytes(32).toString('base64url');
    this.sessions.set(id, { customer, accountId, createdAtMs: this.clock.nowMs() });
    return id;
  }

  get(id: string | undefined): HelpCenterSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (session && this.clock.nowMs() - session.createdAtMs >= this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** The session id in a Cookie header. */
  static idFrom(cookieHeader: string | undefined): string | undefined {
    for (const part of (cookieHeader ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === SESSION_COOKIE) return value.join('=') || undefined;
    }
    return undefined;
  }

  static cookie(id: string): string {
    return `${SESSION_COOKIE}=${id}; Path=/help-center; HttpOnly; SameSite=Lax`;
  }

  static clearCookie(): string {
    return `${SESSION_COOKIE}=; Path=/help-center; HttpOnly; SameSite=Lax; Max-Age=0`;
  }
}
