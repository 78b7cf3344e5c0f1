import { useEffect, useRef, useState } from 'react';
import { DIRECTORY_LIMITS, rowOfTuple, type ImportPreview, type ImportRunResult } from '../../../../../src/surfaces/admin-api';
import { call } from '../../api';
import { errorText, type Lang, type Messages } from '../../i18n';
import type { Announce } from '../Customers';
import type { CustomerTexts } from './customers.i18n';
import { ColumnHeads } from '../../../../shared/ColumnHeads';
import { CheckField, InputField } from '../../../../shared/Field';
import { ToolPanel } from './ToolPanel';

type Preview = Extract<ImportPreview, { ok: true }>;
const EMPTY: ImportRunResult = { created: 0, updated: 0, unchanged: 0, failed: [], invited: 0, inviteSkipped: 0, inviteFailed: 0 };

/**
 * "Import CSV": the file is checked on the server (nothing written) and the preview lists every row with a
 * problem by line; "Import" then sends the valid rows in chunks, one call after another, with a progress bar.
 * Running the same file again changes nothing, so an interrupted import is finished by importing again.
 */
export function ImportCsv({ x, t, lang, announce, onImported }: { x: CustomerTexts; t: Messages; lang: Lang; announce: Announce; onImported: () => void }) {
  const m = x.import;
  const [phase, setPhase] = useState<'idle' | 'reading' | 'preview' | 'running' | 'done'>('idle');
  const [fileError, setFileError] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [invite, setInvite] = useState(false);
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [result, setResult] = useState<ImportRunResult | null>(null);
  const previewRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (phase === 'preview') previewRef.current?.focus();
    if (phase === 'done') resultRef.current?.focus();
  }, [phase]);

  async function choose(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setPreview(null);
    setResult(null);
    setFileError('');
    if (!file) return setPhase('idle');
    if (file.size > DIRECTORY_LIMITS.csvChars) {
      setFileError(m.fileErrors['too-large']);
      return setPhase('idle');
    }
    setPhase('reading');
    let csv: string;
    try {
      csv = await file.text();
    } catch {
      setFileError(m.fileErrors['read-failed']);
      return setPhase('idle');
    }
    const answer = await call('admin/customers/import-preview', { csv, defaultLocale: lang });
    if (!answer.ok) {
      setFileError(errorText(t, answer.error));
      return setPhase('idle');
    }
    if (!answer.data.ok) {
      setFileError(m.fileErrors[answer.data.fileError]);
      return setPhase('idle');
    }
    setPreview(answer.data);
    setPhase('preview');
    announce(m.summary(answer.data));
  }

  async function run() {
    if (!preview) return;
    const size = invite ? DIRECTORY_LIMITS.importChunkWithInvites : DIRECTORY_LIMITS.importChunk;
    const chunks: (typeof preview.rows)[] = [];
    for (let i = 0; i < preview.rows.length; i += size) chunks.push(preview.rows.slice(i, i + size));
    const total: ImportRunResult = { ...EMPTY, failed: [] };
    setPhase('running');
    setProgress({ done: 0, total: chunks.length });
    for (const [i, rows] of chunks.entries()) {
      const answer = await call('admin/customers/import-run', { rows: rows.map(rowOfTuple), invite });
      if (!answer.ok) {
        setResult(total);
        setPhase('done');
        announce(`${m.stopped} ${errorText(t, answer.error)}`, 'error');
        onImported();
        return;
      }
      for (const k of ['created', 'updated', 'unchanged', 'invited', 'inviteSkipped', 'inviteFailed'] as const) total[k] += answer.data[k];
      total.failed.push(...answer.data.failed);
      setProgress({ done: i + 1, total: chunks.length });
    }
    setResult(total);
    setPhase('done');
    announce(`${m.resultHeading}: ${m.result({ ...total, failed: total.failed.length })}${invite ? ` ${m.invites(total)}` : ''}`, 'success');
    onImported();
  }

  const work = preview ? preview.new + preview.changed : 0;
  return (
    <ToolPanel id="pa-import-title" heading={m.heading} intro={m.intro}>
      <InputField
        id="pa-import-file"
        label={m.file}
        hint={m.fileHint}
        error={fileError || undefined}
        input={{ type: 'file', accept: '.csv,text/csv', disabled: phase === 'reading' || phase === 'running', onChange: (e) => void choose(e) }}
      />
      {phase === 'reading' && <p className="pa-muted">{m.reading}</p>}

      {preview && (
        <div className="pa-customers-preview">
          <h4 id="pa-import-preview-title" className="pa-subtitle" tabIndex={-1} ref={previewRef}>
            {m.summaryHeading}
          </h4>
          <p>{m.summary(preview)}</p>
          {preview.problems.length > 0 && (
            <div className="pa-customers-table-wrap">
              <table className="pa-table">
                <caption>{m.problemsCaption(preview.problems.length, preview.invalid)}</caption>
                <ColumnHeads labels={[m.line, x.email, m.problem]} />
                <tbody>
                  {preview.problems.map((p) => (
                    <tr key={p.line}>
                      <th scope="row">{p.line}</th>
                      <td>{p.email}</td>
                      <td>{p.problems.map((code) => m.problems[code] ?? code).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {work === 0 ? (
            <p className="pa-muted">{m.nothingToDo}</p>
          ) : (
            <>
              <CheckField
                id="pa-import-invite"
                label={m.inviteOption}
                hint={m.inviteHint}
                input={{ checked: invite, disabled: phase === 'running', onChange: (e) => setInvite(e.target.checked) }}
              />
              <div className="pa-row">
                <button type="button" className="pa-btn pa-btn--primary" disabled={phase === 'running' || phase === 'done'} onClick={() => void run()}>
                  {phase === 'running' ? x.working : m.run}
                </button>
              </div>
            </>
          )}
        </div>
      )}

      {(phase === 'running' || phase === 'done') && progress.total > 0 && (
        <div className="pa-field">
          <label htmlFor="pa-import-progress">{m.progressLabel}</label>
          <progress id="pa-import-progress" max={progress.total} value={progress.done} aria-describedby="pa-import-progress-text" />
          <p id="pa-import-progress-text" className="pa-hint-line">
            {m.progress(progress.done, progress.total)}
          </p>
        </div>
      )}

      {phase === 'done' && result && (
        <div className="pa-customers-result">
          <h4 id="pa-import-result-title" className="pa-subtitle" tabIndex={-1} ref={resultRef}>
            {m.resultHeading}
          </h4>
          <p>{m.result({ ...result, failed: result.failed.length })}</p>
          {invite && <p>{m.invites(result)}</p>}
          {result.failed.length > 0 && (
            <div className="pa-customers-table-wrap">
              <table className="pa-table">
                <caption>{m.failedCaption}</caption>
                <ColumnHeads labels={[m.line, m.problem]} />
                <tbody>
                  {result.failed.map((f) => (
                    <tr key={f.line}>
                      <th scope="row">{f.line}</th>
                      <td>{m.problems[f.reason] ?? f.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </ToolPanel>
  );
}
