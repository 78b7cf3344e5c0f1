import { useEffect, useRef, useState } from 'react';
import type { SettingsData } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import type { Failure, FailureCode, Outcome } from '../api';
import { errorText, type Messages } from '../i18n';
import type { SettingsTexts } from './settings.i18n';
import { RetryNotice } from '../../../shared/RetryNotice';

/**
 * What the Branding, Security and Customer pages sections share: loading the settings (one key for all
 * three), the load/refusal states, field ids from payload paths, the save status in a live region, and
 * moving focus to the first field in error. The loading hook and the save row serve the other sections too.
 */
export type Errors = Record<string, string>;
/** 'info' (e.g. "Sending…") is announced but not boxed as a notice. */
export type Notice = { tone: 'success' | 'error' | 'info'; text: string };

/** `policy.minLength` → `pa-set-policy-minLength`: the id of the control for a payload path. */
export const fieldId = (path: string) => `pa-set-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

/**
 * A section's data, loaded once on mount (not again when a render recreates the loader); `load` again for a
 * retry. `onLoaded` sees each loaded value (e.g. to fill a form from it).
 */
export function useLoaded<T>(fetch: () => Promise<Outcome<T>>, onLoaded?: (data: T) => void) {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<FailureCode | null>(null);
  const started = useRef(false);

  async function load(): Promise<boolean> {
    setLoading(true);
    const result = await fetch();
    setLoading(false);
    if (result.ok) {
      setData(result.data);
      onLoaded?.(result.data);
      setLoadError(null);
    } else setLoadError(result.error);
    return result.ok;
  }

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void load();
  }, []);
  return { data, setData, loading, loadError, load };
}

export const useSettings = () => useLoaded(() => api.call('admin/settings/get', {}));

/**
 * A settings section's form (Branding, Security, Customer pages): the loaded settings, the form made from them
 * once they are there, its errors and save status. `edited` clears a field's error and the status; `refused`
 * shows the errors the browser found (the status counts them, the first in `order` takes the focus) and says
 * whether there were any; `saved` takes the stored settings back; `failed` shows a refused save.
 */
export function useSettingsForm<F>(formOf: (d: SettingsData) => F, s: { fixErrors: (n: number) => string; saved: string }) {
  const settings = useSettings();
  const [form, setForm] = useState<F | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const focus = useFocusAfterRender();

  if (settings.data && !form) setForm(formOf(settings.data));

  function edited(path: string) {
    setErrors(({ [path]: _gone, ...rest }) => rest);
    setNotice(null);
  }
  function refused(found: Errors, order: readonly string[]): boolean {
    const invalid = order.filter((p) => found[p]);
    setErrors(found);
    if (invalid.length === 0) return false;
    setNotice({ tone: 'error', text: s.fixErrors(invalid.length) });
    focus(fieldId(invalid[0]));
    return true;
  }
  function saved(next: SettingsData) {
    settings.setData(next);
    setForm(formOf(next));
    setErrors({});
    setNotice({ tone: 'success', text: s.saved });
  }
  function failed(outcome: { errors: Errors; notice: Notice; focus?: string }) {
    setErrors(outcome.errors);
    setNotice(outcome.notice);
    if (outcome.focus) focus(outcome.focus);
  }
  return { ...settings, form, setForm, errors, setErrors, saving, setSaving, notice, setNotice, focus, edited, refused, saved, failed };
}

/**
 * A settings section while its settings load, or could not. Called as a function, not rendered as a component:
 * the loaded section's root is the same SectionFrame, so its heading (focused when the admin opened the section)
 * stays the same element and keeps the focus.
 */
export function settingsLoading({ t, id, heading, loading, error, onRetry }: { t: Messages; id: string; heading: string; loading: boolean; error: FailureCode | null; onRetry: () => void }) {
  return (
    <SectionFrame id={id} heading={heading} busy={loading}>
      <LoadState t={t} loading={loading} error={error} onRetry={onRetry} />
    </SectionFrame>
  );
}

/** Focus moves to the element with this id after the next render. */
export function useFocusAfterRender() {
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    if (!target) return;
    document.getElementById(target)?.focus();
    setTarget(null);
  }, [target]);
  return setTarget;
}

export function SectionFrame({ id, heading, intro, children, busy }: { id: string; heading: string; intro?: string; children: React.ReactNode; busy?: boolean }) {
  return (
    <section className="pa-section pa-settings" aria-labelledby={`pa-${id}-title`} aria-busy={busy || undefined}>
      <h2 id={`pa-${id}-title`} className="pa-heading" tabIndex={-1}>
        {heading}
      </h2>
      {intro && <p className="pa-muted">{intro}</p>}
      {children}
    </section>
  );
}

/** A group inside a section: its heading (h3) and, where it has one, an intro. */
export function TitledGroup({ className, id, title, intro, busy, children }: { className: string; id: string; title: string; intro?: string; busy?: boolean; children: React.ReactNode }) {
  return (
    <section className={className} aria-labelledby={id} aria-busy={busy}>
      <h3 id={id} className="pa-subtitle">
        {title}
      </h3>
      {intro && <p className="pa-muted">{intro}</p>}
      {children}
    </section>
  );
}

/** Loading, "only admins", or a failed load with a retry button. */
export function LoadState({ t, loading, error, onRetry }: { t: Messages; loading: boolean; error: FailureCode | null; onRetry: () => void }) {
  if (loading) {
    return (
      <p className="pa-muted" role="status">
        {t.loading}
      </p>
    );
  }
  if (error === 'forbidden') {
    return (
      <p className="pa-calm" role="status">
        {t.forbiddenPage}
      </p>
    );
  }
  return (
    <RetryNotice text={errorText(t, error ?? 'internal')} retry={t.retry} onRetry={onRetry} />
  );
}

/** A status line in a live region, boxed as a notice once it says how something went (`boxInfo`: "Sending…" too). */
export function StatusLine({ id, notice, boxInfo }: { id?: string; notice: Notice | null; boxInfo?: boolean }) {
  return (
    <div className={notice && (boxInfo || notice.tone !== 'info') ? `pa-notice pa-notice--${notice.tone}` : 'pa-notice-empty'}>
      <p id={id} role="status" aria-live="polite" aria-atomic="true">
        {notice?.text ?? ''}
      </p>
    </div>
  );
}

/**
 * A form's submit button and its status line. Ids `pa-<id>-save` and `pa-<id>-status`, or as `ids` names
 * them (none without either).
 */
export function SaveRow({ s, id, ids, saving, notice, boxInfo }: {
  s: { save: string; saving: string };
  id?: string;
  ids?: { button: string; status: string };
  saving: boolean;
  notice: Notice | null;
  boxInfo?: boolean;
}) {
  const named = ids ?? (id ? { button: `pa-${id}-save`, status: `pa-${id}-status` } : undefined);
  return (
    <>
      <div className="pa-row">
        <button id={named?.button} type="submit" className="pa-btn pa-btn--primary" aria-disabled={saving}>
          {saving ? s.saving : s.save}
        </button>
      </div>
      <StatusLine id={named?.status} notice={notice} boxInfo={boxInfo} />
    </>
  );
}

/**
 * After a refused save: the field the server named (or the first one found locally) gets its message and
 * the focus; the status line says how many fields need attention.
 */
export function failureNotice(t: Messages, s: SettingsTexts, failure: Failure, known: (path: string) => string | undefined): { errors: Errors; notice: Notice; focus?: string } {
  const field = failure.error === 'invalid-input' && failure.field ? failure.field : undefined;
  const message = field ? known(field) : undefined;
  if (field && message) return { errors: { [field]: message }, notice: { tone: 'error', text: s.fixErrors(1) }, focus: fieldId(field) };
  return { errors: {}, notice: { tone: 'error', text: errorText(t, failure.error) } };
}

/**
 * One checkbox of a group checked as a whole (at least one ticked): its own hint, and the group's error (shown
 * once below the group by GroupError, at the id of the group's path) read with it.
 */
export function GroupCheck({ id, label, hint, checked, group, groupError, onChange }: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  group: string;
  groupError?: string;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="pa-field pa-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-invalid={groupError ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', groupError ? `${fieldId(group)}-error` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="pa-hint-line">
          {hint}
        </p>
      )}
    </div>
  );
}

/** The error of a group of GroupChecks, below the group. */
export function GroupError({ group, error }: { group: string; error?: string }) {
  return error ? (
    <p id={`${fieldId(group)}-error`} className="pa-field-error">
      {error}
    </p>
  ) : null;
}

/** A fieldset whose legend is followed by an intro that is read with the group (`inner`: a group in a group). */
export function IntroFieldset({ id, legend, intro, inner, children }: { id: string; legend: string; intro: string; inner?: boolean; children: React.ReactNode }) {
  return (
    <fieldset className={inner ? 'pa-fieldset pa-fieldset--inner' : 'pa-fieldset'} aria-describedby={id}>
      <legend className={inner ? 'pa-label' : 'pa-subtitle'}>{legend}</legend>
      <p id={id} className="pa-hint-line">
        {intro}
      </p>
      {children}
    </fieldset>
  );
}

/** Whole number within [min, max] typed as text. */
export function intIn(value: string, [min, max]: readonly [number, number]): boolean {
  if (!/^\d+$/.test(value.trim())) return false;
  const n = Number(value.trim());
  return n >= min && n <= max;
}
