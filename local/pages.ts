import { escapeHtml as e } from '../src/mail/renderer';
import type { CapturedMail } from './mail-catcher';
import type { CapturedSms } from './sms-catcher';

/** The local host's own pages: index, help-center stand-in, module frame, mailbox. Not part of the app. */
const STYLE = `body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#172B4D;background:#F7F8F9}
main{max-width:880px;margin:0 auto;padding:24px 16px}h1{font-size:28px;margin:0 0 8px}h2{font-size:20px;margin:24px 0 8px}
a{color:#0C66E4}.card{background:#fff;border-radius:8px;padding:16px 20px;box-shadow:0 1px 3px rgba(9,30,66,.25);margin:0 0 16px}
.banner{background:#0C66E4;color:#fff;padding:32px 16px;text-align:center}.banner h1{color:#fff}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #DCDFE4;vertical-align:top}
.muted{color:#44546F}iframe.module{width:100%;border:0;height:56px}iframe.mail{width:100%;height:640px;border:1px solid #DCDFE4;background:#fff}
pre{white-space:pre-wrap;background:#F1F2F4;padding:12px;border-radius:4px}button{font:inherit;padding:6px 12px}`;

export function page(title: string, body: string, lang = 'en'): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function indexPage(
  links: { helpCenter: string; login: string; forgot: string; mailbox: string },
  customers: { email: string; username: string; displayName: string; locale: string; status: string; password?: string }[],
  issues: { key: string; summary: string; reporterDisplayName: string; reporterEmail: string | null }[],
  sites: { name: string; url: string; current: boolean; helpCenter: string; login: string }[] = [],
): string {
  return page('Portal Access – local host', `<main>
<h1>Portal Access – local Forge host</h1>
<p class="muted">The real app handlers on emulated Forge globals, with demo data. Nothing here needs an Atlassian account.</p>
${sites.length > 1 ? `<div class="card"><h2>Sites</h2><p class="muted">One warm process serves each site as its own installation of the app: its own storage, settings, customers and sign-in.</p><ul>
${sites.map((s) => `<li>${s.current ? '<strong>' : ''}<a href="${e(s.url)}/">${e(s.name)}</a>${s.current ? '</strong> (this page)' : ''} – <a href="${e(s.helpCenter)}">help center</a> · <a href="${e(s.login)}">log in</a> · <a href="${e(s.url)}/jira/settings/apps/portal-access?persona=admin">admin</a></li>`).join('\n')}
</ul></div>` : ''}
<div class="card"><h2>Surfaces</h2><ul>
<li><a href="${e(links.helpCenter)}">Help center (anonymous visitor)</a> – the JSM portal with the app's footer module</li>
<li><a href="${e(links.login)}">Customer log in page</a> (the app's sign-in, served by its web trigger)</li>
<li><a href="${e(links.forgot)}">Forgot password page</a></li>
<li><a href="${e(links.mailbox)}">Mailbox</a> – every email the app sent</li>
<li><a href="/sms">SMS</a> – every SMS the app sent (the SMS catcher)</li>
<li><a href="/jira/settings/apps/portal-access?persona=admin">Jira settings › Apps › Portal Access (as the Jira admin)</a> – email delivery; <a href="/jira/settings/apps/portal-access?persona=agent">as an agent (refused)</a></li>
</ul></div>
<div class="card"><h2>Jira issue view (demo service desk requests)</h2>
<p class="muted">Each request opens in a Jira issue-view stand-in with the Portal access panel beside it, as the agent Alex Agent. Switch persona or theme on the page.</p>
<table><thead><tr><th>Request</th><th>Summary</th><th>Reporter</th><th>Also as</th></tr></thead><tbody>
${issues.map((i) => `<tr><td><a href="/jira/browse/${e(i.key)}?persona=agent">${e(i.key)}</a></td><td>${e(i.summary)}</td><td>${e(i.reporterDisplayName)}${i.reporterEmail ? ` &lt;${e(i.reporterEmail)}&gt;` : ' (email hidden)'}</td><td><a href="/jira/browse/${e(i.key)}?persona=agent&amp;lang=de">Deutsch</a> · <a href="/jira/browse/${e(i.key)}?persona=agent&amp;theme=dark">dark</a> · <a href="/jira/browse/${e(i.key)}?persona=other-agent">other desk's agent</a> · <a href="/jira/browse/${e(i.key)}?persona=admin">admin</a> · <a href="/jira/browse/${e(i.key)}?persona=customer">customer</a></td></tr>`).join('')}
</tbody></table></div>
<div class="card"><h2>Demo customers</h2><table><thead><tr><th>Name</th><th>Email</th><th>Username</th><th>Language</th><th>Status</th><th>Password</th></tr></thead><tbody>
${customers.map((c) => `<tr><td>${e(c.displayName)}</td><td>${e(c.email)}</td><td>${e(c.username)}</td><td>${e(c.locale)}</td><td>${e(c.status)}</td><td>${c.password ? `<code>${e(c.password)}</code>` : '–'}</td></tr>`).join('')}
</tbody></table></div>
<div class="card"><h2>Scripting API</h2><ul>
<li><code>GET /mail/api/messages</code>, <code>DELETE /mail/api/messages</code></li>
<li><code>GET /sms/api/messages</code>, <code>DELETE /sms/api/messages</code></li>
<li><code>GET /local/api/demo</code>, <code>POST /local/api/clock</code> <code>{"advanceSeconds": N}</code></li>
<li><code>GET /local/api/modules</code>, <code>POST /local/api/invoke</code></li>
<li><code>POST /local/api/scheduled/run</code>; personal data reporting: <code>POST /local/api/privacy/accounts</code> <code>{"accountId": "…", "status": "closed"}</code>, <code>GET /local/api/privacy</code>, <code>POST /local/api/privacy/faults</code></li>
</ul></div>
</main>`);
}

/** The signed-in customer of the help center (a SAML session of local/saml-sp.ts) and their requests. */
export interface HelpCenterCustomer {
  displayName: string;
  requests: { key: string; summary: string }[];
}

export function helpCenterPage(lang: 'en' | 'de', links: { login: string; forgot: string; raise?: string }, moduleUrl: string, signedIn?: HelpCenterCustomer): string {
  const t = lang === 'de'
    ? { title: 'Demo Service Desk – Hilfe-Center', welcome: 'Willkommen im Hilfe-Center', intro: 'Melden Sie sich an, um Anfragen zu stellen und ihren Status zu verfolgen.', login: 'Anmelden', forgot: 'Passwort vergessen?', footer: 'Portal-Konto' , other: 'English', otherLang: 'en' }
    : { title: 'Demo Service Desk – Help Center', welcome: 'Welcome to the Help Center', intro: 'Log in to raise requests and follow their progress.', login: 'Log in', forgot: 'Forgot your password?', footer: 'Portal account', other: 'Deutsch', otherLang: 'de' };
  const body = signedIn
    ? helpCenterSignedIn(lang, signedIn)
    : `<div class="card"><h2>${e(t.login)}</h2><p>${e(t.intro)}</p>
<p><a href="${e(links.login)}">${e(t.login)}</a></p>
<p><a href="${e(links.forgot)}">${e(t.forgot)}</a></p>
<p class="muted">${lang === 'de' ? 'Dieses Hilfe-Center nutzt Portal Access als Anmeldung für Portal-Kunden.' : 'This help center uses Portal Access to sign in portal customers.'}</p></div>`;
  return page(t.title, `<header class="banner"><h1>${e(t.welcome)}</h1><p>Demo Service Desk</p></header>
<main>
<p><a href="?lang=${t.otherLang}" lang="${t.otherLang}">${t.other}</a></p>
${body}
${links.raise ? `<p class="card"><a href="${e(links.raise)}">${lang === 'de' ? 'Anfrage stellen' : 'Raise a request'}</a></p>` : ''}
</main>
<footer><iframe class="module" title="${e(t.footer)}" src="${e(moduleUrl)}"></iframe></footer>`, lang);
}

/** Hosts one Custom UI resource with `window.__bridge` answering @forge/bridge for that module only. */
export function moduleFrame(
  indexHtml: string,
  opts: { moduleKey: string; extensionType: string; persona: string; locale: string; theme: 'light' | 'dark'; issueKey?: string; resourceBase: string; accountId?: string },
): string {
  const extension = { type: opts.extensionType, ...(opts.issueKey ? { issue: { key: opts.issueKey }, project: { key: opts.issueKey.split('-')[0] } } : {}) };
  const bridge = `<base href="${e(opts.resourceBase)}"><script>
(function(){var moduleKey=${JSON.stringify(opts.moduleKey)},persona=${JSON.stringify(opts.persona)},locale=${JSON.stringify(opts.locale)},issueKey=${JSON.stringify(opts.issueKey ?? null)},theme=${JSON.stringify(opts.theme)},extension=${JSON.stringify(extension)},accountId=${JSON.stringify(opts.accountId ?? null)};
window.__bridge={callBridge:async function(name,payload){
if(name==='invoke'){var r=await fetch('/local/api/invoke',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({moduleKey:moduleKey,functionKey:payload.functionKey,payload:payload.payload,persona:persona,issueKey:issueKey||undefined,accountId:accountId||undefined})});var b=await r.json();if(!r.ok)throw new Error(b.message||'invoke failed');return b.result;}
if(name==='getContext'){return {moduleKey:moduleKey,locale:locale,extension:extension,theme:{colorMode:theme}};}
if(name==='enableTheming'){document.documentElement.setAttribute('data-color-mode',theme);document.documentElement.setAttribute('data-theme','dark:dark light:light');return;}
if(name==='navigate'||name==='open'){var url=payload.url||payload;if(name==='open'||payload.type==='new-tab'){window.open(url,'_blank','noopener')}else{window.top.location.href=url}return;}
if(name==='resize'||name==='emitReadyEvent'){return;}
return undefined;}};})();
</script>`;
  return indexHtml.replace('<head>', `<head>${bridge}`);
}

export function mailboxPage(messages: CapturedMail[]): string {
  return page('Mailbox – Portal Access local host', `<main><h1>Mailbox</h1>
<p class="muted">${messages.length} message(s), newest first. <a href="/">Back to the index</a></p>
${messages.map((m, i) => `<details class="card"${i === 0 ? ' open' : ''}><summary><strong>${e(m.subject)}</strong> – to ${e(m.to)} – <time datetime="${e(m.date)}">${e(m.date)}</time></summary>
<p class="muted">From: ${e(m.from)}</p>
<iframe class="mail" title="${e(m.subject)}" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${e(m.html.replace(/<head>/i, '<head><base target="_blank">'))}"></iframe>
<h3>Plain text</h3><pre>${e(m.text)}</pre></details>`).join('')}
</main>`);
}

/** The SMS catcher for a person (issue 11): every SMS the app sent, newest first. */
export function smsPage(messages: CapturedSms[]): string {
  return page('SMS – Portal Access local host', `<main><h1>SMS</h1>
<p class="muted">${messages.length} SMS, newest first. <a href="/">Back to the index</a> · <a href="/mail">Mailbox</a></p>
${messages.length === 0 ? '<p>No SMS yet.</p>' : `<ol class="sms" style="list-style:none;padding:0">${messages.map((m) => `<li class="card"><p><strong>To ${e(m.to)}</strong> – <time datetime="${e(m.date)}">${e(m.date)}</time></p>
<pre>${e(m.text)}</pre></li>`).join('')}</ol>`}
</main>`);
}

interface JiraView {
  persona: string;
  personaName: string;
  lang: 'en' | 'de';
  theme: 'light' | 'dark';
}

/** The Jira stand-ins' colours and top bar (who is signed in, language and theme switches); `crumb` is HTML. */
function jiraChrome(opts: JiraView, crumb: string) {
  const dark = opts.theme === 'dark';
  const bg = dark ? '#1D2125' : '#FFFFFF';
  const fg = dark ? '#B6C2CF' : '#172B4D';
  const q = (changes: Record<string, string>) => `?${new URLSearchParams({ persona: opts.persona, lang: opts.lang, theme: opts.theme, ...changes })}`;
  const header = `<header style="padding:12px 24px;border-bottom:1px solid ${dark ? '#38414A' : '#DCDFE4'};display:flex;gap:16px;flex-wrap:wrap;align-items:center">
<strong>Jira</strong><span>${crumb}</span>
<span style="margin-left:auto">Signed in as ${e(opts.personaName)}</span>
<a style="color:inherit" href="${e(q({ lang: opts.lang === 'de' ? 'en' : 'de' }))}">${opts.lang === 'de' ? 'English' : 'Deutsch'}</a>
<a style="color:inherit" href="${e(q({ theme: dark ? 'light' : 'dark' }))}">${dark ? 'Light theme' : 'Dark theme'}</a>
</header>`;
  return { dark, bg, fg, q, header };
}

/** A Jira issue view stand-in: the request on the left, the app's issue context panel on the right. */
export function issueViewPage(
  issue: { key: string; summary: string; reporterDisplayName: string; reporterEmail: string | null },
  opts: JiraView,
): string {
  const { dark, bg, fg, q, header } = jiraChrome(opts, `Demo Service Desk / ${e(issue.key)}`);
  return page(`${issue.key}: ${issue.summary}`, `<div style="background:${bg};color:${fg};min-height:100vh">
${header}
<div style="display:flex;flex-wrap:wrap;gap:24px;padding:24px">
<main style="flex:2 1 420px;max-width:none;padding:0"><h1 style="color:${fg}">${e(issue.summary)}</h1>
<p>Reporter: ${e(issue.reporterDisplayName)}${issue.reporterEmail ? ` &lt;${e(issue.reporterEmail)}&gt;` : ''}</p>
<p class="muted" style="color:${fg}">Request ${e(issue.key)} · ${opts.lang === 'de' ? 'Offen' : 'Open'}</p></main>
<aside style="flex:1 1 320px;max-width:420px" aria-label="Portal access">
<iframe title="Portal access" src="/module/agent-panel${e(q({ issue: issue.key }))}" style="width:100%;height:720px;border:1px solid ${dark ? '#38414A' : '#DCDFE4'};border-radius:8px;background:${bg}"></iframe>
</aside></div></div>`, opts.lang);
}

/**
 * Jira settings stand-in: the app's admin page module in a frame, as the chosen persona. A section named in
 * this page's hash (`…/portal-access#customers`) is handed to the frame, so a link opens that section.
 */
export function adminSettingsPage(opts: JiraView): string {
  const { bg, fg, q, header } = jiraChrome(opts, `${opts.lang === 'de' ? 'Einstellungen › Apps' : 'Settings › Apps'} › Portal Access`);
  return page('Portal Access – Jira settings', `<div style="background:${bg};color:${fg};min-height:100vh">
${header}
<iframe id="pa-admin-frame" title="Portal Access" src="/module/admin-page${e(q({}))}" style="display:block;width:100%;height:calc(100vh - 60px);border:0;background:${bg}"></iframe>
<script>(function () { var f = document.getElementById('pa-admin-frame'); if (location.hash) f.src = f.getAttribute('src') + location.hash; })();</script>
</div>`, opts.lang);
}

/** The help center's customer bar: who is signed in, Profile, Log out (a plain form: works without JavaScript). */
function customerBar(lang: 'en' | 'de', displayName: string): string {
  const t = lang === 'de'
    ? { as: 'Angemeldet als', profile: 'Profil', logout: 'Abmelden', home: 'Hilfe-Center' }
    : { as: 'Signed in as', profile: 'Profile', logout: 'Log out', home: 'Help Center' };
  return `<nav class="card" aria-label="${e(lang === 'de' ? 'Konto' : 'Account')}"><p>${e(t.as)} <strong>${e(displayName)}</strong></p>
<p><a href="/help-center?lang=${lang}">${e(t.home)}</a> · <a href="/help-center/profile?lang=${lang}">${e(t.profile)}</a></p>
<form method="post" action="/help-center/logout?lang=${lang}"><button type="submit">${e(t.logout)}</button></form></nav>`;
}

function helpCenterSignedIn(lang: 'en' | 'de', customer: HelpCenterCustomer): string {
  const t = lang === 'de'
    ? { requests: 'Ihre Anfragen', none: 'Noch keine Anfragen', request: 'Anfrage', summary: 'Zusammenfassung' }
    : { requests: 'Your requests', none: 'No requests yet', request: 'Request', summary: 'Summary' };
  const list = customer.requests.length === 0
    ? `<p>${e(t.none)}</p>`
    : `<table><caption class="muted" style="text-align:left">${e(t.requests)}</caption><thead><tr><th scope="col">${e(t.request)}</th><th scope="col">${e(t.summary)}</th></tr></thead><tbody>
${customer.requests.map((r) => `<tr><td>${e(r.key)}</td><td>${e(r.summary)}</td></tr>`).join('')}
</tbody></table>`;
  return `${customerBar(lang, customer.displayName)}
<section class="card" aria-labelledby="requests"><h2 id="requests">${e(t.requests)}</h2>${list}</section>`;
}

/** `GET /help-center/profile`: the customer profile panel module (Custom UI) for the signed-in customer. */
export function helpCenterProfilePage(lang: 'en' | 'de', displayName: string, moduleUrl: string): string {
  const t = lang === 'de'
    ? { title: 'Profil – Demo Service Desk', heading: 'Profil', panel: 'Anmeldung und Sicherheit', other: 'English', otherLang: 'en' }
    : { title: 'Profile – Demo Service Desk', heading: 'Profile', panel: 'Sign-in and security', other: 'Deutsch', otherLang: 'de' };
  return page(t.title, `<header class="banner"><h1>${e(t.heading)}</h1><p>Demo Service Desk</p></header>
<main>
<p><a href="?lang=${t.otherLang}" lang="${t.otherLang}">${t.other}</a></p>
${customerBar(lang, displayName)}
<section class="card" aria-labelledby="panel"><h2 id="panel">${e(t.panel)}</h2>
<iframe title="${e(t.panel)}" src="${e(moduleUrl)}" style="width:100%;height:640px;border:0"></iframe></section>
</main>`, lang);
}

/** The ACS refused a sign-in: what failed in plain words, the stable check id, and the way back. */
export function samlErrorPage(lang: 'en' | 'de', check: string, explanation: string, detail: string, backUrl: string): string {
  const t = lang === 'de'
    ? { title: 'Anmeldung fehlgeschlagen – Demo Service Desk', heading: 'Anmeldung fehlgeschlagen', failed: 'Fehlgeschlagene Prüfung', detail: 'Einzelheiten', back: 'Zurück zum Hilfe-Center', again: 'Bitte versuchen Sie es erneut. Wenn der Fehler bleibt, wenden Sie sich an den Support.' }
    : { title: 'Sign-in failed – Demo Service Desk', heading: 'Sign-in failed', failed: 'Failed check', detail: 'Details', back: 'Back to the help center', again: 'Please try again. If this keeps happening, contact support.' };
  return page(t.title, `<main>
<h1>${e(t.heading)}</h1>
<div class="card" role="alert"><p>${e(explanation)}</p>
<p>${e(t.failed)}: <code data-check="${e(check)}">${e(check)}</code></p>
<p class="muted">${e(t.detail)}: ${e(detail)}</p>
<p>${e(t.again)}</p></div>
<p><a href="${e(backUrl)}">${e(t.back)}</a></p>
</main>`, lang);
}
