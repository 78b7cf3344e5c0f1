/** A failed load or check: what went wrong (read out) and a Try again button (admin page, agent panel: pa- classes). */
export function RetryNotice({ text, retry, onRetry }: { text: string; retry: string; onRetry: () => void }) {
  return (
    <div className="pa-notice pa-notice--error">
      <p role="status">{text}</p>
      <div className="pa-row">
        <button type="button" className="pa-btn" onClick={onRetry}>
          {retry}
        </button>
      </div>
    </div>
  );
}
