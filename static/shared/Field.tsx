/** A labelled form control with an optional hint and error, wired with aria-describedby / aria-invalid (admin page, agent panel). */
export type FieldProps = { id: string; className: string; 'aria-invalid'?: true; 'aria-describedby'?: string };

type FieldTexts = {
  id: string;
  label: string;
  /** Next to the label, e.g. "(optional)". */
  labelHint?: string;
  /** Below the label, read with the control. */
  hint?: string;
  error?: string;
  /** A masked stored value shown next to the hint (decorative: the hint says the same in words). */
  stored?: string;
};

export function Field({ id, label, labelHint, hint, error, stored, children }: FieldTexts & { children: (props: FieldProps) => React.ReactNode }) {
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

/** A Field whose control is an `<input>` with these attributes (a `className` here replaces the field's `pa-input`). */
export function InputField({ input, ...field }: FieldTexts & { input: React.ComponentProps<'input'> }) {
  return <Field {...field}>{(props) => <input {...props} {...input} />}</Field>;
}

/** A checkbox with its label and, below, a hint read with it (admin page). */
export function CheckField({ id, label, hint, input }: { id: string; label: string; hint: string; input: React.InputHTMLAttributes<HTMLInputElement> }) {
  return (
    <div className="pa-field pa-check">
      <input id={id} type="checkbox" aria-describedby={`${id}-hint`} {...input} />
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="pa-hint-line">
        {hint}
      </p>
    </div>
  );
}
