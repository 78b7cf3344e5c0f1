import { useState } from 'react';
import * as api from '../../api';
import { PlainField } from '../provider-form';
import { errorText, type Lang, type Messages } from '../../i18n';
import type { SsoTexts } from '../SingleSignOn.i18n';

type State = { kind: 'idle' } | { kind: 'starting' } | { kind: 'started'; url: string; until: string } | { kind: 'failed'; text: string };

/**
 * Step 5: starts a test sign-in for a customer and opens the app's sign-in page (test mode) in a new tab.
 * A blocked popup is not detectable with `noopener`, so the page's address is always offered as a link too.
 */
export function TestSignIn({ lang, t, x, titleId }: { lang: Lang; t: Messages; x: SsoTexts; titleId: string }) {
  const [identifier, setIdentifier] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const s = x.test;

  async function start(event: React.FormEvent) {
    event.preventDefault();
    if (state.kind === 'starting') return;
    setState({ kind: 'starting' });
    const result = await api.call('admin/sso/test', { identifier: identifier.trim(), locale: lang });
    if (result.ok) {
      window.open(result.data.url, '_blank', 'noopener');
      const until = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { timeStyle: 'short' }).format(new Date(result.data.expiresAt * 1000));
      setState({ kind: 'started', url: result.data.url, until });
      return;
    }
    const text = result.error === 'not-allowed' && result.reason === 'not-configured' ? s.notConfigured : errorText(t, result.error);
    setState({ kind: 'failed', text });
  }

  const tone = state.kind === 'failed' ? 'pa-notice pa-notice--error' : state.kind === 'started' ? 'pa-notice pa-notice--success' : 'pa-notice-empty';
  return (
    <form className="pa-form" aria-labelledby={titleId} noValidate onSubmit={(e) => void start(e)} aria-busy={state.kind === 'starting'}>
      <p className="pa-muted">{s.body}</p>
      <PlainField id="pa-sso-test-identifier" label={s.identifier} hint={s.identifierHint} maxLength={254} value={identifier} onChange={setIdentifier} />
      <div className="pa-row">
        <button id="pa-sso-test" type="submit" className="pa-btn" aria-disabled={state.kind === 'starting'}>
          {s.button}
        </button>
      </div>
      <div className={tone}>
        <p id="pa-sso-test-status" role="status" aria-live="polite" aria-atomic="true">
          {state.kind === 'starting' ? s.starting : state.kind === 'started' ? s.started(state.until) : state.kind === 'failed' ? state.text : ''}
        </p>
        {state.kind === 'started' && (
          <p>
            <a id="pa-sso-test-link" href={state.url} target="_blank" rel="noopener noreferrer">
              {s.link}
            </a>
          </p>
        )}
      </div>
    </form>
  );
}
