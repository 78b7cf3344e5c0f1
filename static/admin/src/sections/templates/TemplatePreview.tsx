import { useState } from 'react';
import type { TemplatePreview as Preview } from '../../../../../src/surfaces/admin-api';
import type { TemplateTexts } from '../Templates.i18n';

const WIDTHS = { desktop: 600, phone: 375 } as const;

/**
 * The server-rendered preview of the draft: subject, the HTML in a sandboxed iframe at desktop or phone width,
 * and the plain text. `stale`: the draft has problems, so the preview shows the last draft that rendered.
 */
export function TemplatePreview({ x, preview, previewing, stale }: { x: TemplateTexts; preview: Preview | null; previewing: boolean; stale: boolean }) {
  const [width, setWidth] = useState<keyof typeof WIDTHS>('desktop');
  return (
    <section className="pa-tpl-preview" aria-labelledby="pa-tpl-preview-title" aria-busy={previewing}>
      <h3 id="pa-tpl-preview-title" className="pa-subtitle">
        {x.preview}
      </h3>
      <p className="pa-muted">
        {x.previewHint} {stale && preview ? x.previewStale : ''}
      </p>
      <div className="pa-row" role="group" aria-label={x.width}>
        {(['desktop', 'phone'] as const).map((w) => (
          <button key={w} id={`pa-tpl-width-${w}`} type="button" className="pa-btn" aria-pressed={width === w} onClick={() => setWidth(w)}>
            {w === 'desktop' ? x.desktop : x.phone}
          </button>
        ))}
      </div>
      {preview && (
        <>
          <p>
            <span className="pa-label">{x.previewSubject}: </span>
            <span id="pa-tpl-preview-subject">{preview.subject}</span>
          </p>
          <div className="pa-tpl-frame-wrap">
            <iframe
              id="pa-tpl-frame"
              title={x.previewFrame(width === 'desktop' ? x.desktop : x.phone)}
              sandbox=""
              srcDoc={preview.html}
              style={{ width: `${WIDTHS[width]}px` }}
              className="pa-tpl-frame"
            />
          </div>
          <h4 id="pa-tpl-text-title" className="pa-label">
            {x.previewText}
          </h4>
          <pre id="pa-tpl-preview-text" className="pa-tpl-text" tabIndex={0} aria-labelledby="pa-tpl-text-title">
            {preview.text}
          </pre>
        </>
      )}
    </section>
  );
}
