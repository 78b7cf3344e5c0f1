import { brandContrast } from '../../domain/contrast';
import type { Branding } from '../../domain/settings';
import type { Criterion, CriterionId, PasswordPolicy } from '../../domain/password-policy';
import type { Locale } from '../../i18n/locale';
import { translator, type MessageId, type Translate } from '../../i18n/messages';
import { html, trusted, type Markup } from './html';
import { LIVE_CRITERIA_SCRIPT, STYLES } from './assets';

/** Server-rendered customer pages: plain forms that work without JavaScript, enhanced when it runs. */
export interface PageContext {
  locale: Locale;
  nonce: string;
  base: string;
  branding: Branding;
  /** Path and query of this page (for the language switch), without `lang`. */
  here: { route: string; params?: Record<string, string> };
  /** The sign-in methods the site allows (issue 22): which controls the sign-in forms show. Absent: the password alone. */
  methods?: { password: boolean; emailCode: boolean };
  /** Issue 22: passkeys are allowed on this site and possible on its host (the sign-in page offers them). */
  passkeys?: boolean;
}

export function url(ctx: PageContext, route: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...params, lang: ctx.locale }).toString();
  return `${ctx.base}/${route}?${query}`;
}

/** The page styles with the brand colour, its contrast-safe button text and a link colour that passes AA. */
function brandStyles(primary: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(primary)) return STYLES;
  const c = brandContrast(primary);
  return STYLES.replace(/--brand:[^;]*;/, `--brand:${primary};`).replace(/--brand-text:[^;]*;/, `--brand-text:${c.buttonText};`).replace(/--link:[^;]*;/, `--link:${c.linkColor};`);
}

export function layout(ctx: PageContext, title: string, main: Markup): string {
  const t = translator(ctx.locale);
  const other: Locale = ctx.locale === 'de' ? 'en' : 'de';
  const switchUrl = `${ctx.base}/${ctx.here.route}?${new URLSearchParams({ ...(ctx.here.params ?? {}), lang: other })}`;
  const b = ctx.branding;
  const footer = [b.companyName, b.footerAddress, b.footerPhone].filter(Boolean).join(' · ');
  return `<!DOCTYPE html>${html`<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – ${b.portalName}</title>
<style nonce="${ctx.nonce}">${trusted(brandStyles(b.primaryColor))}</style>
</head>
<body>
<header class="top">
<span class="brand">${b.logoUrl ? html`<img src="${b.logoUrl}" alt="" height="28"> ` : ''}${b.portalName}</span>
<a class="lang" href="${switchUrl}" hreflang="${other}" lang="${other}">${translator(other)('lang.name')}</a>
</header>
<main id="main" class="card">
${main}
</main>
<footer class="foot">${footer}${b.footerEmail ? html`${footer ? ' · ' : ''}<a href="mailto:${b.footerEmail}">${b.footerEmail}</a>` : ''}${b.imprintUrl ? html` · <a href="${b.imprintUrl}">${t('footer.imprint')}</a>` : ''}${b.privacyUrl ? html` · <a href="${b.privacyUrl}">${t('footer.privacy')}</a>` : ''}</footer>
</body>
</html>`.value}`;
}

function errorSummary(t: Translate, errors: { field: string; message: string }[]): Markup | '' {
  if (errors.length === 0) return '';
  return html`<div class="alert error" role="alert" tabindex="-1" id="error-summary" autofocus>
<h2>${t('reset.errorSummary')}</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

export function field(opts: {
  id: string; label: string; type: string; value?: string; autocomplete: string; error?: string; hint?: string; extra?: Markup; describedBy?: string;
}): Markup {
  const described = [opts.hint ? `${opts.id}-hint` : '', opts.error ? `${opts.id}-error` : '', opts.describedBy ?? ''].filter(Boolean).join(' ');
  return html`<div class="field">
<label for="${opts.id}">${opts.label}</label>
${opts.hint ? html`<p class="hint" id="${opts.id}-hint">${opts.hint}</p>` : ''}
${opts.error ? html`<p class="field-error" id="${opts.id}-error">${opts.error}</p>` : ''}
<input id="${opts.id}" name="${opts.id}" type="${opts.type}" value="${opts.value ?? ''}" autocomplete="${opts.autocomplete}" required${trusted(described ? ` aria-describedby="${described}"` : '')}${trusted(opts.error ? ' aria-invalid="true"' : '')}${opts.extra ?? ''}>
</div>`;
}

export function messagePage(ctx: PageContext, status: { title: MessageId; body: MessageId }, actions: Markup = html``): string {
  const t = translator(ctx.locale);
  return layout(ctx, t(status.title), html`<h1>${t(status.title)}</h1><p>${t(status.body)}</p>${actions}`);
}

/**
 * The password field and "Log in" where the password is allowed, and "Email me a sign-in code" where email codes
 * are (a second submit button of the same form, so the typed identifier goes with it; `formaction` is HTML).
 */
export function methodControls(ctx: PageContext, opts: { passwordLabel: string; submitLabel: string; codeAction: string; passwordExtra?: Markup }): Markup {
  const t = translator(ctx.locale);
  const methods = ctx.methods ?? { password: true, emailCode: false };
  return html`${methods.password ? html`${field({ id: 'password', label: opts.passwordLabel, type: 'password', autocomplete: 'current-password', extra: opts.passwordExtra })}
<button type="submit" class="primary">${opts.submitLabel}</button>` : ''}
${methods.emailCode ? html`<button type="submit" class="${methods.password ? 'secondary' : 'primary'}" formaction="${url(ctx, opts.codeAction)}" name="method" value="email-code">${t('emailcode.request')}</button>` : ''}`;
}

export type LoginState = { identifier?: string; failed?: boolean; tooMany?: boolean; notice?: MessageId };
/** `passkeys` (issue 22): "Sign in with a passkey" below the form, where `ctx.passkeys` (the router passes it). */
export function loginPage(ctx: PageContext, state: LoginState = {}, passkeys?: Markup): string {
  const t = translator(ctx.locale);
  const title = t('login.title', { portal: ctx.branding.portalName });
  return layout(ctx, title, html`<h1>${title}</h1>
${state.failed ? html`<div class="alert error" role="alert">${t('login.failed')}</div>` : ''}
${state.tooMany ? html`<div class="alert error" role="alert">${t('page.tooMany.body')}</div>` : ''}
${state.notice ? html`<div class="alert error" role="alert">${t(state.notice)}</div>` : ''}
<form method="post" action="${url(ctx, 'login')}" novalidate>
<input type="hidden" name="lang" value="${ctx.locale}">
${ctx.here.params?.next === 'passkey' ? html`<input type="hidden" name="next" value="passkey">` : ''}
${field({ id: 'identifier', label: t('login.identifier'), type: 'text', value: state.identifier, autocomplete: passkeys ? 'username webauthn' : 'username' })}
${methodControls(ctx, { passwordLabel: t('login.password'), submitLabel: t('login.submit'), codeAction: 'login/email-code' })}
</form>
${ctx.methods?.password === false ? '' : html`<p><a href="${url(ctx, 'forgot')}">${t('login.forgot')}</a></p>`}
${passkeys ?? ''}`);
}

/** `extra`: what follows the confirmation (issue 22: "Add a passkey", where offered). */
export function signedInPage(ctx: PageContext, who: { displayName: string; username: string }, extra?: Markup): string {
  const t = translator(ctx.locale);
  return layout(ctx, t('login.success.title'), html`<h1>${t('login.success.title')}</h1>
<div class="alert success" role="status">${t('login.success.body', { name: who.displayName, portal: ctx.branding.portalName, username: who.username })}</div>${extra ?? ''}`);
}

export function forgotPage(ctx: PageContext, state: { identifier?: string; error?: MessageId } = {}): string {
  const t = translator(ctx.locale);
  const errors = state.error ? [{ field: 'identifier', message: t(state.error) }] : [];
  return layout(ctx, t('forgot.title'), html`${errorSummary(t, errors)}
<h1>${t('forgot.title')}</h1>
<p>${t('forgot.intro')}</p>
<form method="post" action="${url(ctx, 'forgot')}" novalidate>
<input type="hidden" name="lang" value="${ctx.locale}">
${ctx.here.params?.request ? html`<input type="hidden" name="request" value="${ctx.here.params.request}">` : ''}
${field({ id: 'identifier', label: t('forgot.identifier'), type: 'text', value: state.identifier, autocomplete: 'username', hint: t('forgot.identifierHint'), error: errors[0]?.message, extra: trusted(' spellcheck="false" autocapitalize="none" maxlength="254"') })}
<button type="submit" class="primary">${t('forgot.submit')}</button>
</form>
<p>${backLink(ctx)}</p>`);
}

/** The confirmation after "Forgot your password?"; `help` are the admin's texts ('' spam hint = the built-in one). */
export function sentPage(ctx: PageContext, minutes: number, help: { contact: string; spamHint: string }): string {
  const t = translator(ctx.locale);
  return layout(ctx, t('forgot.sent.title'), html`<h1>${t('forgot.sent.title')}</h1>
<div class="alert info" role="status"><p>${t('forgot.sent.body')}</p><p>${t('forgot.sent.validity', { minutes })}</p></div>
<p class="help">${help.spamHint || t('forgot.sent.spam')}</p>
${help.contact ? html`<p class="help">${help.contact}</p>` : ''}
<p><a href="${url(ctx, 'forgot', ctx.here.params)}">${t('forgot.sent.again')}</a> · ${backLink(ctx)}</p>`);
}

/** An address under an internal (staff) domain: no mail; the way to the internal self-service instead. */
export function internalPage(ctx: PageContext, internalUrl: string): string {
  const t = translator(ctx.locale);
  return layout(ctx, t('forgot.internal.title'), html`<h1>${t('forgot.internal.title')}</h1>
<div class="alert info" role="status"><p>${t('forgot.internal.body')}</p></div>
${internalUrl ? html`<p><a class="button" href="${internalUrl}">${t('forgot.internal.link')}</a></p>` : ''}
<p><a href="${url(ctx, 'forgot')}">${t('forgot.internal.other')}</a> · <a href="${url(ctx, 'login')}">${t('page.backToLogin')}</a></p>`);
}

const CRITERION_LABEL: Record<CriterionId, MessageId> = {
  minLength: 'criterion.minLength',
  maxLength: 'criterion.maxLength',
  notCommon: 'criterion.notCommon',
  notPersonal: 'criterion.notPersonal',
  lower: 'criterion.lower',
  upper: 'criterion.upper',
  digit: 'criterion.digit',
  symbol: 'criterion.symbol',
};

export interface PasswordFormState {
  /** A reset ("Create new password") or an invitation ("Complete your registration"). */
  purpose: 'reset' | 'invite';
  token: string;
  username: string;
  policy: PasswordPolicy;
  personal: string[];
  common: string[] | undefined;
  criteria?: Criterion[];
  mismatch?: boolean;
  missing?: boolean;
  /** The account has two-step verification: a code (or, with `recovery`, a recovery code) goes with the password. */
  secondFactor?: { recovery: boolean };
  recovery?: boolean;
  code?: 'missing' | 'wrong';
}

export function passwordPage(ctx: PageContext, s: PasswordFormState): string {
  const t = translator(ctx.locale);
  const submitted = s.criteria !== undefined;
  const errors: { field: string; message: string }[] = [];
  if (s.missing) errors.push({ field: 'password', message: t('input.passwordRequired') });
  else if (s.criteria?.some((c) => !c.met)) errors.push({ field: 'password', message: t('reset.policyFailed') });
  if (s.mismatch) errors.push({ field: 'confirm', message: t('reset.mismatch') });
  const recovery = Boolean(s.recovery && s.secondFactor?.recovery);
  if (s.code) errors.push({ field: 'code', message: t(s.code === 'missing' ? 'twostep.code.missing' : 'twostep.code.wrongShort') });
  const met = new Map((s.criteria ?? []).map((c) => [c.id, c.met]));
  const items = [
    ...(s.criteria ?? []).map((c) => c.id),
    ...(submitted ? [] : (['minLength', 'maxLength', 'notCommon', 'notPersonal', 'lower', 'upper', 'digit', 'symbol'] as CriterionId[]).filter((id) => policyHas(s.policy, id))),
  ];
  const criterionItem = (id: string, label: string, state: boolean | undefined) =>
    html`<li data-criterion="${id}" class="${state === undefined ? 'pending' : state ? 'met' : 'unmet'}"><span class="mark" aria-hidden="true"></span>${label}<span class="sr-only state">${state === undefined ? '' : `: ${state ? t('criterion.met') : t('criterion.notMet')}`}</span></li>`;
  const config = JSON.stringify({
    min: s.policy.minLength, max: s.policy.maxLength, personal: s.personal, common: s.common,
    lower: s.policy.requireLower, upper: s.policy.requireUpper, digit: s.policy.requireDigit, symbol: s.policy.requireSymbol,
    blockCommon: s.policy.blockCommon, blockPersonal: s.policy.blockPersonal,
    met: t('criterion.met'), notMet: t('criterion.notMet'),
  }).replace(/</g, '\\u003c');
  const title = t(s.purpose === 'invite' ? 'register.title' : 'reset.title');
  return layout(ctx, title, html`${errorSummary(t, errors)}
<h1>${title}</h1>
<p>${t(s.purpose === 'invite' ? 'register.intro' : 'reset.intro')}</p>
<form method="post" action="${url(ctx, 'reset')}" novalidate id="password-form">
<input type="hidden" name="lang" value="${ctx.locale}">
<input type="hidden" name="token" value="${s.token}">
<div class="field">
<label for="username">${t('reset.account')}</label>
<input id="username" name="username" type="text" value="${s.username}" autocomplete="username" readonly class="readonly">
</div>
${field({ id: 'password', label: t('reset.password'), type: 'password', autocomplete: 'new-password', error: errors.find((e) => e.field === 'password')?.message, describedBy: 'criteria', extra: trusted(' maxlength="1024"') })}
${field({ id: 'confirm', label: t('reset.confirm'), type: 'password', autocomplete: 'new-password', error: errors.find((e) => e.field === 'confirm')?.message, extra: trusted(' maxlength="1024"') })}
<div class="field checkbox" hidden id="show-wrap"><input type="checkbox" id="show"><label for="show">${t('reset.showPassword')}</label></div>
<div class="criteria" id="criteria">
<h2 class="criteria-title">${t('reset.criteria')}</h2>
<ul>
${[...new Set(items)].map((id) => criterionItem(id, t(CRITERION_LABEL[id], { min: s.policy.minLength, max: s.policy.maxLength }), met.get(id)))}
${criterionItem('match', t('criterion.match'), submitted ? !s.mismatch : undefined)}
</ul>
</div>
${s.secondFactor ? html`${recovery ? html`<input type="hidden" name="recovery" value="1">` : ''}
${recovery
    ? field({ id: 'code', label: t('twostep.recovery.label'), type: 'text', autocomplete: 'off', hint: t('twostep.reset.hint'), error: errors.find((e) => e.field === 'code')?.message, extra: trusted(' spellcheck="false" autocapitalize="characters" maxlength="64"') })
    : field({ id: 'code', label: t('twostep.code.label'), type: 'text', autocomplete: 'one-time-code', hint: t('twostep.reset.hint'), error: errors.find((e) => e.field === 'code')?.message, extra: trusted(' inputmode="numeric" pattern="[0-9 ]*" maxlength="8"') })}
${s.secondFactor.recovery ? html`<p><a href="${url(ctx, 'reset', recovery ? { token: s.token } : { token: s.token, recovery: '1' })}">${t(recovery ? 'twostep.code.useApp' : 'twostep.code.useRecovery')}</a></p>` : ''}` : ''}
<button type="submit" class="primary">${t('reset.submit')}</button>
</form>
<script nonce="${ctx.nonce}" type="application/json" id="criteria-config">${trusted(config)}</script>
<script nonce="${ctx.nonce}">${trusted(LIVE_CRITERIA_SCRIPT)}</script>`);
}

function policyHas(policy: PasswordPolicy, id: CriterionId): boolean {
  switch (id) {
    case 'notCommon': return policy.blockCommon;
    case 'notPersonal': return policy.blockPersonal;
    case 'lower': return policy.requireLower;
    case 'upper': return policy.requireUpper;
    case 'digit': return policy.requireDigit;
    case 'symbol': return policy.requireSymbol;
    case 'minLength':
    case 'maxLength':
      return true;
  }
}

export function linkProblemPage(ctx: PageContext, state: 'invalid' | 'expired'): string {
  const t = translator(ctx.locale);
  return messagePage(
    ctx,
    state === 'expired' ? { title: 'link.expired.title', body: 'link.expired.body' } : { title: 'link.invalid.title', body: 'link.invalid.body' },
    html`<p><a class="button" href="${url(ctx, 'forgot')}">${t('link.requestNew')}</a></p>`,
  );
}

/** `resumeSignIn`: the reference of an open help-center sign-in to go back to instead of the login page. */
/**
 * `helpCenterUrl` (the service provider's help center, when single sign-on is set up): offered beside "Log in"
 * when no sign-in can be resumed (e.g. the link was opened in another browser, or the platform dropped the
 * cookie: docs/platform-assumptions.md), since that is where the customer signs in.
 */
export function donePage(ctx: PageContext, purpose: 'reset' | 'invite', resumeSignIn?: string, twoStepSetUp = false, helpCenterUrl = ''): string {
  const t = translator(ctx.locale);
  const title = t(purpose === 'invite' ? 'register.done.title' : 'reset.done.title');
  return layout(ctx, title, html`<h1>${title}</h1>
<div class="alert success" role="status">${t(purpose === 'invite' ? 'register.done.body' : 'reset.done.body')}${twoStepSetUp ? html` ${t('twostep.done')}` : ''}</div>
<p>${resumeSignIn ? html`<a class="button" href="${url(ctx, 'sign-in', { request: resumeSignIn })}">${t('sso.backToSignIn')}</a>` : html`<a class="button" href="${url(ctx, 'login')}">${t('reset.done.login')}</a>`}</p>${!resumeSignIn && helpCenterUrl ? html`
<p><a href="${helpCenterUrl}">${t('sso.backToHelpCenter')}</a></p>` : ''}`);
}

/**
 * Back from "Forgot your password?": to the help-center sign-in it came from (the page carries the pending
 * request's reference as `request`; the sign-in page says if it has expired meanwhile), else to the login page.
 */
function backLink(ctx: PageContext): Markup {
  const t = translator(ctx.locale);
  const request = ctx.here.params?.request;
  return request ? html`<a href="${url(ctx, 'sign-in', { request })}">${t('sso.backToSignIn')}</a>` : html`<a href="${url(ctx, 'login')}">${t('page.backToLogin')}</a>`;
}

export function backToLogin(ctx: PageContext): Markup {
  return html`<p><a href="${url(ctx, 'login')}">${translator(ctx.locale)('page.backToLogin')}</a></p>`;
}
