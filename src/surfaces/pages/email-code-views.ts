import { EMAIL_CODE_TTL_SEC } from '../../domain/factors/email-code';
import { translator } from '../../i18n/messages';
import { html, trusted } from './html';
import { field, layout, url, type PageContext } from './views';

/**
 * "Email me a sign-in code" on the sign-in pages (issue 22): the controls each sign-in form shows for the allowed
 * methods, and the "Enter the code" page. Plain forms: the whole flow works without JavaScript.
 */

export interface EmailCodePageState {
  reference: string;
  identifier: string;
  /** A wrong (or expired) code was typed: tries left; `malformed`: it was not 6 digits. */
  wrongLeft?: number;
  malformed?: boolean;
  /** The app's own log-in page started it: "Sign in another way" goes back there. */
  loginCheck?: boolean;
}

/** "Check your email": the neutral confirmation and the code form, "Send a new code", another way to sign in. */
export function emailCodePage(ctx: PageContext, s: EmailCodePageState): string {
  const t = translator(ctx.locale);
  const error = s.malformed ? t('emailcode.malformed') : s.wrongLeft !== undefined ? t('emailcode.wrong', { left: s.wrongLeft }) : undefined;
  const other = s.loginCheck ? url(ctx, 'login') : url(ctx, 'sign-in', { request: s.reference, other: '1' });
  return layout(ctx, t('emailcode.title'), html`<h1>${t('emailcode.title')}</h1>
<div class="alert info" role="status">${t('emailcode.sent', { identifier: s.identifier, minutes: EMAIL_CODE_TTL_SEC / 60 })}</div>
${error ? html`<div class="alert error" role="alert">${error}</div>` : ''}
<form method="post" action="${url(ctx, 'sign-in/email-code/verify')}" novalidate>
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${s.reference}">
${field({ id: 'code', label: t('emailcode.code'), type: 'text', autocomplete: 'one-time-code', hint: t('emailcode.codeHint'), error, extra: trusted(' inputmode="numeric" maxlength="12" spellcheck="false" autofocus') })}
<button type="submit" class="primary">${t('emailcode.submit')}</button>
</form>
<form method="post" action="${url(ctx, 'sign-in/email-code')}" class="inline-action">
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${s.reference}">
<input type="hidden" name="resend" value="1">
<button type="submit" class="secondary">${t('emailcode.resend')}</button>
</form>
<p>${t('emailcode.noMail')}</p>
<p><a href="${other}">${t('emailcode.other')}</a></p>`);
}
