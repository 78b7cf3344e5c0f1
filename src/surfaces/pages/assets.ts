/** Inline page styles (CSP nonce) and the progressive-enhancement script for the live criteria list. */
export const STYLES = `:root{--brand:#0C66E4;--brand-text:#FFFFFF;--link:#0C66E4;--text:#172B4D;--muted:#44546F;--border:#8590A2;--bg:#F7F8F9;--error:#AE2E24;--ok:#216E4E;color-scheme:light}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--text);background:var(--bg)}
.top{display:flex;justify-content:space-between;align-items:center;gap:12px;padding:12px 16px;background:#fff;border-bottom:1px solid #DCDFE4}
.brand{font-weight:600;display:flex;align-items:center;gap:8px}.brand img{max-height:28px;width:auto}.lang{color:var(--link)}
.card{max-width:480px;margin:24px auto;padding:24px;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(9,30,66,.25)}
@media (max-width:520px){.card{margin:0;border-radius:0;box-shadow:none;padding:20px 16px}}
h1{font-size:24px;line-height:1.25;margin:0 0 16px}h2{font-size:16px;margin:0 0 8px}
a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible{outline:2px solid #0C66E4;outline-offset:2px}
.field{margin:0 0 16px}.field label{display:block;font-weight:600;margin-bottom:4px}
.field input[type=text],.field input[type=password]{width:100%;padding:10px 12px;font:inherit;border:1px solid var(--border);border-radius:4px;background:#fff;color:var(--text)}
.field input.readonly{background:#F1F2F4}.field input[aria-invalid=true]{border-color:var(--error);border-width:2px}
.checkbox{display:flex;gap:8px;align-items:center}.checkbox label{font-weight:400;margin:0}
.hint{color:var(--muted);margin:0 0 4px;font-size:14px}.field-error{color:var(--error);margin:0 0 4px;font-weight:600}
button.primary,a.button{display:inline-block;width:100%;padding:12px 16px;font-family:inherit;font-size:16px;font-weight:600;line-height:1.2;text-align:center;color:var(--brand-text);background:var(--brand);border:0;border-radius:4px;cursor:pointer;text-decoration:none}
.alert{padding:12px 16px;border-radius:4px;margin:0 0 16px;border-left:4px solid}.alert p{margin:0 0 8px}.alert p:last-child{margin:0}
.alert.error{background:#FFECEB;border-color:var(--error)}.alert.error a{color:#5D1F1A}.alert.success{background:#DCFFF1;border-color:var(--ok)}.alert.info{background:#E9F2FF;border-color:#0C66E4}
.alert ul{margin:0;padding-left:20px}
.criteria{margin:0 0 16px;padding:12px 16px;background:#F7F8F9;border-radius:4px}.criteria-title{font-size:14px}
.criteria ul{list-style:none;margin:0;padding:0}.criteria li{display:flex;gap:8px;align-items:baseline;padding:2px 0}
.mark{display:inline-block;width:1em;flex:none;font-weight:700;text-align:center}
.criteria li.pending .mark::before{content:"\\2022";color:var(--muted)}.criteria li.met .mark::before{content:"\\2713";color:var(--ok)}.criteria li.unmet .mark::before{content:"\\2717";color:var(--error)}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.foot{max-width:480px;margin:0 auto 24px;padding:0 16px;color:var(--muted);font-size:14px;text-align:center}.foot a{color:var(--muted)}
.help{white-space:pre-line}
a.button.secondary,button.secondary{width:auto;padding:10px 16px;margin:0 8px 8px 0;color:var(--link);background:#fff;border:1px solid var(--border);border-radius:4px;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
.inline-action{margin:0 0 8px}.field input[type=tel]{width:100%;padding:10px 12px;font:inherit;border:1px solid var(--border);border-radius:4px;background:#fff;color:var(--text)}
.qr{margin:0 0 16px;max-width:220px}.qr svg{display:block;width:100%;height:auto}.field input.key{font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em}
ol.codes{columns:2;column-gap:24px;padding-left:28px;margin:0 0 16px;font-family:ui-monospace,Menlo,Consolas,monospace}ol.codes li{padding:2px 0}
ol.checks{padding-left:24px}dl.values dt{font-weight:600}dl.values dd{margin:0 0 8px;overflow-wrap:anywhere}
[hidden]{display:none!important}.passkey{margin-top:8px}button.wide{width:100%;margin:0 0 8px}
.divider{display:flex;align-items:center;gap:12px;color:var(--muted);margin:16px 0}.divider::before,.divider::after{content:"";flex:1;border-top:1px solid #DCDFE4}
@media print{.top,.foot,form,a.button,button{display:none}}`;

export const LIVE_CRITERIA_SCRIPT = `(function(){
var cfg=JSON.parse(document.getElementById('criteria-config').textContent);
var pw=document.getElementById('password'),cf=document.getElementById('confirm');if(!pw||!cf)return;
var common=cfg.common?new Set(cfg.common):null;
function len(s){return Array.from(s.normalize('NFC')).length}
function personal(s){var l=s.normalize('NFC').toLowerCase();return cfg.personal.some(function(p){return p&&p.length>=3&&l.indexOf(p)>=0})}
var checks={minLength:function(s){return len(s)>=cfg.min},maxLength:function(s){return len(s)<=cfg.max},
notCommon:function(s){return common?!common.has(s.normalize('NFC').toLowerCase()):undefined},notPersonal:function(s){return !personal(s)},
lower:function(s){return /\\p{Ll}/u.test(s)},upper:function(s){return /\\p{Lu}/u.test(s)},digit:function(s){return /\\p{Nd}/u.test(s)},symbol:function(s){return /[^\\p{L}\\p{Nd}]/u.test(s)}};
function set(li,state){li.className=state===undefined?'pending':state?'met':'unmet';li.querySelector('.state').textContent=state===undefined?'':': '+(state?cfg.met:cfg.notMet)}
function update(){var s=pw.value;document.querySelectorAll('[data-criterion]').forEach(function(li){var id=li.getAttribute('data-criterion');
if(id==='match'){set(li,cf.value===''&&s===''?undefined:s===cf.value&&s!=='');return}
var fn=checks[id];set(li,s===''||!fn?undefined:fn(s))})}
pw.addEventListener('input',update);cf.addEventListener('input',update);
var wrap=document.getElementById('show-wrap'),show=document.getElementById('show');wrap.hidden=false;
show.addEventListener('change',function(){var t=show.checked?'text':'password';pw.type=t;cf.type=t});
var summary=document.getElementById('error-summary');if(summary)summary.focus();
if(pw.value||cf.value)update();
})();`;
