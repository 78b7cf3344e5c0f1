import { useEffect, useState } from 'react';
import type { EmailActivityEntry } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { errorText, type Lang, type Messages } from '../i18n';
import { ColumnHeads } from '../../../shared/ColumnHeads';

/** The email part of the audit log: what was sent, retried, delivered or bounced, newest first, paginated. */
export function EmailActivity({ t, lang }: { t: Messages; lang: Lang }) {
  const a = t.activity;
  const [entries, setEntries] = useState<EmailActivityEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState('');
  const format = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

  const load = async (next?: string) => {
    setBusy(true);
    const result = await api.loadEmailActivity(next);
    setBusy(false);
    if (!result.ok) {
      setError(errorText(t, result.error));
      return;
    }
    setError('');
    setEntries((old) => (next ? [...old, ...result.data.entries] : result.data.entries));
    setCursor(result.data.cursor);
  };

  useEffect(() => {
    void load();
    // Only on the listed changes (none: on mount), not whenever a callback is recreated by a render.
  }, []);

  return (
    <section className="pa-section" aria-labelledby="pa-activity-title" aria-busy={busy}>
      <h2 id="pa-activity-title" className="pa-heading" tabIndex={-1}>
        {a.heading}
      </h2>
      <p className="pa-muted">{a.intro}</p>
      {error && <p className="pa-notice pa-notice--error">{error}</p>}
      {!busy && !error && entries.length === 0 && <p>{a.empty}</p>}
      {entries.length > 0 && (
        <table className="pa-table">
          <ColumnHeads labels={[a.when, a.customer, a.event, a.detail]} />
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{format.format(new Date(e.at * 1000))}</td>
                <td>{e.customer ? `${e.customer.displayName} <${e.customer.email}>` : a.unknownCustomer}</td>
                <td>{a.kinds[e.kind] ?? e.kind}</td>
                <td>{[e.template, e.attempt ? a.attempt(e.attempt) : '', e.reason].filter(Boolean).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" className="pa-btn" disabled={busy} onClick={() => void load(cursor)}>
          {a.more}
        </button>
      )}
    </section>
  );
}
