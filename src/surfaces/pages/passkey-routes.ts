import { crossSitePost } from '../../domain/saml/browser-binding';
import type { Deps } from '../../flows/deps';
import { addPasskey, passkeyAddOptions, snoozeOffer, type AddOutcome } from '../../flows/passkey-add';
import { passkeyLoginOptions, passkeySignInOptions, signInWithPasskey, type PasskeyRefusal } from '../../flows/sign-in/passkey-step';
import type { PendingRead, SignInOutcome } from '../../flows/sign-in/respond';
import { translator, type MessageId } from '../../i18n/messages';
import type { Locale } from '../../i18n/locale';
import type { PageRequest, WebTriggerResponse } from './http';

/**
 * The passkey routes of the customer pages (issue 22). The script asks for options and, when adding, posts the
 * new passkey, as `fetch` calls answered with JSON; a passkey sign-in's answer is a plain form POST (its outcome is
 * a page: the hand-back, the next step, or the sign-in page again).
 *   POST sign-in/passkey/options  a challenge on the pending sign-in → {options}
 *   POST sign-in/passkey          the assertion (form field `credential`) → as a password sign-in's answer
 *   POST passkeys/options         a challenge on the add ceremony → {options}
 *   POST passkeys/add             the new passkey → {state, message}
 *   POST passkeys/snooze          "Not now": not offered again for 30 days → {state}
 *   POST login/passkey/options    the app's own log-in page: a new pending sign-in with a challenge →
 *                                 {reference, options}; the answer then goes to `sign-in/passkey` as above
 */
export const PASSKEY_ROUTES = ['POST passkeys/options', 'POST passkeys/add', 'POST passkeys/snooze', 'POST login/passkey/options'] as const;

export function json(statusCode: number, body: unknown): WebTriggerResponse {
  return {
    statusCode,
    headers: { 'Content-Type': ['application/json; charset=utf-8'], 'Cache-Control': ['no-store'], 'Referrer-Policy': ['no-referrer'], 'X-Content-Type-Options': ['nosniff'] },
    body: JSON.stringify(body),
  };
}

const ADD_TEXT: Record<Exclude<AddOutcome['state'], 'refused'> | 'refused' | 'duplicate', MessageId> = {
  added: 'passkey.add.done',
  expired: 'passkey.add.expired',
  limit: 'passkey.add.limit',
  refused: 'passkey.failed',
  duplicate: 'passkey.add.duplicate',
};

/** The add ceremony's routes (the reference is the ceremony's, which only the page after a sign-in carries). */
export async function passkeyRoute(
  route: (typeof PASSKEY_ROUTES)[number],
  deps: Deps,
  req: PageRequest,
  base: string,
  locale: Locale,
  field: (name: string) => string,
): Promise<WebTriggerResponse> {
  if (crossSitePost({ secFetchSite: req.header('sec-fetch-site'), origin: req.header('origin') }, new URL(base).origin)) return json(403, { state: 'cross-site' });
  const reference = field('request');
  switch (route) {
    case 'POST passkeys/options': {
      const answer = await passkeyAddOptions(deps, reference);
      return answer.state === 'options' ? json(200, answer) : json(answer.state === 'limit' ? 409 : 410, { state: answer.state, message: translator(locale)(ADD_TEXT[answer.state]) });
    }
    case 'POST passkeys/add': {
      const outcome = await addPasskey(deps, reference, field('credential'));
      const key = outcome.state === 'refused' && outcome.reason === 'duplicate' ? 'duplicate' : outcome.state;
      const status = outcome.state === 'added' ? 200 : outcome.state === 'refused' ? 400 : outcome.state === 'limit' ? 409 : 410;
      return json(status, { state: outcome.state, message: translator(locale)(ADD_TEXT[key]) });
    }
    case 'POST passkeys/snooze':
      await snoozeOffer(deps, reference);
      return json(200, { state: 'snoozed' });
    case 'POST login/passkey/options': {
      const answer = await passkeyLoginOptions(deps, req.query('next') === 'passkey');
      return answer.state === 'options' ? json(200, answer) : json(409, { state: answer.state });
    }
  }
}

/** POST sign-in/passkey/options (inside the sign-in's own gate: same browser, same site). */
export async function signInOptionsRoute(deps: Deps, reference: string, read?: PendingRead): Promise<WebTriggerResponse> {
  const answer = await passkeySignInOptions(deps, reference, read);
  if (answer.state === 'options') return json(200, answer);
  return json(answer.state === 'request' ? 410 : 409, { state: answer.state });
}

/** POST sign-in/passkey: the sign-in's outcome, or why the passkey was refused. */
export function signInWithPasskeyRoute(deps: Deps, reference: string, credential: string, read?: PendingRead): Promise<SignInOutcome | PasskeyRefusal> {
  return signInWithPasskey(deps, { reference, credential }, read);
}
