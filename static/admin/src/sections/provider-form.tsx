import { useEffect, useState } from 'react';
import type { Outcome } from '../api';
import { Field } from '../../../shared/Field';
import { errorText, type Messages } from '../i18n';
import { useLoaded, type Notice } from './settings-common';

/**
 * What the email and SMS delivery forms share: a provider's settings loaded into a form (secrets never come
 * back: their fields start empty and keep the stored value when left so), field edits that clear the field's
 * error, and the save: the same checks as the backend first (the first field in error gets the focus and the
 * status says how many), then the backend's verdict on one field or the whole save.
 */
export function useProviderForm<D, F extends object, K extends string>(spec: {
  load: () => Promise<Outcome<D>>;
  formOf: (data: D) => F;
  fieldId: Record<K, string>;
  /** Fields in the order they are shown: the first in error gets the focus. */
  order: readonly K[];
  fixErrors: (count: number) => string;
  /** Where the focus goes when its target is not on the page. */
  focusFallback?: string;
}) {
  const [form, setForm] = useState<F | null>(null);
  const { data, setData, loading, loadError, load } = useLoaded(spec.load, (loaded) => setForm(spec.formOf(loaded)));
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const [saving, setSaving] = useState(false);
  const [saveNotice, setSaveNotice] = useState<Notice | null>(null);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  useEffect(() => {
    if (!focusTarget) return;
    (document.getElementById(focusTarget) ?? (spec.focusFallback ? document.getElementById(spec.focusFallback) : null))?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  function set<P extends keyof F>(key: P, value: F[P]) {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setErrors((e) => {
      if (!(key in e)) return e;
      const { [key as unknown as K]: _gone, ...rest } = e;
      return rest as Partial<Record<K, string>>;
    });
    setSaveNotice(null);
  }

  async function save(
    event: React.FormEvent,
    how: {
      t: Messages;
      validate: (form: F, data: D) => Partial<Record<K, string>>;
      send: (form: F, data: D) => Promise<Outcome<D>>;
      saved: string;
      /** The message for a field the backend refused. */
      refused: (field: K, form: F) => string;
    },
  ) {
    event.preventDefault();
    if (!form || !data || saving) return;
    const found = how.validate(form, data);
    const invalid = spec.order.filter((f) => found[f]);
    setErrors(found);
    if (invalid.length > 0) {
      setSaveNotice({ tone: 'error', text: spec.fixErrors(invalid.length) });
      setFocusTarget(spec.fieldId[invalid[0]]);
      return;
    }
    setSaving(true);
    setSaveNotice(null);
    const result = await how.send(form, data);
    setSaving(false);
    if (result.ok) {
      setData(result.data);
      setForm(spec.formOf(result.data));
      setErrors({});
      setSaveNotice({ tone: 'success', text: how.saved });
      return;
    }
    const field = spec.order.find((f) => f === result.field);
    if (result.error === 'invalid-input' && field) {
      setErrors({ [field]: how.refused(field, form) } as Partial<Record<K, string>>);
      setSaveNotice({ tone: 'error', text: spec.fixErrors(1) });
      setFocusTarget(spec.fieldId[field]);
      return;
    }
    setSaveNotice({ tone: 'error', text: errorText(how.t, result.error) });
  }

  return { data, setData, form, loading, loadError, load, errors, setErrors, saving, saveNotice, focus: setFocusTarget, set, save };
}

/** A choice among fixed values (a provider, a region), each shown by its label. */
export function ChoiceField<V extends string>({
  id,
  label,
  hint,
  error,
  values,
  labels,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  values: readonly V[];
  labels: Record<V, string>;
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as V)}>
          {values.map((v) => (
            <option key={v} value={v}>
              {labels[v]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

type TypedProps = Omit<React.ComponentProps<typeof Field>, 'children'> & { maxLength: number; value: string; onChange: (value: string) => void };

/** An input whose value counts as typed (a key, a domain, an account ID): no spelling correction, no capitals. */
function TypedField({ maxLength, value, onChange, input, mono, ...field }: TypedProps & { input: React.InputHTMLAttributes<HTMLInputElement>; mono?: boolean }) {
  return (
    <Field {...field}>
      {(props) => (
        <input
          {...props}
          {...input}
          className={mono ? `${props.className} pa-mono` : props.className}
          spellCheck={false}
          autoCapitalize="none"
          maxLength={maxLength}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A secret (API key, webhook secret): typed, never shown back; empty keeps the stored one. */
export function SecretField({ placeholder, ...field }: TypedProps & { placeholder?: string }) {
  return <TypedField {...field} input={{ type: 'password', autoComplete: 'new-password', placeholder }} />;
}

/** An identifier typed as it is (a domain, an account ID): no autofill; `mono` for IDs. */
export function PlainField({ required, ...field }: TypedProps & { required?: boolean; mono?: boolean }) {
  return <TypedField {...field} input={{ type: 'text', autoComplete: 'off', required }} />;
}

/** What a test send does, and a warning while the form has changes not saved yet (the test uses the saved ones). */
export function TestHint({ id, hint, unsaved, dirty }: { id: string; hint: string; unsaved: string; dirty: boolean }) {
  return (
    <p id={id} className="pa-muted">
      {hint}
      {dirty && (
        <>
          {' '}
          <strong>{unsaved}</strong>
        </>
      )}
    </p>
  );
}
