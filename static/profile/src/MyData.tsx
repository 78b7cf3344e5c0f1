import { useState } from 'react';
import * as api from './api';
import type { Messages } from './i18n';

/** "Download my data" (issue 24): everything the app holds about the signed-in customer, as a JSON file. */
export function MyData({ t }: { t: Messages }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  async function download() {
    setBusy(true);
    const outcome = await api.downloadMyData();
    setBusy(false);
    if (!outcome.ok) return setMessage({ text: t.errors[outcome.error === 'locked' ? 'internal' : outcome.error], error: true });
    const url = URL.createObjectURL(new Blob([JSON.stringify(outcome.data, null, 2)], { type: 'application/json;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'my-data.json';
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setMessage({ text: t.myData.done, error: false });
  }

  return (
    <section className="pp-section" aria-labelledby="pp-mydata-title">
      <h2 id="pp-mydata-title" className="pp-subtitle">
        {t.myData.title}
      </h2>
      <p className="pp-muted">{t.myData.intro}</p>
      <button type="button" className="pp-btn" aria-disabled={busy || undefined} onClick={() => void (busy ? undefined : download())}>
        {t.myData.download}
      </button>
      <p role="status" className={message?.error ? 'pp-notice pp-notice--error' : 'pp-muted'}>
        {message?.text ?? ''}
      </p>
    </section>
  );
}
