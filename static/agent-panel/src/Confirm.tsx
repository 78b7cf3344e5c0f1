import { useEffect, useRef } from 'react';
import type { Messages } from './i18n';

/** The inline "are you sure" for an action: focus on Confirm, Escape cancels (not while busy). */
export function Confirm({
  question,
  busy,
  t,
  onConfirm,
  onCancel,
}: {
  question: string;
  busy: boolean;
  t: Messages;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
  }, []);
  return (
    <div
      className="pa-confirm"
      role="group"
      aria-labelledby="pa-confirm-q"
      aria-busy={busy}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          if (!busy) onCancel();
        }
      }}
    >
      <p id="pa-confirm-q">{question}</p>
      <div className="pa-row">
        <button
          ref={confirmRef}
          type="button"
          className="pa-btn pa-btn--primary"
          aria-describedby="pa-confirm-q"
          aria-disabled={busy}
          onClick={() => !busy && onConfirm()}
        >
          {busy ? t.actions.working : t.actions.confirm}
        </button>
        <button type="button" className="pa-btn pa-btn--subtle" aria-disabled={busy} onClick={() => !busy && onCancel()}>
          {t.actions.cancel}
        </button>
      </div>
    </div>
  );
}
