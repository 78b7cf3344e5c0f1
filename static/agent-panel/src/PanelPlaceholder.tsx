import type { FailureCode } from './api';
import { errorText, type Lang, type Messages } from './i18n';
import { RetryNotice } from '../../shared/RetryNotice';

/** Before the first answer: loading, the calm refusal for someone who may not see the panel, or the failure with Try again. */
export function PanelPlaceholder({ lang, t, loading, loadError, onRetry }: { lang: Lang; t: Messages; loading: boolean; loadError: FailureCode | null; onRetry: () => void }) {
  return (
    <main className="pa" lang={lang}>
      <section className="pa-section" aria-labelledby="pa-title" aria-busy={loading}>
        <h1 id="pa-title" className="pa-title" tabIndex={-1}>
          {t.title}
        </h1>
        {loading ? (
          <>
            <p className="pa-muted">{t.loading}</p>
            <div className="pa-skeleton" aria-hidden="true">
              <span />
              <span />
              <span />
            </div>
          </>
        ) : loadError === 'forbidden' ? (
          <p className="pa-calm" role="status">{t.forbiddenPanel}</p>
        ) : (
          <RetryNotice text={errorText(t, loadError ?? 'internal')} retry={t.retry} onRetry={onRetry} />
        )}
      </section>
    </main>
  );
}
