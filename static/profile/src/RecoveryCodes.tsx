import { useEffect, useState } from 'react';
import type { Messages } from './i18n';
import { focusSoon } from './section';
import { Subsection } from './Subsection';

/**
 * New recovery codes, shown once: Download and Print, and the panel goes back only after "I have saved these
 * codes".
 */
export function RecoveryCodes({ t, codes, intro, account, onDone }: { t: Messages; codes: string[]; intro: string; account: string; onDone: () => void }) {
  const m = t.twoStep;
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string>();
  // Printing shows only the codes (profile.css, @media print).
  useEffect(() => {
    const after = () => document.documentElement.classList.remove('pp-printing-codes');
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('afterprint', after);
      after();
    };
  }, []);

  function download() {
    const text = `${m.fileHeader(account)}\n\n${codes.join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = m.fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  function print() {
    document.documentElement.classList.add('pp-printing-codes');
    window.print();
  }

  function done() {
    if (!saved) {
      setError(m.savedRequired);
      return focusSoon('pp-2s-saved');
    }
    onDone();
  }

  return (
    <Subsection title={m.codesTitle} className="pp-codes">
      <p>{intro}</p>
      <p className="pp-muted">{m.codesOnce}</p>
      <ul className="pp-code-list" aria-label={m.codesTitle}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="pp-actions pp-no-print">
        <button type="button" className="pp-btn" onClick={download}>
          {m.download}
        </button>
        <button type="button" className="pp-btn" onClick={print}>
          {m.print}
        </button>
      </div>
      <div className="pp-check pp-no-print">
        <input
          id="pp-2s-saved"
          type="checkbox"
          checked={saved}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'pp-2s-saved-error' : undefined}
          onChange={(e) => (setSaved(e.target.checked), setError(undefined))}
        />
        <label htmlFor="pp-2s-saved">{m.saved}</label>
      </div>
      {error ? (
        <p id="pp-2s-saved-error" className="pp-field-error pp-no-print">
          {error}
        </p>
      ) : null}
      <button type="button" className="pp-btn pp-btn--primary pp-no-print" onClick={done}>
        {m.done}
      </button>
    </Subsection>
  );
}
