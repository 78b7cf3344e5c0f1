/** A labelled form control with an optional hint and error, wired with aria-describedby / aria-invalid. */
export type FieldProps = { id: string; className: string; 'aria-invalid'?: true; 'aria-describedby'?: string };

export function Field({
  id,
  label,
  labelHint,
  hint,
  error,
  stored,
  children,
}: {
  id: string;
  label: string;
  /** Next to the label, e.g. "(optional)". */
  labelHint?: string;
  /** Below the label, read with the control. */
  hint?: string;
  error?: string;
  /** A masked stored value shown next to the hint (decorative: the hint says the same in words). */
  stored?: string;
  children: (props: FieldProps) => React.ReactNode;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className="pa-field">
      <label htmlFor={id}>
        {label}
        {labelHint && <span className="pa-hint"> {labelHint}</span>}
      </label>
      {hint && (
        <p id={hintId} className="pa-hint-line">
          {stored && (
            <span className="pa-mask pa-mono" aria-hidden="true">
              {stored}
            </span>
          )}
          {hint}
        </p>
      )}
      {children({ id, className: 'pa-input', ...(error ? { 'aria-invalid': true } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {error && (
        <p id={errorId} className="pa-field-error">
          {error}
        </p>
      )}
    </div>
  );
}
