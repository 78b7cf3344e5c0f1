import { timingSafeEqual } from 'node:crypto';
import { browserHash, type PendingSignIn } from './pending';

/**
 * A help-center sign-in finishes only in the browser that started it (login CSRF, issue 23 item 2): otherwise
 * an attacker starts a sign-in, keeps its reference, and has a victim's browser post the attacker's password
 * from another site, so that the victim is signed in to the help center as the attacker. Two rules, pure:
 *
 * 1. A POST to a sign-in step that the browser marks as coming from another site is refused: `Sec-Fetch-Site`
 *    `cross-site` or `same-site` (another app's trigger host may share the registrable domain), or an `Origin`
 *    that is neither the customer pages' own origin nor `null`. `null` and a missing header are allowed: the
 *    pages send `Referrer-Policy: no-referrer`, so browsers send `Origin: null` with their own forms, and older
 *    browsers send no `Sec-Fetch-Site`.
 * 2. The start sets a random value in the `pa_browser` cookie; the pending sign-in keeps its hash. Once the
 *    platform is known to carry cookies (a value set by the app came back and matched, see
 *    docs/platform-assumptions.md), a step whose cookie is missing or another is refused.
 */
export const BROWSER_COOKIE = 'pa_browser';
/** 32 random bytes, base64url. */
export const BROWSER_VALUE = /^[A-Za-z0-9_-]{43}$/;

export function crossSitePost(headers: { secFetchSite?: string; origin?: string }, ownOrigin: string): boolean {
  const site = headers.secFetchSite?.trim().toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = headers.origin?.trim();
  if (!origin || origin === 'null') return false;
  return origin !== ownOrigin;
}

/**
 * Whether a step's cookie value names the browser that started the pending sign-in: `unbound` when the
 * pending has no browser (started by the app's log-in page, a registration or an admin's test), `same`, or
 * `other` (missing or a different value).
 */
export function browserOf(pending: Pick<PendingSignIn, 'browser'>, cookieValue: string | undefined): 'same' | 'other' | 'unbound' {
  if (!pending.browser) return 'unbound';
  if (!cookieValue || !BROWSER_VALUE.test(cookieValue)) return 'other';
  const [a, b] = [Buffer.from(browserHash(cookieValue)), Buffer.from(pending.browser)];
  return a.length === b.length && timingSafeEqual(a, b) ? 'same' : 'other';
}

/** The step goes on unless the browser is another one and the platform is known to carry cookies. */
export function browserAllowed(check: 'same' | 'other' | 'unbound', cookiesProven: boolean): boolean {
  return check !== 'other' || !cookiesProven;
}
