import type { RequestProblem } from '../../domain/saml/authn-request';
import type { PendingState } from '../../domain/saml/pending';
import type { TestStepId } from '../../domain/saml/test-report';
import { translator, type MessageId } from '../../i18n/messages';
import { html, trusted, type Markup } from './html';
import { field, layout, messagePage, methodControls, url, type PageContext } from './views';
import { passkeyOffer, passkeySignIn } from './passkey-views';

/** The help-center sign-in pages (SAML): sign-in form, auto-posting hand-back, test report, problems. */
export interface SignInFormState {
  reference: string;
  identifier?: string;
  failed?: boolean;
  tooMany?: boolean;
  test?: boolean;
  /** A second step went wrong: too many wrong codes (start again), or the account locked. */
  notice?: 'voided' | 'locked' | 'code-voided' | 'code-off' | 'identifier-missing';
  /** Issue 22: the last passkey was not accepted (passkeys are offered where `ctx.passkeys`). */
  passkeyRefused?: boolean;
}

const NOTICES: Record<NonNullable<SignInFormState['notice']>, MessageId> = {
  voided: 'twostep.code.voided',
  locked: 'twostep.code.locked',
  'code-voided': 'emailcode.voided',
  'code-off': 'emailcode.off',
  'identifier-missing': 'emailcode.identifierMissing',
};

export function signInPage(ctx: PageContext, s: SignInFormState): string {
  const t = translator(ctx.locale);
  const title = t('sso.title', { portal: ctx.branding.portalName });
  return layout(ctx, title, html`<h1>${title}</h1>
${s.test ? html`<div class="alert info" role="status">${t('sso.test.intro')}</div>` : html`<p>${t('sso.intro')}</p>`}
${s.failed ? html`<div class="alert error" role="alert">${t('login.failed')}</div>` : ''}
${s.tooMany ? html`<div class="alert error" role="alert">${t('page.tooMany.body')}</div>` : ''}
${s.notice ? html`<div class="alert error" role="alert">${t(NOTICES[s.notice])}</div>` : ''}
<form method="post" action="${url(ctx, 'sign-in')}" novalidate>
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${s.reference}">
${field({ id: 'identifier', label: t('login.identifier'), type: 'text', value: s.identifier, autocomplete: ctx.passkeys ? 'username webauthn' : 'username', extra: trusted(' spellcheck="false" autocapitalize="none" maxlength="254"') })}
${methodControls(ctx, { passwordLabel: t('login.password'), submitLabel: t('sso.submit'), codeAction: 'sign-in/email-code', passwordExtra: trusted(' maxlength="1024"') })}
</form>
${ctx.methods?.password === false ? '' : html`<p><a href="${url(ctx, 'forgot', { request: s.reference })}">${t('login.forgot')}</a></p>`}
${ctx.passkeys ? passkeySignIn(ctx, s.reference, s.passkeyRefused) : ''}`);
}

/**
 * The hand-back to the service provider: an HTTP-POST form that submits itself, with a visible Continue. With
 * `offer` (issue 22) it waits instead: "Sign in faster next time" first, the form's button being "Not now".
 */
export function autoPostPage(ctx: PageContext, post: { acsUrl: string; samlResponse: string; relayState: string; offer?: string }): string {
  const t = translator(ctx.locale);
  if (post.offer) {
    const form = (later: Markup) => html`<form method="post" action="${post.acsUrl}" id="passkey-next">
<input type="hidden" name="SAMLResponse" value="${post.samlResponse}">
${post.relayState ? html`<input type="hidden" name="RelayState" value="${post.relayState}">` : ''}
${later}
</form>`;
    return layout(ctx, t('passkey.offer.title'), html`<h1>${t('login.success.title')}</h1>
${passkeyOffer(ctx, { reference: post.offer, from: 'sign-in', next: form })}`);
  }
  return layout(ctx, t('sso.continue.title'), html`<h1>${t('sso.continue.title')}</h1>
<p>${t('sso.continue.body')}</p>
<form method="post" action="${post.acsUrl}" id="saml-post">
<input type="hidden" name="SAMLResponse" value="${post.samlResponse}">
${post.relayState ? html`<input type="hidden" name="RelayState" value="${post.relayState}">` : ''}
<button type="submit" class="primary">${t('sso.continue.button')}</button>
</form>
<script nonce="${ctx.nonce}">document.getElementById('saml-post').submit();</script>`);
}

function helpCenterLink(ctx: PageContext, helpCenterUrl: string): Markup {
  return helpCenterUrl ? html`<p><a class="button" href="${helpCenterUrl}">${translator(ctx.locale)('sso.backToHelpCenter')}</a></p>` : html``;
}

const REQUEST_TEXT: Record<Exclude<PendingState, 'valid'>, { title: MessageId; body: MessageId }> = {
  expired: { title: 'sso.request.expired.title', body: 'sso.request.expired.body' },
  used: { title: 'sso.request.used.title', body: 'sso.request.used.body' },
  unknown: { title: 'sso.request.unknown.title', body: 'sso.request.unknown.body' },
};

export function requestStatePage(ctx: PageContext, state: Exclude<PendingState, 'valid'>, helpCenterUrl: string): string {
  return messagePage(ctx, REQUEST_TEXT[state], helpCenterLink(ctx, helpCenterUrl));
}

export function requestProblemPage(ctx: PageContext, problem: RequestProblem, helpCenterUrl: string, issuer?: string): string {
  const t = translator(ctx.locale);
  return layout(ctx, t('sso.problem.title'), html`<h1>${t('sso.problem.title')}</h1>
<div class="alert error" role="alert"><p>${t(`sso.problem.${problem}` as MessageId)}</p>${issuer ? html`<p>${t('sso.problem.issuer')} <code>${issuer}</code></p>` : ''}</div>
<p>${t('sso.problem.body')}</p>
${helpCenterLink(ctx, helpCenterUrl)}`);
}

/** A sign-in step refused because it came from another site or another browser than the one that started it. */
export function otherBrowserPage(ctx: PageContext, helpCenterUrl: string): string {
  return messagePage(ctx, { title: 'sso.request.otherBrowser.title', body: 'sso.request.otherBrowser.body' }, helpCenterLink(ctx, helpCenterUrl));
}

export function idpInitiatedPage(ctx: PageContext, helpCenterUrl: string): string {
  return messagePage(ctx, { title: 'sso.idpInitiated.title', body: 'sso.idpInitiated.body' }, helpCenterLink(ctx, helpCenterUrl));
}

export function testReportPage(ctx: PageContext, report: { steps: { id: TestStepId; ok: boolean }[]; values: Record<string, string> }): string {
  const t = translator(ctx.locale);
  const allOk = report.steps.every((s) => s.ok);
  return layout(ctx, t('sso.test.title'), html`<h1>${t('sso.test.title')}</h1>
<p>${t('sso.test.intro')}</p>
<div class="alert ${allOk ? 'success' : 'error'}" role="status">${t(allOk ? 'sso.test.summaryOk' : 'sso.test.summaryBad')}</div>
<ol class="checks">
${report.steps.map((s) => html`<li data-check="${s.id}" class="${s.ok ? 'met' : 'unmet'}"><strong>${t(s.ok ? 'sso.test.passed' : 'sso.test.failed')}:</strong> ${t(`sso.test.step.${s.id}` as MessageId)}</li>`)}
</ol>
<h2>${t('sso.test.values')}</h2>
<dl class="values">
${Object.entries(report.values).map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}
</dl>`);
}

/** The code step: the app's code, or with `recovery` one of the recovery codes. */
/** A small form whose only control is a button (POST, so a GET never sends an SMS). */
function actionButton(ctx: PageContext, route: string, reference: string, label: string): Markup {
  return html`<form method="post" action="${url(ctx, route)}" class="inline-action">
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${reference}">
<button type="submit" class="secondary">${label}</button>
</form>`;
}

export function codePage(
  ctx: PageContext,
  s: { reference: string; recovery: boolean; wrongLeft?: number; hasRecovery: boolean; sms?: { masked: string }; canSwitchToSms?: boolean; limit?: boolean; action?: 'sign-in/code' | 'sign-in/enrol' },
): string {
  const t = translator(ctx.locale);
  const error = s.wrongLeft !== undefined ? t('twostep.code.wrong', { left: s.wrongLeft }) : undefined;
  const codeField = s.recovery
    ? field({ id: 'code', label: t('twostep.recovery.label'), type: 'text', autocomplete: 'off', error, extra: trusted(' spellcheck="false" autocapitalize="characters" maxlength="64"') })
    : field({ id: 'code', label: t('twostep.code.label'), type: 'text', autocomplete: 'one-time-code', hint: t('twostep.code.hint'), error, extra: trusted(' inputmode="numeric" pattern="[0-9 ]*" maxlength="8" autofocus') });
  const sms = s.sms && !s.recovery ? s.sms : undefined;
  return layout(ctx, t('twostep.code.title'), html`<h1>${t('twostep.code.title')}</h1>
${error ? html`<div class="alert error" role="alert">${error}</div>` : ''}
${s.limit ? html`<div class="alert error" role="alert">${t('twostep.sms.limit')}</div>` : ''}
<p>${s.recovery ? t('twostep.recovery.intro') : sms ? t('twostep.sms.sent', { masked: sms.masked }) : t('twostep.code.intro')}</p>
<form method="post" action="${url(ctx, s.action ?? 'sign-in/code')}" novalidate>
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${s.reference}">
${s.recovery ? html`<input type="hidden" name="recovery" value="1">` : ''}
${codeField}
<button type="submit" class="primary">${t('twostep.code.submit')}</button>
</form>
${sms ? actionButton(ctx, 'sign-in/resend', s.reference, t('twostep.sms.resend')) : ''}
${!sms && !s.recovery && s.canSwitchToSms ? actionButton(ctx, 'sign-in/sms', s.reference, t('twostep.sms.instead')) : ''}
${s.recovery ? html`<p><a href="${url(ctx, 'sign-in', { request: s.reference })}">${t('twostep.code.useApp')}</a></p>` : s.hasRecovery ? html`<p><a href="${url(ctx, 'sign-in', { request: s.reference, recovery: '1' })}">${t('twostep.code.useRecovery')}</a></p>` : ''}`);
}

/** Enrolment that cannot be skipped: QR code (SVG, inline), the key in groups of four, one code to confirm. */
/** SMS enrolment, first step: the mobile number. */
export function phonePage(ctx: PageContext, s: { reference: string; phone?: string; invalid?: boolean; limit?: boolean }): string {
  const t = translator(ctx.locale);
  const error = s.invalid ? t('twostep.sms.phoneInvalid') : undefined;
  return layout(ctx, t('twostep.sms.phoneTitle'), html`<h1>${t('twostep.sms.phoneTitle')}</h1>
${error ? html`<div class="alert error" role="alert">${error}</div>` : ''}
${s.limit ? html`<div class="alert error" role="alert">${t('twostep.sms.limit')}</div>` : ''}
<p>${t('twostep.sms.phoneIntro')}</p>
<form method="post" action="${url(ctx, 'sign-in/phone')}" novalidate>
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${s.reference}">
${field({ id: 'phone', label: t('twostep.sms.phone'), type: 'tel', value: s.phone, autocomplete: 'tel', hint: t('twostep.sms.phoneHint'), error, extra: trusted(' inputmode="tel" maxlength="40"') })}
<button type="submit" class="primary">${t('twostep.sms.send')}</button>
</form>`);
}

export function enrolPage(
  ctx: PageContext,
  s: { reference: string; qrSvg: string; key: string; account: string; wrongLeft?: number; canUseSms?: boolean },
): string {
  const t = translator(ctx.locale);
  const error = s.wrongLeft !== undefined ? t('twostep.code.wrong', { left: s.wrongLeft }) : undefined;
  return layout(
    ctx,
    t('twostep.enrol.title'),
    html`<h1>${t('twostep.enrol.title')}</h1>
${error ? html`<div class="alert error" role="alert">${error}</div>` : ''}
<p>${t('twostep.enrol.intro')}</p>
<figure class="qr" role="img" aria-label="${t('twostep.enrol.qr')}">${trusted(s.qrSvg)}</figure>
<p>${t('twostep.enrol.account', { account: s.account })}</p>
<div class="field"><label for="key">${t('twostep.enrol.key')}</label>
<input id="key" type="text" value="${s.key}" readonly class="readonly key" spellcheck="false" autocomplete="off"></div>
<form method="post" action="${url(ctx, 'sign-in/enrol')}" novalidate>
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${s.reference}">
${field({ id: 'code', label: t('twostep.enrol.confirm'), type: 'text', autocomplete: 'one-time-code', error, extra: trusted(' inputmode="numeric" pattern="[0-9 ]*" maxlength="8"') })}
<button type="submit" class="primary">${t('twostep.enrol.submit')}</button>
</form>
${s.canUseSms ? actionButton(ctx, 'sign-in/sms', s.reference, t('twostep.sms.enrolInstead')) : ''}`,
  );
}

/** The recovery codes, shown once (`codes` empty: already shown), with Download, Print and "I have saved these codes". */
export function recoveryCodesPage(ctx: PageContext, s: { reference: string; codes: string[]; portal: string; missingConfirm?: boolean }): string {
  const t = translator(ctx.locale);
  const text = `${s.portal} – ${t('twostep.codes.list')}\n\n${s.codes.join('\n')}\n`;
  return layout(ctx, t('twostep.codes.title'), html`<h1>${t('twostep.codes.title')}</h1>
${s.missingConfirm ? html`<div class="alert error" role="alert">${t('twostep.codes.savedRequired')}</div>` : ''}
${s.codes.length > 0
    ? html`<p>${t('twostep.codes.intro')}</p>
<h2>${t('twostep.codes.list')}</h2>
<ol class="codes" id="codes">${s.codes.map((c) => html`<li><code>${c}</code></li>`)}</ol>
<p><a class="button secondary" download="recovery-codes.txt" href="data:text/plain;charset=utf-8,${encodeURIComponent(text)}">${t('twostep.codes.download')}</a>
<button type="button" class="secondary" id="print-codes" hidden>${t('twostep.codes.print')}</button></p>
<script nonce="${ctx.nonce}">(function(){var b=document.getElementById('print-codes');b.hidden=false;b.addEventListener('click',function(){window.print();});})();</script>`
    : html`<div class="alert info" role="status">${t('twostep.codes.shownOnce')}</div>`}
<form method="post" action="${url(ctx, 'sign-in/continue')}">
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="request" value="${s.reference}">
<div class="field checkbox"><input type="checkbox" id="saved" name="saved" value="1" required><label for="saved">${t('twostep.codes.saved')}</label></div>
<button type="submit" class="primary">${t('twostep.codes.continue')}</button>
</form>`);
}
