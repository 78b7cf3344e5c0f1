import { useLayoutEffect, useRef, useState } from 'react';
import {
  TEMPLATE_KINDS,
  TEMPLATE_LOCALES,
  TEMPLATE_PARTS,
  type MailLocaleEntry,
  type TemplateKind,
  type TemplateLocale,
  type TemplatePart,
  type TemplateProblem,
} from '../../../../src/surfaces/admin-api';
import { MailLocales, useAddedLanguages } from './MailLocales';
import { StatusLine } from './settings-common';
import { TEMPLATE_TEXTS } from './Templates.i18n';
import { TemplatePreview } from './templates/TemplatePreview';
import { TemplateProblems } from './templates/TemplateProblems';
import { TemplateVariables } from './templates/TemplateVariables';
import { TemplateVersions } from './templates/TemplateVersions';
import { same, useTemplateEditor } from './templates/use-template-editor';
import type { SectionProps } from './types';
import { RetryNotice } from '../../../shared/RetryNotice';
import './Templates.css';

const FIELD_ID: Record<TemplatePart, string> = { subject: 'pa-tpl-subject', preheader: 'pa-tpl-preheader', html: 'pa-tpl-html', text: 'pa-tpl-text' };
const ROWS: Record<TemplatePart, number> = { subject: 2, preheader: 2, html: 14, text: 10 };

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
  const [announce, setAnnounce] = useState('');
  const lastField = useRef<TemplatePart>('html');
  const fields = useRef<Partial<Record<TemplatePart, HTMLTextAreaElement | null>>>({});
  /** Where the caret goes once an inserted variable is rendered. */
  const cursor = useRef<{ part: TemplatePart; at: number } | null>(null);
  const { detail, draft, loadError, problems, preview, previewing, busy, notice, testNotice, confirmReset, setConfirmReset, focusAfter, load, edit, save, reset, restore, test } =
    useTemplateEditor(t, x, kind, locale);

  function languagesSaved(next: MailLocaleEntry[]) {
    setAdded(next);
    if (!(TEMPLATE_LOCALES as readonly string[]).includes(locale) && !next.some((l) => l.code === locale)) setLocale('en');
  }

  function insert(name: string) {
    const part = lastField.current;
    const field = fields.current[part];
    if (!draft || !field) return;
    const text = `{{ ${name} }}`;
    const start = field.selectionStart ?? draft[part].length;
    const end = field.selectionEnd ?? start;
    const value = draft[part].slice(0, start) + text + draft[part].slice(end);
    cursor.current = { part, at: start + text.length };
    edit(part, value);
    setAnnounce(x.inserted(text, x.parts[part]));
  }

  // The caret returns after the inserted variable in the same commit that renders the new text and the
  // announcement, so nobody (a screen reader, a test) sees the announcement while focus is still on the button.
  useLayoutEffect(() => {
    const wanted = cursor.current;
    if (!wanted) return;
    cursor.current = null;
    const field = fields.current[wanted.part];
    if (!field) return;
    field.focus();
    field.setSelectionRange(wanted.at, wanted.at);
  }, [draft]);

  function goTo(problem: TemplateProblem, event: React.MouseEvent) {
    event.preventDefault();
    const field = fields.current[problem.part];
    if (!field || !draft) return;
    const at = offsetOf(draft[problem.part], problem.line, problem.column);
    field.focus();
    field.setSelectionRange(at, at);
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
        <RetryNotice text={loadError} retry={t.retry} onRetry={() => void load(kind, locale)} />
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

              {problems.length > 0 && <TemplateProblems x={x} problems={problems} fieldIds={FIELD_ID} onGoTo={goTo} />}

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
              <StatusLine id="pa-tpl-save-status" notice={notice} boxInfo />

              <div className="pa-tpl-test">
                <p id="pa-tpl-test-hint" className="pa-muted">
                  {x.testHint}
                </p>
                <div className="pa-row">
                  <button id="pa-tpl-test" type="button" className="pa-btn" aria-describedby="pa-tpl-test-hint" aria-disabled={busy !== null} onClick={() => void test()}>
                    {busy === 'test' ? x.testing : x.test}
                  </button>
                </div>
                <StatusLine id="pa-tpl-test-status" notice={testNotice} boxInfo />
              </div>
            </form>

            <TemplateVariables x={x} lang={lang} variables={detail.variables} announce={announce} onInsert={insert} />
          </div>

          <TemplatePreview x={x} preview={preview} previewing={previewing} stale={problems.length > 0} />

          <TemplateVersions x={x} versions={detail.versions} busy={busy !== null} dateTime={dateTime} onRestore={(v) => void restore(v)} />
        </>
      )}
      <MailLocales lang={lang} t={t} locales={added} onSaved={languagesSaved} />
    </section>
  );
}
