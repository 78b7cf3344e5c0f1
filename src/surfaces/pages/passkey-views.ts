import { translator } from '../../i18n/messages';
import { html, trusted, type Markup } from './html';
import { PASSKEY_SCRIPT } from './passkey-script';
import { url, type PageContext } from './views';

/**
 * The passkey parts of the customer pages (issue 22): the sign-in page's "Sign in with a passkey" (and passkey
 * autofill on the username field), and "Add a passkey" after a sign-in. Everything here needs JavaScript: the
 * controls start hidden and the script (static/passkey/src/passkey.ts, inlined with the page's nonce) shows them;
 * without it the page says so, and password sign-in and "Continue" work as before.
 */
function config(ctx: PageContext, value: Record<string, unknown>): Markup {
  const t = translator(ctx.locale);
  const text = { failed: t('passkey.failed'), cancelled: t('passkey.cancelled'), added: t('passkey.add.done'), unsupported: t('passkey.unsupported') };
  // JSON inside a script element: `<` escaped, so no value can end the element.
  const json = JSON.stringify({ ...value, text }).replace(/</g, '\\u003c');
  return html`<script type="application/json" id="passkey-config">${trusted(json)}</script>
<script nonce="${ctx.nonce}">${trusted(PASSKEY_SCRIPT)}</script>`;
}

const status = html`<div id="passkey-status" role="alert" tabindex="-1" hidden></div>`;

/**
 * Below the sign-in form: the button, the hidden form its answer is posted with, the no-script note. `optionsUrl`:
 * where the script asks for the challenge (the log-in page's starts the pending sign-in and names its reference).
 */
export function passkeySignIn(ctx: PageContext, reference: string, refused?: boolean, optionsUrl = url(ctx, 'sign-in/passkey/options')): Markup {
  const t = translator(ctx.locale);
  return html`<div class="passkey">
<p class="divider"><span>${t('passkey.or')}</span></p>
${refused ? html`<div class="alert error" role="alert">${t('passkey.refused')}</div>` : ''}${status}
<button type="button" class="secondary wide" id="passkey-button" hidden>${t('passkey.signIn')}</button>
<noscript><p class="hint">${t('passkey.noscript')}</p></noscript>
<form method="post" action="${url(ctx, 'sign-in/passkey')}" id="passkey-form">
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${reference}">
<input type="hidden" name="credential" id="passkey-credential" value="">
</form>
</div>
${config(ctx, { mode: 'sign-in', reference, optionsUrl })}`;
}

/** The app's own log-in page (`/login`): as the sign-in page's, with no pending sign-in until the script asks. */
export function loginPasskey(ctx: PageContext): Markup {
  return passkeySignIn(ctx, '', false, url(ctx, 'login/passkey/options', ctx.here.params?.next === 'passkey' ? { next: 'passkey' } : {}));
}

/**
 * "Sign in faster next time" (after a sign-in: `next` is how the sign-in goes on, e.g. the hand-back form, whose
 * submit button is "Not now") or "Add a passkey" (from the profile: no "Not now").
 */
export function passkeyOffer(ctx: PageContext, o: { reference: string; from: 'sign-in' | 'profile'; next?: (later: Markup) => Markup }): Markup {
  const t = translator(ctx.locale);
  const later = html`<button type="submit" class="secondary" id="passkey-later">${t(o.from === 'sign-in' ? 'passkey.add.later' : 'passkey.add.continue')}</button>`;
  return html`<section class="passkey" aria-labelledby="passkey-title">
<h2 id="passkey-title">${t(o.from === 'sign-in' ? 'passkey.offer.title' : 'passkey.add.title')}</h2>
<p>${t(o.from === 'sign-in' ? 'passkey.offer.body' : 'passkey.add.body')}</p>
${status}
<button type="button" class="primary" id="passkey-add" hidden>${t('passkey.add.button')}</button>
<noscript><p class="hint">${t('passkey.noscript')}</p></noscript>
${o.next ? o.next(later) : ''}
</section>
${config(ctx, {
  mode: 'add',
  reference: o.reference,
  optionsUrl: url(ctx, 'passkeys/options'),
  addUrl: url(ctx, 'passkeys/add'),
  ...(o.from === 'sign-in' ? { snoozeUrl: url(ctx, 'passkeys/snooze') } : {}),
})}`;
}
