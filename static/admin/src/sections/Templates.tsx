import { useEffect, useRef, useState } from 'react';
import {
  TEMPLATE_KINDS,
  TEMPLATE_LOCALES,
  TEMPLATE_PARTS,
  type MailLocaleEntry,
  type TemplateContent,
  type TemplateDetail,
  type TemplateKind,
  type TemplateLocale,
  type TemplatePart,
  type TemplatePreview,
  type TemplateProblem,
} from '../../../../src/surfaces/admin-api';
import { call } from '../api';
import { errorText } from '../i18n';
import { MailLocales, useAddedLanguages } from './MailLocales';
import { TEMPLATE_TEXTS } from './Templates.i18n';
import type { SectionProps } from './types';
import './Templates.css';

type Notice = { tone: 'success' | 'error' | 'info'; text: string };
const FIELD_ID: Record<TemplatePart, string> = { subject: 'pa-tpl-subject', preheader: 'pa-tpl-preheader', html: 'pa-tpl-html', text: 'pa-tpl-text' };
const ROWS: Record<TemplatePart, number> = { subject: 2, preheader: 2, html: 14, text: 10 };
const WIDTHS = { desktop: 600, phone: 375 } as const;
const PREVIEW_DELAY_MS = 400;

const same = (a: TemplateContent, b: TemplateContent) => TEMPLATE_PARTS.every((p) => a[p] === b[p]);

/** Character offset of a 1-based line and column in `source`. */
function offsetOf(source: string, line = 1, column = 1): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return source.length;
    offset = next + 1;
  }
  return Math.min(source.length, offset + Math.max(0, column - 1));
}

/**
 * Section "Email templates": pick kind and language, edit the four parts, insert variables at the cursor,
 * see the server-rendered preview (sandboxed iframe, desktop or phone width) and the plain text, fix the
 * problems listed with line and column, save, reset to the default, restore a version, send a test.
 */
export function Templates({ lang, t }: SectionProps) {
  const x = TEMPLATE_TEXTS[lang];
  const [kind, setKind] = useState<TemplateKind>('reset');
  const [locale, setLocale] = useState<TemplateLocale>(lang);
  /** Email languages an admin added beyond en and de. */
  const [added, setAdded] = useAddedLanguages();
  const languageName = (l: TemplateLocale) => (l === 'en' || l === 'de' ? x.languages[l] : (added.find((a) => a.code === l)?.name ?? l));
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [draft, setDraft] = useState<TemplateContent | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [width, setWidth] = useState<keyof typeof WIDTHS>('desktop');
  const [busy, setBusy] = useState<'save' | 'reset' | 'restore' | 'test' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [testNotice, setTestNotice] = useState<Notice | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [announce, setAnnounce] = useState('');
  const lastField = useRef<TemplatePart>('html');
  const fields = useRef<Partial<Record<TemplatePart, HTMLTextAreaElement | null>>>({});
  const previewSeq = useRef(0);
  const focusAfter = useRef<string | null>(null);
  /** Unsaved drafts per kind and language: switching away and back keeps the admin's work. */
  const drafts = useRef(new Map<string, TemplateContent>());
  const pairKey = `${kind}/${locale}`;

  async function load(k: TemplateKind, l: TemplateLocale) {
    setLoadError(null);
    const result = await call('admin/templates/get', { kind: k, locale: l });
    if (!result.ok) {
      setLoadError(errorText(t, result.error));
      return;
    }
    setDetail(result.data);
    setDraft({ ...(drafts.current.get(`${k}/${l}`) ?? result.data.template) });
    setProblems([]);
  }

  useEffect(() => {
    setDetail(null);
    setDraft(null);
    setPreview(null);
    setNotice(null);
    setTestNotice(null);
    setConfirmReset(false);
    void load(kind, locale);
    // Only on the listed changes (none: on mount), not whenever a callback is recreated by a render.
  }, [kind, locale]);

  function languagesSaved(next: MailLocaleEntry[]) {
    setAdded(next);
    if (!(TEMPLATE_LOCALES as readonly string[]).includes(locale) && !next.some((l) => l.code === locale)) setLocale('en');
  }

  // Live preview: debounced, rendered by the server; answers to older drafts are dropped.
  useEffect(() => {
    if (!draft) return;
    const seq = ++previewSeq.current;
    setPreviewing(true);
    const refresh = async () => {
      const result = await call('admin/templates/preview', { kind, locale, template: draft });
      if (seq !== previewSeq.current) return;
      setPreviewing(false);
      if (result.ok) {
        setPreview(result.data);
        setProblems([]);
      } else if (result.error === 'invalid-template') {
        setProblems((result.problems ?? []) as TemplateProblem[]);
      }
    };
    const timer = setTimeout(() => void refresh(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, kind, locale]);

  useEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    focusAfter.current = null;
    document.getElementById(id)?.focus();
  });

  function edit(part: TemplatePart, value: string) {
    setDraft((d) => {
      if (!d) return d;
      const next = { ...d, [part]: value };
      drafts.current.set(pairKey, next);
      return next;
    });
    setNotice(null);
  }

  function insert(name: string) {
    const part = lastField.current;
    const field = fields.current[part];
    if (!draft || !field) return;
    const text = `{{ ${name} }}`;
    const start = field.selectionStart ?? draft[part].length;
    const end = field.selectionEnd ?? start;
    const value = draft[part].slice(0, start) + text + draft[part].slice(end);
    edit(part, value);
    setAnnounce(x.inserted(text, x.parts[part]));
    requestAnimationFrame(() => {
      field.focus();
      field.setSelectionRange(start + text.length, start + text.length);
    });
  }

  function goTo(problem: TemplateProblem, event: React.MouseEvent) {
    event.preventDefault();
    const field = fields.current[problem.part];
    if (!field || !draft) return;
    const at = offsetOf(draft[problem.part], problem.line, problem.column);
    field.focus();
    field.setSelectionRange(at, at);
  }

  function applyDetail(next: TemplateDetail) {
    drafts.current.delete(pairKey);
    setDetail(next);
    setDraft({ ...next.template });
    setProblems([]);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!draft || !detail || busy) return;
    // Problems of the current draft stop the save here; while a newer preview is still on its way, the
    // server decides (it validates every save), so a fix typed just before clicking is not refused.
    if (problems.length > 0 && !previewing) {
      setNotice({ tone: 'error', text: x.fixFirst(problems.length) });
      focusAfter.current = 'pa-tpl-problem-0';
      return;
    }
    if (same(draft, detail.template) && !detail.isDefault) {
      setNotice({ tone: 'info', text: x.unchanged });
      return;
    }
    setBusy('save');
    setNotice({ tone: 'info', text: x.saving });
    const result = await call('admin/templates/save', { kind, locale, template: draft, baseVersion: detail.version });
    setBusy(null);
    if (result.ok) {
      applyDetail(result.data);
      setNotice({ tone: 'success', text: x.saved });
    } else if (result.error === 'invalid-template') {
      const found = (result.problems ?? []) as TemplateProblem[];
      setProblems(found);
      setNotice({ tone: 'error', text: x.fixFirst(found.length) });
      focusAfter.current = 'pa-tpl-problem-0';
    } else if (result.error === 'conflict') {
      // Reload what the other admin saved, but keep this admin's draft on top of it (drafts map).
      await load(kind, locale);
      setNotice({ tone: 'error', text: x.conflict });
    } else {
      setNotice({ tone: 'error', text: errorText(t, result.error) });
    }
  }

  async function reset() {
    if (!detail || busy) return;
    setBusy('reset');
    const result = await call('admin/templates/reset', { kind, locale, baseVersion: detail.version });
    setBusy(null);
    setConfirmReset(false);
    focusAfter.current = 'pa-tpl-reset';
    if (result.ok) {
      applyDetail(result.data);
      setNotice({ tone: 'success', text: x.resetDone });
    } else if (result.error === 'conflict') {
      await load(kind, locale);
      setNotice({ tone: 'error', text: x.conflict });
    } else setNotice({ tone: 'error', text: errorText(t, result.error) });
  }

  async function restore(version: number) {
    if (!detail || busy) return;
    setBusy('restore');
    const result = await call('admin/templates/restore', { kind, locale, version, baseVersion: detail.version });
    setBusy(null);
    if (result.ok) {
      applyDetail(result.data);
      setNotice({ tone: 'success', text: x.restored(version) });
      focusAfter.current = 'pa-tpl-status';
    } else if (result.error === 'invalid-template') {
      setProblems((result.problems ?? []) as TemplateProblem[]);
      setNotice({ tone: 'error', text: errorText(t, result.error) });
    } else {
      if (result.error === 'conflict' || result.error === 'not-found') await load(kind, locale);
      setNotice({ tone: 'error', text: result.error === 'conflict' ? x.conflict : errorText(t, result.error) });
    }
  }

  async function test() {
    if (!draft || !detail || busy) return;
    if (problems.length > 0 && !previewing) {
      setTestNotice({ tone: 'error', text: x.fixFirst(problems.length) });
      return;
    }
    setBusy('test');
    setTestNotice({ tone: 'info', text: x.testing });
    const result = await call('admin/templates/test', { kind, locale, ...(same(draft, detail.template) ? {} : { template: draft }) });
    setBusy(null);
    setTestNotice(result.ok ? { tone: 'success', text: x.testSent(result.data.to) } : { tone: 'error', text: errorText(t, result.error, result.reason) });
  }

  const dateTime = (sec: number) => new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(sec * 1000));
  const last = detail?.versions[0];
  const dirty = Boolean(draft && detail && !same(draft, detail.template));

  return (
    <section className="pa-section pa-tpl" aria-labelledby="pa-templates-title">
      <h2 id="pa-templates-title" className="pa-heading" tabIndex={-1}>
        {t.nav['templates']}
      </h2>
      <p className="pa-muted">{x.intro}</p>

      <div className="pa-tpl-pick">
        <div className="pa-field">
          <label htmlFor="pa-tpl-kind">{x.kind}</label>
          <select id="pa-tpl-kind" className="pa-input" value={kind} onChange={(e) => setKind(e.target.value as TemplateKind)}>
            {TEMPLATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {x.kinds[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="pa-field">
          <label htmlFor="pa-tpl-locale">{x.language}</label>
          <select id="pa-tpl-locale" className="pa-input" value={locale} onChange={(e) => setLocale(e.target.value)}>
            {[...TEMPLATE_LOCALES, ...added.map((a) => a.code)].map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {loadError && (
        <div className="pa-notice pa-notice--error">
          <p role="status">{loadError}</p>
          <div className="pa-row">
            <button type="button" className="pa-btn" onClick={() => void load(kind, locale)}>
              {t.retry}
            </button>
          </div>
        </div>
      )}
      {!detail || !draft ? (
        !loadError && (
          <p className="pa-muted" role="status">
            {t.loading}
          </p>
        )
      ) : (
        <>
          <p id="pa-tpl-status" className="pa-muted" tabIndex={-1}>
            {detail.isDefault ? x.stateDefault : x.stateCustom(last ? dateTime(last.savedAt) : '', last?.savedByName ?? '')}
            {dirty && <strong> {x.unsaved}</strong>}
          </p>

          <div className="pa-tpl-layout">
            <form className="pa-tpl-editor" aria-label={`${x.editorLabel}: ${x.kinds[kind]}, ${languageName(locale)}`} noValidate onSubmit={(e) => void save(e)} aria-busy={busy === 'save'}>
              {TEMPLATE_PARTS.map((part) => {
                const mine = problems.filter((p) => p.part === part);
                return (
                  <div className="pa-field" key={part}>
                    <label htmlFor={FIELD_ID[part]}>{x.parts[part]}</label>
                    <p id={`${FIELD_ID[part]}-hint`} className="pa-hint-line">
                      {x.partHints[part]}
                    </p>
                    <textarea
                      id={FIELD_ID[part]}
                      ref={(el) => {
                        fields.current[part] = el;
                      }}
                      className="pa-input pa-mono pa-tpl-code"
                      rows={ROWS[part]}
                      spellCheck={false}
                      autoCapitalize="none"
                      autoCorrect="off"
                      value={draft[part]}
                      aria-describedby={`${FIELD_ID[part]}-hint${mine.length ? ` ${FIELD_ID[part]}-problems` : ''}`}
                      {...(mine.length ? { 'aria-invalid': true } : {})}
                      // The field the admin last typed or clicked in (not one merely tabbed through on the way to the variables).
                      onMouseUp={() => {
                        lastField.current = part;
                      }}
                      onKeyUp={(e) => {
                        if (e.key !== 'Tab' && e.key !== 'Shift') lastField.current = part;
                      }}
                      onChange={(e) => {
                        lastField.current = part;
                        edit(part, e.target.value);
                      }}
                    />
                    {mine.length > 0 && (
                      <p id={`${FIELD_ID[part]}-problems`} className="pa-field-error">
                        {mine.map((p) => x.problemCodes[p.code]).join('; ')}
                      </p>
                    )}
                  </div>
                );
              })}

              {problems.length > 0 && (
                <div className="pa-notice pa-notice--error pa-tpl-problems" role="group" aria-labelledby="pa-tpl-problems-title">
                  <h3 id="pa-tpl-problems-title" className="pa-subtitle">
                    {x.problemsTitle(problems.length)}
                  </h3>
                  <ul>
                    {problems.map((p, i) => (
                      <li key={`${p.part}-${p.code}-${i}`}>
                        <a id={`pa-tpl-problem-${i}`} href={`#${FIELD_ID[p.part]}`} onClick={(e) => goTo(p, e)}>
                          {x.problemAt(x.parts[p.part], p.line, p.column)}
                        </a>
                        {': '}
                        {x.problemCodes[p.code]}
                        {p.variable ? ` (${p.variable})` : p.code === 'syntax' || p.code === 'render' ? ` (${p.message})` : ''}
                      </li>
                    ))}
                  </ul>
                </div>
              )}

              <div className="pa-row">
                <button id="pa-tpl-save" type="submit" className="pa-btn pa-btn--primary" aria-disabled={busy !== null}>
                  {busy === 'save' ? x.saving : x.save}
                </button>
                {!confirmReset && (
                  <button
                    id="pa-tpl-reset"
                    type="button"
                    className="pa-btn"
                    aria-disabled={busy !== null || detail.isDefault}
                    onClick={() => {
                      if (detail.isDefault || busy) return;
                      setConfirmReset(true);
                      focusAfter.current = 'pa-tpl-reset-yes';
                    }}
                  >
                    {x.reset}
                  </button>
                )}
              </div>
              {confirmReset && (
                <div className="pa-group" role="group" aria-labelledby="pa-tpl-reset-question">
                  <p id="pa-tpl-reset-question">{x.resetConfirm}</p>
                  <div className="pa-row">
                    <button id="pa-tpl-reset-yes" type="button" className="pa-btn pa-btn--primary" aria-disabled={busy !== null} onClick={() => void reset()}>
                      {x.resetYes}
                    </button>
                    <button
                      type="button"
                      className="pa-btn"
                      onClick={() => {
                        setConfirmReset(false);
                        focusAfter.current = 'pa-tpl-reset';
                      }}
                    >
                      {x.cancel}
                    </button>
                  </div>
                </div>
              )}
              <div className={notice ? `pa-notice pa-notice--${notice.tone}` : 'pa-notice-empty'}>
                <p id="pa-tpl-save-status" role="status" aria-live="polite" aria-atomic="true">
                  {notice?.text ?? ''}
                </p>
              </div>

              <div className="pa-tpl-test">
                <p id="pa-tpl-test-hint" className="pa-muted">
                  {x.testHint}
                </p>
                <div className="pa-row">
                  <button id="pa-tpl-test" type="button" className="pa-btn" aria-describedby="pa-tpl-test-hint" aria-disabled={busy !== null} onClick={() => void test()}>
                    {busy === 'test' ? x.testing : x.test}
                  </button>
                </div>
                <div className={testNotice ? `pa-notice pa-notice--${testNotice.tone}` : 'pa-notice-empty'}>
                  <p id="pa-tpl-test-status" role="status" aria-live="polite" aria-atomic="true">
                    {testNotice?.text ?? ''}
                  </p>
                </div>
              </div>
            </form>

            <aside className="pa-tpl-vars" aria-labelledby="pa-tpl-vars-title">
              <h3 id="pa-tpl-vars-title" className="pa-subtitle">
                {x.variables}
              </h3>
              <p id="pa-tpl-vars-hint" className="pa-hint-line">
                {x.variablesHint}
              </p>
              <ul>
                {detail.variables.map((v) => (
                  <li key={v.name}>
                    <button id={`pa-tpl-var-btn-${v.name.replace('.', '-')}`} type="button" className="pa-btn pa-mono pa-tpl-var" aria-label={x.insert(`{{ ${v.name} }}`)} aria-describedby={`pa-tpl-var-${v.name.replace('.', '-')}`} onClick={() => insert(v.name)}>
                      {`{{ ${v.name} }}`}
                    </button>
                    <span id={`pa-tpl-var-${v.name.replace('.', '-')}`} className="pa-hint-line">
                      {v.description[lang]}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="pa-sr" role="status" aria-live="polite">
                {announce}
              </p>
            </aside>
          </div>

          <section className="pa-tpl-preview" aria-labelledby="pa-tpl-preview-title" aria-busy={previewing}>
            <h3 id="pa-tpl-preview-title" className="pa-subtitle">
              {x.preview}
            </h3>
            <p className="pa-muted">
              {x.previewHint} {problems.length > 0 && preview ? x.previewStale : ''}
            </p>
            <div className="pa-row" role="group" aria-label={x.width}>
              {(['desktop', 'phone'] as const).map((w) => (
                <button key={w} id={`pa-tpl-width-${w}`} type="button" className="pa-btn" aria-pressed={width === w} onClick={() => setWidth(w)}>
                  {w === 'desktop' ? x.desktop : x.phone}
                </button>
              ))}
            </div>
            {preview && (
              <>
                <p>
                  <span className="pa-label">{x.previewSubject}: </span>
                  <span id="pa-tpl-preview-subject">{preview.subject}</span>
                </p>
                <div className="pa-tpl-frame-wrap">
                  <iframe
                    id="pa-tpl-frame"
                    title={x.previewFrame(width === 'desktop' ? x.desktop : x.phone)}
                    sandbox=""
                    srcDoc={preview.html}
                    style={{ width: `${WIDTHS[width]}px` }}
                    className="pa-tpl-frame"
                  />
                </div>
                <h4 id="pa-tpl-text-title" className="pa-label">
                  {x.previewText}
                </h4>
                <pre id="pa-tpl-preview-text" className="pa-tpl-text" tabIndex={0} aria-labelledby="pa-tpl-text-title">
                  {preview.text}
                </pre>
              </>
            )}
          </section>

          <section className="pa-tpl-versions" aria-labelledby="pa-tpl-versions-title">
            <h3 id="pa-tpl-versions-title" className="pa-subtitle">
              {x.versions}
            </h3>
            {detail.versions.length === 0 ? (
              <p className="pa-muted">{x.noVersions}</p>
            ) : (
              <table className="pa-table">
                <caption className="pa-sr">{x.versionsCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{x.version}</th>
                    <th scope="col">{x.savedAt}</th>
                    <th scope="col">{x.savedBy}</th>
                    <th scope="col">{x.what}</th>
                    <th scope="col">
                      <span className="pa-sr">{x.actions}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {detail.versions.map((v, i) => (
                    <tr key={v.version}>
                      <td>{v.version}</td>
                      <td>{dateTime(v.savedAt)}</td>
                      <td>{v.savedByName || v.savedBy}</td>
                      <td>{v.origin === 'restored' ? x.origins.restored(v.from ?? 0) : x.origins[v.origin]}</td>
                      <td>
                        {i === 0 ? (
                          <span className="pa-muted">{x.current}</span>
                        ) : (
                          <button type="button" className="pa-btn" aria-disabled={busy !== null} onClick={() => void restore(v.version)}>
                            {x.restore(v.version)}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      <MailLocales lang={lang} t={t} locales={added} onSaved={languagesSaved} />
    </section>
  );
}
