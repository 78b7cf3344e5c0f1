import { escapeHtml as e } from '../src/mail/renderer';
import type { Locale } from '../src/i18n/locale';
import { page } from './pages';
import type { RaiseInput } from './requests';

/**
 * The help center's "Raise a request" (issue 12): a plain form (works without JavaScript), en and de, as
 * JSM's help center offers it to anyone where the portal lets anyone raise requests. Errors name the field,
 * are linked from a summary at the top and from the field (aria-describedby), and the typed values stay.
 */
type Field = keyof RaiseInput;

const T = {
  en: {
    title: 'Raise a request – Demo Service Desk',
    heading: 'Raise a request',
    intro: 'Tell us what you need. We will answer by email.',
    desk: 'Service desk',
    email: 'Your email address',
    name: 'Your name',
    optional: '(optional)',
    summary: 'Summary',
    summaryHint: 'A short description, e.g. “Order 2300229: delivery address”.',
    submit: 'Raise request',
    back: 'Back to the help center',
    problems: 'Please check the form:',
    errors: {
      projectKey: 'Choose a service desk.',
      reporterEmail: 'Enter your email address, e.g. name@example.com.',
      reporterName: 'Enter a name of at most 200 characters without < or >.',
      summary: 'Enter a summary of 1 to 255 characters.',
    } as Record<Field, string>,
    doneTitle: 'Request raised – Demo Service Desk',
    done: (key: string) => `Your request ${key} has been raised.`,
    doneNext: 'We have received it and will answer by email. New to this help center? Watch your inbox for an email about your portal account.',
    other: 'Deutsch',
    otherLang: 'de',
  },
  de: {
    title: 'Anfrage stellen – Demo Service Desk',
    heading: 'Anfrage stellen',
    intro: 'Sagen Sie uns, was Sie brauchen. Wir antworten per E-Mail.',
    desk: 'Servicedesk',
    email: 'Ihre E-Mail-Adresse',
    name: 'Ihr Name',
    optional: '(optional)',
    summary: 'Zusammenfassung',
    summaryHint: 'Eine kurze Beschreibung, z. B. „Bestellung 2300229: Lieferadresse“.',
    submit: 'Anfrage senden',
    back: 'Zurück zum Hilfe-Center',
    problems: 'Bitte prüfen Sie das Formular:',
    errors: {
      projectKey: 'Wählen Sie einen Servicedesk.',
      reporterEmail: 'Geben Sie Ihre E-Mail-Adresse ein, z. B. name@example.com.',
      reporterName: 'Geben Sie einen Namen mit höchstens 200 Zeichen ohne < oder > ein.',
      summary: 'Geben Sie eine Zusammenfassung mit 1 bis 255 Zeichen ein.',
    } as Record<Field, string>,
    doneTitle: 'Anfrage gestellt – Demo Service Desk',
    done: (key: string) => `Ihre Anfrage ${key} wurde gestellt.`,
    doneNext: 'Wir haben sie erhalten und antworten per E-Mail. Neu in diesem Hilfe-Center? Achten Sie auf eine E-Mail zu Ihrem Portalkonto.',
    other: 'English',
    otherLang: 'en',
  },
};

const FORM_STYLE = `<style>.field{margin:0 0 16px}.field label{display:block;font-weight:600}.field input,.field select{font:inherit;padding:6px 8px;width:100%;max-width:480px;box-sizing:border-box;border:1px solid #8590A2;border-radius:3px}
.hint{color:#44546F;margin:2px 0 4px}.error{color:#AE2E24;font-weight:600;margin:2px 0 4px}[aria-invalid="true"]{border-color:#C9372C!important;border-width:2px!important}
.problems{border:2px solid #C9372C;border-radius:4px;padding:8px 16px;background:#FFECEB}</style>`;

export function raiseRequestPage(
  lang: Locale,
  desks: readonly { key: string; name: string }[],
  values: Partial<Record<Field, string>> = {},
  errors: Partial<Record<Field, true>> = {},
): string {
  const t = T[lang];
  const wrong = (Object.keys(t.errors) as Field[]).filter((f) => errors[f]);
  const ids: Record<Field, string> = { projectKey: 'rr-desk', reporterEmail: 'rr-email', reporterName: 'rr-name', summary: 'rr-summary' };
  const describe = (f: Field, hint?: string) => {
    const refs = [hint, errors[f] ? `${ids[f]}-error` : undefined].filter(Boolean).join(' ');
    return `${refs ? ` aria-describedby="${refs}"` : ''}${errors[f] ? ' aria-invalid="true"' : ''}`;
  };
  const error = (f: Field) => (errors[f] ? `<p id="${ids[f]}-error" class="error">${e(t.errors[f])}</p>` : '');
  const value = (f: Field) => e(values[f] ?? '');
  const summary = wrong.length
    ? `<div class="problems" role="alert"><p>${e(t.problems)}</p><ul>${wrong.map((f) => `<li><a href="#${ids[f]}">${e(t.errors[f])}</a></li>`).join('')}</ul></div>`
    : '';
  return page(
    t.title,
    `${FORM_STYLE}<header class="banner"><h1>${e(t.heading)}</h1><p>Demo Service Desk</p></header>
<main>
<p><a href="/help-center/requests/new?lang=${t.otherLang}" lang="${t.otherLang}">${t.other}</a> · <a href="/help-center?lang=${lang}">${e(t.back)}</a></p>
${summary}
<form class="card" method="post" action="/help-center/requests?lang=${lang}" novalidate>
<p>${e(t.intro)}</p>
<div class="field"><label for="${ids.projectKey}">${e(t.desk)}</label>${error('projectKey')}
<select id="${ids.projectKey}" name="projectKey"${describe('projectKey')}>${desks.map((d) => `<option value="${e(d.key)}"${values.projectKey === d.key ? ' selected' : ''}>${e(d.name)}</option>`).join('')}</select></div>
<div class="field"><label for="${ids.reporterEmail}">${e(t.email)}</label>${error('reporterEmail')}
<input id="${ids.reporterEmail}" name="reporterEmail" type="email" autocomplete="email" required maxlength="254" value="${value('reporterEmail')}"${describe('reporterEmail')}></div>
<div class="field"><label for="${ids.reporterName}">${e(t.name)} <span class="hint">${e(t.optional)}</span></label>${error('reporterName')}
<input id="${ids.reporterName}" name="reporterName" type="text" autocomplete="name" maxlength="200" value="${value('reporterName')}"${describe('reporterName')}></div>
<div class="field"><label for="${ids.summary}">${e(t.summary)}</label><p id="rr-summary-hint" class="hint">${e(t.summaryHint)}</p>${error('summary')}
<input id="${ids.summary}" name="summary" type="text" required maxlength="255" value="${value('summary')}"${describe('summary', 'rr-summary-hint')}></div>
<p><button type="submit">${e(t.submit)}</button></p>
</form>
</main>`,
    lang,
  );
}

/** After raising: the key only (nothing about the reporter's account, so the page tells nobody who is known). */
export function requestRaisedPage(lang: Locale, key: string): string {
  const t = T[lang];
  return page(
    t.doneTitle,
    `<header class="banner"><h1>${e(t.heading)}</h1><p>Demo Service Desk</p></header>
<main>
<div class="card" role="status"><h2>${e(t.done(key))}</h2><p>${e(t.doneNext)}</p></div>
<p><a href="/help-center?lang=${lang}">${e(t.back)}</a></p>
</main>`,
    lang,
  );
}
