import { downloadCsv } from '../../download';
import { useState } from 'react';
import { call } from '../../api';
import { errorText, type Messages } from '../../i18n';
import type { Announce } from '../Customers';
import type { CustomerTexts } from './customers.i18n';
import { ToolPanel } from './ToolPanel';

/** "Export CSV": the directory in chunks (progress announced), downloaded as one file. */
function Export({ x, t, announce }: { x: CustomerTexts; t: Messages; announce: Announce }) {
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    const parts: string[] = [];
    let count = 0;
    let cursor: string | undefined;
    do {
      const answer = await call('admin/customers/export', cursor ? { cursor } : {});
      if (!answer.ok) {
        setBusy(false);
        announce(errorText(t, answer.error), 'error');
        return;
      }
      parts.push(answer.data.csv);
      count += answer.data.count;
      cursor = answer.data.cursor ?? undefined;
      if (cursor) announce(x.exporting(count));
    } while (cursor);
    downloadCsv(`customers-${new Date().toISOString().slice(0, 10)}.csv`, parts);
    setBusy(false);
    announce(x.exported(count), 'success');
  }

  return (
    <button type="button" className="pa-btn" disabled={busy} onClick={() => void run()}>
      {busy ? x.working : x.exportRun}
    </button>
  );
}

/** "Resend expired invitations": confirmed, then chunked calls with a progress bar and a summary. */
function Resend({ x, t, announce, onDone }: { x: CustomerTexts; t: Messages; announce: Announce; onDone: () => void }) {
  const r = x.resend;
  const [phase, setPhase] = useState<'ready' | 'running' | 'done'>('ready');
  const [done, setDone] = useState(0);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [summary, setSummary] = useState('');

  async function run() {
    setPhase('running');
    setDone(0);
    setTotal(undefined);
    const sum = { resent: 0, skippedLimit: 0, failed: 0 };
    let cursor: string | undefined;
    let first = true;
    do {
      const answer = await call('admin/customers/resend-expired', cursor ? { cursor } : {});
      if (!answer.ok) {
        setPhase('done');
        setSummary(r.summary(sum));
        announce(`${r.summary(sum)} ${errorText(t, answer.error)}`, 'error');
        onDone();
        return;
      }
      if (first && answer.data.total !== undefined) setTotal(answer.data.total);
      first = false;
      sum.resent += answer.data.resent;
      sum.skippedLimit += answer.data.skippedLimit;
      sum.failed += answer.data.failed;
      setDone(sum.resent + sum.skippedLimit + sum.failed);
      cursor = answer.data.cursor ?? undefined;
    } while (cursor);
    setPhase('done');
    setSummary(r.summary(sum));
    announce(r.summary(sum), 'success');
    onDone();
  }

  return (
    <ToolPanel id="pa-resend-title" heading={r.heading} intro={r.intro}>
      <div className="pa-row">
        <button type="button" className="pa-btn pa-btn--primary" disabled={phase === 'running'} onClick={() => void run()}>
          {phase === 'running' ? x.working : r.run}
        </button>
      </div>
      {phase !== 'ready' && (
        <div className="pa-field">
          <label htmlFor="pa-resend-progress">{r.progressLabel}</label>
          {total !== undefined ? (
            <progress id="pa-resend-progress" max={Math.max(total, 1)} value={phase === 'done' ? Math.max(total, 1) : Math.min(done, total)} aria-describedby="pa-resend-progress-text" />
          ) : (
            <progress id="pa-resend-progress" aria-describedby="pa-resend-progress-text" {...(phase === 'done' ? { max: 1, value: 1 } : {})} />
          )}
          <p id="pa-resend-progress-text" className="pa-hint-line">
            {phase === 'done' ? summary : r.progress(done, total)}
          </p>
        </div>
      )}
    </ToolPanel>
  );
}

export const BulkTools = { Export, Resend };
