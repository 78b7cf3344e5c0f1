import { useRef, useState } from 'react';
import type { SsoTexts } from '../SingleSignOn.i18n';

/**
 * Copies text from inside the app's iframe. The Clipboard API may be refused there (permissions policy of
 * a sandboxed frame), so the fallback selects the control's text and asks the browser to copy the
 * selection; when that is refused too, the text stays selected for the admin to copy by keyboard.
 */
export async function copyText(text: string, control: HTMLInputElement | HTMLTextAreaElement | null): Promise<'copied' | 'manual'> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch {
    // Refused: fall through to the selection.
  }
  const select = () => {
    control?.focus();
    control?.select();
  };
  select();
  try {
    if (document.execCommand('copy')) return 'copied';
  } catch {
    // Refused as well.
  }
  select();
  return 'manual';
}

/**
 * A read-only value with a Copy button: the button's visible text is "Copy", its accessible name says what
 * it copies; the outcome is announced in a polite status line under the value.
 */
export function CopyValue({
  id,
  label,
  value,
  hint,
  multiline,
  x,
  children,
}: {
  id: string;
  label: string;
  value: string;
  hint?: string;
  multiline?: boolean;
  x: SsoTexts;
  children?: React.ReactNode;
}) {
  const [status, setStatus] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const hintId = hint ? `${id}-hint` : undefined;

  async function copy() {
    setStatus('');
    const outcome = await copyText(value, multiline ? areaRef.current : inputRef.current);
    setStatus(outcome === 'copied' ? x.copied : x.copyManual);
  }

  const common = {
    id,
    className: 'pa-input pa-mono',
    readOnly: true,
    value,
    'aria-describedby': hintId,
    spellCheck: false,
  };
  return (
    <div className="pa-field pa-sso-value">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="pa-hint-line">
          {hint}
        </p>
      )}
      <div className={multiline ? 'pa-copy pa-copy--stacked' : 'pa-copy'}>
        {multiline ? (
          <textarea ref={areaRef} {...common} rows={8} className="pa-input pa-mono pa-sso-pem" />
        ) : (
          <input ref={inputRef} {...common} type="text" onFocus={(e) => e.currentTarget.select()} />
        )}
        <div className="pa-row">
          <button id={`${id}-copy`} type="button" className="pa-btn" aria-label={x.copyName(label)} onClick={() => void copy()}>
            {x.copy}
          </button>
          {children}
        </div>
      </div>
      <p id={`${id}-status`} className="pa-hint-line pa-sso-copied" role="status" aria-live="polite" aria-atomic="true">
        {status}
      </p>
    </div>
  );
}
