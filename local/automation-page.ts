import { escapeHtml as e } from '../src/mail/renderer';
import type { Locale } from '../src/i18n/locale';
import { page } from './pages';

/**
 * A stand-in for Jira Automation's rule builder (issue 12): the action "Send portal activation" with its
 * configuration form (the action's `config` resource, Custom UI, in a frame whose `window.__bridge` answers
 * `getContext` with the stored inputs, `submit` and `events.on` as Automation does), the inputs Automation would
 * keep, and "Run the action now", which calls `POST /local/api/automation/run` with them as the rule's
 * connection user. Not part of the app.
 */
const T = {
  en: {
    title: 'Jira Automation – Send portal activation',
    rule: 'Rule: When a request is created → Send portal activation',
    form: 'Action configuration',
    kept: 'Inputs the rule keeps',
    none: 'None yet',
    run: 'Run the action now',
    output: 'Output',
    runsAs: (persona: string) => `Runs as the rule's connection user: ${persona}.`,
    other: 'Deutsch',
    otherLang: 'de',
  },
  de: {
    title: 'Jira Automation – Portal-Aktivierung senden',
    rule: 'Regel: Wenn eine Anfrage erstellt wird → Portal-Aktivierung senden',
    form: 'Konfiguration der Aktion',
    kept: 'Eingaben, die die Regel speichert',
    none: 'Noch keine',
    run: 'Aktion jetzt ausführen',
    output: 'Ausgabe',
    runsAs: (persona: string) => `Läuft als Benutzer der Verbindung der Regel: ${persona}.`,
    other: 'English',
    otherLang: 'en',
  },
};

export function automationRulePage(lang: Locale, persona: string, actionKey: string): string {
  const t = T[lang];
  const frame = `/automation-config/frame?${new URLSearchParams({ lang, action: actionKey })}`;
  // The values go into a script: JSON with `<` escaped, so no `</script>` can end it early.
  const js = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  const script = `<script>(function(){var kept=null,persona=${js(persona)},actionKey=${js(actionKey)};
var show=document.getElementById('kept'),out=document.getElementById('output');
window.addEventListener('message',function(ev){if(ev.origin!==location.origin||!ev.data||ev.data.type!=='action-inputs')return;kept=ev.data.inputs;show.textContent=JSON.stringify(kept);});
document.getElementById('run').addEventListener('click',async function(){out.textContent='…';var r=await fetch('/local/api/automation/run',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({actionKey:actionKey,inputs:kept||{},persona:persona})});out.textContent=JSON.stringify(await r.json());});})();</script>`;
  return page(
    t.title,
    // No <main> of its own: the configuration form in the frame is the main content (as in Automation's page).
    `<div style="max-width:880px;margin:0 auto;padding:24px 16px"><header><p><a href="?${new URLSearchParams({ lang: t.otherLang, persona })}" lang="${t.otherLang}">${t.other}</a> · <a href="/">Index</a></p>
<h1>${e(t.rule)}</h1><p class="muted">${e(t.runsAs(persona))}</p></header>
<section class="card" aria-labelledby="form-title"><h2 id="form-title">${e(t.form)}</h2>
<iframe title="${e(t.form)}" src="${e(frame)}" style="width:100%;height:520px;border:0"></iframe></section>
<section class="card" aria-labelledby="kept-title"><h2 id="kept-title">${e(t.kept)}</h2><pre id="kept" aria-live="polite">${e(t.none)}</pre>
<p><button type="button" id="run">${e(t.run)}</button></p><h2 id="output-title">${e(t.output)}</h2><pre id="output" role="status" aria-labelledby="output-title"></pre></section>
</div>${script}`,
    lang,
  );
}

/** The config resource's index.html with a bridge that answers as Automation's rule builder. */
export function automationConfigFrame(indexHtml: string, opts: { lang: Locale; actionKey: string; inputs: Record<string, string> }): string {
  const context = { moduleKey: opts.actionKey, locale: opts.lang === 'de' ? 'de-DE' : 'en-US', extension: { type: 'action', data: { inputs: opts.inputs }, errors: { invalidInputs: {} } } };
  const bridge = `<base href="/static/automation-config/"><script>
(function(){var context=${JSON.stringify(context).replace(/</g, '\\u003c')},handlers={};
window.addEventListener('message',function(ev){if(ev.origin===location.origin&&ev.data&&ev.data.type==='automation-event')(handlers[ev.data.event]||[]).forEach(function(h){h(ev.data.payload)});});
window.__bridge={callBridge:async function(name,payload){
if(name==='getContext')return context;
if(name==='submit'){window.parent.postMessage({type:'action-inputs',inputs:payload},location.origin);return true;}
if(name==='on'){(handlers[payload.event]=handlers[payload.event]||[]).push(payload.callback);return {unsubscribe:function(){}};}
return undefined;}};})();
</script>`;
  return indexHtml.replace('<head>', `<head>${bridge}`);
}
