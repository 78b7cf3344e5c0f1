import type { Messages } from './i18n';
import type { Notice } from './panel-state';

/** The live region for what an action did (always in the document, so screen readers hear each new notice). */
export function NoticeArea({ notice, t, loading, onReload, onDismiss }: { notice: Notice | null; t: Messages; loading: boolean; onReload: () => void; onDismiss: () => void }) {
  return (
    <div className={notice ? `pa-notice pa-notice--${notice.tone}` : 'pa-notice-empty'}>
      <p role="status" aria-live="polite" aria-atomic="true">
        {notice?.text ?? ''}
      </p>
      {notice && (
        <div className="pa-row">
          {notice.reload && (
            <button type="button" className="pa-btn" disabled={loading} onClick={onReload}>
              {t.reload}
            </button>
          )}
          <button type="button" className="pa-btn pa-btn--subtle" onClick={onDismiss}>
            {t.dismiss}
          </button>
        </div>
      )}
    </div>
  );
}
