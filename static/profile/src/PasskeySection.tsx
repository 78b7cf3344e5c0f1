import { useState } from 'react';
import type { ProfileData } from '../../../src/surfaces/profile-api';
import * as api from './api';
import type { Messages } from './i18n';
import { ColumnHeads } from '../../shared/ColumnHeads';

type Editing = { id: string; mode: 'rename'; name: string } | { id: string; mode: 'remove' } | null;

/** "Passkeys" (issue 22): the list with name, added, last used; rename; remove after a confirmation; a link to add one. */
export function PasskeySection({ t, data, dateTime, onChanged }: { t: Messages; data: ProfileData; dateTime: (sec: number) => string; onChanged: (d: ProfileData) => void }) {
  const p = t.passkeys;
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  async function run(call: () => ReturnType<typeof api.removePasskey>, done: string) {
    setBusy(true);
    const outcome = await call();
    setBusy(false);
    if (!outcome.ok) return setMessage({ text: t.errors[outcome.error === 'locked' ? 'internal' : outcome.error], error: true });
    setEditing(null);
    setMessage({ text: done, error: false });
    onChanged(outcome.data);
  }

  return (
    <section className="pp-section" aria-labelledby="pp-passkeys-title">
      <h2 id="pp-passkeys-title" className="pp-subtitle">
        {p.title}
      </h2>
      <p className="pp-muted">{p.intro}</p>
      {data.passkeys.list.length === 0 ? (
        <p className="pp-muted">{p.none}</p>
      ) : (
        <table className="pp-signins" id="pp-passkeys">
          <ColumnHeads labels={[p.name, p.created, p.lastUsed, `${p.rename} / ${p.remove}`]} />
          <tbody>
            {data.passkeys.list.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>{dateTime(k.createdAt)}</td>
                <td>{k.lastUsedAt > 0 ? dateTime(k.lastUsedAt) : p.never}</td>
                <td>
                  <button type="button" className="pp-btn" onClick={() => setEditing({ id: k.id, mode: 'rename', name: k.name })}>
                    {p.rename}
                  </button>{' '}
                  <button type="button" className="pp-btn" onClick={() => setEditing({ id: k.id, mode: 'remove' })}>
                    {p.remove}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing?.mode === 'rename' ? (
        <form
          className="pp-actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void run(() => api.renamePasskey({ id: editing.id, name: editing.name }), p.renamed);
          }}
        >
          <label htmlFor="pp-passkey-name">{p.nameLabel}</label>
          <input id="pp-passkey-name" className="pp-input" maxLength={64} value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} />
          <button type="submit" className="pp-btn">
            {p.save}
          </button>
          <button type="button" className="pp-btn" onClick={() => setEditing(null)}>
            {p.cancel}
          </button>
        </form>
      ) : null}
      {editing?.mode === 'remove' ? (
        <div className="pp-notice pp-notice--info" role="alertdialog" aria-labelledby="pp-passkey-confirm">
          <p id="pp-passkey-confirm">{p.confirm(data.passkeys.list.find((k) => k.id === editing.id)?.name ?? '')}</p>
          <button type="button" className="pp-btn" onClick={() => void (busy ? undefined : run(() => api.removePasskey({ id: editing.id }), p.removed))}>
            {p.remove}
          </button>{' '}
          <button type="button" className="pp-btn" onClick={() => setEditing(null)}>
            {p.cancel}
          </button>
        </div>
      ) : null}
      {data.passkeys.addUrl ? (
        <p>
          <a className="pp-btn" id="pp-passkey-add" href={data.passkeys.addUrl} target="_blank" rel="noopener noreferrer">
            {p.add}
          </a>{' '}
          <span className="pp-muted">{p.addHint}</span>
        </p>
      ) : data.passkeys.list.length >= data.passkeys.max ? (
        <p className="pp-muted">{p.limit(data.passkeys.max)}</p>
      ) : null}
      <p role="status" className={message?.error ? 'pp-notice pp-notice--error' : 'pp-muted'}>
        {message?.text ?? ''}
      </p>
    </section>
  );
}
