import { useEffect, useRef, useState } from 'react';
import * as api from '../api';
import type { Failure, FailureCode, Outcome } from '../api';
import { errorText, type Messages } from '../i18n';
import type { SettingsTexts } from './settings.i18n';

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
    <div className="pa-notice pa-notice--error">
      <p role="status">{errorText(t, error ?? 'internal')}</p>
      <div className="pa-row">
        <button type="button" className="pa-btn" onClick={onRetry}>
          {t.retry}
        </button>
      </div>
    </div>
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

/** Whole number within [min, max] typed as text. */
export function intIn(value: string, [min, max]: readonly [number, number]): boolean {
  if (!/^\d+$/.test(value.trim())) return false;
  const n = Number(value.trim());
  return n >= min && n <= max;
}
