/**
 * The profile panel's labelled text inputs (the two-step codes, the SMS setup's number and proof): hint and
 * error below the label, both read with the input.
 */
export interface TextFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'tel' | 'password';
  autoComplete: string;
  inputMode?: 'tel' | 'numeric' | 'text';
  autoCapitalize?: 'characters';
  maxLength: number;
  /** Styled as a code (wide spacing). */
  code?: boolean;
}

export function TextField({ id, label, hint, error, value, onChange, type, autoComplete, inputMode, autoCapitalize, maxLength, code }: TextFieldProps) {
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="pp-field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="pp-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="pp-field-error">
          {error}
        </p>
      ) : null}
      <input
        id={id}
        className={code ? 'pp-input pp-input--code' : 'pp-input'}
        type={type ?? 'text'}
        autoComplete={autoComplete}
        inputMode={inputMode}
        autoCapitalize={autoCapitalize}
        spellCheck={false}
        maxLength={maxLength}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** A code from the authenticator app or a text message (digits), or a recovery code (letters). */
export function CodeField({ recovery, ...field }: Omit<TextFieldProps, 'type' | 'autoComplete' | 'inputMode' | 'autoCapitalize' | 'maxLength' | 'code'> & { recovery: boolean }) {
  return recovery ? (
    <TextField {...field} autoComplete="off" inputMode="text" autoCapitalize="characters" maxLength={24} code />
  ) : (
    <TextField {...field} autoComplete="one-time-code" inputMode="numeric" maxLength={8} code />
  );
}

/** A two-step form's submit button (its label while busy) and Cancel. */
export function SubmitOrCancel({ busy, submit, busyText, cancel, onCancel }: { busy: boolean; submit: string; busyText: string; cancel: string; onCancel: () => void }) {
  return (
    <div className="pp-actions">
      <button type="submit" className="pp-btn pp-btn--primary" aria-disabled={busy || undefined}>
        {busy ? busyText : submit}
      </button>
      <button type="button" className="pp-btn" onClick={onCancel}>
        {cancel}
      </button>
    </div>
  );
}
