import { useState } from 'react';
import type { DiagnosticReport, DiagnosticResult } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { downloadJson } from '../download';
import { errorText } from '../i18n';
import { DIAGNOSTICS_TEXTS, type DiagnosticsTexts } from './Diagnostics.i18n';
import { LoadState, SectionFrame, StatusLine, useLoaded, type Notice } from './settings-common';
import type { SectionProps } from './types';
import './settings.css';
import './Diagnostics.css';

/** What to do about one result, in the admin's language. */
function advice(x: DiagnosticsTexts, r: DiagnosticResult): string {
  if (r.status === 'passed') return x.nothingToDo;
  if (r.status === 'degraded' && r.fallback) return x.fallbacks[r.fallback];
  return x.failed[r.id];
}

const factsText = (r: DiagnosticResult) =>
  Object.entries(r.facts)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');

/** The file support gets: the results as kept, each with its name and advice in the admin's language. */
function supportFile(x: DiagnosticsTexts, report: DiagnosticReport) {
  return {
    app: 'Portal Access',
    section: 'diagnostics',
    ranAt: report.ranAt,
    results: report.results.map((r) => ({ ...r, title: x.checks[r.id], advice: advice(x, r) })),
  };
}

/**
 * Section "Diagnostics" (issue 20, item 7): runs the checks on this site, shows each result (passed, degraded
 * with the fallback in use, failed) with what to do, and offers the kept results as a JSON file for support.
 */
export function Diagnostics({ lang, t }: SectionProps) {
  const x = DIAGNOSTICS_TEXTS[lang];
  const { data, setData, loading, loadError, load } = useLoaded(() => api.call('admin/diagnostics/get', {}));
  const [running, setRunning] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const when = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

  async function run() {
    if (running) return;
    setRunning(true);
    setNotice({ tone: 'info', text: x.running });
    const result = await api.call('admin/diagnostics/run', {});
    setRunning(false);
    if (!result.ok) {
      setNotice({ tone: 'error', text: errorText(t, result.error, result.reason) });
      return;
    }
    setData(result.data);
    const results = result.data.last?.results ?? [];
    const count = (s: DiagnosticResult['status']) => results.filter((r) => r.status === s).length;
    setNotice({ tone: count('failed') > 0 ? 'error' : 'success', text: x.finished(count('passed'), count('degraded'), count('failed')) });
  }

  if (!data) {
    return (
      <SectionFrame id="diagnostics" heading={x.heading} busy={loading}>
        <LoadState t={t} loading={loading} error={loadError} onRetry={() => void load()} />
      </SectionFrame>
    );
  }
  const report = data.last;
  return (
    <SectionFrame id="diagnostics" heading={x.heading} intro={x.intro}>
      <div className="pa-row">
        <button type="button" className="pa-btn pa-btn--primary" aria-disabled={running || undefined} onClick={() => void run()}>
          {x.run}
        </button>
        {report && (
          <button type="button" className="pa-btn" onClick={() => downloadJson(`portal-access-diagnostics-${report.ranAt.slice(0, 10)}.json`, supportFile(x, report))}>
            {x.download}
          </button>
        )}
      </div>
      <StatusLine id="pa-diagnostics-status" notice={notice} />
      {!report ? (
        <p className="pa-muted">{x.never}</p>
      ) : (
        <>
          <p className="pa-muted">{x.lastRun(when.format(new Date(report.ranAt)))}</p>
          <ul className="pa-diag-list" aria-label={x.heading}>
            {report.results.map((r) => (
              <li key={r.id} className={`pa-diag pa-diag--${r.status}`}>
                <div className="pa-diag-head">
                  <span className="pa-diag-title">{x.checks[r.id]}</span>
                  <span className={`pa-diag-status pa-diag-status--${r.status}`}>{x.status[r.status]}</span>
                </div>
                <p className="pa-diag-advice">{advice(x, r)}</p>
                {(r.reason || factsText(r)) && (
                  <p className="pa-diag-facts pa-muted">
                    {r.reason && `${x.code}: ${r.reason}`}
                    {r.reason && factsText(r) && ' · '}
                    {factsText(r)}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </SectionFrame>
  );
}
