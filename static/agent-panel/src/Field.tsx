export type FieldProps = { id: string; className: string; 'aria-invalid'?: true; 'aria-describedby'?: string };

/** A labelled input with its hint and error; the control itself comes from `children` with the ids wired. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (props: FieldProps) => React.ReactNode;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="pa-field">
      <label htmlFor={id}>
        {label}
        {hint && <span className="pa-hint"> {hint}</span>}
      </label>
      {children({ id, className: 'pa-input', ...(error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {}) })}
      {error && (
        <p id={errorId} className="pa-field-error">
          {error}
        </p>
      )}
    </div>
  );
}
