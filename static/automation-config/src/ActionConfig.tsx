import { events, view } from '@forge/bridge';
import { useEffect, useRef, useState } from 'react';
import { langOf, type Lang } from '../../shared/host-locale';
import { CONFIG_TEXTS } from './i18n';

type Field = 'email' | 'displayName' | 'language';
type Inputs = Record<Field, string>;

/**
 * The configuration form of the Automation action "Send portal activation" (action `config`, issue 12). Every
 * change is handed to Automation at once (`view.submit`), so switching steps keeps it; Automation's own "Next"
 * submits too (`AUTOMATION_ACTION_SUBMIT`). The inputs Automation found invalid when the rule was validated
 * are marked on load. The values are checked again when the action runs (the smart values are resolved then).
 */
export function ActionConfig() {
  const [lang, setLang] = useState<Lang>('en');
  const [inputs, setInputs] = useState<Inputs | null>(null);
  const [invalid, setInvalid] = useState<Partial<Record<Field, boolean>>>({});
  const latest = useRef<Inputs | null>(null);

  useEffect(() => {
    void view
      .getContext()
      .then((context) => {
        const extension = (context?.extension ?? {}) as { data?: { inputs?: Partial<Inputs> }; errors?: { invalidInputs?: Partial<Record<Field, unknown>> } };
        const stored = extension.data?.inputs ?? {};
        const start = { email: String(stored.email ?? ''), displayName: String(stored.displayName ?? ''), language: String(stored.language ?? '') };
        latest.current = start;
        setLang(langOf(context?.locale ? String(context.locale) : navigator.language));
        setInputs(start);
        const wrong = extension.errors?.invalidInputs ?? {};
        setInvalid({ email: 'email' in wrong, displayName: 'displayName' in wrong, language: 'language' in wrong });
      })
      .catch(() => setInputs({ email: '', displayName: '', language: '' }));
    const subscription = events.on('AUTOMATION_ACTION_SUBMIT', () => {
      if (latest.current) void view.submit(latest.current).catch(() => undefined);
    });
    return () => {
      void subscription.then((s) => s.unsubscribe()).catch(() => undefined);
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const t = CONFIG_TEXTS[lang];
  if (!inputs) return <p role="status">{t.loading}</p>;

  function change(field: Field, value: string) {
    const next = { ...(latest.current ?? inputs!), [field]: value };
    latest.current = next;
    setInputs(next);
    setInvalid((old) => ({ ...old, [field]: false }));
    void view.submit(next).catch(() => undefined);
  }

  const field = (name: Field, label: string, hint: string, optional: boolean, type: 'email' | 'text') => (
    <div className="pa-ac-field">
      <label htmlFor={`pa-ac-${name}`}>
        {label} {optional && <span className="pa-ac-muted">{t.optional}</span>}
      </label>
      <p id={`pa-ac-${name}-hint`} className="pa-ac-muted">
        {hint}
      </p>
      {invalid[name] && (
        <p id={`pa-ac-${name}-error`} className="pa-ac-error">
          {t.invalid[name]}
        </p>
      )}
      <input
        id={`pa-ac-${name}`}
        // A smart value is no address yet: the type stays text so the browser does not refuse it.
        type="text"
        inputMode={type === 'email' ? 'email' : undefined}
        autoComplete="off"
        maxLength={name === 'email' ? 254 : 200}
        required={!optional}
        aria-invalid={invalid[name] || undefined}
        aria-describedby={`pa-ac-${name}-hint${invalid[name] ? ` pa-ac-${name}-error` : ''}`}
        value={inputs[name]}
        onChange={(e) => change(name, e.target.value)}
      />
    </div>
  );

  return (
    <main className="pa-ac" lang={lang} aria-labelledby="pa-ac-title">
      <style>{CSS}</style>
      <h1 id="pa-ac-title" className="pa-ac-heading">
        {t.heading}
      </h1>
      <p>{t.intro}</p>
      <form onSubmit={(e) => (e.preventDefault(), void view.submit(latest.current).catch(() => undefined))} noValidate>
        {field('email', t.email, t.emailHint, false, 'email')}
        {field('displayName', t.displayName, t.displayNameHint, true, 'text')}
        {field('language', t.language, t.languageHint, true, 'text')}
      </form>
      <p className="pa-ac-muted">{t.outputs}</p>
    </main>
  );
}

const CSS = `.pa-ac{padding:8px 4px;max-width:560px}.pa-ac-heading{font-size:16px;line-height:20px;margin:0 0 8px}
.pa-ac-field{margin:0 0 16px}.pa-ac-field label{display:block;font-weight:600}
.pa-ac-field input{display:block;width:100%;padding:6px 8px;border:1px solid var(--ds-border-input,#8C8F97);border-radius:3px;background:var(--ds-background-input,#fff);color:inherit}
.pa-ac-field input[aria-invalid="true"]{border:2px solid var(--ds-border-danger,#E2483D)}
.pa-ac-muted{color:var(--ds-text-subtle,#505258);margin:2px 0 4px}.pa-ac-error{color:var(--ds-text-danger,#AE2E24);font-weight:600;margin:2px 0 4px}`;
